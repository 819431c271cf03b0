/**
 * /static/platform/common.js, as `window.P`: what the platform pages add to `window.Keel` (core.js):
 * money in fen, quotas, their tables, pagers and badges as these pages show them, small accessible
 * SVG bar charts with axes and totals, readable lists of an object's fields, and the admin gate. Plain ES2020 in a String.raw template: no backticks, no dollar-brace.
 */
export const PLATFORM_COMMON_JS = String.raw`'use strict';
(() => {
  const K = window.Keel;
  const { t, lang, el, svgEl } = K;

  const money = new Intl.NumberFormat(lang, { style: 'currency', currency: 'CNY' });
  const fen = (value) => money.format((value || 0) / 100);
  const badge = (kind, value, label) => K.badge(kind + '-' + value, label);
  const quota = (value) => (value === null || value === undefined ? t('unlimited') : value === 0 ? t('none') : String(value));

  /** Fills a tbody (columns as for Keel.rows), saying so when there is nothing. */
  const rows = (tbody, items, columns) => K.rows(tbody, items, columns, { empty: t('empty') });

  /** The pager #{prefix}-prev, -next and -summary bound to state {page, pageSize}; reload() is called on each move. */
  const pager = (prefix, state, reload) =>
    K.pager({ prev: prefix + '-prev', next: prefix + '-next', summary: prefix + '-summary' }, 'summary', state, reload);

  const number = new Intl.NumberFormat(lang);

  /** The ticks of a value axis from 0 to at least max: about four round steps (1, 2 or 5 times a power of ten). */
  function axisTicks(max) {
    const top = Math.max(max, 1);
    const raw = top / 4;
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    let step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
    if (Number.isInteger(top)) step = Math.max(1, step);
    const ticks = [0];
    while (ticks[ticks.length - 1] < top) ticks.push(ticks.length * step);
    return ticks;
  }

  /** How wide a label draws at 13px: CJK characters a full em, others about half of one. */
  const labelWidth = (text) => Array.from(text).reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 13 : 7.5), 0);

  /**
   * A horizontal bar chart in SVG with both axes named (options.categoryAxis beside the labels,
   * options.valueAxis under the ticks), gridlines at round values and the total in a line under it
   * (options.total(sum) words it). The svg is an image labelled with every value; the same numbers
   * are in a table for screen readers. format words a value, options.tick an axis tick (default format);
   * the axis reaches at least options.minTop, so that all zeros still read as a sensible scale.
   */
  function barChart(container, title, data, format, options) {
    const o = options || {};
    const tick = o.tick || format;
    const total = data.reduce((sum, d) => sum + d.value, 0);
    const ticks = axisTicks(Math.max(o.minTop || 0, ...data.map((d) => d.value)));
    const top = ticks[ticks.length - 1];
    const rowHeight = 26;
    const left = Math.min(200, Math.max(60, ...data.map((d) => labelWidth(d.label)))) + 8;
    const plot = 200;
    const width = left + plot + 72;
    const head = 22;
    const bottom = head + Math.max(1, data.length) * rowHeight;
    const x = (value) => left + (plot * value) / top;
    const svg = svgEl('svg', {
      viewBox: '0 0 ' + width + ' ' + (bottom + 44),
      width,
      role: 'img',
      class: 'chart',
      'aria-label': title + ': ' + data.map((d) => d.label + ' ' + format(d.value)).join(', '),
    });
    svg.append(svgEl('text', { x: 0, y: 14, class: 'axis-title' }, o.categoryAxis));
    for (const value of ticks) {
      svg.append(
        svgEl('line', { x1: x(value), x2: x(value), y1: head, y2: bottom, class: value === 0 ? 'axis' : 'grid' }),
        svgEl('text', { x: x(value), y: bottom + 16, 'text-anchor': 'middle', class: 'tick' }, tick(value)),
      );
    }
    svg.append(svgEl('line', { x1: left, x2: left + plot, y1: bottom, y2: bottom, class: 'axis' }));
    svg.append(svgEl('text', { x: left + plot / 2, y: bottom + 36, 'text-anchor': 'middle', class: 'axis-title' }, o.valueAxis));
    data.forEach((d, i) => {
      const y = head + i * rowHeight;
      const w = x(d.value) - left;
      svg.append(
        svgEl('text', { x: left - 8, y: y + 17, 'text-anchor': 'end' }, d.label),
        svgEl('rect', { x: left, y: y + 5, height: rowHeight - 10, width: Math.max(d.value > 0 ? 2 : 0, w), class: 'bar' }),
        svgEl('text', { x: left + w + 6, y: y + 17 }, format(d.value)),
      );
    });
    const table = el('table', { class: 'visually-hidden' },
      el('caption', { text: title }),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: o.categoryAxis }), el('th', { scope: 'col', text: o.valueAxis }))),
      el('tbody', {}, ...data.map((d) => el('tr', {}, el('th', { scope: 'row', text: d.label }), el('td', { text: format(d.value) })))),
    );
    const sum = el('p', { class: 'chart-total', text: o.total(format(total)) });
    container.replaceChildren(svg, sum, table);
  }

  /** A word of the page for key, or null when it has none. */
  const word = (key) => (t(key) === key ? null : t(key));

  // Field values that are codes with words of their own, by field; fields naming a page to open.
  const VALUE_WORDS = { plan: 'plan.', subscriptionStatus: 'status.', industry: 'industry.', paymentMethod: 'pay.', role: 'role.', billingCycle: 'cycle.', modules: 'module.' };
  const LINKS = { userId: '/users?id=', companyId: '/company?id=', tenantId: '/company?id=', primaryTenantId: '/company?id=' };
  const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;
  const dateTime = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });

  /** One value as text: yes/no, a dash for none, money for a …Fen field, a date for ISO time, worded codes, lists joined. */
  function valueText(field, value) {
    if (value === null || value === undefined || value === '') return t('logs.none');
    if (typeof value === 'boolean') return t(value ? 'yes' : 'no');
    if (typeof value === 'number') return /Fen$/.test(field) ? fen(value) : number.format(value);
    if (Array.isArray(value)) return value.length ? value.map((v) => valueText(field, v)).join(t('module.separator')) : t('logs.none');
    if (typeof value === 'string' && ISO.test(value)) return dateTime.format(new Date(value));
    return (VALUE_WORDS[field] && word(VALUE_WORDS[field] + value)) || String(value);
  }

  /**
   * An object's fields as a readable list (a <dl>): each field named by the page's words for
   * prefix + field when it has them, its value by valueText; an id of something with a page of its
   * own links there; nested objects are listed as "outer · inner". Anything else is shown as text.
   */
  function details(value, prefix) {
    if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value))
      return document.createTextNode(valueText('', value));
    const list = el('dl', { class: 'details' });
    const walk = (object, names) => {
      for (const [field, v] of Object.entries(object)) {
        const name = names.concat(word(prefix + field) || field);
        if (v && typeof v === 'object' && !Array.isArray(v)) {
          walk(v, name);
          continue;
        }
        const shown = LINKS[field] && typeof v === 'string' ? el('a', { class: 'code', href: LINKS[field] + encodeURIComponent(v), text: v }) : valueText(field, v);
        list.append(el('dt', { text: name.join(' · ') }), el('dd', {}, shown));
      }
    };
    walk(value, []);
    return list.children.length ? list : document.createTextNode(t('logs.none'));
  }

  /** Shows #need-login instead of #app while no admin is signed in; onReady() each time one is. */
  const requireAdmin = (onReady) => K.gate(K.$('app'), K.$('need-login'), onReady);

  window.P = { fen, badge, quota, rows, pager, barChart, details, requireAdmin };
})();
`;
