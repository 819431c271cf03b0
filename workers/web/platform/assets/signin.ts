/**
 * /static/platform/signin.js: a user signs in (SPEC A4): the answer lists the active companies, primary
 * first; the user switches the current company and sees it with its plan, usage and quotas.
 */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const SIGNIN_JS = String.raw`'use strict';
(() => {
  const { $, t, user: session, api, ApiError, errorText, say, forms, credentials, el } = window.Keel;

  async function home(focus) {
    const s = session.get();
    $('signin-view').hidden = !!s;
    $('home-view').hidden = !s;
    if (!s) return;
    $('home-title').textContent = s.username;
    const mine = await api('GET', '/api/users/companies', undefined, { token: s.token });
    const list = $('home-companies');
    list.replaceChildren();
    const current = mine.items.find((c) => c.id === mine.currentCompanyId) || mine.items[0];
    for (const company of mine.items) {
      const item = el('li', {}, company.name + ' (' + company.code + ')' + (company.isPrimary ? ' · ★' : ''));
      if (current && company.id === current.id) item.append(' · ' + t('signin.current'));
      else
        item.append(' ', el('button', { type: 'button', text: t('signin.switch'), 'aria-label': t('signin.switch') + ' ' + company.name, onclick: () => switchTo(company) }));
      list.append(item);
    }
    if (current) {
      const tenant = await api('GET', '/t/' + encodeURIComponent(current.code) + '/api/tenant', undefined, { token: s.token });
      $('home-tenant').textContent = t('signin.tenant', { name: tenant.name, plan: tenant.plan, status: tenant.subscriptionStatus }) +
        ' · ' + t('metric.users') + ' ' + tenant.usage.users + '/' + (tenant.quotas.users === null ? '∞' : tenant.quotas.users);
    }
    if (focus) $('home-title').focus();
  }

  async function switchTo(company) {
    const s = session.get();
    const status = $('home-status');
    try {
      await api('POST', '/api/users/switch-company', { companyId: company.id }, { token: s.token });
      await home(false);
      say(status, t('signin.switched', { name: company.name }));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      say(status, errorText(err), 'error');
    }
  }

  forms.onSubmit($('signin-form'), null, async (values) => {
    const answer = await api('POST', '/api/auth/login', credentials(values), { token: null });
    session.set({ token: answer.token, expiresAt: answer.expiresAt, username: answer.user.username, kind: 'user' });
    $('signin-form').reset();
    await home(true);
  });

  $('home-logout').addEventListener('click', () => {
    session.clear();
    home(false);
    $('signin-title').focus();
  });

  home(false);
})();
`;
