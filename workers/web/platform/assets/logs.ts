/** /static/platform/logs.js: the platform operation log, newest first, by action. */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const LOGS_JS = String.raw`'use strict';
(() => {
  const { $, api, el, time, listQuery, filter } = window.Keel;
  const { rows, pager } = window.P;
  const state = { page: 1, pageSize: 50, action: '' };
  const renderPager = pager('logs', state, () => load());

  async function load() {
    const list = await api('GET', '/api/admin/logs?' + listQuery(state));
    rows($('logs-rows'), list.items, [
      (e) => time(e.at, true),
      (e) => e.adminUsername,
      (e) => el('span', { class: 'code', text: e.action }),
      (e) => (e.tenantId ? el('a', { href: '/company?id=' + encodeURIComponent(e.tenantId), text: e.companyCode || e.tenantId }) : ''),
      (e) => el('code', { class: 'detail', text: JSON.stringify(e.detail) }),
      (e) => e.ip,
    ]);
    renderPager(list);
  }

  filter($('logs-filter'), state, load);

  window.P.requireAdmin(load);
})();
`;
