/**
 * /static/console/companies.js: the platform console's first page. Logged out it shows the admin login;
 * logged in, the company list (search, pages) from GET /api/admin/companies and the create form
 * posting to POST /api/admin/companies. Uses `window.Keel` from core.js.
 */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const COMPANIES_JS = String.raw`'use strict';
(() => {
  const { $, t, session, api, forms, el, time, badge, rows, pager, listQuery, filter, busy } = window.Keel;
  const loginView = $('login-view');
  const appView = $('companies-view');
  const loginForm = $('login-form');
  const createForm = $('create-form');
  const state = { page: 1, pageSize: 20, q: '' };

  /** Shows the list (logged in) or the login form, and moves focus to its heading when asked. */
  function show(loggedIn, focus) {
    loginView.hidden = loggedIn;
    appView.hidden = !loggedIn;
    if (loggedIn) load();
    if (focus) $(loggedIn ? 'companies-title' : 'login-title').focus();
  }

  document.addEventListener('keel:session', (event) => {
    if (session.get()) return;
    show(false, false);
    forms.clear(loginForm);
    const message = { logout: 'session.loggedOut', expired: 'session.expired' }[event.detail.reason];
    if (message) forms.say(loginForm, t(message));
    $('login-username').focus();
  });

  forms.onSubmit(loginForm, t('login.busy'), async (values) => {
    const answer = await api('POST', '/api/admin/login', { username: values.username || '', password: values.password || '' });
    session.set({ token: answer.token, expiresAt: answer.expiresAt, username: answer.admin.username, role: answer.admin.role });
    loginForm.reset();
    show(true, true);
  });


  const renderPager = pager({ summary: 'companies-summary', prev: 'page-prev', next: 'page-next' }, 'companies.summary', state, () => load());

  const load = () =>
    busy($('companies-table'), $('companies-summary'), async () => {
      const list = await api('GET', '/api/admin/companies?' + listQuery(state));
      rows(
        $('companies-rows'),
        list.items,
        [
          { class: 'code', value: (company) => company.code },
          { class: 'name', value: (company) => el('a', { href: '/company?id=' + encodeURIComponent(company.id), text: company.name }) },
          (company) => t('plan.' + company.plan),
          (company) => badge(company.subscriptionStatus, t('status.' + company.subscriptionStatus)),
          (company) => time(company.createdAt, true),
        ],
        { empty: t('companies.empty') },
      );
      renderPager(list);
    });

  filter($('search-form'), state, load);


  forms.onSubmit(createForm, t('create.busy'), async (values) => {
    const company = await api('POST', '/api/admin/companies', values);
    createForm.reset();
    forms.say(createForm, t('create.done', { name: company.name, code: company.code }));
    state.page = 1;
    await load();
  });

  show(!!session.get(), false);
})();
`;
