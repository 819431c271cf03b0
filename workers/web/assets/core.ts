/**
 * /static/core.js: what every console page's script uses, as `window.Keel`:
 * `t` (the page's strings), `session` (the admin token in sessionStorage), `api` (fetch that
 * sends the token and turns error answers into ApiError) and `forms` (read a form, show a
 * server error inline next to the field it names and in the form's aria-live status).
 * It also runs the header's session area and log-out button; a page learns of log-in and
 * log-out through the `keel:session` event on `document` (`detail.reason`).
 * Plain ES2020, no build step, no dependencies. The scripts live in String.raw templates, so they
 * must not use backticks or `${`; a backslash stays as written.
 */
export const CORE_JS = String.raw`'use strict';
(() => {
  const STRINGS = JSON.parse(document.body.dataset.strings || '{}');
  const t = (key, vars) =>
    (STRINGS[key] ?? key).replace(/\{(\w+)\}/g, (_, name) => (vars && vars[name] != null ? String(vars[name]) : ''));

  const SESSION_KEY = 'keel.admin';
  const session = {
    get() {
      try {
        const s = JSON.parse(sessionStorage.getItem(SESSION_KEY) || 'null');
        return s && Date.parse(s.expiresAt) > Date.now() ? s : null;
      } catch {
        return null;
      }
    },
    set(s) {
      sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
      changed('login');
    },
    clear(reason) {
      sessionStorage.removeItem(SESSION_KEY);
      changed(reason || 'logout');
    },
  };

  /** Shows who is signed in (and the log-out button) in the header. */
  function renderSession() {
    const s = session.get();
    const area = document.getElementById('session');
    if (!area) return;
    area.hidden = !s;
    document.getElementById('session-user').textContent = s ? t('session.signedInAs', { username: s.username }) : '';
  }

  function changed(reason) {
    renderSession();
    document.dispatchEvent(new CustomEvent('keel:session', { detail: { reason } }));
  }

  class ApiError extends Error {
    constructor(status, body) {
      const error = (body && body.error) || {};
      super(error.message || 'HTTP ' + status);
      this.status = status;
      this.code = error.code || 'HTTP_' + status;
      this.details = error.details;
    }
  }

  /** Calls the API with the session's token; answers the JSON body or throws ApiError. */
  async function api(method, path, body) {
    const s = session.get();
    const headers = { accept: 'application/json' };
    if (s) headers.authorization = 'Bearer ' + s.token;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res;
    try {
      res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiError(0, { error: { code: 'NETWORK' } });
    }
    const data = await res.json().catch(() => null);
    if (res.ok) return data;
    if (res.status === 401 && s) session.clear('expired');
    throw new ApiError(res.status, data);
  }

  /** The text to show for an error: ours for its code when we have one, else the server's. */
  function errorText(err) {
    const key = 'error.' + err.code;
    if (key in STRINGS) return t(key, err.details);
    return err.message || t('error.generic');
  }

  /** The fields an error names: details.fields [{path, message}] (path like body.code), or details.field. */
  function namedFields(err) {
    const d = err.details || {};
    if (Array.isArray(d.fields)) return d.fields;
    if (typeof d.field === 'string') return [{ path: d.field, message: errorText(err) }];
    return [];
  }

  const forms = {
    /** The form's named, non-empty values (trimmed unless data-raw); empty ones are left out. */
    values(form) {
      const out = {};
      for (const el of form.elements) {
        if (!el.name || el.type === 'submit') continue;
        const value = el.hasAttribute('data-raw') ? el.value : el.value.trim();
        if (value !== '') out[el.name] = value;
      }
      return out;
    },

    /** Sets the form's status line (its aria-live region); kind 'error' styles it as one. */
    say(form, text, kind) {
      const status = form.querySelector('.form-status');
      status.dataset.kind = kind || 'info';
      status.textContent = text || '';
    },

    clear(form) {
      for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
      for (const el of form.querySelectorAll('[data-error-for]')) el.textContent = '';
      forms.say(form, '');
    },

    /** Shows err next to each field it names and, naming those fields, in the status line. */
    showError(form, err) {
      const named = [];
      let first = null;
      for (const field of namedFields(err)) {
        const name = String(field.path || '').replace(/^body\./, '');
        const input = form.elements.namedItem(name);
        const slot = form.querySelector('[data-error-for="' + name + '"]');
        if (!input || !slot || !name) continue;
        input.setAttribute('aria-invalid', 'true');
        slot.textContent = slot.textContent ? slot.textContent + ' ' + field.message : field.message;
        const label = form.querySelector('label[for="' + input.id + '"]');
        named.push((label ? label.firstChild.textContent.trim() : name) + ': ' + field.message);
        first = first || input;
      }
      forms.say(form, named.length ? t('form.fix', { list: named.join('; ') }) : errorText(err), 'error');
      if (first) first.focus();
    },

    /** Runs work(values) on submit with the button disabled; errors go to showError. */
    onSubmit(form, busyText, work) {
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const button = form.querySelector('button[type="submit"]');
        if (button.disabled) return;
        forms.clear(form);
        forms.say(form, busyText);
        button.disabled = true;
        try {
          await work(forms.values(form));
          if (form.querySelector('.form-status').textContent === busyText) forms.say(form, '');
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          forms.showError(form, err);
        } finally {
          button.disabled = false;
        }
      });
    },
  };

  document.getElementById('logout')?.addEventListener('click', () => session.clear('logout'));

  window.Keel = { t, lang: document.documentElement.lang, session, api, ApiError, errorText, forms };
  renderSession();
})();
`;
