/**
 * /static/platform/onboarding.js: the 4-step onboarding wizard (seed Phase 3) on /onboarding?token=…:
 * 1 verify the link, 2 create the administrator (username checked as typed), 3 departments and roles
 * (optional), 4 complete. Each step is one call of /api/onboarding/*; a reload resumes at the right step.
 */
export const ONBOARDING_JS = String.raw`'use strict';
(() => {
  const { $, t, api, ApiError, errorText, forms } = window.Keel;
  const token = new URLSearchParams(location.search).get('token') || '';
  const status = $('wizard-status');
  const views = { 1: 'view-verify', 2: 'view-admin', 3: 'view-basic', 4: 'view-complete', 5: 'view-done' };
  const names = { 1: t('wizard.step1'), 2: t('wizard.step2'), 3: t('wizard.step3'), 4: t('wizard.step4'), 5: t('wizard.step4') };
  const stepOf = { 'create-admin': 2, 'init-basic-data': 3, complete: 4 };
  let company = null;

  const say = (text, kind) => window.Keel.say(status, text, kind);

  function go(step, focus) {
    for (const [n, id] of Object.entries(views)) $(id).hidden = Number(n) !== step;
    for (const li of document.querySelectorAll('.steps li')) {
      const n = Number(li.dataset.step);
      if (n === Math.min(step, 4)) li.setAttribute('aria-current', 'step');
      else li.removeAttribute('aria-current');
      li.classList.toggle('done', n < step || step === 5);
    }
    $('step-heading').textContent = t('wizard.stepOf', { n: Math.min(step, 4), name: names[step] });
    if (focus !== false) $('step-heading').focus();
  }

  async function verify() {
    if (!token) {
      go(1, false);
      $('verify-continue').hidden = true;
      say(t('wizard.noToken'), 'error');
      return;
    }
    go(1, false);
    say(t('wizard.verifying'));
    try {
      const state = await api('POST', '/api/onboarding/verify-token', { token }, { token: null });
      company = state.company;
      say('');
      $('wizard-company').textContent = t('wizard.company', { name: company.name, code: company.code });
      $('verify-continue').onclick = () => go(stepOf[state.nextStep] || 2);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      $('verify-continue').hidden = true;
      say(errorText(err), 'error');
    }
  }

  const usernameInput = $('admin-username');
  const usernameCheck = $('username-check');
  usernameInput.addEventListener('change', async () => {
    const username = usernameInput.value.trim();
    if (!username) { usernameCheck.textContent = ''; return; }
    try {
      const answer = await api('POST', '/api/onboarding/check-username', { token, username }, { token: null });
      usernameCheck.textContent = answer.available
        ? t('wizard.usernameFree', { username: answer.username })
        : t('wizard.usernameTaken', { username: answer.username, reason: answer.reason });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      usernameCheck.textContent = errorText(err);
    }
  });

  let adminUsername = '';
  forms.onSubmit($('view-admin'), null, async (values) => {
    const created = await api('POST', '/api/onboarding/create-admin', { token, ...values }, { token: null });
    adminUsername = created.username;
    go(3);
  });

  const lines = (text) => (text || '').split('\n').map((s) => s.trim()).filter(Boolean);
  forms.onSubmit($('view-basic'), null, async (values) => {
    await api('POST', '/api/onboarding/init-basic-data', { token, departments: lines(values.departments), roles: lines(values.roles) }, { token: null });
    go(4);
  });
  $('basic-skip').addEventListener('click', () => go(4));

  forms.onSubmit($('view-complete'), null, async () => {
    const done = await api('POST', '/api/onboarding/complete', { token }, { token: null });
    $('done-text').textContent = t('wizard.done', { name: company ? company.name : done.code });
    $('done-login').textContent = t('wizard.loginAs', { username: done.adminUsername || adminUsername });
    $('done-link').href = '/login?company=' + encodeURIComponent(done.code);
    say('');
    go(5);
  });

  verify();
})();
`;
