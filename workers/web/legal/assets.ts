/**
 * The marketplace pages' browser scripts and styles, served under /static/legal/. Plain ES2020 on top
 * of `window.Keel` (core.js), in String.raw templates: no backticks, no dollar-brace.
 */

export const LEGAL_CSS = `
.banner { background: #fef3c7; color: #78350f; border: 1px solid #f59e0b; border-radius: 6px; padding: .6rem .9rem; }
.heading-row { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: baseline; gap: 1rem; }
.heading-row p { margin: 0; }
.columns.even { grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); }
#legal .card { margin-bottom: 1.5rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1rem; margin: 0 0 1rem; }
.facts dt { color: #4b5563; font-weight: 600; }
.facts dd { margin: 0; }
.big { font-size: 1.25rem; font-weight: 700; margin: 0 0 .75rem; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; margin: .5rem 0; }
.checks { border: 1px solid #d1d5db; border-radius: 6px; padding: .5rem .75rem; }
.checks legend { font-weight: 600; padding: 0 .25rem; }
label.check { display: inline-flex; align-items: center; gap: .35rem; font-weight: 400; margin: 0 1rem .35rem 0; }
label.check input { width: auto; }
textarea { width: 100%; font: inherit; padding: .45rem .6rem; border: 1px solid #6b7280; border-radius: 6px; }
.progress-row { margin: .5rem 0; }
.progress-row label { font-weight: 400; }
progress { width: 100%; height: .9rem; }
td.num, th.num { text-align: right; }
td .inline { display: inline-flex; gap: .35rem; align-items: center; }
td .inline input, td .inline select { width: auto; min-width: 8rem; padding: .25rem .4rem; }
td .inline label { margin: 0; font-weight: 400; }
.badge-offered, .badge-pending, .badge-awaiting_payment, .badge-dispatching { background: #e0f2fe; color: #075985; }
.badge-assigned, .badge-approved { background: #dcfce7; color: #166534; }
.badge-completed { background: #ede9fe; color: #5b21b6; }
.badge-declined, .badge-lapsed, .badge-rejected { background: #fee2e2; color: #991b1b; }
.positive { color: #166534; font-weight: 600; }
pre.document { white-space: pre-wrap; overflow-wrap: anywhere; background: #f9fafb; border: 1px solid #d1d5db; border-radius: 6px; padding: .75rem; }
.negative, .sla-late { color: #b91c1c; font-weight: 600; }
`;

/** /static/legal/common.js → `window.L`: the marketplace session, the API with it (JSON or multipart), money, workspace gates. */
export const LEGAL_COMMON_JS = String.raw`'use strict';
(() => {
  const K = window.Keel;
  const { t, $, lang } = K;
  const KEY = 'keel.legal';
  const FIRST_AREA = 'area_contract';

  const session = {
    get() {
      try {
        const s = JSON.parse(sessionStorage.getItem(KEY) || 'null');
        return s && Date.parse(s.expiresAt) > Date.now() ? s : null;
      } catch {
        return null;
      }
    },
    set(s) {
      sessionStorage.setItem(KEY, JSON.stringify(s));
    },
    clear() {
      sessionStorage.removeItem(KEY);
    },
  };

  const money = new Intl.NumberFormat(lang, { style: 'currency', currency: 'CNY' });
  const fen = (value) => money.format((value || 0) / 100);

  /** Keel.api with the marketplace token (or the one given; null for none). */
  const api = (method, path, body, token) =>
    K.api(method, path, body, { token: token === undefined ? (session.get() || {}).token || null : token });

  /** An error about certificate.* fields, shown against the form's own field names. */
  function plainPaths(err) {
    if (err && err.details && Array.isArray(err.details.fields)) {
      for (const f of err.details.fields) {
        f.path = String(f.path || '')
          .replace(/^body\.certificate\.practiceAreas.*$/, 'body.' + FIRST_AREA)
          .replace(/^body\.certificate\./, 'body.');
      }
    }
    return err;
  }

  /** Binds a licence form: the certificate's fields and the file go up as multipart; done(answer) after. */
  function lawyerForm(form, token, done) {
    K.forms.onSubmit(form, t('legal.identity.busy'), async () => {
      const data = new FormData();
      data.set('identityType', 'lawyer');
      for (const name of ['lawyerName', 'licenseNumber', 'lawFirm']) data.set('certificate.' + name, form.elements[name].value.trim());
      for (const box of form.querySelectorAll('input[name^="area_"]:checked')) data.append('certificate.practiceAreas', box.value);
      const file = form.elements.file.files[0];
      if (file) data.set('certificate.file', file, file.name);
      try {
        done(await api('POST', '/api/legal/auth/identity', data, token));
      } catch (err) {
        throw plainPaths(err);
      }
    });
  }

  /**
   * Opens a workspace page: the demo's own token for demo-… ids, else the signed-in person's when the
   * workspace is theirs; otherwise the page says to sign in. ready({token, demo}) fills the page.
   */
  async function workspace(kind, ready) {
    const id = $('legal').dataset.workspace || '';
    const show = (ok) => {
      $('app').hidden = !ok;
      $('need-login').hidden = ok;
    };
    $('logout-legal').addEventListener('click', () => {
      session.clear();
      location.href = '/legal';
    });
    if (id.startsWith('demo-')) {
      const demo = await api('GET', '/api/legal/demo/' + kind, undefined, null);
      $('demo-banner').hidden = false;
      $('logout-legal').hidden = true;
      show(true);
      return ready({ token: demo.accessToken, demo: true });
    }
    const s = session.get();
    if (!s || s.workspaceId !== id) {
      if (s) $('need-login-text').textContent = t('legal.workspace.notYours');
      return show(false);
    }
    show(true);
    return ready({ token: s.token, demo: false });
  }

  const badge = (kind, value) => K.badge(value, t(kind + '.' + value));

  window.L = { session, api, fen, lawyerForm, workspace, badge, plainPaths };
})();
`;

/** /static/legal/auth.js: sign in, register, the mailed link, the identity choice, the demos. */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const AUTH_JS = String.raw`'use strict';
(() => {
  const { $, t, forms, say } = window.Keel;
  const { session, api, lawyerForm } = window.L;
  const query = new URLSearchParams(location.search);

  const go = (answer) => {
    location.href = answer.redirectUrl;
  };

  forms.onSubmit($('legal-login-form'), t('legal.login.busy'), async (values) => {
    const answer = await api('POST', '/api/legal/auth/login', { email: values.email || '', password: values.password || '' }, null);
    session.set({
      token: answer.accessToken,
      expiresAt: answer.expiresAt,
      userId: answer.userId,
      accountType: answer.accountType,
      workspaceId: answer.workspaceId,
    });
    go(answer);
  });

  // Coming from a demo (?register=lawyer|user): the identity chosen there goes with the registration.
  const chosenAs = ['lawyer', 'user'].includes(query.get('register')) ? query.get('register') : undefined;
  if (chosenAs) {
    $('register-as').textContent = t('legal.register.as.' + chosenAs);
    $('register-as').hidden = false;
  }
  const register = $('register-form');
  forms.onSubmit(register, t('legal.register.busy'), async (values) => {
    if ((values.password || '') !== (values.confirm || '')) {
      throw new window.Keel.ApiError(400, {
        error: { code: 'VALIDATION_FAILED', details: { fields: [{ path: 'body.confirm', message: t('legal.register.mismatch'), rule: 'mismatch' }] } },
      });
    }
    await api('POST', '/api/legal/auth/register', { email: values.email || '', password: values.password || '', fullName: values.fullName || '', identityType: chosenAs }, null);
    register.reset();
    forms.say(register, t('legal.register.done'));
  });

  for (const kind of ['lawyer', 'user']) {
    $('demo-' + kind).addEventListener('click', async () => {
      try {
        go(await api('GET', '/api/legal/demo/' + kind, undefined, null));
      } catch (err) {
        say($('demo-status'), window.Keel.errorText(err), 'error');
      }
    });
  }

  async function verify(token) {
    $('verify-view').hidden = false;
    const status = $('verify-status');
    say(status, t('legal.verify.busy'));
    try {
      await api('POST', '/api/legal/auth/verify-email', { token }, null);
      say(status, t('legal.verify.done'));
    } catch (err) {
      say(status, window.Keel.errorText(err), 'error');
    }
    history.replaceState(null, '', '/legal');
    $('verify-title').focus();
  }

  function identity() {
    const s = session.get();
    if (!s) return;
    $('identity-view').hidden = false;
    $('auth-view').hidden = true;
    const chosen = (answer) => {
      session.set(Object.assign({}, s, { accountType: answer.accountType, workspaceId: answer.workspaceId }));
      go(answer);
    };
    forms.onSubmit($('identity-user-form'), t('legal.identity.busy'), async () => {
      chosen(await api('POST', '/api/legal/auth/identity', { identityType: 'user' }));
    });
    lawyerForm($('identity-lawyer-form'), s.token, chosen);
    // Chosen before registering (?as=…): only that identity's form.
    const as = query.get('as');
    $('identity-user-title').parentElement.hidden = as === 'lawyer';
    $('identity-lawyer-title').parentElement.hidden = as === 'user';
    $('identity-title').focus();
  }

  if (query.get('verify')) verify(query.get('verify'));
  else if (query.get('step') === 'identity') identity();
})();
`;

/** /static/legal/lawyer.js: the lawyer's workspace. */
export const LAWYER_JS = String.raw`'use strict';
(() => {
  const K = window.Keel;
  const { $, t, el, time, rows, say, errorText } = K;
  const { api, fen, lawyerForm, workspace, badge } = window.L;
  const PLANS = ['free', 'professional', 'enterprise'];

  workspace('lawyer', ({ token, demo }) => {
    const call = (method, path, body) => api(method, path, body, token);
    const fact = (dl, label, value) => dl.append(el('dt', { text: label }), el('dd', {}, value));
    const limit = (value, format) => (value === null ? t('legal.limits.unlimited') : format(value));

    async function act(path, body, status) {
      try {
        const answer = await call('POST', path, body);
        if (answer && answer.points && answer.points.length) {
          const p = answer.points[0];
          say(status, t('legal.cases.done', { action: t('action.' + p.action), points: (p.result > 0 ? '+' : '') + p.result }));
        }
        await load();
        return answer;
      } catch (err) {
        if (!(err instanceof K.ApiError)) throw err;
        say(status, errorText(err), 'error');
      }
    }

    function renderMembership(me) {
      const dl = $('membership-facts');
      dl.replaceChildren();
      const m = me.membership;
      fact(dl, t('legal.membership.plan'), t('plan.' + m.plan));
      fact(dl, t('legal.membership.multiplier'), '×' + m.pointMultiplier);
      fact(dl, t('legal.membership.credits'), t('legal.membership.creditsValue', me.aiCredits));
      fact(dl, t('legal.membership.until'), time(m.until));
      if (m.nextPlan) fact(dl, t('legal.membership.next'), t('plan.' + m.nextPlan));
      const actions = $('membership-actions');
      actions.replaceChildren();
      if (me.status !== 'active') return;
      for (const plan of PLANS.slice(1)) {
        const key = plan === m.plan ? 'legal.membership.renew' : 'legal.membership.upgrade';
        if (PLANS.indexOf(plan) < PLANS.indexOf(m.plan)) continue;
        actions.append(
          el('button', {
            type: 'button',
            text: t(key, { plan: t('plan.' + plan), fee: fen(plan === 'professional' ? 89900 : 299900) }),
            onclick: async () => {
              const answer = await act('/api/legal/lawyers/me/membership', { plan }, $('membership-status'));
              if (answer && answer.order) say($('membership-status'), t('legal.membership.order', { id: answer.order.id, amount: fen(answer.order.amountFen) }));
            },
          }),
        );
      }
      if (m.plan !== 'free' && m.nextPlan !== 'free') {
        actions.append(
          el('button', {
            type: 'button',
            text: t('legal.membership.downgrade'),
            onclick: async () => {
              const answer = await act('/api/legal/lawyers/me/membership', { plan: 'free' }, $('membership-status'));
              if (answer) say($('membership-status'), t('legal.membership.downgraded', { at: new Date(answer.effectiveAt).toLocaleString() }));
            },
          }),
        );
      }
    }

    function progress(label, have, need) {
      const id = 'progress-' + label.replace(/\W+/g, '');
      return el('div', { class: 'progress-row' },
        el('label', { for: id, text: label }),
        el('progress', { id, max: String(Math.max(1, need)), value: String(Math.min(have, need)) }));
    }

    function renderLevel(me) {
      $('level-current').textContent = t('legal.level.current', { level: me.level.level, name: t('levelName.' + me.level.level) });
      const dl = $('level-facts');
      dl.replaceChildren();
      fact(dl, t('legal.level.points'), String(me.points));
      fact(dl, t('legal.level.cases'), String(me.casesCompleted));
      fact(dl, t('legal.level.weight'), String(me.level.priorityWeight));
      const box = $('level-progress');
      box.replaceChildren();
      const next = me.level.next;
      if (next) {
        box.append(el('p', { class: 'hint', text: t('legal.level.toNext', { level: next.level }) }));
        box.append(progress(t('legal.level.pointsProgress', { have: me.points, need: next.minPoints }), Math.max(0, me.points), next.minPoints));
        box.append(progress(t('legal.level.casesProgress', { have: me.casesCompleted, need: next.minCasesCompleted }), me.casesCompleted, next.minCasesCompleted));
      } else box.append(el('p', { text: t('legal.level.top') }));
      const limits = $('limit-facts');
      limits.replaceChildren();
      const l = me.limits;
      fact(limits, t('legal.limits.daily'), l.acceptedToday + ' / ' + limit(l.effective.dailyCases, String) + t('legal.limits.boundBy.' + l.dailyBoundBy));
      fact(limits, t('legal.limits.monthly'), fen(l.amountThisMonthFen) + ' / ' + limit(l.effective.monthlyAmountFen, fen) + t('legal.limits.boundBy.' + l.monthlyBoundBy));
      $('limit-suggestion').textContent = l.suggestion.plan
        ? t('legal.limits.suggestion', { plan: t('plan.' + l.suggestion.plan), lifts: l.suggestion.lifts.map((x) => t('legal.limits.lift.' + x)).join('、') })
        : '';
    }

    function renderNotice(me) {
      const notice = $('lawyer-notice');
      const text =
        me.status === 'pending'
          ? t('legal.lawyer.pending')
          : me.status === 'rejected'
            ? t('legal.lawyer.rejected', { reason: me.certification.rejectionReason })
            : me.suspension.suspendedUntil
              ? t('legal.lawyer.suspended', { count: me.suspension.declinesLast7Days, until: new Date(me.suspension.suspendedUntil).toLocaleString() })
              : '';
      notice.textContent = text;
      notice.hidden = !text;
      $('reupload').hidden = me.status !== 'rejected';
    }

    function caseActions(c) {
      const status = $('cases-status');
      const button = (key, path, body) =>
        el('button', { type: 'button', text: t(key), 'aria-label': t(key) + ' ' + c.caseId, onclick: () => act('/api/legal/cases/' + c.caseId + '/' + path, body, status) });
      if (c.status === 'offered') return [button('legal.cases.accept', 'accept'), ' ', button('legal.cases.decline', 'decline', {})];
      const recovery = c.caseType === 'debt_collection' && (c.status === 'assigned' || c.status === 'completed') && window.L.openRecovery
        ? [' ', el('button', { type: 'button', text: t('recovery.open'), 'aria-label': t('recovery.open') + ' ' + c.caseId, onclick: (e) => window.L.openRecovery(c, call, load, e.currentTarget).catch((err) => say(status, errorText(err), 'error')) })]
        : [];
      if (c.status === 'assigned')
        return [button('legal.cases.complete.success', 'complete', { outcome: 'success' }), ' ', button('legal.cases.complete.fail', 'complete', { outcome: 'fail' }), ...recovery];
      return [c.outcome ? t('legal.outcome.' + c.outcome) + (c.stars ? ' · ' + c.stars + '★' : '') : '', ...recovery];
    }

    async function load() {
      const me = await call('GET', '/api/legal/lawyers/me');
      let caseItems = [];
      $('lawyer-name').textContent = me.certification.lawyerName;
      renderNotice(me);
      renderMembership(me);
      renderLevel(me);
      const cases = await call('GET', '/api/legal/lawyers/me/cases?pageSize=100');
      caseItems = cases.items;
      rows($('lawyer-cases-rows'), cases.items, [
        { class: 'name', value: (c) => c.description },
        (c) => t('caseType.' + c.caseType) + ' · ' + t('area.' + c.practiceArea),
        { class: 'num', value: (c) => fen(c.amountFen) },
        (c) => [badge('legal.caseStatus', c.status), ...(c.slaBreachedAt ? [' ', el('span', { class: 'sla-late', text: t('legal.cases.slaBreached', { due: time(c.slaDueAt, true) }) })] : [])],
        (c) => (c.status === 'offered' ? time(c.expiresAt, true) : ''),
        caseActions,
      ], { empty: t('legal.cases.empty') });
      const points = await call('GET', '/api/legal/lawyers/me/points?pageSize=50');
      rows($('points-rows'), points.items, [
        (p) => time(p.at, true),
        (p) => t('action.' + p.action),
        { class: 'num', value: (p) => String(p.base) },
        { class: 'num', value: (p) => '×' + p.multiplier },
        { class: 'num', value: (p) => el('span', { class: p.result < 0 ? 'negative' : 'positive', text: (p.result > 0 ? '+' : '') + p.result }) },
        { class: 'num', value: (p) => String(p.balanceAfter) },
      ], { empty: t('legal.points.empty') });
      // lawyer-tools.js fills the tools from the same read.
      document.dispatchEvent(new CustomEvent('legal:lawyer', { detail: { me, cases: caseItems, token, demo } }));
    }

    document.addEventListener('legal:reload', () => load().catch((err) => say($('workspace-status'), errorText(err), 'error')));
    lawyerForm($('identity-lawyer-form'), token, () => load());
    $('refresh').addEventListener('click', () => load().catch((err) => say($('workspace-status'), errorText(err), 'error')));
    load().catch((err) => say($('workspace-status'), errorText(err), 'error'));
  });
})();
`;

/** /static/legal/user.js: the marketplace user's workspace. */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const USER_JS = String.raw`'use strict';
(() => {
  const K = window.Keel;
  const { $, t, el, rows, say, errorText, forms } = K;
  const { api, fen, workspace, badge } = window.L;

  workspace('user', ({ token }) => {
    const call = (method, path, body) => api(method, path, body, token);
    const status = $('tasks-status');
    let timer = null;

    function review(c) {
      if (c.stars) return t('legal.userCases.reviewed', { stars: c.stars });
      if (c.status !== 'completed') return '';
      const id = 'stars-' + c.id;
      const select = el('select', { id }, ...[5, 4, 3, 2, 1].map((n) => el('option', { value: String(n), text: n + '★' })));
      return el('span', { class: 'inline' },
        el('label', { for: id, text: t('legal.userCases.stars') }),
        select,
        el('button', {
          type: 'button',
          text: t('legal.userCases.review'),
          onclick: async () => {
            try {
              await call('POST', '/api/legal/cases/' + c.id + '/review', { stars: Number(select.value) });
              await load();
            } catch (err) {
              say(status, errorText(err), 'error');
            }
          },
        }));
    }

    function state(c) {
      const parts = [badge('legal.clientStatus', c.status)];
      if (c.status === 'dispatching' && c.dispatchState) parts.push(' ' + t('legal.dispatch.' + c.dispatchState));
      if (c.status === 'awaiting_payment') parts.push(' ' + c.orderId);
      if (c.outcome) parts.push(' ' + t('legal.outcome.' + c.outcome));
      return parts;
    }

    async function load() {
      const me = await call('GET', '/api/legal/users/me');
      $('user-name').textContent = me.name;
      const list = await call('GET', '/api/legal/tasks?pageSize=100');
      rows($('user-cases-rows'), list.items, [
        { class: 'name', value: (c) => t('caseType.' + c.caseType) + ' · ' + t('area.' + c.practiceArea) + ' · ' + fen(c.amountFen) + ' — ' + c.description },
        { class: 'num', value: (c) => fen(c.serviceFeeFen) },
        state,
        (c) => (c.lawyer ? c.lawyer.name + '（' + c.lawyer.lawFirm + '）' : ''),
        review,
      ], { empty: t('legal.userCases.empty') });
      // Payment and dispatch happen elsewhere: while either is under way the page looks again now and then.
      clearTimeout(timer);
      if (list.items.some((c) => c.status === 'awaiting_payment' || c.status === 'dispatching')) timer = setTimeout(() => load().catch(() => {}), 3000);
    }

    const form = $('task-form');
    forms.onSubmit(form, t('legal.task.busy'), async (values) => {
      const yuan = Number(values.amountFen);
      const answer = await call('POST', '/api/legal/tasks', {
        caseType: values.caseType,
        practiceArea: values.practiceArea,
        amountFen: values.amountFen === undefined || Number.isNaN(yuan) ? values.amountFen : Math.round(yuan * 100),
        description: values.description || '',
      });
      form.reset();
      forms.say(form, t('legal.task.published', { fee: fen(answer.order.amountFen), id: answer.order.id }));
      await load();
    });
    $('refresh').addEventListener('click', () => load().catch((err) => say(status, errorText(err), 'error')));
    load().catch((err) => say(status, errorText(err), 'error'));
  });
})();
`;
