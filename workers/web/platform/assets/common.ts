/**
 * /static/platform/common.js, as `window.P`: what the platform pages add to `window.Keel` (core.js):
 * money in fen, quotas, their tables, pagers and badges as these pages show them, small accessible
 * SVG bar charts, and the admin gate. Plain ES2020 in a String.raw template: no backticks, no dollar-brace.
 */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const PLATFORM_COMMON_JS = String.raw`'use strict';
(() => {
  const K = window.Keel;
  const { t, lang, el } = K;

  const money = new Intl.NumberFormat(lang, { style: 'currency', currency: 'CNY' });
  const fen = (value) => money.format((value || 0) / 100);
  const badge = (kind, value, label) => K.badge(kind + '-' + value, label);
  const quota = (value) => (value === null || value === undefined ? t('unlimited') : value === 0 ? t('none') : String(value));

  /** Fills a tbody (columns as for Keel.rows), saying so when there is nothing. */
  const rows = (tbody, items, columns) => K.rows(tbody, items, columns, { empty: t('empty') });

  /** The pager #{prefix}-prev, -next and -summary bound to state {page, pageSize}; reload() is called on each move. */
  const pager = (prefix, state, reload) =>
    K.pager({ prev: prefix + '-prev', next: prefix + '-next', summary: prefix + '-summary' }, 'summary', state, reload);

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

  /** Shows #need-login instead of #app while no admin is signed in; onReady() each time one is. */
  const requireAdmin = (onReady) => K.gate(K.$('app'), K.$('need-login'), onReady);

  window.P = { fen, badge, quota, rows, pager, barChart, requireAdmin };
})();
`;
