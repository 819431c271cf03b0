/**
 * /static/member/home.js: `/login`. Signed out, the sign-in form (POST /api/auth/login); once signed
 * in it goes back to the page that sent the reader here (`?next=`), else shows the member's home: the
 * current company with its plan and subscription status in words (GET /api/tenant), the modules its
 * plan includes that have pages (links under `/t/{code}`), the member's companies with a switch
 * (POST /api/users/switch-company), and the account links.
 */
export const HOME_JS = String.raw`'use strict';
(() => {
  const { $, t, user, api: keelApi, ApiError, errorText, say, forms, credentials, el, badge } = window.Keel;
  const Member = window.Member;
  const MODULES = JSON.parse($('home-modules').dataset.modules || '[]');
  const status = $('home-status');

  /** A code's words in the page's language, or the code itself when it has none (a plan of the admin's own). */
  const worded = (prefix, code) => (t(prefix + code) === prefix + code ? code : t(prefix + code));

  /** Where ?next= asks to go after signing in: a path of this site only. */
  function next() {
    const wanted = new URLSearchParams(location.search).get('next') || '';
    return /^\/(?!\/)/.test(wanted) ? wanted : '';
  }

  async function showCompany(session) {
    const company = session.company;
    $('company-card').hidden = !company;
    const list = $('home-modules');
    list.replaceChildren();
    if (!company) {
      say(status, t('home.noCompany'), 'error');
      return;
    }
    const tenant = await Member.api('GET', '/api/tenant', undefined, { tenant: company.code });
    $('home-tenant').textContent = tenant.name + ' (' + tenant.code + ')';
    $('home-plan').textContent = worded('plan.', tenant.plan);
    $('home-subscription').replaceChildren(badge('status-' + tenant.subscriptionStatus, worded('status.', tenant.subscriptionStatus)));
    $('home-read-only').hidden = tenant.writable;
    $('home-read-only').textContent = t('home.readOnly', { status: worded('status.', tenant.subscriptionStatus) });
    const prefix = '/t/' + encodeURIComponent(tenant.code);
    for (const m of MODULES.filter((m) => tenant.modules.includes(m.module))) {
      list.append(el('li', { 'data-module': m.key },
        el('a', { href: prefix + m.href, text: t('module.' + m.key) }),
        el('p', { text: t('module.' + m.key + '.about') })));
    }
    if (!list.children.length) list.append(el('li', { text: t('home.noModules') }));
    $('home-invoices').hidden = tenant.membership.role !== 'admin';
  }

  async function showCompanies(session) {
    const mine = await Member.api('GET', '/api/users/companies', undefined, { tenant: '' });
    const list = $('home-companies');
    list.replaceChildren();
    for (const company of mine.items) {
      const item = el('li', {}, company.name + ' (' + company.code + ')');
      if (company.isPrimary) item.append(' · ' + t('home.primary'));
      if (session.company && company.id === session.company.id) item.append(' · ' + t('signin.current'));
      else
        item.append(' ', el('button', {
          type: 'button',
          text: t('signin.switch'),
          'aria-label': t('signin.switch') + ' ' + company.name,
          onclick: () => switchTo(company),
        }));
      list.append(item);
    }
  }

  async function home(focus) {
    const session = user.get();
    $('signin-view').hidden = !!session;
    $('home-view').hidden = !session;
    if (!session) return;
    $('home-title').textContent = t('home.greeting', { username: session.username });
    try {
      await Promise.all([showCompany(session), showCompanies(session)]);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status === 401) return home(false);
      say(status, errorText(err), 'error');
    }
    if (focus) $('home-title').focus();
  }

  async function switchTo(company) {
    try {
      const answer = await Member.api('POST', '/api/users/switch-company', { companyId: company.id }, { tenant: '' });
      Member.setCompany(answer.currentCompany);
      await home(false);
      say(status, t('signin.switched', { name: company.name }));
      $('home-title').focus();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      say(status, errorText(err), 'error');
    }
  }

  forms.onSubmit($('signin-form'), null, async (values) => {
    const answer = await keelApi('POST', '/api/auth/login', credentials(values), { token: null });
    Member.signIn(answer);
    $('signin-form').reset();
    if (next()) location.href = next();
    else await home(true);
  });

  home(false);
})();
`;
