/**
 * /static/console/core.js: the one client library of the console's pages, as `window.Keel`:
 * - `t` (the page's strings: the console's table on `<body data-strings>` and, over it, a module's
 *   table on `<main data-strings>`), `lang`, `$` (by id);
 * - `session` (the admin token in sessionStorage; log-in and log-out are told through the
 *   `keel:session` event on `document`, `detail.reason`), `user` (the company member's session,
 *   shared by every member page, no events),
 *   `gate` (show a view while a session fits);
 * - `api` (fetch that sends a token and turns error answers into ApiError), `errorText`;
 * - `forms` (read a form, show a server error inline next to the field it names and in the form's
 *   aria-live status), `say` (any status line), `credentials` (a username-or-email login body);
 * - `el`, `time`, `badge`, `rows`, `pager`, `listQuery`, `filter`, `busy`: paged list tables, their
 *   pagers and filter forms;
 * - `confirm` (ask before a destructive action, in a modal dialog).
 * It also runs the header's session area, its log-out button and the public pages' language links.
 * Plain ES2020, no build step, no dependencies. The scripts live in String.raw templates, so they
 * must not use backticks or dollar-brace; a backslash stays as written.
 */
export const CORE_JS = String.raw`'use strict';
(() => {
  const STRINGS = {};
  for (const holder of document.querySelectorAll('[data-strings]')) Object.assign(STRINGS, JSON.parse(holder.dataset.strings || '{}'));
  const t = (key, vars) =>
    (STRINGS[key] ?? key).replace(/\{(\w+)\}/g, (_, name) => (vars && vars[name] != null ? String(vars[name]) : ''));
  const $ = (id) => document.getElementById(id);
  const lang = document.documentElement.lang;

  /** A token kept in sessionStorage under key until its expiresAt. */
  function stored(key) {
    return {
      get() {
        try {
          const s = JSON.parse(sessionStorage.getItem(key) || 'null');
          return s && Date.parse(s.expiresAt) > Date.now() ? s : null;
        } catch {
          return null;
        }
      },
      set(s) {
        sessionStorage.setItem(key, JSON.stringify(s));
      },
      clear() {
        sessionStorage.removeItem(key);
      },
    };
  }

  const admin = stored('keel.admin');
  const session = {
    get: admin.get,
    set(s) {
      admin.set(s);
      changed('login');
    },
    clear(reason) {
      admin.clear();
      changed(reason || 'logout');
    },
  };
  const userStore = stored('keel.user');
  /**
   * The company member's session, the one every member page shares (see /static/member/member.js):
   * signIn keeps a sign-in answer (POST /api/auth/login, a provider's callback) with the company the
   * member works in. The header follows it as it does the administrator's.
   */
  const user = {
    get: userStore.get,
    set(s) {
      userStore.set(s);
      renderSession();
    },
    signIn(answer) {
      const c = answer.currentCompany;
      user.set({
        token: answer.token,
        expiresAt: answer.expiresAt,
        username: answer.user.username,
        userId: answer.user.id,
        kind: 'user',
        company: c ? { id: c.id, code: c.code, name: c.name } : null,
      });
    },
    clear() {
      userStore.clear();
      renderSession();
    },
  };

  /**
   * Shows who is signed in (and the log-out button) in the header: the administrator, else the
   * company member; a company member sees only their pages.
   */
  function renderSession() {
    const who = session.get() || user.get();
    const companyUser = !session.get() && !!user.get();
    for (const entry of document.querySelectorAll('[data-platform-only]')) entry.hidden = companyUser;
    showPlanModules(companyUser ? user.get() : null);
    const area = $('session');
    if (!area) return;
    area.hidden = !who;
    $('session-user').textContent = who ? t('session.signedInAs', { username: who.username }) : '';
  }

  /**
   * A company user sees the pages of the modules their company's plan has (\`modules\` of GET /api/tenant,
   * for the current company); entries of other modules hide. Hiding is a courtesy: the API refuses them.
   */
  let planModules = null;
  function showPlanModules(member) {
    const entries = document.querySelectorAll('[data-module]');
    if (!member || entries.length === 0) {
      for (const entry of entries) entry.hidden = false;
      return;
    }
    const company = member.company ? member.company.code : '';
    if (!planModules || planModules.token !== member.token || planModules.company !== company)
      planModules = { token: member.token, company, modules: modulesOf(member.token, company) };
    planModules.modules.then((modules) => {
      if (!modules) return;
      for (const entry of entries) entry.hidden = !modules.includes(entry.dataset.module);
    });
  }
  async function modulesOf(token, company) {
    try {
      let code = company;
      if (!code) {
        const mine = await api('GET', '/api/users/companies', undefined, { token });
        const current = mine.items.find((c) => c.id === mine.currentCompanyId) || mine.items[0];
        if (!current) return [];
        code = current.code;
      }
      return (await api('GET', '/t/' + encodeURIComponent(code) + '/api/tenant', undefined, { token })).modules;
    } catch {
      return null;
    }
  }

  function changed(reason) {
    renderSession();
    document.dispatchEvent(new CustomEvent('keel:session', { detail: { reason } }));
  }

  /** Shows view and hides other while the session fits (accept, by default: there is one); ready() each time it does. */
  function gate(view, other, ready, accept) {
    const update = () => {
      const fits = !!(accept || Boolean)(session.get());
      view.hidden = !fits;
      other.hidden = fits;
      if (fits) ready();
    };
    document.addEventListener('keel:session', update);
    update();
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

  /**
   * Calls the API with a JSON body, a file or a FormData; answers the JSON body or throws ApiError. It
   * sends the admin session's token, which a 401 ends, unless options.token names another (null: none);
   * options.headers are sent too.
   */
  async function api(method, path, body, options) {
    const own = !!options && options.token !== undefined;
    const s = own ? null : session.get();
    const token = own ? options.token : s && s.token;
    const headers = Object.assign({ accept: 'application/json' }, options && options.headers);
    if (token) headers.authorization = 'Bearer ' + token;
    // A file goes as it is (its own type), a FormData as multipart (fetch writes the type and its
    // boundary); anything else as JSON.
    const file = body instanceof Blob;
    const form = body instanceof FormData;
    if (body !== undefined && !form) headers['content-type'] = file ? body.type || 'application/octet-stream' : 'application/json';
    let res;
    try {
      res = await fetch(path, { method, headers, body: body === undefined || file || form ? body : JSON.stringify(body) });
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

  /** The fields an error names (details.fields [{path, message, rule}], path like body.code), in the page's language where known. */
  function namedFields(err) {
    const d = err.details || {};
    if (!Array.isArray(d.fields)) return [];
    const translated = err.code !== 'VALIDATION_FAILED' && 'error.' + err.code in STRINGS;
    return d.fields.map((f) => ({ path: f.path, message: translated ? errorText(err) : fieldText(f) }));
  }

  /** Why a field was refused: ours for its rule (most specific first) when we have words for it, else the server's. */
  function fieldText(field) {
    // An empty text field is refused as "at least 1 character"; a person reads that as "required".
    if (field.rule === 'too_small' && field.origin === 'string' && field.minimum === 1) return t('field.required');
    const rule = 'field.' + field.rule;
    const kind = field.origin || field.format;
    const keys = kind ? [rule + '.' + kind + (field.inclusive === false ? '.exclusive' : ''), rule + '.' + kind, rule] : [rule];
    const key = keys.find((k) => k in STRINGS);
    return key ? t(key, field) : field.message;
  }

  /** Sets a status line (an aria-live region); kind 'error' styles it as one. */
  function say(status, text, kind) {
    status.dataset.kind = kind || 'info';
    status.textContent = text || '';
  }

  const forms = {
    /** The form's named, non-empty values (trimmed unless data-raw; a checkbox's is whether it is checked); empty ones are left out. */
    values(form) {
      const out = {};
      for (const el of form.elements) {
        if (!el.name || el.type === 'submit' || el.type === 'button') continue;
        if (el.type === 'checkbox') {
          out[el.name] = el.checked;
          continue;
        }
        const value = el.hasAttribute('data-raw') ? el.value : el.value.trim();
        if (value !== '') out[el.name] = value;
      }
      return out;
    },

    /** Sets the form's status line. */
    say(form, text, kind) {
      say(form.querySelector('.form-status'), text, kind);
    },

    clear(form) {
      for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
      for (const el of form.querySelectorAll('[data-error-for]')) el.textContent = '';
      forms.say(form, '');
    },

    /** Shows err next to each field it names and, naming those fields, in the status line. */
    showError(form, err) {
      const shown = [];
      for (const field of namedFields(err)) {
        const name = String(field.path || '')
          .replace(/^(body|query)\./, '')
          .split('.')[0];
        const input = form.elements.namedItem(name);
        const slot = form.querySelector('[data-error-for="' + name + '"]');
        if (!input || !slot || !name) continue;
        input.setAttribute('aria-invalid', 'true');
        slot.textContent = slot.textContent ? slot.textContent + ' ' + field.message : field.message;
        const label = form.querySelector('label[for="' + input.id + '"]');
        shown.push({ input, text: (label ? label.firstChild.textContent.trim() : name) + ': ' + field.message });
      }
      // In the form's order, whatever order the server found them in: the summary reads top-down and
      // the focus lands on the first field to fix.
      const before = (a, b) => a.input.compareDocumentPosition(b.input) & Node.DOCUMENT_POSITION_FOLLOWING;
      shown.sort((a, b) => (a.input === b.input ? 0 : before(a, b) ? -1 : 1));
      const named = shown.map((s) => s.text);
      forms.say(form, named.length ? t('form.fix', { list: named.join('; ') }) : errorText(err), 'error');
      if (shown.length) shown[0].input.focus();
    },

    /** Runs work(values) on submit with the button disabled and busyText (if any) shown; errors go to showError. */
    onSubmit(form, busyText, work) {
      // A credentials form waits disabled for this (see the secret flag of Form in components.tsx).
      form.querySelector('button[type="submit"]').disabled = false;
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const button = form.querySelector('button[type="submit"]');
        if (button.disabled) return;
        forms.clear(form);
        forms.say(form, busyText);
        button.disabled = true;
        form.setAttribute('aria-busy', 'true');
        try {
          await work(forms.values(form));
          if (busyText && form.querySelector('.form-status').textContent === busyText) forms.say(form, '');
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          forms.showError(form, err);
        } finally {
          button.disabled = false;
          form.removeAttribute('aria-busy');
        }
      });
    },
  };

  /** The body of POST /api/auth/login from a login form: a name with an @ is an email. */
  function credentials(values) {
    const name = values.username || '';
    const password = values.password || '';
    return name.includes('@') ? { email: name, password } : { username: name, password };
  }

  /** Builds an element: el('td', {class: 'x', text: 'y', onclick: f}, child…). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'text') node.textContent = value;
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : value);
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  /** Builds an SVG element of a chart: svgEl('rect', {x: 0, width: 4}, 'its text'). */
  function svgEl(tag, attrs, text) {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  const dateFormat = new Intl.DateTimeFormat(lang, { dateStyle: 'medium' });
  const dateTimeFormat = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  /** A <time> of the date (withTime: and the time) in the page's language; a dash for none. */
  function time(iso, withTime) {
    if (!iso) return document.createTextNode('—');
    return el('time', { datetime: iso, text: (withTime ? dateTimeFormat : dateFormat).format(new Date(iso)) });
  }

  /** A status badge: the stylesheets colour .badge-{variant}. */
  const badge = (variant, text) => el('span', { class: 'badge badge-' + variant, text });

  /**
   * Fills a tbody: a column is item → text, node or array of them, or {class, value} with such a value
   * function for a cell with a class. Null shows as options.blank ('—'); no items, as one row of
   * options.empty if given.
   */
  function rows(tbody, items, columns, options) {
    const o = options || {};
    tbody.replaceChildren();
    for (const item of items) {
      const tr = tbody.insertRow();
      for (const column of columns) {
        const td = tr.insertCell();
        const value = typeof column === 'function' ? column(item) : column.value(item);
        if (column.class) td.className = column.class;
        if (Array.isArray(value)) td.append(...value);
        else if (value instanceof Node) td.append(value);
        else td.textContent = value === null || value === undefined ? (o.blank ?? '—') : String(value);
      }
    }
    if (!items.length && o.empty) {
      const td = tbody.insertRow().insertCell();
      td.colSpan = columns.length;
      td.textContent = o.empty;
    }
  }

  /**
   * Binds a list's pager (ids.prev, ids.next buttons) to state.page, calling reload() after each move;
   * answers render(list), which writes ids.summary (the string summaryKey) and enables the buttons.
   */
  function pager(ids, summaryKey, state, reload) {
    const prev = $(ids.prev);
    const next = $(ids.next);
    const summary = $(ids.summary);
    prev.addEventListener('click', () => {
      state.page = Math.max(1, state.page - 1);
      reload();
    });
    next.addEventListener('click', () => {
      state.page += 1;
      reload();
    });
    return (list) => {
      const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
      summary.textContent = t(summaryKey, { total: list.total, page: list.page, pages });
      prev.disabled = list.page <= 1;
      next.disabled = list.page >= pages;
    };
  }

  /** A paged list's query: every field of state (page, pageSize, the filters) that is not empty. */
  const listQuery = (state) =>
    new URLSearchParams(Object.entries(state).filter(([, value]) => value !== '' && value != null).map(([k, v]) => [k, String(v)]));

  /** A list's filter form: on submit its fields (trimmed) go into state by name, back to page 1, then reload(). */
  function filter(form, state, reload) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      for (const field of form.elements) if (field.name) state[field.name] = field.value.trim();
      state.page = 1;
      reload();
    });
  }

  /** Runs work() with the table marked busy and its summary line saying so; an API error goes to the summary. */
  async function busy(table, summary, work) {
    table.setAttribute('aria-busy', 'true');
    summary.textContent = t('loading');
    try {
      await work();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      summary.textContent = errorText(err);
    } finally {
      table.removeAttribute('aria-busy');
    }
  }

  let dialog = null;
  /**
   * Asks before a destructive action: a modal alert dialog (showModal keeps focus inside it and Escape
   * cancels) saying what will happen, with "keep" focused first, so that Enter alone never destroys,
   * and the action's own button. Answers whether the action was confirmed; focus returns to the opener.
   */
  function confirmAction(question, action) {
    if (!dialog) {
      dialog = el('dialog', { id: 'confirm-dialog', class: 'confirm', role: 'alertdialog', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-text' },
        el('h2', { id: 'confirm-title', text: t('confirm.title') }),
        el('p', { id: 'confirm-text' }),
        el('form', { method: 'dialog', class: 'confirm-buttons' },
          el('button', { type: 'submit', value: 'keep', id: 'confirm-keep', text: t('confirm.keep') }),
          el('button', { type: 'submit', value: 'confirm', id: 'confirm-do', class: 'destructive' })));
      document.body.append(dialog);
    }
    const opener = document.activeElement;
    $('confirm-text').textContent = question;
    $('confirm-do').textContent = action;
    dialog.returnValue = '';
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => {
        if (opener && opener.isConnected && opener.focus) opener.focus();
        resolve(dialog.returnValue === 'confirm');
      }, { once: true });
      dialog.showModal();
      $('confirm-keep').focus();
    });
  }

  // The administrator logs out where they are; a member ends the member session and goes to sign in again.
  $('logout')?.addEventListener('click', () => {
    if (session.get()) return session.clear('logout');
    user.clear();
    location.href = '/login';
  });

  // Language links of the public pages keep the page's own query (the onboarding token, say).
  for (const a of document.querySelectorAll('a[data-keep-query]')) {
    const query = new URLSearchParams(location.search);
    query.set('lang', new URL(a.href, location.href).searchParams.get('lang') || '');
    a.href = '?' + query;
  }

  window.Keel = {
    t,
    lang,
    $,
    session,
    user,
    gate,
    api,
    ApiError,
    errorText,
    say,
    forms,
    credentials,
    el,
    svgEl,
    time,
    badge,
    rows,
    pager,
    listQuery,
    filter,
    busy,
    confirm: confirmAction,
  };
  renderSession();
})();
`;
