/**
 * The scripts of the fee calendar, rules and statistics pages (see assets.ts for the rules they keep:
 * plain ES2020, no backticks, no dollar-brace).
 */

/** /static/cards/calendar.js: the fees coming due, and the secret subscription link. */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const CALENDAR_JS = String.raw`'use strict';
(() => {
  const { api, start } = window.Crm;
  const K = window.Keel;
  const { $, t, el, ApiError, errorText } = K;
  const { fen, statusBadge, days } = window.Cards;
  const state = $('feed-state');

  async function loadDue() {
    const records = await api('GET', '/api/annual-fees/records?pageSize=200');
    const ahead = records.items.filter((r) => r.daysRemaining >= 0 || r.waiverStatus === 'overdue');
    ahead.sort((a, b) => (a.dueDate < b.dueDate ? -1 : 1));
    const list = $('due-list');
    list.replaceChildren(
      ...ahead.map((r) =>
        el('li', {},
          K.time(r.dueDate),
          ' ',
          el('strong', { text: r.issuer + ' ' + r.cardName + ' ·' + r.last4 }),
          ' ' + fen(r.feeAmountFen) + ' ',
          statusBadge(r.waiverStatus),
          el('p', { class: 'reason', text: days(r.daysRemaining) }),
        )),
    );
    if (!ahead.length) list.append(el('li', { text: t('cards.calendar.empty') }));
  }

  function showFeed(feed) {
    state.textContent = feed.active ? t('cards.feed.active', { date: new Date(feed.createdAt).toLocaleDateString(K.lang) }) : t('cards.feed.none');
    $('feed-revoke').hidden = !feed.active;
    $('feed-url-box').hidden = !feed.url;
    $('feed-url').value = feed.url || '';
  }

  async function act(work) {
    try {
      await work();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      K.say(state, errorText(err), 'error');
    }
  }

  $('feed-make').addEventListener('click', () =>
    act(async () => {
      if (!$('feed-revoke').hidden && !confirm(t('cards.feed.confirm'))) return;
      showFeed(await api('POST', '/api/annual-fees/calendar-feed'));
      $('feed-url').focus();
      $('feed-url').select();
    }),
  );
  $('feed-revoke').addEventListener('click', () =>
    act(async () => {
      showFeed(await api('DELETE', '/api/annual-fees/calendar-feed'));
      state.textContent = t('cards.feed.revoked');
    }),
  );

  start(() => act(async () => {
    await loadDue();
    showFeed(await api('GET', '/api/annual-fees/calendar-feed'));
  }));
})();
`;

/** /static/cards/rules.js: the company's fee rules; administrators add and delete them. */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const RULES_JS = String.raw`'use strict';
(() => {
  const { api, start } = window.Crm;
  const K = window.Keel;
  const { $, t, forms, el, rows, ApiError, errorText } = K;
  const { fen, toFen, fieldRefusal } = window.Cards;
  const say = (text, kind) => K.say($('page-status'), text, kind);
  let admin = false;

  const condition = (r) => {
    if (r.waiverConditionValue === null) return t('cards.rules.condition.none');
    if (r.feeType === 'transaction_amount') return fen(r.waiverConditionValue);
    return t(r.feeType === 'transaction_count' ? 'cards.rules.condition.count' : 'cards.rules.condition.points', { value: r.waiverConditionValue });
  };

  async function load() {
    try {
      const [tenant, rules] = await Promise.all([api('GET', '/api/tenant'), api('GET', '/api/annual-fees/rules?pageSize=200')]);
      admin = tenant.membership.role === 'admin' || tenant.membership.platformAdmin;
      $('rule-form').hidden = !admin;
      $('admin-only').hidden = admin;
      rows($('rules-rows'), rules.items, [
        (r) => r.ruleName,
        (r) => t('cards.type.' + r.feeType),
        { class: 'num', value: (r) => fen(r.baseFeeFen) },
        condition,
        (r) => t('cards.rules.months', { months: r.waiverPeriodMonths }),
        { class: 'num', value: (r) => String(r.cardCount) },
        (r) => (admin && r.cardCount === 0
          ? el('button', { type: 'button', class: 'link danger', 'data-rule': r.id, text: t('cards.rules.delete') })
          : null),
      ], { empty: t('cards.rules.empty') });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      say(errorText(err), 'error');
    }
  }

  const form = $('rule-form');
  forms.onSubmit(form, t('cards.rules.busy'), async (values) => {
    const baseFeeFen = toFen(values.baseFeeFen);
    if (baseFeeFen === null) throw fieldRefusal('baseFeeFen', t('cards.tx.badAmount'));
    const body = { ruleName: values.ruleName, feeType: values.feeType, baseFeeFen, description: values.description };
    if (values.waiverConditionValue !== undefined) {
      const amount = values.feeType === 'transaction_amount';
      const value = amount ? toFen(values.waiverConditionValue) : Number(values.waiverConditionValue);
      if (value === null || !Number.isInteger(value)) throw fieldRefusal('waiverConditionValue', t('cards.tx.badAmount'));
      body.waiverConditionValue = value;
    }
    if (values.waiverPeriodMonths !== undefined) body.waiverPeriodMonths = Number(values.waiverPeriodMonths);
    const rule = await api('POST', '/api/annual-fees/rules', body);
    form.reset();
    forms.say(form, t('cards.rules.done', { name: rule.ruleName }));
    await load();
  });

  $('rules-rows').addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-rule]');
    if (!button || !confirm(t('cards.rules.confirmDelete'))) return;
    try {
      await api('DELETE', '/api/annual-fees/rules/' + button.dataset.rule);
      say(t('cards.rules.deleted'));
      await load();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      say(errorText(err), 'error');
    }
  });

  start(load);
})();
`;

/** /static/cards/statistics.js: the member's fees of one year by status, with a bar chart (window.P's). */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const STATISTICS_JS = String.raw`'use strict';
(() => {
  const { api, start } = window.Crm;
  const K = window.Keel;
  const { $, t, el, ApiError, errorText } = K;
  const { fen } = window.Cards;
  const yearInput = $('year');

  async function load() {
    const year = yearInput.value ? '?year=' + encodeURIComponent(yearInput.value) : '';
    try {
      const s = await api('GET', '/api/annual-fees/statistics/me' + year);
      yearInput.value = String(s.year);
      const facts = [
        [t('cards.stats.cards'), String(s.totalCards)],
        [t('cards.stats.total'), fen(s.totalAnnualFeesFen)],
        [t('cards.status.waived'), fen(s.waivedFeesFen)],
        [t('cards.status.paid'), fen(s.paidFeesFen)],
        [t('cards.status.pending'), fen(s.pendingFeesFen)],
        [t('cards.status.overdue'), fen(s.overdueFeesFen)],
        [t('cards.stats.rate'), s.waiverRate.toFixed(2) + '%'],
      ];
      $('stats').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]));
      window.P.barChart($('stats-chart'), t('cards.stats.chart', { year: s.year }), [
        { label: t('cards.status.waived'), value: s.waivedFeesFen },
        { label: t('cards.status.paid'), value: s.paidFeesFen },
        { label: t('cards.status.pending'), value: s.pendingFeesFen },
        { label: t('cards.status.overdue'), value: s.overdueFeesFen },
      ], fen, {
        categoryAxis: t('cards.stats.axisStatus'),
        valueAxis: t('cards.stats.axisAmount'),
        total: (amount) => t('cards.stats.chartTotal', { amount }),
      });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      K.say($('stats'), errorText(err), 'error');
    }
  }

  $('year-form').addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });

  start(load);
})();
`;
