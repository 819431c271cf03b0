/**
 * /static/platform/oauth.js: finishes a third-party sign-in in the browser (SPEC A5). The callback's
 * answer is in `#oauth-answer`: a bound account signs in and goes on to /login; a first login offers to
 * bind an existing account (its password proves it) or to create a new one; a refusal says why.
 */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const OAUTH_JS = String.raw`'use strict';
(() => {
  const { $, t, user: session, api, ApiError, errorText, say, forms } = window.Keel;
  const answer = JSON.parse($('oauth-answer').dataset.answer || '{}');
  const message = $('oauth-message');
  const provider = answer.provider ? t('oauth.provider.' + answer.provider) : '';

  function signIn(login) {
    session.signIn(login);
    say(message, t('oauth.signedIn', { provider }));
    location.href = '/login';
  }

  if (answer.error) {
    say(message, t('oauth.failed', { reason: errorText(new ApiError(answer.status || 400, answer)) }), 'error');
  } else if (answer.status === 'logged_in') {
    signIn(answer);
  } else if (answer.status === 'bound') {
    say(message, t('oauth.bound', { provider }));
    // Bound from the account page: the way back leads there.
    $('oauth-back').href = '/account';
    $('oauth-back').textContent = t('oauth.backToAccount');
  } else if (answer.status === 'unbound') {
    const minutes = Math.max(1, Math.round((Date.parse(answer.expiresAt) - Date.now()) / 60000));
    say(message, t('oauth.unbound', { provider, nickname: answer.profile.nickname || '—', minutes }));
    $('oauth-unbound').hidden = false;

    forms.onSubmit($('bind-form'), null, async (values) => {
      const login = await api('POST', '/api/auth/oauth-tickets/bind-existing',
        { ticket: answer.ticket, username: values.username, password: values.password }, { token: null });
      signIn(login);
    });

    forms.onSubmit($('create-form'), null, async (values) => {
      const created = await api('POST', '/api/auth/oauth-tickets/create-account',
        Object.assign({ ticket: answer.ticket }, values), { token: null });
      $('oauth-unbound').hidden = true;
      say(message, t('oauth.created', { username: created.user.username, provider }));
      $('oauth-title').focus();
    });
  }
  $('oauth-title').focus();
})();
`;
