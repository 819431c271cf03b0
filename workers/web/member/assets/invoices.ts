/**
 * /static/member/invoices.js: `/company-invoices`, the platform's invoices to the company the page
 * works in (GET /api/tenant/invoices) with how each stands (GET /api/tenant/invoice-settlements), for
 * its administrators; anyone else is told so. An unpaid invoice is settled here: paid online (a
 * payment order), or by a proof the platform reviews; a fapiao is asked for any invoice not cancelled.
 */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const COMPANY_INVOICES_JS = String.raw`'use strict';
(() => {
  const { $, t, lang, ApiError, errorText, say, el, time, badge, rows, forms } = window.Keel;
  const Member = window.Member;
  const money = new Intl.NumberFormat(lang, { style: 'currency', currency: 'CNY' });
  const status = $('settle-status');
  let current = null;

  function standing(s) {
    if (!s) return '—';
    const parts = [];
    if (s.proof) parts.push(t('settle.proof.' + s.proof.status, { reason: s.proof.reason || '' }));
    if (s.fapiao) parts.push(t('settle.fapiao.' + s.fapiao.status, s.fapiao));
    return parts.length ? parts.join('；') : '—';
  }

  async function load() {
    try {
      const [list, board] = await Promise.all([
        Member.api('GET', '/api/tenant/invoices?pageSize=100'),
        Member.api('GET', '/api/tenant/invoice-settlements'),
      ]);
      const byId = new Map(board.items.map((s) => [s.invoiceId, s]));
      rows($('company-invoices-rows'), list.items, [
        (i) => el('span', { class: 'code', text: i.number }),
        (i) => i.period,
        (i) => money.format(i.totalFen / 100),
        (i) => time(i.dueAt),
        (i) => badge('invoice-' + i.status, t('invoice.' + i.status)),
        (i) => time(i.paidAt),
        (i) => standing(byId.get(i.id)),
        (i) =>
          i.status === 'cancelled'
            ? '—'
            : el('button', { type: 'button', text: t('settle.open'), 'aria-label': t('settle.openLabel', { number: i.number }), onclick: () => open(i) }),
      ], { empty: t('empty') });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      say($('company-invoices-status'), errorText(err), 'error');
    }
  }

  function open(invoice) {
    current = invoice;
    const unpaid = invoice.status === 'pending' || invoice.status === 'overdue';
    $('settle').hidden = false;
    $('settle-pay').hidden = !unpaid;
    $('proof-form').hidden = !unpaid;
    $('settle-title').textContent = t('settle.title', { number: invoice.number }) + ' · ' + money.format(invoice.totalFen / 100);
    say(status, '');
    forms.clear($('proof-form'));
    forms.clear($('fapiao-form'));
    $('settle-title').focus();
  }

  $('settle-close').addEventListener('click', () => { $('settle').hidden = true; current = null; });

  $('settle-pay').addEventListener('click', async () => {
    if (!current) return;
    try {
      const order = await Member.api('POST', '/api/tenant/invoices/' + current.id + '/pay');
      say(status, t('settle.order', { id: order.id, amount: money.format(order.amountFen / 100) }));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      say(status, errorText(err), 'error');
    }
  });

  forms.onSubmit($('proof-form'), null, async () => {
    const file = $('proof-file').files[0];
    if (!current || !file) return;
    await Member.api('POST', '/api/tenant/invoices/' + current.id + '/payment-proof', file);
    forms.say($('proof-form'), t('settle.uploaded'));
    $('proof-file').value = '';
    await load();
  });

  forms.onSubmit($('fapiao-form'), null, async (values) => {
    if (!current) return;
    await Member.api('POST', '/api/tenant/invoices/' + current.id + '/fapiao', values);
    forms.say($('fapiao-form'), t('settle.fapiao.done'));
    await load();
  });

  Member.start(load);
})();
`;
