/**
 * /static/companies.js: the platform console's first page. Logged out it shows the admin login;
 * logged in, the company list (search, pages) from GET /api/admin/companies and the create form
 * posting to POST /api/admin/companies. Uses `window.Keel` from core.js.
 */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const COMPANIES_JS = String.raw`'use strict';
(() => {
  const { t, lang, session, api, errorText, forms } = window.Keel;
  const $ = (id) => document.getElementById(id);
  const loginView = $('login-view');
  const appView = $('companies-view');
  const loginForm = $('login-form');
  const createForm = $('create-form');
  const state = { page: 1, pageSize: 20, q: '' };
  const dateFormat = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });

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

  // ---- the list ----

  const tbody = $('companies-rows');
  const summary = $('companies-summary');

  async function load() {
    const table = $('companies-table');
    table.setAttribute('aria-busy', 'true');
    summary.textContent = t('companies.loading');
    const query = new URLSearchParams({ page: String(state.page), pageSize: String(state.pageSize) });
    if (state.q) query.set('q', state.q);
    try {
      const list = await api('GET', '/api/admin/companies?' + query);
      render(list);
    } catch (err) {
      if (!(err instanceof Keel.ApiError)) throw err;
      summary.textContent = errorText(err);
    } finally {
      table.removeAttribute('aria-busy');
    }
  }

  function cell(row, text, className) {
    const td = row.insertCell();
    if (className) td.className = className;
    if (text instanceof Node) td.append(text);
    else td.textContent = text;
    return td;
  }

  function render(list) {
    const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
    tbody.replaceChildren();
    for (const company of list.items) {
      const row = tbody.insertRow();
      cell(row, company.code, 'code');
      cell(row, company.name, 'name');
      cell(row, t('plan.' + company.plan));
      const badge = document.createElement('span');
      badge.className = 'badge badge-' + company.subscriptionStatus;
      badge.textContent = t('status.' + company.subscriptionStatus);
      cell(row, badge);
      const time = document.createElement('time');
      time.dateTime = company.createdAt;
      time.textContent = dateFormat.format(new Date(company.createdAt));
      cell(row, time);
    }
    if (!list.items.length) {
      const td = cell(tbody.insertRow(), t('companies.empty'));
      td.colSpan = 5;
    }
    summary.textContent = t('companies.summary', { total: list.total, page: list.page, pages });
    $('page-prev').disabled = list.page <= 1;
    $('page-next').disabled = list.page >= pages;
  }

  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    state.q = $('search-q').value.trim();
    state.page = 1;
    load();
  });
  $('page-prev').addEventListener('click', () => {
    state.page = Math.max(1, state.page - 1);
    load();
  });
  $('page-next').addEventListener('click', () => {
    state.page += 1;
    load();
  });

  // ---- create ----

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
