/**
 * /static/legal/analytics.js: the company's collection analytics (GET /api/legal/enterprise and
 * GET /api/legal/analytics?months=N under the member's company). Each chart is an SVG image labelled
 * with its numbers, followed by the same numbers as a table. Plain ES2020 in a String.raw template.
 */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const ANALYTICS_JS = String.raw`'use strict';
(() => {
  const { $, t, lang, ApiError, errorText, say, el, svgEl } = window.Keel;
  const Member = window.Member;
  const money = new Intl.NumberFormat(lang, { style: 'currency', currency: 'CNY' });
  const number = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  const percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });
  const none = t('analytics.none');
  const show = (value, format) => (value === null || value === undefined ? none : format(value));

  const METRICS = [
    ['casesProcessed', (v) => number.format(v)],
    ['casesTaken', (v) => number.format(v)],
    ['casesWithResponse', (v) => number.format(v)],
    ['casesWithPayment', (v) => number.format(v)],
    ['amountOwedFen', (v) => money.format(v / 100)],
    ['amountRecoveredFen', (v) => money.format(v / 100)],
    ['averageResponseHours', (v) => number.format(v)],
    ['averageRecoveryDays', (v) => number.format(v)],
    ['casesPerLawyerMonth', (v) => number.format(v)],
    ['responseRate', (v) => percent.format(v)],
    ['recoveryRate', (v) => percent.format(v)],
    ['completedRecoveryRate', (v) => percent.format(v)],
    ['slaBreaches', (v) => number.format(v)],
  ];

  function table(caption, head, body) {
    return el('table', {},
      el('caption', { class: 'visually-hidden', text: caption }),
      el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, ...body.map((cells) => el('tr', {}, ...cells.map((c, i) => el(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row', text: c } : { text: c }))))));
  }

  /** Grouped vertical bars, one group a month; series: [{name, cls, values, format}]. */
  function bars(container, months, series, o) {
    const width = Math.max(320, 60 + months.length * (18 * series.length + 14));
    const height = 220, left = 48, bottom = 180, top = 20;
    const max = Math.max(o.floor, ...series.flatMap((s) => s.values.map((v) => v || 0)));
    const y = (v) => bottom - ((v || 0) / max) * (bottom - top);
    const labels = months.map((m, i) => m + ': ' + series.map((s) => s.name + ' ' + show(s.values[i], s.format)).join(', '));
    const svg = svgEl('svg', { viewBox: '0 0 ' + width + ' ' + height, width, class: 'chart', role: 'img', 'aria-label': o.caption + '. ' + labels.join('; ') });
    for (const step of [0, 0.5, 1]) {
      svg.append(svgEl('line', { x1: left, x2: width - 4, y1: y(max * step), y2: y(max * step), class: step === 0 ? 'axis' : 'grid' }));
      svg.append(svgEl('text', { x: left - 6, y: y(max * step) + 4, 'text-anchor': 'end', class: 'tick' }, o.tick(max * step)));
    }
    svg.append(svgEl('text', { x: 0, y: 12, class: 'axis-title' }, o.axis));
    const group = 18 * series.length + 14;
    months.forEach((m, i) => {
      const x0 = left + 8 + i * group;
      series.forEach((s, j) => {
        svg.append(svgEl('rect', { x: x0 + j * 18, y: y(s.values[i]), width: 14, height: bottom - y(s.values[i]), class: 'bar ' + s.cls }));
      });
      svg.append(svgEl('text', { x: x0 + (group - 14) / 2, y: bottom + 16, 'text-anchor': 'middle', class: 'tick' }, m.slice(2)));
    });
    const legend = el('p', { class: 'legend' }, ...series.map((s) => el('span', { class: 'key ' + s.cls, text: s.name })));
    const numbers = table(o.caption, [t('analytics.col.month'), ...series.map((s) => s.name)],
      months.map((m, i) => [m, ...series.map((s) => show(s.values[i], s.format))]));
    container.replaceChildren(svg, legend, numbers);
  }

  async function load(months) {
    const status = $('analytics-status');
    try {
      const account = await Member.api('GET', '/api/legal/enterprise');
      $('analytics-package').textContent = account.package
        ? t('analytics.package', {
            name: lang === 'en' ? account.package.nameEn : account.package.nameZh,
            month: account.allowance.month,
            used: account.allowance.used,
            allowance: account.allowance.allowance,
            remaining: account.allowance.remaining,
          })
        : t('analytics.noPackage');
      $('analytics-sla').textContent = account.package
        ? t('analytics.sla', { hours: account.package.slaHours, credits: account.aiCreditsIncluded, remaining: account.aiCreditsRemaining }) +
          (account.packagePaidUntil ? ' ' + t('analytics.paidUntil', { until: new Date(account.packagePaidUntil).toLocaleString(lang) }) : '')
        : '';
      const r = await Member.api('GET', '/api/legal/analytics?months=' + months);
      $('analytics-summary').textContent = t('analytics.summary', { from: r.from, to: r.to });
      $('analytics-industry').textContent = r.industry ? t('analytics.industry', { industry: r.industry }) : t('analytics.noIndustry');
      const bench = (key, format) => (r.industryBenchmark ? show(r.industryBenchmark[key], format) : none);
      const rows = METRICS.map(([key, format]) => [t('analytics.metric.' + key), show(r.company[key], format), show(r.platformAverage[key], format), bench(key, format)]);
      rows.push([t('analytics.metric.satisfaction'), show(r.satisfaction, number.format), none, none]);
      $('analytics-metrics-rows').replaceChildren(...rows.map((cells) =>
        el('tr', {}, ...cells.map((c, i) => el(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row', text: c } : { text: c })))));
      const list = r.trend.map((m) => m.month);
      bars($('analytics-trend'), list, [
        { name: t('analytics.col.company'), cls: 'own', values: r.trend.map((m) => m.company.casesProcessed), format: number.format },
      ], { floor: 1, axis: t('analytics.trend.axis'), caption: t('analytics.trend.caption'), tick: (v) => number.format(Math.round(v)) });
      bars($('analytics-recovery'), list, [
        { name: t('analytics.col.company'), cls: 'own', values: r.trend.map((m) => m.company.recoveryRate), format: percent.format },
        { name: t('analytics.col.platform'), cls: 'platform', values: r.trend.map((m) => m.platformAverage.recoveryRate), format: percent.format },
      ], { floor: 0.01, axis: t('analytics.recovery.axis'), caption: t('analytics.recovery.caption'), tick: percent.format });
      $('analytics-advice').replaceChildren(...r.recommendations.map((a) => el('li', { 'data-code': a.code, text: lang === 'en' ? a.en : a.zh })));
      $('analytics-disclaimer').textContent = r.disclaimer;
      say(status, '', 'ok');
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      say(status, errorText(err), 'error');
    }
  }

  const buy = $('analytics-buy-form');
  window.Keel.forms.onSubmit(buy, t('analytics.buy.busy'), async (values) => {
    const order = await Member.api('POST', '/api/legal/enterprise/package', { package: values.package });
    window.Keel.forms.say(buy, t('analytics.buy.done', { id: order.id, amount: money.format(order.amountFen / 100) }));
  });

  $('analytics-form').addEventListener('submit', (event) => {
    event.preventDefault();
    load($('analytics-months').value);
  });
  Member.start(() => load($('analytics-months').value));
})();
`;

export const ANALYTICS_CSS = `
.legend { display: flex; gap: 1rem; margin: .25rem 0 .75rem; }
.legend .key::before { content: ''; display: inline-block; width: .8rem; height: .8rem; margin-right: .35rem; vertical-align: -0.1rem; }
.legend .own::before, svg.chart .own { background: #1d4ed8; fill: #1d4ed8; }
.legend .platform::before, svg.chart .platform { background: #b45309; fill: #b45309; }
.chart-box { overflow-x: auto; }
svg.chart { max-width: 100%; height: auto; font-size: 13px; }
svg.chart text { fill: #111827; }
svg.chart .grid { stroke: #d1d5db; }
svg.chart .axis { stroke: #4b5563; }
svg.chart .tick { font-size: 11px; fill: #4b5563; }
svg.chart .axis-title { font-size: 12px; font-weight: 600; fill: #4b5563; }
#analytics-form { display: flex; gap: .5rem; align-items: center; margin: 1rem 0; }
`;
