/** /static/platform/invoices.js: invoices by status and number; record a payment or cancel. */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const INVOICES_JS = String.raw`'use strict';
(() => {
  const { $, t, api, ApiError, errorText, el, forms, listQuery, filter, confirm } = window.Keel;
  const { fen, badge, rows, pager } = window.P;
  const state = { page: 1, pageSize: 20, status: '', q: '' };
  const statusLine = $('invoices-status-line');
  const payForm = $('pay-form');
  let paying = null;

  const renderPager = pager('invoices', state, () => load());

  const say = (text, kind) => window.Keel.say(statusLine, text, kind);

  async function load() {
    const list = await api('GET', '/api/admin/invoices?' + listQuery(state));
    rows($('invoices-rows'), list.items, [
      (i) => el('span', { class: 'code', text: i.number }),
      (i) => el('a', { href: '/company?id=' + encodeURIComponent(i.companyId), text: i.companyName }),
      (i) => i.period,
      (i) => fen(i.totalFen),
      (i) => i.dueDate,
      (i) => badge('invoice', i.status, t('invoice.' + i.status)),
      (i) => {
        const actions = el('div', { class: 'actions' });
        if (i.status === 'pending' || i.status === 'overdue') {
          actions.append(
            el('button', { type: 'button', text: t('invoices.markPaid'), 'aria-label': t('invoices.markPaid') + ' ' + i.number, onclick: () => openPay(i) }),
            el('button', { type: 'button', text: t('invoices.cancel'), 'aria-label': t('invoices.cancel') + ' ' + i.number, onclick: () => cancel(i) }),
          );
        }
        return actions;
      },
    ]);
    renderPager(list);
  }

  function openPay(invoice) {
    paying = invoice;
    $('pay').hidden = false;
    $('pay-title').textContent = t('invoices.markPaid') + ' · ' + invoice.number + ' · ' + fen(invoice.totalFen);
    forms.clear(payForm);
    $('pay-title').focus();
  }

  $('pay-cancel').addEventListener('click', () => { $('pay').hidden = true; paying = null; });

  forms.onSubmit(payForm, null, async (values) => {
    if (!paying) return;
    const invoice = await api('POST', '/api/admin/invoices/' + paying.id + '/mark-paid', values);
    $('pay').hidden = true;
    paying = null;
    say(t('invoices.paidDone', { number: invoice.number }));
    await load();
  });

  async function cancel(invoice) {
    const question = t('invoices.confirmCancel', { number: invoice.number, company: invoice.companyName, total: fen(invoice.totalFen) });
    if (!(await confirm(question, t('invoices.cancel')))) return;
    try {
      await api('POST', '/api/admin/invoices/' + invoice.id + '/cancel', {});
      say(t('invoices.cancelled', { number: invoice.number }));
      await load();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      say(errorText(err), 'error');
    }
  }

  filter($('invoices-filter'), state, load);

  window.P.requireAdmin(load);
})();
`;
