/**
 * What both device page scripts share, prepended to each, on top of `window.Keel` (core.js): money,
 * dates and ids as these pages show them, a button that waits for its action, and the pages' tables
 * with their summary lines. Plain ES2020 inside String.raw: no backticks, no dollar-brace.
 */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const DEVICES_COMMON_JS = String.raw`
  const { $, t, lang, session, gate, api, ApiError, errorText, say, forms, credentials, rows, busy } = window.Keel;
  const when = new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'medium' });
  const money = new Intl.NumberFormat(lang, { style: 'currency', currency: 'CNY' });
  const yuan = (fen) => (fen == null ? '–' : money.format(fen / 100));
  const date = (iso) => (iso ? when.format(new Date(iso)) : '–');
  const num = (v) => (v === undefined ? undefined : Number(v));
  const short = (id) => (id && id.length > 14 ? id.slice(0, 14) + '…' : id);

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

  /** Fills a table: columns as for Keel.rows; its summary line counts the rows (or total). */
  function fill(id, items, columns, total) {
    rows($(id + '-rows'), items, columns, { blank: '–' });
    $(id + '-summary').textContent = items.length ? t('devices.total', { total: total ?? items.length }) : t('devices.empty');
  }

  /** Loads a table with the list get() answers: busy meanwhile; an API error empties it and shows in its summary. */
  const loadTable = (id, get, columns) =>
    busy($(id + '-table'), $(id + '-summary'), async () => {
      try {
        const list = await get();
        fill(id, list.items, columns, list.total);
      } catch (err) {
        if (err instanceof ApiError) $(id + '-rows').replaceChildren();
        throw err;
      }
    });
`;
