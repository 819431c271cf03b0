/** /static/legal/recovery.js: the lawyer's recovery record of a debt case, opened from its row (issue 21). */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const RECOVERY_JS = String.raw`'use strict';
(() => {
  const K = window.Keel;
  const { $, t, el, time, rows, forms } = K;
  const L = window.L;
  let current = null;

  /** A datetime-local value is the reader's local time; the API takes an instant with its offset. */
  const instant = (value) => (value ? new Date(value).toISOString() : undefined);
  const fact = (dl, label, value) => dl.append(el('dt', { text: label }), el('dd', { text: value }));

  function render(r) {
    $('recovery-title').textContent = t('recovery.title', { case: current.kase.description });
    const dl = $('recovery-facts');
    dl.replaceChildren();
    fact(dl, t('recovery.owed'), L.fen(r.amountFen));
    fact(dl, t('recovery.recovered'), L.fen(r.recoveredFen));
    fact(dl, t('recovery.contacts'), String(r.contacts));
    fact(dl, t('recovery.responded'), t(r.debtorResponded ? 'recovery.yes' : 'recovery.no'));
    rows($('recovery-records-rows'), r.records, [
      (x) => time(x.at, true),
      (x) => t('recovery.kind.' + x.kind),
      { class: 'num', value: (x) => (x.kind === 'payment' ? L.fen(x.amountFen) : t(x.responded ? 'recovery.yes' : 'recovery.no')) },
      (x) => x.note,
    ], { empty: t('recovery.empty') });
    const open = r.status === 'assigned';
    $('recovery-forms').hidden = !open;
    $('recovery-closed').hidden = open;
  }

  async function load() {
    render(await current.call('GET', '/api/legal/cases/' + current.kase.caseId + '/recovery'));
  }

  async function record(form, path, body) {
    await current.call('POST', '/api/legal/cases/' + current.kase.caseId + '/recovery/' + path, body);
    form.reset();
    forms.say(form, t('recovery.saved'));
    await load();
    await current.reload();
  }

  forms.onSubmit($('recovery-contact-form'), t('recovery.busy'), (v) =>
    record($('recovery-contact-form'), 'contacts', { responded: v.responded === 'true', at: instant(v.at), note: v.note || undefined }),
  );
  forms.onSubmit($('recovery-payment-form'), t('recovery.busy'), (v) => {
    const yuan = Number(v.amountFen);
    const amountFen = v.amountFen === undefined || Number.isNaN(yuan) ? v.amountFen : Math.round(yuan * 100);
    return record($('recovery-payment-form'), 'payments', { amountFen, at: instant(v.at), note: v.note || undefined });
  });
  $('recovery-close').addEventListener('click', () => {
    $('recovery').hidden = true;
    if (current && current.opener) current.opener.focus();
    current = null;
  });

  /** Called by lawyer.js from a debt case's row: call is the workspace's API caller, reload refreshes it. */
  L.openRecovery = async (kase, call, reload, opener) => {
    current = { kase, call, reload, opener };
    $('recovery').hidden = false;
    await load();
    $('recovery-title').focus();
  };
})();
`;
