// DingTalk for the browser tests: its server-to-server API as a local fake the worker reaches through
// OAUTH_API_ORIGIN, and its authorization page (the browser's leg) answered by the test's route.
import { createServer } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll } from 'vitest';
import { type BrowserSuiteOptions, secret } from './browser';

export interface DingTalkPerson {
  openId: string;
  nick: string;
}

export const DINGTALK_APP = { DINGTALK_CLIENT_ID: 'ding-e2e', DINGTALK_CLIENT_SECRET: 'ding-e2e-secret' };

/** DingTalk's two server-side calls, as it documents them: an auth code names the person who approved. */
export async function startFakeDingTalk() {
  const people = new Map<string, DingTalkPerson>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'POST' && req.url === '/api.dingtalk.com/v1.0/oauth2/userAccessToken') {
        const { code, clientId, clientSecret } = JSON.parse(Buffer.concat(chunks).toString() || '{}');
        if (
          clientId !== DINGTALK_APP.DINGTALK_CLIENT_ID ||
          clientSecret !== DINGTALK_APP.DINGTALK_CLIENT_SECRET ||
          !people.has(code)
        )
          return reply(400, { code: 'invalidAuthCode', message: '不合法的临时授权码' });
        return reply(200, { accessToken: `dt:${code}`, refreshToken: 'r', expireIn: 7200 });
      }
      if (req.method === 'GET' && req.url === '/api.dingtalk.com/v1.0/contact/users/me') {
        const token = String(req.headers['x-acs-dingtalk-access-token'] ?? '');
        const person = people.get(token.slice(3));
        if (!person) return reply(401, { code: 'InvalidAuthentication' });
        return reply(200, { nick: person.nick, openId: person.openId, unionId: `u-${person.openId}` });
      }
      reply(404, { code: 'NotFound' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    /** The person approves at DingTalk: its authorization page sends `page` back with a code naming them. */
    async approve(page: Page, person: DingTalkPerson) {
      const code = `code-${secret(8)}`;
      people.set(code, person);
      await page.unroute('https://login.dingtalk.com/**');
      await page.route('https://login.dingtalk.com/**', (route) => {
        const asked = new URL(route.request().url());
        const back = new URL(asked.searchParams.get('redirect_uri')!);
        back.searchParams.set('authCode', code);
        back.searchParams.set('state', asked.searchParams.get('state')!);
        return route.fulfill({ status: 302, headers: { location: back.toString() } });
      });
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * Browser-suite options whose worker signs in with the fake DingTalk, started just before it and
 * closed after the file; `dingtalk()` is the running fake.
 */
export function withFakeDingTalk(tmpPrefix: string) {
  let fake: Awaited<ReturnType<typeof startFakeDingTalk>> | undefined;
  afterAll(async () => {
    await fake?.close();
  });
  const options: BrowserSuiteOptions = {
    tmpPrefix,
    vars: async () => {
      fake = await startFakeDingTalk();
      return { ...DINGTALK_APP, OAUTH_API_ORIGIN: fake.url };
    },
  };
  return {
    options,
    dingtalk: () => {
      if (!fake) throw new Error('the fake DingTalk is not running');
      return fake;
    },
  };
}
