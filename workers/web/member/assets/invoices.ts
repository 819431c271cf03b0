/**
 * /static/member/invoices.js: `/company-invoices`, the platform's invoices to the company the page
 * works in (GET /api/tenant/invoices), for its administrators; anyone else is told so.
 */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const COMPANY_INVOICES_JS = String.raw`'use strict';
(() => {
  const { $, t, lang, ApiError, errorText, say, el, time, badge, rows } = window.Keel;
  const Member = window.Member;
  const money = new Intl.NumberFormat(lang, { style: 'currency', currency: 'CNY' });

  async function load() {
    try {
      const list = await Member.api('GET', '/api/tenant/invoices?pageSize=100');
      rows($('company-invoices-rows'), list.items, [
        (i) => el('span', { class: 'code', text: i.number }),
        (i) => i.period,
        (i) => money.format(i.totalFen / 100),
        (i) => time(i.dueAt),
        (i) => badge('invoice-' + i.status, t('invoice.' + i.status)),
        (i) => time(i.paidAt),
      ], { empty: t('empty') });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      say($('company-invoices-status'), errorText(err), 'error');
    }
  }

  Member.start(load);
})();
`;
