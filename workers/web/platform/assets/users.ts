/**
 * /static/platform/users.js: users with search and pages, one user's companies (grant, disable,
 * make primary — the membership scenarios of SPEC A4 by hand) and the create form.
 */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const USERS_JS = String.raw`'use strict';
(() => {
  const { $, t, api, ApiError, errorText, say, el, forms, listQuery, filter, confirm } = window.Keel;
  const { badge, rows, pager } = window.P;
  const state = { page: 1, pageSize: 20, q: '' };
  let current = null;

  const renderPager = pager('users', state, () => load());

  async function load() {
    const list = await api('GET', '/api/admin/users?' + listQuery(state));
    rows($('users-rows'), list.items, [
      (u) => el('span', { class: 'code', text: u.username }),
      (u) => u.name,
      (u) => u.email,
      (u) => badge('account', u.status, t('account.' + u.status)),
      (u) => el('button', { type: 'button', 'data-user': u.id, text: t('users.open'), 'aria-label': t('users.open') + ' ' + u.username, onclick: () => open(u.id, true) }),
    ]);
    renderPager(list);
  }

  async function open(id, focus) {
    const user = await api('GET', '/api/admin/users/' + id);
    current = user;
    $('user-detail').hidden = false;
    $('user-detail-title').textContent = t('users.detail') + ' · ' + user.username;
    $('user-summary').replaceChildren(
      user.name + ' · ' + user.email + ' · ',
      badge('account', user.status, t('account.' + user.status)),
    );
    rows($('memberships-rows'), user.companies, [
      (m) => el('a', { href: '/company?id=' + encodeURIComponent(m.companyId), text: m.name + ' (' + m.code + ')' }),
      (m) => t('role.' + m.role),
      (m) => badge('membership', m.status, t('membership.' + m.status)),
      (m) => (m.isPrimary ? t('users.primary') : ''),
      (m) => {
        const actions = el('div', { class: 'actions' });
        if (m.status === 'active') {
          const disable = async () => {
            const question = t('users.confirmDisable', { username: user.username, company: m.name });
            if (await confirm(question, t('users.disableMembership'))) act('DELETE', '/api/admin/users/' + user.id + '/companies/' + m.companyId);
          };
          actions.append(el('button', { type: 'button', text: t('users.disable'), 'aria-label': t('users.disable') + ' ' + m.name, onclick: disable }));
          if (!m.isPrimary)
            actions.append(el('button', { type: 'button', text: t('users.makePrimary'), 'aria-label': t('users.makePrimary') + ' ' + m.name, onclick: () => act('POST', '/api/admin/users/' + user.id + '/companies', { companyId: m.companyId, isPrimary: true }) }));
        } else {
          actions.append(el('button', { type: 'button', text: t('users.enable'), 'aria-label': t('users.enable') + ' ' + m.name, onclick: () => act('POST', '/api/admin/users/' + user.id + '/companies', { companyId: m.companyId }) }));
        }
        return actions;
      },
    ]);
    if (focus) $('user-detail-title').focus();
  }

  async function act(method, path, body) {
    const status = $('membership-status');
    say(status, t('loading'));
    try {
      const user = await api(method, path, body);
      await open(user.id, false);
      say(status, t('users.changed', { username: user.username }));
      await load();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      say(status, errorText(err), 'error');
    }
  }

  forms.onSubmit($('grant-form'), null, async (values) => {
    if (!current) return;
    const target = values.companyId || '';
    let companyId = target;
    if (!/^cmp_/.test(target)) {
      const found = await api('GET', '/api/admin/companies?q=' + encodeURIComponent(target) + '&pageSize=50');
      const match = found.items.find((c) => c.code === target);
      if (match) companyId = match.id;
    }
    const user = await api('POST', '/api/admin/users/' + current.id + '/companies', { companyId, role: values.role });
    $('grant-form').reset();
    await open(user.id, false);
    forms.say($('grant-form'), t('users.changed', { username: user.username }));
  });

  forms.onSubmit($('user-create'), null, async (values) => {
    const user = await api('POST', '/api/admin/users', values);
    $('user-create').reset();
    forms.say($('user-create'), t('users.created', { username: user.username }));
    state.page = 1;
    await load();
    await open(user.id, false);
  });

  filter($('users-search'), state, load);

  window.P.requireAdmin(() => {
    load();
    const wanted = new URLSearchParams(location.search).get('id');
    if (wanted)
      open(wanted, false).catch((err) => {
        if (!(err instanceof ApiError)) throw err;
        $('user-detail').hidden = false;
        say($('membership-status'), errorText(err), 'error');
      });
  });
})();
`;
