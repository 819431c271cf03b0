/**
 * /static/platform/common.js, as `window.P`: what the platform pages share — their strings
 * (`data-pstrings` on `#platform`), API calls with the admin session of core.js (or a given token),
 * forms that show a server error next to the field it names, tables, money in fen, dates, badges and
 * small accessible SVG bar charts. Plain ES2020 in a String.raw template: no backticks, no dollar-brace.
 */
export const PLATFORM_COMMON_JS = String.raw`'use strict';
(() => {
  const root = document.getElementById('platform');
  const STRINGS = JSON.parse((root && root.dataset.pstrings) || '{}');
  const lang = document.documentElement.lang || 'zh-CN';
  const t = (key, vars) =>
    (STRINGS[key] ?? key).replace(/\{(\w+)\}/g, (_, name) => (vars && vars[name] != null ? String(vars[name]) : ''));

  class ApiError extends Error {
    constructor(status, body) {
      const error = (body && body.error) || {};
      super(error.message || 'HTTP ' + status);
      this.status = status;
      this.code = error.code || 'HTTP_' + status;
      this.details = error.details;
    }
  }

  /** Calls the API; token defaults to the admin session of core.js. Answers JSON or throws ApiError. */
  async function call(method, path, body, token) {
    const headers = { accept: 'application/json' };
    const session = window.Keel && window.Keel.session.get();
    const bearer = token !== undefined ? token : session && session.token;
    if (bearer) headers.authorization = 'Bearer ' + bearer;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res;
    try {
      res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiError(0, { error: { code: 'NETWORK' } });
    }
    const data = await res.json().catch(() => null);
    if (res.ok) return data;
    if (res.status === 401 && token === undefined && session) window.Keel.session.clear('expired');
    throw new ApiError(res.status, data);
  }

  function errorText(err) {
    const key = 'error.' + err.code;
    if (key in STRINGS) return t(key, err.details);
    return err.message || t('error.generic');
  }

  /** Builds an element: el('td', {class: 'x'}, 'text', child…). */
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

  const money = new Intl.NumberFormat(lang, { style: 'currency', currency: 'CNY' });
  const fen = (value) => money.format((value || 0) / 100);
  const dateFormat = new Intl.DateTimeFormat(lang, { dateStyle: 'medium' });
  const dateTimeFormat = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  function time(iso, withTime) {
    if (!iso) return document.createTextNode('—');
    return el('time', { datetime: iso, text: (withTime ? dateTimeFormat : dateFormat).format(new Date(iso)) });
  }
  const badge = (kind, value, label) => el('span', { class: 'badge badge-' + kind + '-' + value, text: label });
  const quota = (value) => (value === null || value === undefined ? t('unlimited') : value === 0 ? t('none') : String(value));

  /** Fills a tbody: columns are functions item → text or node. */
  function rows(tbody, items, columns) {
    tbody.replaceChildren();
    for (const item of items) {
      const tr = tbody.insertRow();
      for (const column of columns) {
        const value = column(item);
        const td = tr.insertCell();
        if (value instanceof Node) td.append(value);
        else td.textContent = value === null || value === undefined ? '—' : String(value);
      }
    }
    if (!items.length) {
      const td = tbody.insertRow().insertCell();
      td.colSpan = columns.length;
      td.textContent = t('empty');
    }
  }

  /** A pager bound to state {page, pageSize}; reload() is called on each move. */
  function pager(prefix, state, reload) {
    const prev = document.getElementById(prefix + '-prev');
    const next = document.getElementById(prefix + '-next');
    const summary = document.getElementById(prefix + '-summary');
    prev.addEventListener('click', () => { state.page = Math.max(1, state.page - 1); reload(); });
    next.addEventListener('click', () => { state.page += 1; reload(); });
    return (list) => {
      const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
      summary.textContent = t('summary', { total: list.total, page: list.page, pages });
      prev.disabled = list.page <= 1;
      next.disabled = list.page >= pages;
    };
  }

  const forms = {
    values(form) {
      const out = {};
      for (const field of form.elements) {
        if (!field.name || field.type === 'submit' || field.type === 'button') continue;
        if (field.type === 'checkbox') { out[field.name] = field.checked; continue; }
        const value = field.hasAttribute('data-raw') ? field.value : field.value.trim();
        if (value !== '') out[field.name] = value;
      }
      return out;
    },
    say(form, text, kind) {
      const status = form.querySelector('.form-status');
      status.dataset.kind = kind || 'info';
      status.textContent = text || '';
    },
    clear(form) {
      for (const field of form.querySelectorAll('[aria-invalid]')) field.removeAttribute('aria-invalid');
      for (const slot of form.querySelectorAll('[data-error-for]')) slot.textContent = '';
      forms.say(form, '');
    },
    showError(form, err) {
      const fields = (err.details && Array.isArray(err.details.fields) && err.details.fields) || [];
      let first = null;
      for (const f of fields) {
        const name = String(f.path || '').replace(/^(body|query)\./, '').split('.')[0];
        const input = name && form.elements.namedItem(name);
        const slot = form.querySelector('[data-error-for="' + name + '"]');
        if (!input || !slot) continue;
        input.setAttribute('aria-invalid', 'true');
        slot.textContent = f.message;
        first = first || input;
      }
      forms.say(form, errorText(err), 'error');
      if (first) first.focus();
    },
    onSubmit(form, work) {
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const button = form.querySelector('button[type="submit"]');
        if (button.disabled) return;
        forms.clear(form);
        button.disabled = true;
        form.setAttribute('aria-busy', 'true');
        try {
          await work(forms.values(form));
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

  /**
   * A horizontal bar chart in SVG (role img, labelled), with the same numbers in a table for
   * screen readers and for reading exact values.
   */
  function barChart(container, title, data, format) {
    const max = Math.max(1, ...data.map((d) => d.value));
    const rowHeight = 26;
    const width = 400;
    const labelWidth = 84;
    const svgNS = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(svgNS, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + (data.length * rowHeight + 8));
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', title + ': ' + data.map((d) => d.label + ' ' + format(d.value)).join(', '));
    svg.setAttribute('class', 'chart');
    data.forEach((d, i) => {
      const y = i * rowHeight + 4;
      const label = document.createElementNS(svgNS, 'text');
      label.setAttribute('x', '0');
      label.setAttribute('y', String(y + 16));
      label.textContent = d.label;
      const bar = document.createElementNS(svgNS, 'rect');
      const w = Math.round(((width - labelWidth - 90) * d.value) / max);
      bar.setAttribute('x', String(labelWidth));
      bar.setAttribute('y', String(y + 3));
      bar.setAttribute('height', String(rowHeight - 8));
      bar.setAttribute('width', String(Math.max(d.value > 0 ? 2 : 0, w)));
      bar.setAttribute('class', 'bar');
      const value = document.createElementNS(svgNS, 'text');
      value.setAttribute('x', String(labelWidth + w + 6));
      value.setAttribute('y', String(y + 16));
      value.textContent = format(d.value);
      svg.append(label, bar, value);
    });
    const table = el('table', { class: 'visually-hidden' },
      el('caption', { text: title }),
      el('tbody', {}, ...data.map((d) => el('tr', {}, el('th', { scope: 'row', text: d.label }), el('td', { text: format(d.value) })))));
    container.replaceChildren(svg, table);
  }

  /** Shows #need-login instead of #app when no admin is signed in; answers whether one is. */
  function requireAdmin(onReady) {
    const app = document.getElementById('app');
    const need = document.getElementById('need-login');
    const update = () => {
      const signedIn = !!(window.Keel && window.Keel.session.get());
      app.hidden = !signedIn;
      need.hidden = signedIn;
      if (signedIn) onReady();
    };
    document.addEventListener('keel:session', update);
    update();
  }

  // Language links of the public pages keep the page's own query (the onboarding token, say).
  for (const a of document.querySelectorAll('a[data-keep-query]')) {
    const query = new URLSearchParams(location.search);
    query.set('lang', new URL(a.href, location.href).searchParams.get('lang') || '');
    a.href = '?' + query;
  }

  window.P = { t, lang, call, ApiError, errorText, el, fen, time, badge, quota, rows, pager, forms, barChart, requireAdmin };
})();
`;
