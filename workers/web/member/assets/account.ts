/**
 * /static/member/account.js: `/account`, the signed-in user's third-party sign-in accounts. Each
 * provider is connected (GET /api/auth/oauth-bindings) or not; connecting asks the API where to
 * approve (GET /api/auth/oauth/{provider}/start?mode=bind&format=json) and goes there, the provider
 * sending the browser back to the callback page; disconnecting asks first, then
 * DELETE /api/auth/oauth-bindings/{provider}.
 */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const ACCOUNT_JS = String.raw`'use strict';
(() => {
  const { $, t, ApiError, errorText, say, el, time, badge, rows, confirm } = window.Keel;
  const Member = window.Member;
  const PROVIDERS = ['dingtalk', 'wechat', 'feishu'];
  const status = $('bindings-status');
  const name = (provider) => t('oauth.provider.' + provider);
  // Bindings are the user's own, whatever company a page works in.
  const api = (method, path) => Member.api(method, path, undefined, { tenant: '' });

  async function load() {
    const { items } = await api('GET', '/api/auth/oauth-bindings');
    const bound = new Map(items.map((b) => [b.provider, b]));
    rows($('bindings-rows'), PROVIDERS, [
      (p) => name(p),
      (p) => {
        const b = bound.get(p);
        if (!b) return badge('unbound', t('account.unbound'));
        return badge('bound', b.nickname ? t('account.boundAs', { nickname: b.nickname }) : t('account.bound'));
      },
      (p) => (bound.has(p) ? time(bound.get(p).createdAt, true) : '—'),
      (p) =>
        bound.has(p)
          ? el('button', { type: 'button', 'data-provider': p, text: t('account.unbind'), 'aria-label': t('account.unbindLabel', { provider: name(p) }), onclick: () => unbind(p) })
          : el('button', { type: 'button', 'data-provider': p, text: t('account.bind'), 'aria-label': t('account.bindLabel', { provider: name(p) }), onclick: () => bind(p) }),
    ]);
  }

  async function bind(provider) {
    try {
      const start = await api('GET', '/api/auth/oauth/' + provider + '/start?mode=bind&format=json');
      say(status, t('account.leaving', { provider: name(provider) }));
      location.href = start.authorizeUrl;
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      say(status, errorText(err), 'error');
    }
  }

  async function unbind(provider) {
    if (!(await confirm(t('account.confirmUnbind', { provider: name(provider) }), t('account.unbind')))) return;
    try {
      await api('DELETE', '/api/auth/oauth-bindings/' + provider);
      say(status, t('account.unbindDone', { provider: name(provider) }));
      await load();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      say(status, errorText(err), 'error');
    }
  }

  // Bindings are a user's own: a platform administrator signed in on the console has none here.
  Member.start(
    () =>
      load().catch((err) => {
        if (!(err instanceof ApiError)) throw err;
        say(status, errorText(err), 'error');
      }),
    { membersOnly: true },
  );
})();
`;
