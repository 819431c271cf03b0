/**
 * /static/legal/lawyer-insights.js: the lawyer's data analysis (GET /api/legal/lawyers/me/analytics).
 * lawyer.js tells it of every load (`legal:lawyer`); a membership without `dataAnalysis` shows which
 * one opens it. The chart is an SVG image labelled with its numbers (axes, ticks, legend drawn with
 * presentation attributes, so no inline style), followed by the same numbers as a table with totals.
 * Plain ES2020 in a String.raw template: no backticks, no dollar-brace.
 */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const LAWYER_INSIGHTS_JS = String.raw`'use strict';
(() => {
  const { $, t, lang, el, svgEl, say, errorText } = window.Keel;
  const { api, fen } = window.L;
  const number = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  const percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });
  const none = t('insights.none');
  const show = (value, format) => (value === null || value === undefined ? none : format(value));
  const SERIES = [
    ['offered', '#1d4ed8'],
    ['accepted', '#047857'],
    ['completed', '#b45309'],
  ];
  const TOTALS = [
    ['offered', number.format], ['accepted', number.format], ['declined', number.format], ['lapsed', number.format],
    ['acceptanceRate', percent.format], ['averageResponseMinutes', number.format],
    ['completed', number.format], ['succeeded', number.format], ['failed', number.format], ['successRate', percent.format],
    ['reviews', number.format], ['averageStars', number.format],
    ['pointsEarned', number.format], ['pointsLost', number.format], ['feesEarnedFen', fen],
    ['debtorContacts', number.format], ['debtorResponses', number.format], ['recoveredFen', fen],
  ];
  let token = null;

  function chart(months) {
    const names = SERIES.map(([key]) => t('insights.metric.' + key));
    const group = 18 * SERIES.length + 14;
    const width = Math.max(360, 64 + months.length * group);
    const height = 250, left = 48, bottom = 190, top = 36;
    const max = Math.max(1, ...months.flatMap((m) => SERIES.map(([key]) => m[key])));
    const y = (v) => bottom - (v / max) * (bottom - top);
    const label = t('insights.chart.caption') + '. ' + months.map((m) =>
      m.month + ': ' + SERIES.map(([key], i) => names[i] + ' ' + m[key]).join(', ')).join('; ');
    const svg = svgEl('svg', { viewBox: '0 0 ' + width + ' ' + height, width, role: 'img', 'aria-label': label, id: 'insights-svg' });
    for (const step of [0, 0.5, 1]) {
      const v = Math.round(max * step);
      svg.append(svgEl('line', { x1: left, x2: width - 4, y1: y(v), y2: y(v), stroke: step === 0 ? '#4b5563' : '#d1d5db' }));
      svg.append(svgEl('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#374151', class: 'tick' }, number.format(v)));
    }
    svg.append(svgEl('line', { x1: left, x2: left, y1: top - 6, y2: bottom, stroke: '#4b5563' }));
    svg.append(svgEl('text', { x: 0, y: 12, 'font-size': 12, 'font-weight': 600, fill: '#374151' }, t('insights.chart.axis')));
    SERIES.forEach(([, color], j) => {
      const x = left + 60 + j * 110;
      svg.append(svgEl('rect', { x, y: 3, width: 10, height: 10, fill: color }));
      svg.append(svgEl('text', { x: x + 14, y: 12, 'font-size': 11, fill: '#111827' }, names[j]));
    });
    months.forEach((m, i) => {
      const x0 = left + 8 + i * group;
      SERIES.forEach(([key, color], j) => {
        svg.append(svgEl('rect', { x: x0 + j * 18, y: y(m[key]), width: 14, height: bottom - y(m[key]), fill: color, 'data-series': key }));
      });
      svg.append(svgEl('text', { x: x0 + (group - 14) / 2, y: bottom + 16, 'text-anchor': 'middle', 'font-size': 11, fill: '#374151', class: 'tick' }, m.month.slice(2)));
    });
    const head = [t('insights.col.month'), ...names];
    const body = months.map((m) => [m.month, ...SERIES.map(([key]) => number.format(m[key]))]);
    const table = el('table', { id: 'insights-months-table' },
      el('caption', { class: 'visually-hidden', text: t('insights.chart.caption') }),
      el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, ...body.map((cells) => el('tr', {}, ...cells.map((c, i) => el(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row', text: c } : { text: c }))))));
    $('insights-chart').replaceChildren(svg, table);
  }

  async function load() {
    const status = $('insights-status');
    try {
      const r = await api('GET', '/api/legal/lawyers/me/analytics?months=' + $('insights-months').value, undefined, token);
      $('insights-summary').textContent = t('insights.summary', { from: r.from, to: r.to });
      const header = $('insights-header');
      header.hidden = !r.reportHeader;
      header.textContent = r.reportHeader ? t('insights.header', { header: r.reportHeader }) : '';
      chart(r.months);
      $('insights-totals-rows').replaceChildren(...TOTALS.map(([key, format]) =>
        el('tr', { 'data-metric': key }, el('th', { scope: 'row', text: t('insights.metric.' + key) }), el('td', { class: 'num', text: show(r.totals[key], format) }))));
      say(status, '', 'ok');
    } catch (err) {
      say(status, errorText(err), 'error');
    }
  }

  document.addEventListener('legal:lawyer', (event) => {
    const first = token === null;
    token = event.detail.token;
    const me = event.detail.me;
    const has = me.access.features.includes('dataAnalysis');
    $('insights-open').hidden = !has;
    const locked = $('insights-locked');
    locked.hidden = has;
    if (!has) {
      const up = me.access.upgrade.find((u) => u.features.includes('dataAnalysis'));
      locked.textContent = t('insights.locked', { plan: t('plan.' + (up ? up.plan : 'professional')) });
      return;
    }
    if (first || !$('insights-totals-rows').children.length) load();
  });

  $('insights-form').addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
})();
`;
