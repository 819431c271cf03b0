import { env, SELF } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OAuthProviderId } from '../../lib/oauth';
import { createApp } from '../../workers/app';
import { adminToken, call, grant, login, newCompany, newUser, PASSWORD, unique, userToken } from '../helpers';
import { shiftDirectoryClock } from '../platform-helpers';

/**
 * The three providers' HTTP APIs, faked at the fetch boundary: an authorization code names a person,
 * each token exchange and profile call answers as the provider documents it.
 */
interface Person {
  openId: string;
  nickname: string;
}
const people = new Map<string, Person>();
const providerCalls: { provider: string; url: string; body: string; headers: Headers }[] = [];
let providerDown = false;

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

beforeEach(() => {
  providerCalls.length = 0;
  providerDown = false;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const req = new Request(input as RequestInfo, init);
    const url = new URL(req.url);
    const body = await req.text();
    const route = `${req.method} ${url.host}${url.pathname}`;
    providerCalls.push({ provider: url.host, url: req.url, body, headers: req.headers });
    if (providerDown) return new Response('upstream error', { status: 500 });
    switch (route) {
      case 'POST api.dingtalk.com/v1.0/oauth2/userAccessToken': {
        const { code, clientId, clientSecret, grantType } = JSON.parse(body);
        if (
          clientId !== 'ding-test-app' ||
          clientSecret !== 'ding-test-secret' ||
          grantType !== 'authorization_code' ||
          !people.has(code)
        )
          return json({ code: 'invalidAuthCode', message: '不合法的临时授权码' }, 400);
        return json({ accessToken: `dt:${code}`, refreshToken: 'r', expireIn: 7200 });
      }
      case 'GET api.dingtalk.com/v1.0/contact/users/me': {
        const person = people.get((req.headers.get('x-acs-dingtalk-access-token') ?? '').slice(3));
        return person
          ? json({ nick: person.nickname, openId: person.openId, unionId: `u-${person.openId}` })
          : json({ code: 'InvalidAuthentication' }, 401);
      }
      case 'GET api.weixin.qq.com/sns/oauth2/access_token': {
        const q = url.searchParams;
        const person = people.get(q.get('code') ?? '');
        if (q.get('appid') !== 'wx-test-app' || q.get('secret') !== 'wx-test-secret' || !person)
          return json({ errcode: 40029, errmsg: 'invalid code' });
        return json({
          access_token: `wx:${q.get('code')}`,
          expires_in: 7200,
          refresh_token: 'r',
          openid: person.openId,
          scope: 'snsapi_login',
        });
      }
      case 'GET api.weixin.qq.com/sns/userinfo': {
        const person = people.get((url.searchParams.get('access_token') ?? '').slice(3));
        return person
          ? json({ openid: person.openId, nickname: person.nickname, headimgurl: 'https://wx.example/h.png' })
          : json({ errcode: 40001, errmsg: 'invalid token' });
      }
      case 'POST open.feishu.cn/open-apis/authen/v2/oauth/token': {
        const { code, client_id, client_secret, grant_type, redirect_uri } = JSON.parse(body);
        if (
          client_id !== 'cli_test_app' ||
          client_secret !== 'feishu-test-secret' ||
          grant_type !== 'authorization_code' ||
          !people.has(code) ||
          !redirect_uri
        )
          return json({ code: 20003, error: 'invalid_grant', error_description: 'bad code' }, 400);
        return json({
          code: 0,
          access_token: `fs:${code}`,
          expires_in: 7200,
          token_type: 'Bearer',
          scope: '',
        });
      }
      case 'GET open.feishu.cn/open-apis/authen/v1/user_info': {
        const person = people.get((req.headers.get('authorization') ?? '').replace('Bearer fs:', ''));
        return person
          ? json({
              code: 0,
              msg: 'success',
              data: { name: person.nickname, open_id: person.openId, union_id: `on_${person.openId}` },
            })
          : json({ code: 99991663, msg: 'invalid access token' }, 401);
      }
      default:
        throw new Error(`unexpected fetch ${route}`);
    }
  });
});
afterEach(() => vi.restoreAllMocks());

/** A person at the provider who approved the login: answers the code the provider would send back. */
function approve(nickname = '测试用户'): { code: string; openId: string } {
  const code = unique('code');
  const openId = unique('open');
  people.set(code, { openId, nickname });
  return { code, openId };
}

async function start(provider: OAuthProviderId, options: { token?: string; mode?: 'login' | 'bind' } = {}) {
  const res = await call(
    'GET',
    `/api/auth/oauth/${provider}/start?format=json&mode=${options.mode ?? 'login'}`,
    { token: options.token },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const cookie = res.headers.get('set-cookie')!;
  expect(cookie).toMatch(
    /keel_oauth_state=[a-z2-7]{52}; Max-Age=600; Path=\/api\/auth\/oauth; HttpOnly; Secure; SameSite=Lax/,
  );
  return {
    state: res.body.state as string,
    authorizeUrl: res.body.authorizeUrl as string,
    cookie: cookie.split(';')[0]!,
  };
}

async function callback(provider: OAuthProviderId, params: Record<string, string>, cookie?: string) {
  const codeParam = provider === 'dingtalk' ? 'authCode' : 'code';
  const query = new URLSearchParams(
    Object.fromEntries(Object.entries(params).map(([k, v]) => [k === 'code' ? codeParam : k, v])),
  );
  return call('GET', `/api/auth/oauth/${provider}/callback?${query}`, { headers: cookie ? { cookie } : {} });
}

describe('third-party login (SPEC A5)', () => {
  for (const provider of ['dingtalk', 'wechat', 'feishu'] as const) {
    it(`${provider}: first login offers bind-existing, then logs the bound user straight in`, async () => {
      const admin = await adminToken();
      const company = await newCompany(admin);
      const user = await newUser(admin);
      await grant(admin, user.id, company.id);
      const person = approve('张三');

      const { state, authorizeUrl, cookie } = await start(provider);
      const authorize = new URL(authorizeUrl);
      expect(authorize.searchParams.get('state')).toBe(state);
      expect(authorize.searchParams.get('redirect_uri')).toBe(
        `https://keel.test/api/auth/oauth/${provider}/callback`,
      );

      const first = await callback(provider, { code: person.code, state }, cookie);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        status: 'unbound',
        provider,
        profile: { nickname: '张三' },
        options: ['bind-existing', 'create-new'],
      });
      expect(first.headers.get('set-cookie')).toMatch(/keel_oauth_state=;.*Max-Age=0/);

      const bound = await call('POST', '/api/auth/oauth-tickets/bind-existing', {
        body: { ticket: first.body.ticket, username: user.username, password: PASSWORD },
      });
      expect(bound.status).toBe(200);
      expect(bound.body).toMatchObject({
        provider,
        user: { id: user.id },
        currentCompany: { id: company.id },
      });
      // The ticket is single-use.
      const reuse = await call('POST', '/api/auth/oauth-tickets/bind-existing', {
        body: { ticket: first.body.ticket, username: user.username, password: PASSWORD },
      });
      expect(reuse.body.error.code).toBe('OAUTH_TICKET_INVALID');

      const again = approve('张三');
      people.set(again.code, { openId: person.openId, nickname: '张三' });
      const next = await start(provider);
      const second = await callback(provider, { code: again.code, state: next.state }, next.cookie);
      expect(second.body).toMatchObject({
        status: 'logged_in',
        provider,
        user: { id: user.id },
        companies: [expect.objectContaining({ id: company.id })],
      });
      expect((await call('GET', '/api/users/companies', { token: second.body.token })).status).toBe(200);
    });
  }

  it('answers a browser with the page that finishes the sign-in, carrying the same answer', async () => {
    const admin = await adminToken();
    const company = await newCompany(admin);
    const user = await newUser(admin);
    await grant(admin, user.id, company.id);
    const person = approve('王五');
    const html = { accept: 'text/html,application/xhtml+xml' };
    /** The answer the page carries in `data-answer` (an HTML-escaped attribute). */
    const answerOf = (page: string) =>
      JSON.parse(
        /data-answer="([^"]*)"/
          .exec(page)![1]!
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'")
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&amp;/g, '&'),
      );

    const s1 = await start('wechat');
    const first = await call('GET', `/api/auth/oauth/wechat/callback?code=${person.code}&state=${s1.state}`, {
      headers: { ...html, cookie: s1.cookie },
    });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('text/html');
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(first.text).toContain('/static/platform/oauth.js');
    const unbound = answerOf(first.text);
    expect(unbound).toMatchObject({ status: 'unbound', provider: 'wechat', profile: { nickname: '王五' } });
    // The ticket on the page is the real one.
    const bound = await call('POST', '/api/auth/oauth-tickets/bind-existing', {
      body: { ticket: unbound.ticket, username: user.username, password: PASSWORD },
    });
    expect(bound.status).toBe(200);

    const again = approve('王五');
    people.set(again.code, { openId: person.openId, nickname: '王五' });
    const s2 = await start('wechat');
    const second = await call('GET', `/api/auth/oauth/wechat/callback?code=${again.code}&state=${s2.state}`, {
      headers: { ...html, cookie: s2.cookie },
    });
    const login = answerOf(second.text);
    expect(login).toMatchObject({ status: 'logged_in', user: { id: user.id } });
    expect((await call('GET', '/api/users/companies', { token: login.token })).status).toBe(200);

    // A refusal is a page too, with the status and the error the JSON would carry.
    const s3 = await start('wechat');
    const forged = await call(
      'GET',
      `/api/auth/oauth/wechat/callback?code=${approve().code}&state=${s3.state}`,
      { headers: html },
    );
    expect(forged.status).toBe(400);
    expect(forged.headers.get('content-type')).toContain('text/html');
    expect(answerOf(forged.text)).toMatchObject({ status: 400, error: { code: 'OAUTH_STATE_MISMATCH' } });
  });

  it('creates a new account for an unbound provider account; a company comes from an administrator', async () => {
    const admin = await adminToken();
    const person = approve('新人');
    const { state, cookie } = await start('feishu');
    const first = await callback('feishu', { code: person.code, state }, cookie);
    const username = unique('fresh');
    const created = await call('POST', '/api/auth/oauth-tickets/create-account', {
      body: {
        ticket: first.body.ticket,
        username,
        email: `${username}@x.example`,
        password: 'fresh password 1',
        name: '新人',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ provider: 'feishu', user: { username }, companies: [] });
    // No company yet: the login is refused with the clear reason, until an administrator adds one.
    const again = approve();
    people.set(again.code, { openId: person.openId, nickname: '新人' });
    const next = await start('feishu');
    const refused = await callback('feishu', { code: again.code, state: next.state }, next.cookie);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('NO_ACTIVE_COMPANY');
    const company = await newCompany(admin);
    await grant(admin, created.body.user.id, company.id);
    const third = approve();
    people.set(third.code, { openId: person.openId, nickname: '新人' });
    const s3 = await start('feishu');
    expect((await callback('feishu', { code: third.code, state: s3.state }, s3.cookie)).body.status).toBe(
      'logged_in',
    );
  });

  it('binds and unbinds a provider account for a signed-in user', async () => {
    const admin = await adminToken();
    const company = await newCompany(admin);
    const user = await newUser(admin);
    await grant(admin, user.id, company.id);
    const token = await userToken(user.username);
    expect((await call('GET', '/api/auth/oauth/dingtalk/start?mode=bind&format=json')).status).toBe(401);
    const person = approve('李四');
    const { state, cookie } = await start('dingtalk', { token, mode: 'bind' });
    const bound = await callback('dingtalk', { code: person.code, state }, cookie);
    expect(bound.body).toMatchObject({ status: 'bound', provider: 'dingtalk', userId: user.id });
    // Binding the same account again changes nothing; a second DingTalk account waits for an unbind.
    const same = approve('李四');
    people.set(same.code, { openId: person.openId, nickname: '李四' });
    const s1 = await start('dingtalk', { token, mode: 'bind' });
    expect((await callback('dingtalk', { code: same.code, state: s1.state }, s1.cookie)).body).toMatchObject({
      status: 'bound',
      userId: user.id,
    });
    const another = approve('李四的小号');
    const s1b = await start('dingtalk', { token, mode: 'bind' });
    const second = await callback('dingtalk', { code: another.code, state: s1b.state }, s1b.cookie);
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('OAUTH_ALREADY_BOUND');
    const list = await call('GET', '/api/auth/oauth-bindings', { token });
    expect(list.body.items).toEqual([expect.objectContaining({ provider: 'dingtalk', nickname: '李四' })]);
    // Bindings are the signed-in user's own: no token, no list and no unbinding.
    expect((await call('GET', '/api/auth/oauth-bindings')).status).toBe(401);
    expect((await call('DELETE', '/api/auth/oauth-bindings/dingtalk')).status).toBe(401);

    // The same DingTalk account cannot be bound to somebody else.
    const other = await newUser(admin);
    await grant(admin, other.id, company.id);
    const otherToken = await userToken(other.username);
    const s2 = await start('dingtalk', { token: otherToken, mode: 'bind' });
    const again = approve();
    people.set(again.code, { openId: person.openId, nickname: '李四' });
    const taken = await callback('dingtalk', { code: again.code, state: s2.state }, s2.cookie);
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('OAUTH_ACCOUNT_TAKEN');

    expect((await call('DELETE', '/api/auth/oauth-bindings/dingtalk', { token })).body).toEqual({ ok: true });
    expect((await call('DELETE', '/api/auth/oauth-bindings/dingtalk', { token })).status).toBe(404);
    expect((await call('GET', '/api/auth/oauth-bindings', { token })).body.items).toEqual([]);
    const third = approve();
    people.set(third.code, { openId: person.openId, nickname: '李四' });
    const s3 = await start('dingtalk');
    expect((await callback('dingtalk', { code: third.code, state: s3.state }, s3.cookie)).body.status).toBe(
      'unbound',
    );
    // Password login keeps working after unbinding.
    expect((await login(user.username)).status).toBe(200);
  });

  it('redirects the browser to the provider and sets the state cookie', async () => {
    const res = await SELF.fetch('https://keel.test/api/auth/oauth/wechat/start', { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin + location.pathname).toBe('https://open.weixin.qq.com/connect/qrconnect');
    expect(location.searchParams.get('appid')).toBe('wx-test-app');
    expect(res.headers.get('set-cookie')).toContain(`keel_oauth_state=${location.searchParams.get('state')}`);
  });

  it('refuses a callback without the starting browser’s cookie, a replayed, foreign or expired state', async () => {
    const person = approve();
    const { state, cookie } = await start('wechat');
    const forged = await callback('wechat', { code: person.code, state });
    expect(forged.status).toBe(400);
    expect(forged.body.error.code).toBe('OAUTH_STATE_MISMATCH');
    const wrongCookie = await callback(
      'wechat',
      { code: person.code, state },
      'keel_oauth_state=somethingelse',
    );
    expect(wrongCookie.body.error.code).toBe('OAUTH_STATE_MISMATCH');
    expect(providerCalls).toEqual([]);

    expect((await callback('wechat', { code: person.code, state }, cookie)).status).toBe(200);
    const replay = await callback('wechat', { code: person.code, state }, cookie);
    expect(replay.body.error.code).toBe('OAUTH_STATE_USED');

    const foreign = await start('feishu');
    expect(
      (await callback('wechat', { code: person.code, state: foreign.state }, foreign.cookie)).body.error.code,
    ).toBe('OAUTH_STATE_INVALID');

    const late = await start('dingtalk');
    await shiftDirectoryClock(11 * 60_000);
    try {
      expect(
        (await callback('dingtalk', { code: person.code, state: late.state }, late.cookie)).body.error.code,
      ).toBe('OAUTH_STATE_EXPIRED');
    } finally {
      await shiftDirectoryClock(0);
    }
  });

  it('reports a provider that refuses or fails as 502, and a cancelled login as 400', async () => {
    const s1 = await start('feishu');
    const bad = await callback('feishu', { code: 'never-issued', state: s1.state }, s1.cookie);
    expect(bad.status).toBe(502);
    expect(bad.body.error).toMatchObject({
      code: 'OAUTH_PROVIDER_ERROR',
      details: { provider: 'feishu', step: 'token exchange' },
    });
    providerDown = true;
    const s2 = await start('dingtalk');
    expect((await callback('dingtalk', { code: approve().code, state: s2.state }, s2.cookie)).status).toBe(
      502,
    );
    const s3 = await start('wechat');
    const cancelled = await callback('wechat', { error: 'access_denied', state: s3.state }, s3.cookie);
    expect(cancelled.status).toBe(400);
    expect(cancelled.body.error.code).toBe('OAUTH_DENIED');
  });

  it('answers 503 naming the variables when a provider is not configured', async () => {
    const {
      FEISHU_APP_ID: _id,
      FEISHU_APP_SECRET: _secret,
      ...unconfigured
    } = env as unknown as Record<string, unknown>;
    const res = await createApp().request('https://keel.test/api/auth/oauth/feishu/start', {}, unconfigured);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; details: { variables: string[] } } };
    expect(body.error.code).toBe('OAUTH_PROVIDER_NOT_CONFIGURED');
    expect(body.error.details.variables).toEqual(['FEISHU_APP_ID', 'FEISHU_APP_SECRET']);
  });
});
