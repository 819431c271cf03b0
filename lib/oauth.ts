import { AppError } from './errors';

/**
 * Third-party login (SPEC A5): the authorization code flows of DingTalk, WeChat and Feishu, with the
 * endpoints and parameters each provider documents. The worker redirects the browser to `authorizeUrl`,
 * the provider sends it back to our callback with a code and our `state`, and `fetchProfile` trades
 * the code for the provider's account id.
 */
export const OAUTH_PROVIDERS = ['dingtalk', 'wechat', 'feishu'] as const;
export type OAuthProviderId = (typeof OAUTH_PROVIDERS)[number];

export interface OAuthAppConfig {
  clientId: string;
  clientSecret: string;
  /**
   * Where the provider's server-to-server APIs are reached instead of their own host: `{apiOrigin}/{host}/…`
   * (a provider's sandbox, or a local fake in the browser tests). Unset in production.
   */
  apiOrigin?: string;
}

export interface ProviderProfile {
  /** The provider's id of the person within our app (DingTalk openId, WeChat openid, Feishu open_id). */
  openId: string;
  unionId: string | null;
  nickname: string | null;
  avatarUrl: string | null;
  email: string | null;
}

export interface OAuthProvider {
  id: OAuthProviderId;
  label: string;
  authorizeUrl(app: OAuthAppConfig, redirectUri: string, state: string): string;
  /** The authorization code in the callback's query (DingTalk calls it `authCode`). */
  codeFrom(query: URLSearchParams): string | null;
  fetchProfile(app: OAuthAppConfig, code: string, redirectUri: string): Promise<ProviderProfile>;
}

export interface OAuthEnv {
  DINGTALK_CLIENT_ID?: string;
  DINGTALK_CLIENT_SECRET?: string;
  WECHAT_APP_ID?: string;
  WECHAT_APP_SECRET?: string;
  FEISHU_APP_ID?: string;
  FEISHU_APP_SECRET?: string;
  OAUTH_API_ORIGIN?: string;
}

export const OAUTH_HTTP_TIMEOUT_MS = 8_000;

/** The app id and secret of a provider, or a 503 naming the variables to set. */
export function appConfig(env: OAuthEnv, provider: OAuthProviderId): OAuthAppConfig {
  const [idVar, secretVar] = {
    dingtalk: ['DINGTALK_CLIENT_ID', 'DINGTALK_CLIENT_SECRET'],
    wechat: ['WECHAT_APP_ID', 'WECHAT_APP_SECRET'],
    feishu: ['FEISHU_APP_ID', 'FEISHU_APP_SECRET'],
  }[provider] as [keyof OAuthEnv, keyof OAuthEnv];
  const clientId = env[idVar];
  const clientSecret = env[secretVar];
  if (!clientId || !clientSecret) {
    throw new AppError(
      503,
      'OAUTH_PROVIDER_NOT_CONFIGURED',
      `${provider} login is not configured: set ${idVar} and ${secretVar}`,
      { provider, variables: [idVar, secretVar] },
    );
  }
  return env.OAUTH_API_ORIGIN
    ? { clientId, clientSecret, apiOrigin: env.OAUTH_API_ORIGIN.replace(/\/+$/, '') }
    : { clientId, clientSecret };
}

const providerError = (provider: OAuthProviderId, step: string, detail: unknown) =>
  new AppError(502, 'OAUTH_PROVIDER_ERROR', `${provider} refused the ${step}`, { provider, step, detail });

async function call(
  app: OAuthAppConfig,
  provider: OAuthProviderId,
  step: string,
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  let res: Response;
  try {
    res = await fetch(app.apiOrigin ? `${app.apiOrigin}/${url.replace(/^https:\/\//, '')}` : url, {
      ...init,
      signal: AbortSignal.timeout(OAUTH_HTTP_TIMEOUT_MS),
    });
  } catch (err) {
    throw providerError(provider, step, String(err instanceof Error ? err.message : err));
  }
  const text = await res.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw providerError(provider, step, { status: res.status, body: text.slice(0, 200) });
  }
  return { status: res.status, body };
}

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);

export const dingtalk: OAuthProvider = {
  id: 'dingtalk',
  label: '钉钉 DingTalk',
  authorizeUrl(app, redirectUri, state) {
    const url = new URL('https://login.dingtalk.com/oauth2/auth');
    url.search = new URLSearchParams({
      redirect_uri: redirectUri,
      response_type: 'code',
      client_id: app.clientId,
      scope: 'openid',
      state,
      prompt: 'consent',
    }).toString();
    return url.toString();
  },
  codeFrom: (q) => q.get('authCode') ?? q.get('code'),
  async fetchProfile(app, code) {
    const token = await call(
      app,
      'dingtalk',
      'token exchange',
      'https://api.dingtalk.com/v1.0/oauth2/userAccessToken',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          clientId: app.clientId,
          clientSecret: app.clientSecret,
          code,
          grantType: 'authorization_code',
        }),
      },
    );
    const accessToken = str(token.body.accessToken);
    if (token.status !== 200 || !accessToken) throw providerError('dingtalk', 'token exchange', token.body);
    const me = await call(app, 'dingtalk', 'profile', 'https://api.dingtalk.com/v1.0/contact/users/me', {
      headers: { 'x-acs-dingtalk-access-token': accessToken },
    });
    const openId = str(me.body.openId);
    if (me.status !== 200 || !openId) throw providerError('dingtalk', 'profile', me.body);
    return {
      openId,
      unionId: str(me.body.unionId),
      nickname: str(me.body.nick),
      avatarUrl: str(me.body.avatarUrl),
      email: str(me.body.email),
    };
  },
};

export const wechat: OAuthProvider = {
  id: 'wechat',
  label: '微信 WeChat',
  authorizeUrl(app, redirectUri, state) {
    const url = new URL('https://open.weixin.qq.com/connect/qrconnect');
    url.search = new URLSearchParams({
      appid: app.clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'snsapi_login',
      state,
    }).toString();
    url.hash = 'wechat_redirect';
    return url.toString();
  },
  codeFrom: (q) => q.get('code'),
  async fetchProfile(app, code) {
    // WeChat answers errors with HTTP 200 and an `errcode`.
    const tokenUrl = new URL('https://api.weixin.qq.com/sns/oauth2/access_token');
    tokenUrl.search = new URLSearchParams({
      appid: app.clientId,
      secret: app.clientSecret,
      code,
      grant_type: 'authorization_code',
    }).toString();
    const token = await call(app, 'wechat', 'token exchange', tokenUrl.toString());
    const accessToken = str(token.body.access_token);
    const openid = str(token.body.openid);
    if (token.body.errcode || !accessToken || !openid)
      throw providerError('wechat', 'token exchange', token.body);
    const infoUrl = new URL('https://api.weixin.qq.com/sns/userinfo');
    infoUrl.search = new URLSearchParams({ access_token: accessToken, openid }).toString();
    const info = await call(app, 'wechat', 'profile', infoUrl.toString());
    if (info.body.errcode) throw providerError('wechat', 'profile', info.body);
    return {
      openId: openid,
      unionId: str(info.body.unionid) ?? str(token.body.unionid),
      nickname: str(info.body.nickname),
      avatarUrl: str(info.body.headimgurl),
      email: null,
    };
  },
};

export const feishu: OAuthProvider = {
  id: 'feishu',
  label: '飞书 Feishu',
  authorizeUrl(app, redirectUri, state) {
    const url = new URL('https://accounts.feishu.cn/open-apis/authen/v1/authorize');
    url.search = new URLSearchParams({
      client_id: app.clientId,
      response_type: 'code',
      redirect_uri: redirectUri,
      state,
    }).toString();
    return url.toString();
  },
  codeFrom: (q) => q.get('code'),
  async fetchProfile(app, code, redirectUri) {
    const token = await call(
      app,
      'feishu',
      'token exchange',
      'https://open.feishu.cn/open-apis/authen/v2/oauth/token',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({
          grant_type: 'authorization_code',
          client_id: app.clientId,
          client_secret: app.clientSecret,
          code,
          redirect_uri: redirectUri,
        }),
      },
    );
    const accessToken = str(token.body.access_token);
    if (token.body.code !== 0 || !accessToken) throw providerError('feishu', 'token exchange', token.body);
    const info = await call(
      app,
      'feishu',
      'profile',
      'https://open.feishu.cn/open-apis/authen/v1/user_info',
      {
        headers: { authorization: `Bearer ${accessToken}` },
      },
    );
    const data = (info.body.data ?? {}) as Record<string, unknown>;
    const openId = str(data.open_id);
    if (info.body.code !== 0 || !openId) throw providerError('feishu', 'profile', info.body);
    return {
      openId,
      unionId: str(data.union_id),
      nickname: str(data.name),
      avatarUrl: str(data.avatar_url),
      email: str(data.email) ?? str(data.enterprise_email),
    };
  },
};

export const PROVIDERS: Record<OAuthProviderId, OAuthProvider> = { dingtalk, wechat, feishu };
