/**
 * What both device page scripts share, prepended to each: the page's own strings (`data-strings` on
 * #device-strings), formatting, error texts and a submit helper on top of `window.Keel` (core.js).
 * Plain ES2020 inside String.raw: no backticks, no dollar-brace.
 */
export const DEVICES_COMMON_JS = String.raw`
  const { session, api, ApiError, forms } = window.Keel;
  const S = JSON.parse(document.getElementById('device-strings').dataset.strings || '{}');
  const t = (key, vars) =>
    (S[key] ?? key).replace(/\{(\w+)\}/g, (_, name) => (vars && vars[name] != null ? String(vars[name]) : ''));
  const $ = (id) => document.getElementById(id);
  const lang = document.documentElement.lang;
  const when = new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'medium' });
  const money = new Intl.NumberFormat(lang, { style: 'currency', currency: 'CNY' });
  const yuan = (fen) => (fen == null ? '–' : money.format(fen / 100));
  const date = (iso) => (iso ? when.format(new Date(iso)) : '–');
  const num = (v) => (v === undefined ? undefined : Number(v));
  const errorText = (err) => (('error.' + err.code) in S ? t('error.' + err.code, err.details) : Keel.errorText(err));

  function say(el, text, kind) {
    el.dataset.kind = kind || 'info';
    el.textContent = text || '';
  }

  /** Like Keel.forms.onSubmit, with this page's texts for errors that name no field. */
  function onSubmit(form, busy, work) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const button = form.querySelector('button[type="submit"]');
      if (button.disabled) return;
      forms.clear(form);
      forms.say(form, busy);
      button.disabled = true;
      try {
        await work(forms.values(form));
        if (form.querySelector('.form-status').textContent === busy) forms.say(form, '');
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        const fields = err.details && Array.isArray(err.details.fields) ? err.details.fields : [];
        if (fields.length) forms.showError(form, err);
        else forms.say(form, errorText(err), 'error');
      } finally {
        button.disabled = false;
      }
    });
  }

  /** A table row of text cells; a cell may also be a node (a button). */
  function row(cells) {
    const tr = document.createElement('tr');
    for (const cell of cells) {
      const td = document.createElement('td');
      if (cell instanceof Node) td.append(cell);
      else td.textContent = cell == null ? '–' : String(cell);
      tr.append(td);
    }
    return tr;
  }

  function button(text, label, onClick) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = text;
    b.setAttribute('aria-label', label);
    b.addEventListener('click', async () => {
      b.disabled = true;
      try {
        await onClick();
      } finally {
        b.disabled = false;
      }
    });
    return b;
  }

  /** Fills a table (rows from items) and its summary line. */
  function fill(id, items, toRow, total) {
    const body = $(id + '-rows');
    body.replaceChildren(...items.map(toRow));
    $(id + '-summary').textContent = items.length ? t('devices.total', { total: total ?? items.length }) : t('devices.empty');
  }

  const short = (id) => (id && id.length > 14 ? id.slice(0, 14) + '…' : id);
`;
