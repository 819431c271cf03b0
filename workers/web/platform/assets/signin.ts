/**
 * /static/platform/signin.js: a user signs in (SPEC A4): the answer lists the active companies, primary
 * first; the user switches the current company and sees it with its plan, usage and quotas.
 */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const SIGNIN_JS = String.raw`'use strict';
(() => {
  const { t, call, errorText, el, forms } = window.P;
  const $ = (id) => document.getElementById(id);
  const KEY = 'keel.user';
  const session = {
    get() {
      try {
        const s = JSON.parse(sessionStorage.getItem(KEY) || 'null');
        return s && Date.parse(s.expiresAt) > Date.now() ? s : null;
      } catch {
        return null;
      }
    },
    set(s) { sessionStorage.setItem(KEY, JSON.stringify(s)); },
    clear() { sessionStorage.removeItem(KEY); },
  };

  async function home(focus) {
    const s = session.get();
    $('signin-view').hidden = !!s;
    $('home-view').hidden = !s;
    if (!s) return;
    $('home-title').textContent = s.username;
    const mine = await call('GET', '/api/users/companies', undefined, s.token);
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
      const tenant = await call('GET', '/t/' + encodeURIComponent(current.code) + '/api/tenant', undefined, s.token);
      $('home-tenant').textContent = t('signin.tenant', { name: tenant.name, plan: tenant.plan, status: tenant.subscriptionStatus }) +
        ' · ' + t('metric.users') + ' ' + tenant.usage.users + '/' + (tenant.quotas.users === null ? '∞' : tenant.quotas.users);
    }
    if (focus) $('home-title').focus();
  }

  async function switchTo(company) {
    const s = session.get();
    const status = $('home-status');
    try {
      await call('POST', '/api/users/switch-company', { companyId: company.id }, s.token);
      await home(false);
      status.dataset.kind = 'info';
      status.textContent = t('signin.switched', { name: company.name });
    } catch (err) {
      if (!(err instanceof window.P.ApiError)) throw err;
      status.dataset.kind = 'error';
      status.textContent = errorText(err);
    }
  }

  forms.onSubmit($('signin-form'), async (values) => {
    const name = values.username || '';
    const body = name.includes('@') ? { email: name, password: values.password || '' } : { username: name, password: values.password || '' };
    const answer = await call('POST', '/api/auth/login', body, null);
    session.set({ token: answer.token, expiresAt: answer.expiresAt, username: answer.user.username });
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
