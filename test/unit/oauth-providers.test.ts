import { afterEach, describe, expect, it, vi } from 'vitest';
import { appConfig, dingtalk, feishu, wechat } from '../../lib/oauth';

const app = { clientId: 'app-id', clientSecret: 'app-secret' };
const redirect = 'https://keel.example/api/auth/oauth/x/callback';

afterEach(() => vi.restoreAllMocks());

function fakeFetch(routes: Record<string, (req: Request) => Response>) {
  const seen: Request[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const req = new Request(input as RequestInfo, init);
    seen.push(req.clone());
    const url = new URL(req.url);
    const handler = routes[`${req.method} ${url.origin}${url.pathname}`];
    if (!handler) throw new Error(`unexpected ${req.method} ${req.url}`);
    return handler(req);
  });
  return seen;
}

const jsonResponse = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('provider authorize URLs carry the documented parameters', () => {
  it('DingTalk', () => {
    const url = new URL(dingtalk.authorizeUrl(app, redirect, 'st'));
    expect(`${url.origin}${url.pathname}`).toBe('https://login.dingtalk.com/oauth2/auth');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      redirect_uri: redirect,
      response_type: 'code',
      client_id: 'app-id',
      scope: 'openid',
      state: 'st',
      prompt: 'consent',
    });
  });

  it('WeChat', () => {
    const url = new URL(wechat.authorizeUrl(app, redirect, 'st'));
    expect(`${url.origin}${url.pathname}`).toBe('https://open.weixin.qq.com/connect/qrconnect');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      appid: 'app-id',
      redirect_uri: redirect,
      response_type: 'code',
      scope: 'snsapi_login',
      state: 'st',
    });
    expect(url.hash).toBe('#wechat_redirect');
  });

  it('Feishu', () => {
    const url = new URL(feishu.authorizeUrl(app, redirect, 'st'));
    expect(`${url.origin}${url.pathname}`).toBe('https://accounts.feishu.cn/open-apis/authen/v1/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'app-id',
      response_type: 'code',
      redirect_uri: redirect,
      state: 'st',
    });
  });

  it('says which variables are missing when a provider is not configured', () => {
    expect(() => appConfig({ WECHAT_APP_ID: 'x' }, 'wechat')).toThrow(/WECHAT_APP_SECRET/);
    try {
      appConfig({}, 'feishu');
    } catch (err) {
      expect(err).toMatchObject({ status: 503, code: 'OAUTH_PROVIDER_NOT_CONFIGURED' });
    }
  });
});

describe('code exchange against the providers’ HTTP APIs', () => {
  it('DingTalk: userAccessToken then contact/users/me with the access token header', async () => {
    const seen = fakeFetch({
      'POST https://api.dingtalk.com/v1.0/oauth2/userAccessToken': () =>
        jsonResponse({ accessToken: 'dt-token', refreshToken: 'r', expireIn: 7200 }),
      'GET https://api.dingtalk.com/v1.0/contact/users/me': (req) =>
        req.headers.get('x-acs-dingtalk-access-token') === 'dt-token'
          ? jsonResponse({
              nick: '张三',
              openId: 'dt-open',
              unionId: 'dt-union',
              avatarUrl: 'https://a/x.png',
              email: 'z@x.cn',
            })
          : jsonResponse({ code: 'InvalidAuthentication' }, 401),
    });
    const profile = await dingtalk.fetchProfile(app, 'the-code', redirect);
    expect(profile).toEqual({
      openId: 'dt-open',
      unionId: 'dt-union',
      nickname: '张三',
      avatarUrl: 'https://a/x.png',
      email: 'z@x.cn',
    });
    expect(await seen[0]!.json()).toEqual({
      clientId: 'app-id',
      clientSecret: 'app-secret',
      code: 'the-code',
      grantType: 'authorization_code',
    });
  });

  it('DingTalk refusal becomes a 502 naming the step', async () => {
    fakeFetch({
      'POST https://api.dingtalk.com/v1.0/oauth2/userAccessToken': () =>
        jsonResponse({ code: 'invalidAuthCode', message: '不合法的临时授权码' }, 400),
    });
    await expect(dingtalk.fetchProfile(app, 'bad', redirect)).rejects.toMatchObject({
      status: 502,
      code: 'OAUTH_PROVIDER_ERROR',
      details: { provider: 'dingtalk', step: 'token exchange' },
    });
  });

  it('WeChat: sns/oauth2/access_token then sns/userinfo; an errcode with HTTP 200 is a refusal', async () => {
    const seen = fakeFetch({
      'GET https://api.weixin.qq.com/sns/oauth2/access_token': (req) => {
        const q = new URL(req.url).searchParams;
        return q.get('code') === 'good'
          ? jsonResponse({
              access_token: 'wx-token',
              openid: 'wx-open',
              unionid: 'wx-union',
              expires_in: 7200,
            })
          : jsonResponse({ errcode: 40029, errmsg: 'invalid code' });
      },
      'GET https://api.weixin.qq.com/sns/userinfo': () =>
        jsonResponse({
          openid: 'wx-open',
          nickname: '李四',
          headimgurl: 'https://wx/h.png',
          unionid: 'wx-union',
        }),
    });
    expect(await wechat.fetchProfile(app, 'good', redirect)).toEqual({
      openId: 'wx-open',
      unionId: 'wx-union',
      nickname: '李四',
      avatarUrl: 'https://wx/h.png',
      email: null,
    });
    expect(Object.fromEntries(new URL(seen[0]!.url).searchParams)).toEqual({
      appid: 'app-id',
      secret: 'app-secret',
      code: 'good',
      grant_type: 'authorization_code',
    });
    expect(Object.fromEntries(new URL(seen[1]!.url).searchParams)).toEqual({
      access_token: 'wx-token',
      openid: 'wx-open',
    });
    await expect(wechat.fetchProfile(app, 'bad', redirect)).rejects.toMatchObject({
      status: 502,
      code: 'OAUTH_PROVIDER_ERROR',
    });
  });

  it('Feishu: authen/v2/oauth/token then authen/v1/user_info with the bearer token', async () => {
    const seen = fakeFetch({
      'POST https://open.feishu.cn/open-apis/authen/v2/oauth/token': () =>
        jsonResponse({
          code: 0,
          access_token: 'fs-token',
          expires_in: 7200,
          token_type: 'Bearer',
          scope: '',
        }),
      'GET https://open.feishu.cn/open-apis/authen/v1/user_info': (req) =>
        req.headers.get('authorization') === 'Bearer fs-token'
          ? jsonResponse({
              code: 0,
              msg: 'success',
              data: { name: '王五', open_id: 'ou_1', union_id: 'on_1', avatar_url: 'https://fs/a.png' },
            })
          : jsonResponse({ code: 99991663, msg: 'invalid token' }, 401),
    });
    expect(await feishu.fetchProfile(app, 'c0de', redirect)).toEqual({
      openId: 'ou_1',
      unionId: 'on_1',
      nickname: '王五',
      avatarUrl: 'https://fs/a.png',
      email: null,
    });
    expect(await seen[0]!.json()).toEqual({
      grant_type: 'authorization_code',
      client_id: 'app-id',
      client_secret: 'app-secret',
      code: 'c0de',
      redirect_uri: redirect,
    });
  });

  it('Feishu error codes and network failures become 502', async () => {
    fakeFetch({
      'POST https://open.feishu.cn/open-apis/authen/v2/oauth/token': () =>
        jsonResponse({ code: 20003, error: 'invalid_grant', error_description: 'code expired' }, 400),
    });
    await expect(feishu.fetchProfile(app, 'old', redirect)).rejects.toMatchObject({ status: 502 });
    vi.restoreAllMocks();
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('network down'));
    await expect(feishu.fetchProfile(app, 'x', redirect)).rejects.toMatchObject({
      status: 502,
      details: { detail: 'network down' },
    });
  });
});
