/**
 * /static/legal/lawyer-tools.js: the lawyer workspace's tools (membership access and upgrades, time
 * online with the heartbeat, the document helper, API keys, white-label, referrals) and the notice of
 * points changes. lawyer.js tells it of every load (`legal:lawyer`, with the workspace and its cases);
 * it asks lawyer.js to load again (`legal:reload`) after a change of its own. Plain ES2020 on top of
 * `window.Keel` and `window.L`, in a String.raw template: no backticks, no dollar-brace.
 */
export const LAWYER_TOOLS_JS = String.raw`'use strict';
(() => {
  const K = window.Keel;
  const { $, t, el, time, rows, say, errorText, forms } = K;
  const { api, fen } = window.L;
  const SEEN = 'keel.legal.pointsSeen.' + ($('legal').dataset.workspace || '');
  let ctx = null;
  let timer = null;

  const call = (method, path, body) => api(method, path, body, ctx.token);
  const reload = () => document.dispatchEvent(new Event('legal:reload'));
  const signed = (n) => (n > 0 ? '+' : '') + n;
  const fact = (dl, label, value) => dl.append(el('dt', { text: label }), el('dd', {}, value));
  const list = (items, key) => (items.length ? items.map((x) => t(key + x)).join('、') : t('tools.access.none'));

  /** Names each rule and its points, oldest first. */
  function notice(entries) {
    if (!entries.length) return;
    const box = $('points-notice');
    box.textContent = t('tools.notice', {
      list: entries.slice().reverse().map((p) => t('action.' + p.action) + ' ' + signed(p.result)).join(t('tools.notice.sep')),
    });
    box.hidden = false;
  }

  /** Every ledger entry newer than the last one this page showed (none the first time in a session). */
  async function announce() {
    const page = await call('GET', '/api/legal/lawyers/me/points?pageSize=20');
    const top = page.items.length ? page.items[0].id : 0;
    const seen = sessionStorage.getItem(SEEN);
    sessionStorage.setItem(SEEN, String(top));
    if (seen !== null) notice(page.items.filter((p) => p.id > Number(seen)));
  }

  function renderAccess(me) {
    const dl = $('access-facts');
    dl.replaceChildren();
    fact(dl, t('tools.access.caseTypes'), list(me.access.caseTypes, 'caseType.'));
    fact(dl, t('tools.access.features'), list(me.access.features, 'feature.'));
    const panel = $('upgrade-panel');
    panel.replaceChildren();
    if (!me.access.upgrade.length) {
      panel.append(el('p', { text: t('tools.upgrade.top') }));
      return;
    }
    panel.append(el('ul', {}, ...me.access.upgrade.map((u) =>
      el('li', {},
        el('strong', { text: t('tools.upgrade.item', { plan: t('plan.' + u.plan), fee: fen(u.monthlyFeeFen), multiplier: u.pointMultiplier }) }),
        el('ul', {},
          u.caseTypes.length ? el('li', { text: t('tools.upgrade.caseTypes', { list: list(u.caseTypes, 'caseType.') }) }) : null,
          u.features.length ? el('li', { text: t('tools.upgrade.features', { list: list(u.features, 'feature.') }) }) : null,
          u.features.includes('dataAnalysis') ? el('li', {}, el('a', { href: '#insights-title', text: t('insights.link') })) : null)))));
  }

  function renderOnline(online) {
    const dl = $('online-facts');
    dl.replaceChildren();
    fact(dl, t('tools.online.today'), t('tools.online.minutes', { minutes: online.minutes }));
    fact(dl, t('tools.online.hours'), t('tools.online.hoursValue', { hours: online.hoursAwarded, max: online.hoursPerDay }));
  }

  function renderReferral(me) {
    const dl = $('referral-facts');
    dl.replaceChildren();
    fact(dl, t('tools.referral.code'), el('code', { text: me.referral.code }));
    if (me.referral.referredBy) fact(dl, t('tools.referral.by'), el('code', { text: me.referral.referredBy }));
    $('referral-form').hidden = ctx.demo || me.status !== 'pending' || !!me.referral.referredBy;
  }

  function renderDocuments(cases) {
    const select = $('document-caseId');
    const chosen = select.value;
    const open = cases.filter((c) => c.status === 'assigned' || c.status === 'completed');
    select.replaceChildren(...open.map((c) => el('option', { value: c.caseId, text: c.description + ' · ' + t('caseType.' + c.caseType) + ' · ' + fen(c.amountFen) })));
    if (open.some((c) => c.caseId === chosen)) select.value = chosen;
    if (!open.length) forms.say($('document-form'), t('tools.docs.noCases'));
  }

  /** A feature the membership has shows its form; one it has not says which membership opens it. */
  function gate(me, feature, openId, lockedId, lockedKey) {
    const has = me.access.features.includes(feature);
    $(openId).hidden = !has;
    const locked = $(lockedId);
    locked.hidden = has;
    if (!has) {
      const up = me.access.upgrade.find((u) => u.features.includes(feature));
      locked.textContent = t(lockedKey, { plan: t('plan.' + (up ? up.plan : 'enterprise')) });
    }
    return has;
  }

  async function loadKeys() {
    const keys = await call('GET', '/api/legal/lawyers/me/api-keys?pageSize=50');
    rows($('apikeys-rows'), keys.items, [
      { class: 'name', value: (k) => k.name },
      (k) => time(k.createdAt, true),
      (k) => time(k.lastUsedAt, true),
      (k) => K.badge(k.revokedAt ? 'declined' : 'assigned', t(k.revokedAt ? 'tools.keys.revoked' : 'tools.keys.active')),
      (k) => (k.revokedAt ? '' : el('button', {
        type: 'button',
        text: t('tools.keys.revoke'),
        'aria-label': t('tools.keys.revoke') + ' ' + k.name,
        onclick: async () => {
          try {
            await call('POST', '/api/legal/lawyers/me/api-keys/' + k.id + '/revoke');
            say($('keys-status'), t('tools.keys.revokedDone', { name: k.name }));
            await loadKeys();
          } catch (err) {
            say($('keys-status'), errorText(err), 'error');
          }
        },
      })),
    ], { empty: t('tools.keys.empty') });
  }

  async function heartbeat() {
    if (document.visibilityState !== 'visible') return;
    try {
      const answer = await call('POST', '/api/legal/lawyers/me/heartbeat');
      renderOnline(answer.online);
      if (answer.points.length) reload();
    } catch {
      // A missed heartbeat only misses a minute online.
    }
  }

  function startHeartbeat(me) {
    if (timer || ctx.demo || me.status !== 'active') return;
    heartbeat();
    timer = setInterval(heartbeat, me.online.heartbeatSeconds * 1000);
  }

  document.addEventListener('legal:lawyer', (event) => {
    ctx = event.detail;
    const me = ctx.me;
    renderAccess(me);
    renderOnline(me.online);
    renderReferral(me);
    renderDocuments(ctx.cases);
    $('brand-form').elements.reportHeader.value = me.reportHeader || '';
    gate(me, 'whiteLabel', 'brand-form', 'brand-locked', 'tools.brand.locked');
    if (gate(me, 'apiAccess', 'keys-open', 'keys-locked', 'tools.keys.locked') && !ctx.demo) loadKeys().catch((err) => say($('keys-status'), errorText(err), 'error'));
    announce().catch(() => {});
    startHeartbeat(me);
  });

  const documentForm = $('document-form');
  forms.onSubmit(documentForm, t('tools.docs.busy'), async (values) => {
    let answer;
    try {
      answer = await call('POST', '/api/legal/lawyers/me/documents', { caseId: values.caseId || '', template: values.template });
    } catch (err) {
      if (err.status === 402 && err.details) err.message = t('tools.docs.noCredits', err.details);
      throw err;
    }
    const out = $('document-output');
    out.textContent = answer.document.title + '\n' + answer.document.header + '\n\n' + answer.document.body;
    out.hidden = false;
    $('document-output-title').hidden = false;
    forms.say(documentForm, t('tools.docs.done', answer.credits));
    reload();
  });

  const keyForm = $('apikey-form');
  forms.onSubmit(keyForm, t('tools.keys.busy'), async (values) => {
    const answer = await call('POST', '/api/legal/lawyers/me/api-keys', { name: values.name || '' });
    keyForm.reset();
    $('apikey-value').textContent = answer.key;
    $('apikey-created').hidden = false;
    await loadKeys();
  });

  const brandForm = $('brand-form');
  forms.onSubmit(brandForm, t('tools.brand.busy'), async (values) => {
    const answer = await call('PUT', '/api/legal/lawyers/me/report-header', { reportHeader: values.reportHeader || null });
    forms.say(brandForm, t('tools.brand.saved', { header: answer.effective }));
  });

  const referralForm = $('referral-form');
  forms.onSubmit(referralForm, t('tools.referral.busy'), async (values) => {
    await call('POST', '/api/legal/lawyers/me/referral', { code: values.code || '' });
    forms.say(referralForm, t('tools.referral.done'));
    reload();
  });
})();
`;
