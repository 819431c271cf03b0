/** /static/platform/mail.js: the mail outbox (SPEC G5) — what was sent, what waits, what failed. */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const MAIL_JS = String.raw`'use strict';
(() => {
  const { $, t, api, ApiError, errorText, say, el, time, listQuery, filter } = window.Keel;
  const { badge, rows, pager } = window.P;
  const state = { page: 1, pageSize: 20, to: '' };
  const statusLine = $('mail-status-line');
  const renderPager = pager('mail', state, () => load());

  async function load() {
    const list = await api('GET', '/api/admin/mail?' + listQuery(state));
    rows($('mail-rows'), list.items, [
      (m) => time(m.createdAt, true),
      (m) => m.to,
      (m) => {
        const details = el('details', {}, el('summary', { text: m.subject }), el('pre', { class: 'mail-text', text: m.text }));
        return details;
      },
      (m) => badge('mail', m.status, t('mail.' + m.status) + (m.lastError ? ' · ' + m.lastError : '')),
      (m) => m.provider,
      (m) =>
        m.status === 'sent'
          ? ''
          : el('button', { type: 'button', text: t('mail.retry'), onclick: () => retry(m) }),
    ]);
    renderPager(list);
  }

  async function retry(m) {
    try {
      await api('POST', '/api/admin/mail/' + m.id + '/retry');
      await load();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      say(statusLine, errorText(err), 'error');
    }
  }

  filter($('mail-filter'), state, load);

  window.P.requireAdmin(load);
})();
`;
