/**
 * /static/platform/logs.js: the platform operation log, newest first, by action; each action and its
 * details in the page's words (P.details), not as the JSON the API keeps them in.
 */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const LOGS_JS = String.raw`'use strict';
(() => {
  const { $, t, api, el, time, listQuery, filter } = window.Keel;
  const { rows, pager, details } = window.P;
  const state = { page: 1, pageSize: 50, action: '' };
  const renderPager = pager('logs', state, () => load());

  async function load() {
    const list = await api('GET', '/api/admin/logs?' + listQuery(state));
    rows($('logs-rows'), list.items, [
      (e) => time(e.at, true),
      (e) => e.adminUsername,
      (e) => {
        const worded = t('log.action.' + e.action);
        return worded === 'log.action.' + e.action ? el('span', { class: 'code', text: e.action }) : el('span', { title: e.action, text: worded });
      },
      (e) => (e.tenantId ? el('a', { href: '/company?id=' + encodeURIComponent(e.tenantId), text: e.companyCode || e.tenantId }) : ''),
      { class: 'name', value: (e) => details(e.detail, 'log.key.') },
      (e) => e.ip,
    ]);
    renderPager(list);
  }

  filter($('logs-filter'), state, load);

  window.P.requireAdmin(load);
})();
`;
