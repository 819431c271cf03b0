/**
 * The card fee pages' browser scripts and styles, served under /static/cards/. Plain ES2020 with no build
 * step, on top of `window.Keel` (core.js) and `window.Crm` (the member frame's company and sign-in, shared with the CRM pages). They live
 * in String.raw templates, so they must not use backticks or dollar-brace.
 */

/** /static/cards/common.js → `window.Cards`: money, days, fee badges, the progress bar, and statement upload. */
export const CARDS_COMMON_JS = String.raw`'use strict';
(() => {
  const K = window.Keel;
  const { t, el } = K;
  const C = window.Crm;
  // The links of these pages keep the /t/{code} prefix, as the CRM pages' do.
  for (const a of document.querySelectorAll('a[href^="/cards"]')) a.setAttribute('href', C.href(a.getAttribute('href')));

  const apiLang = K.lang.indexOf('en') === 0 ? 'en' : 'zh';
  const money = new Intl.NumberFormat(K.lang, { style: 'currency', currency: 'CNY' });
  const fen = (value) => money.format((value || 0) / 100);

  /** Yuan as a person types them (12, 12.5, 1,234.56) in exact fen, or null when it is no amount. */
  function toFen(text) {
    const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(String(text || '').replace(/,/g, '').trim());
    return m ? Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0')) : null;
  }

  /** A refusal of one field made here, shaped as the API's, so the form shows it next to the field. */
  const fieldRefusal = (name, message) =>
    new K.ApiError(400, { error: { code: 'VALIDATION_FAILED', message, details: { fields: [{ path: 'body.' + name, message, rule: 'local' }] } } });

  const statusBadge = (status) => K.badge('fee-' + status, t('cards.status.' + status));
  const days = (n) => (n > 0 ? t('cards.days', { days: n }) : n === 0 ? t('cards.daysToday') : t('cards.daysPast', { days: -n }));

  /** A fee's waiver progress: a labelled bar (none for a rigid fee), its description and its status. */
  function progress(fee, card) {
    if (!fee) return el('span', { class: 'note', text: t('cards.noFee') });
    const box = el('div', { class: 'progress' });
    if (fee.required !== null && fee.required !== undefined) {
      box.append(el('progress', {
        max: String(fee.required),
        value: String(Math.min(fee.progress, fee.required)),
        'aria-label': t('cards.progressLabel', { card }),
      }));
    }
    box.append(el('span', { class: 'progress-text', text: fee.progressDescription }), ' ', statusBadge(fee.waiverStatus));
    return box;
  }

  /** POSTs a CSV statement (the API takes text/csv, not JSON) with the signed-in user's token. */
  async function upload(path, text) {
    const s = K.user.get() || K.session.get();
    const headers = { accept: 'application/json', 'content-type': 'text/csv' };
    if (s) headers.authorization = 'Bearer ' + s.token;
    const code = window.Member.tenant();
    if (code) headers['x-tenant-code'] = code;
    const res = await fetch(path, { method: 'POST', headers, body: text });
    const data = await res.json().catch(() => null);
    if (!res.ok) throw new K.ApiError(res.status, data);
    return data;
  }

  window.Cards = { apiLang, fen, toFen, fieldRefusal, statusBadge, days, progress, upload };
})();
`;

/** /static/cards/cards.js: the member's cards with this year's progress, and the form that adds one. */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const CARDS_JS = String.raw`'use strict';
(() => {
  const { api, href, flash, start } = window.Crm;
  const { $, t, forms, el, rows, busy } = window.Keel;
  const { apiLang, fen, progress, days } = window.Cards;
  const said = flash.take();

  const load = () =>
    busy($('cards-table'), $('cards-summary'), async () => {
      const list = await api('GET', '/api/cards?pageSize=200&lang=' + apiLang);
      rows(
        $('cards-rows'),
        list.items,
        [
          { class: 'name', value: (c) => el('a', { href: href('/cards/detail/' + c.id), text: c.issuer + ' ' + c.name + ' ·' + c.last4 }) },
          (c) => c.username || c.userId,
          { class: 'num', value: (c) => (c.currentFee ? fen(c.currentFee.feeAmountFen) : null) },
          (c) => progress(c.currentFee, c.issuer + ' ' + c.name),
          (c) => (c.currentFee ? [c.currentFee.dueDate, ' ', el('span', { class: 'note', text: days(c.currentFee.daysRemaining) })] : null),
        ],
        { empty: t('cards.empty') },
      );
      $('cards-summary').textContent = said || '';
    });

  async function loadRules() {
    const rules = await api('GET', '/api/annual-fees/rules?pageSize=200');
    $('add-annualFeeRuleId').replaceChildren(
      ...rules.items.map((r) => el('option', { value: r.id, text: r.ruleName + ' · ' + fen(r.baseFeeFen) + ' · ' + t('cards.type.' + r.feeType) })),
    );
    $('no-rules').hidden = rules.items.length > 0;
  }

  const form = $('add-form');
  forms.onSubmit(form, t('cards.add.busy'), async (values) => {
    const card = await api('POST', '/api/cards', values);
    form.reset();
    forms.say(form, t('cards.add.done', { name: card.name }));
    await load();
  });

  start(() => {
    load();
    loadRules();
  });
})();
`;

/** /static/cards/card.js: one card: this year's fee, purchases, statement import, points, fee records. */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const CARD_JS = String.raw`'use strict';
(() => {
  const { api, href, flash, start } = window.Crm;
  const K = window.Keel;
  const { $, t, forms, el, rows, ApiError, errorText } = K;
  const { apiLang, fen, toFen, fieldRefusal, statusBadge, days, progress, upload } = window.Cards;
  const id = $('crm').dataset.cardId;
  const say = (text, kind) => K.say($('page-status'), text, kind);
  const today = () => new Date(Date.now() - new Date().getTimezoneOffset() * 60000).toISOString().slice(0, 10);
  let card;

  async function renderCurrent() {
    const box = $('current');
    const fee = card.currentFee;
    box.replaceChildren(progress(fee, card.issuer + ' ' + card.name));
    if (!fee) return;
    const check = await api('GET', '/api/annual-fees/waiver-check/' + id + '/' + fee.feeYear + '?lang=' + apiLang);
    box.append(
      el('p', { text: fen(fee.feeAmountFen) + ' · ' + fee.dueDate + ' · ' + days(fee.daysRemaining) }),
      el('p', { class: 'note', text: t('cards.detail.window', { start: check.windowStart, end: check.dueDate }) }),
    );
    if (check.eligible) box.append(el('p', { text: t('cards.detail.met') }));
    else if (check.estimatedDate)
      box.append(el('p', { text: t(check.estimatedDate < check.dueDate ? 'cards.detail.estimate' : 'cards.detail.estimateLate', { date: check.estimatedDate }) }));
  }

  async function load() {
    try {
      card = await api('GET', '/api/cards/' + id + '?lang=' + apiLang);
      const [purchases, records] = await Promise.all([
        api('GET', '/api/cards/' + id + '/transactions?pageSize=200'),
        api('GET', '/api/annual-fees/records?pageSize=200&cardId=' + encodeURIComponent(id)),
      ]);
      $('card-name').textContent = card.issuer + ' ' + card.name + ' ·' + card.last4;
      await renderCurrent();
      rows($('transactions-rows'), purchases.items, [
        (x) => x.occurredOn,
        { class: 'num', value: (x) => fen(x.amountFen) },
        (x) => x.description || null,
        (x) => t('cards.tx.source.' + x.source),
      ], { empty: t('cards.tx.empty') });
      rows($('records-rows'), records.items, [
        (r) => String(r.feeYear),
        (r) => r.dueDate,
        { class: 'num', value: (r) => fen(r.feeAmountFen) },
        (r) => statusBadge(r.waiverStatus),
        (r) => r.paymentDate,
        (r) => (r.waiverStatus === 'pending' || r.waiverStatus === 'overdue'
          ? el('button', { type: 'button', class: 'link', 'data-record': r.id, text: t('cards.records.pay') })
          : null),
      ], { empty: t('cards.records.empty') });
      const points = card.feeType === 'points_exchange';
      $('points-card').hidden = !points;
      $('points-balance').value = String(card.pointsBalance);
      const redeem = $('redeem');
      const fee = card.currentFee;
      redeem.hidden = !points || !fee || !(fee.waiverStatus === 'pending' || fee.waiverStatus === 'overdue');
      if (fee) redeem.textContent = t('cards.points.redeem', { points: fee.required, year: fee.feeYear });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      say(errorText(err), 'error');
    }
  }

  const txForm = $('tx-form');
  forms.onSubmit(txForm, t('cards.tx.busy'), async (values) => {
    const amountFen = toFen(values.amountFen);
    if (amountFen === null) throw fieldRefusal('amountFen', t('cards.tx.badAmount'));
    const at = values.at ? new Date(values.at).toISOString() : undefined;
    const answer = await api('POST', '/api/cards/' + id + '/transactions', { amountFen, at, description: values.description });
    txForm.reset();
    const waived = answer.records.find((r) => r.waivedNow);
    forms.say(txForm, waived ? t('cards.tx.waived', { year: waived.feeYear }) : t('cards.tx.done'));
    await load();
  });

  const importForm = $('import-form');
  forms.onSubmit(importForm, t('cards.import.busy'), async () => {
    const file = importForm.elements.file.files[0];
    if (!file) throw fieldRefusal('file', t('cards.import.noFile'));
    const answer = await upload('/api/cards/' + id + '/transactions/import', await file.text());
    importForm.reset();
    forms.say(importForm, t('cards.import.done', { imported: answer.imported, skipped: answer.skipped, errors: answer.rowErrors.length }));
    // Each bad row in the page's language, by its rule (the server's own words for a rule we have none for).
    const why = (e) => {
      const key = 'cards.import.rule.' + e.rule;
      const text = t(key, { field: e.field });
      return text === key ? e.message : text;
    };
    $('import-errors').replaceChildren(
      ...answer.rowErrors.map((e) => el('li', { text: t('cards.import.rowError', { line: e.line, message: why(e) }) })),
    );
    await load();
  });

  const pointsForm = $('points-form');
  forms.onSubmit(pointsForm, '', async (values) => {
    await api('PUT', '/api/cards/' + id + '/points', { balance: Number(values.balance) });
    forms.say(pointsForm, t('cards.points.done'));
    await load();
  });

  $('redeem').addEventListener('click', async () => {
    if (!confirm(t('cards.points.confirm'))) return;
    try {
      const answer = await api('POST', '/api/annual-fees/waiver-check/' + id + '/' + card.currentFee.feeYear + '/redeem-points');
      say(t('cards.points.redeemed', { points: answer.pointsRedeemed }));
      await load();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      say(errorText(err), 'error');
    }
  });

  $('records-rows').addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-record]');
    if (!button) return;
    try {
      await api('PATCH', '/api/annual-fees/records/' + button.dataset.record, { waiverStatus: 'paid', paymentDate: today() });
      say(t('cards.records.paid'));
      await load();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      say(errorText(err), 'error');
    }
  });

  $('delete-card').addEventListener('click', async () => {
    if (!confirm(t('cards.detail.confirmDelete'))) return;
    try {
      await api('DELETE', '/api/cards/' + id);
      flash.set(t('cards.detail.deleted'));
      location.href = href('/cards');
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      say(errorText(err), 'error');
    }
  });

  start(load);
})();
`;

/** /static/cards/cards.css: what the console's and the CRM pages' stylesheets lack here. Text stays at ≥ 4.5:1. */
export const CARDS_CSS = `
.tabs ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; margin: 0 0 1rem; padding: 0; border-bottom: 1px solid var(--line); }
.tabs a { display: inline-block; padding: .4rem 0; color: var(--ink); text-decoration: none; border-bottom: 3px solid transparent; }
.tabs a[aria-current="page"] { border-bottom-color: var(--accent); font-weight: 600; }
.progress { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem; }
.progress progress { width: 9rem; height: .9rem; accent-color: var(--accent); }
.progress-text { font-variant-numeric: tabular-nums; }
.badge-fee-pending { background: #fef3c7; color: #78350f; }
.badge-fee-waived { background: #dcfce7; color: #14532d; }
.badge-fee-paid { background: #e0f2fe; color: #075985; }
.badge-fee-overdue { background: #fee2e2; color: #991b1b; }
.errors { color: var(--error); padding-left: 1.2rem; }
#feed-url { width: 100%; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .85rem; }
.chart-box { overflow-x: auto; margin-top: 1rem; }
svg.chart { width: 100%; max-width: 36rem; height: auto; font-size: 13px; }
svg.chart text { fill: var(--ink); }
svg.chart .bar { fill: var(--accent); }
`;
