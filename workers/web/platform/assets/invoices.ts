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

  const decideForm = $('decide-form');
  let deciding = null;

  async function loadReviews() {
    const [proofs, fapiao] = await Promise.all([
      api('GET', '/api/admin/payment-proofs'),
      api('GET', '/api/admin/fapiao-requests'),
    ]);
    rows($('proofs-rows'), proofs.items, [
      (x) => el('span', { class: 'code', text: x.invoiceNumber }),
      (x) => el('a', { href: '/company?id=' + encodeURIComponent(x.companyId), text: x.companyId }),
      (x) => x.createdAt.slice(0, 16).replace('T', ' '),
      (x) => el('a', { href: '/api/admin/payment-proofs/' + x.id + '/file', target: '_blank', rel: 'noopener', text: t('proofs.view'), onclick: (e) => { e.preventDefault(); view(x); } }),
      (x) => el('div', { class: 'actions' }, ...[
        el('button', { type: 'button', text: t('proofs.accept'), 'aria-label': t('proofs.accept') + ' ' + x.invoiceNumber, onclick: () => accept(x) }),
        el('button', { type: 'button', text: t('proofs.reject'), 'aria-label': t('proofs.reject') + ' ' + x.invoiceNumber, onclick: () => openDecide('/api/admin/payment-proofs/' + x.id + '/reject', 'reason', x) }),
      ]),
    ]);
    rows($('fapiao-rows'), fapiao.items, [
      (x) => el('span', { class: 'code', text: x.invoiceNumber }),
      (x) => x.title,
      (x) => el('span', { class: 'code', text: x.taxNumber }),
      (x) => t('fapiao.' + x.type),
      (x) => el('div', { class: 'actions' }, ...[
        el('button', { type: 'button', text: t('fapiao.issue'), 'aria-label': t('fapiao.issue') + ' ' + x.invoiceNumber, onclick: () => openDecide('/api/admin/fapiao-requests/' + x.id + '/issue', 'fapiaoNumber', x) }),
        el('button', { type: 'button', text: t('fapiao.reject'), 'aria-label': t('fapiao.reject') + ' ' + x.invoiceNumber, onclick: () => openDecide('/api/admin/fapiao-requests/' + x.id + '/reject', 'reason', x) }),
      ]),
    ]);
  }

  // The file needs the admin's token, so it is fetched and shown from a blob rather than linked.
  async function view(proof) {
    const s = window.Keel.session.get();
    const res = await fetch('/api/admin/payment-proofs/' + proof.id + '/file', { headers: { authorization: 'Bearer ' + (s && s.token) } });
    if (!res.ok) return say(t('error.generic'), 'error');
    window.open(URL.createObjectURL(await res.blob()), '_blank', 'noopener');
  }

  async function accept(proof) {
    try {
      await api('POST', '/api/admin/payment-proofs/' + proof.id + '/accept');
      say(t('proofs.accepted', proof));
      await Promise.all([load(), loadReviews()]);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      say(errorText(err), 'error');
    }
  }

  function openDecide(path, field, item) {
    deciding = { path, field };
    $('decide').hidden = false;
    $('decide-title').textContent = item.invoiceNumber;
    for (const name of ['reason', 'fapiaoNumber']) $('decide-' + name).closest('.field').hidden = name !== field;
    forms.clear(decideForm);
    $('decide-title').focus();
  }

  $('decide-cancel').addEventListener('click', () => { $('decide').hidden = true; deciding = null; });

  forms.onSubmit(decideForm, null, async (values) => {
    if (!deciding) return;
    await api('POST', deciding.path, { [deciding.field]: values[deciding.field] || '' });
    $('decide').hidden = true;
    deciding = null;
    say(t('decide.done'));
    await loadReviews();
  });

  filter($('invoices-filter'), state, load);

  window.P.requireAdmin(() => Promise.all([load(), loadReviews()]));
})();
`;
