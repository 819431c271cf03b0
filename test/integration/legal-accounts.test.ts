import { beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_THROTTLE } from '../../durable-objects/directory/throttle';
import { adminToken, call, newUser, PASSWORD } from '../helpers';
import {
  legalLogin,
  marketplaceUser,
  newEmail,
  register,
  verificationToken,
  verifiedPerson,
} from '../legal-helpers';
import { mailTo } from '../platform-helpers';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

describe('registration and verification (D1)', () => {
  it('registers, mails a link that verifies once, and signs in with a random workspace id', async () => {
    const email = newEmail();
    const registered = await register(email, 'Li Ming');
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ verificationRequired: true });
    expect(registered.body.userId).toMatch(/^usr_[a-z2-7]{26}$/);

    // Refused until verified, with the same answer an unknown address gets.
    const early = await legalLogin(email);
    const unknown = await legalLogin(newEmail('nobody'));
    expect(early.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(early.body).toEqual(unknown.body);

    const token = await verificationToken(admin, email);
    const verified = await call('POST', '/api/legal/auth/verify-email', { body: { token } });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ userId: registered.body.userId, emailVerified: true });
    expect(verified.body.identityOptions.map((o: any) => o.type)).toEqual(['user', 'lawyer']);
    const again = await call('POST', '/api/legal/auth/verify-email', { body: { token } });
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('VERIFICATION_LINK_INVALID');

    const login = await legalLogin(email.toUpperCase());
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ userId: registered.body.userId, accountType: 'pending' });
    expect(login.body.redirectUrl).toBe('/legal?step=identity');
    expect(login.body.workspaceId).toMatch(/^ws_[a-z2-7]{26}$/);
    expect(login.body.workspaceId).not.toContain(registered.body.userId.slice(4));

    // One identity with the platform's users: the administrators see the person.
    const user = await call('GET', `/api/admin/users/${registered.body.userId}`, { token: admin });
    expect(user.status).toBe(200);
    expect(user.body.email).toBe(email);
    expect(user.body.name).toBe('Li Ming');
  });

  it('answers a registered address exactly as a new one, and mails its owner instead', async () => {
    const person = await verifiedPerson(admin);
    const fresh = await register(newEmail());
    const taken = await register(person.email.toUpperCase(), 'Someone Else', 'another password');
    expect(taken.status).toBe(fresh.status);
    expect(Object.keys(taken.body).sort()).toEqual(Object.keys(fresh.body).sort());
    expect(taken.body.message).toBe(fresh.body.message);
    expect(taken.body.userId).not.toBe(person.userId);
    const mails = await mailTo(admin, person.email);
    expect(mails[0]!.kind).toBe('legal.already_registered');
    // The stranger's password does not open the account; the owner's still does.
    expect((await legalLogin(person.email, 'another password')).status).toBe(401);
    expect((await legalLogin(person.email)).status).toBe(200);
  });

  it('an address registered twice before verifying keeps the registration whose link is opened', async () => {
    const email = newEmail();
    await register(email, 'First', 'first password');
    const firstToken = await verificationToken(admin, email);
    await register(email, 'Second', 'second password');
    const secondToken = await verificationToken(admin, email);
    expect(secondToken).not.toBe(firstToken);
    expect(
      (await call('POST', '/api/legal/auth/verify-email', { body: { token: secondToken } })).status,
    ).toBe(200);
    expect((await call('POST', '/api/legal/auth/verify-email', { body: { token: firstToken } })).status).toBe(
      410,
    );
    expect((await legalLogin(email, 'first password')).status).toBe(401);
    expect((await legalLogin(email, 'second password')).status).toBe(200);
  });

  it('an unverified address cannot sign in on the platform either', async () => {
    const email = newEmail();
    await register(email);
    const platform = await call('POST', '/api/auth/login', { body: { email, password: PASSWORD } });
    expect(platform.status).toBe(401);
  });

  it('signs in through the platform throttle: per account and address, locked with Retry-After, forgotten on success', async () => {
    const person = await verifiedPerson(admin);
    const from = (ip: string, password: string) =>
      call('POST', '/api/legal/auth/login', {
        body: { email: person.email, password },
        headers: { 'cf-connecting-ip': ip },
      });
    const tries = LOGIN_THROTTLE.accountFromIp.maxFailures;
    for (let i = 0; i < tries - 1; i++)
      expect((await from('198.51.100.41', 'wrong password')).status).toBe(401);
    // A sign-in forgets this address's failures on the account: as many again fit before the lock.
    expect((await from('198.51.100.41', PASSWORD)).status).toBe(200);
    for (let i = 0; i < tries - 1; i++)
      expect((await from('198.51.100.41', 'wrong password')).status).toBe(401);
    const locked = await from('198.51.100.41', 'wrong password');
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('LOGIN_LOCKED');
    expect(locked.headers.get('retry-after')).toBe(String(locked.body.error.details.retryAfterSeconds));
    // The lock is the platform's: the right password waits, here and at the platform's own sign-in ...
    expect((await from('198.51.100.41', PASSWORD)).status).toBe(429);
    const platform = await call('POST', '/api/auth/login', {
      body: { email: person.email, password: PASSWORD },
      headers: { 'cf-connecting-ip': '198.51.100.41' },
    });
    expect(platform.status).toBe(429);
    // ... while the owner's own address signs in.
    expect((await from('198.51.100.42', PASSWORD)).status).toBe(200);
  });

  it('a platform user signs in to the marketplace with their email and chooses an identity', async () => {
    const user = await newUser(admin);
    const login = await legalLogin(user.email);
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ userId: user.id, accountType: 'pending' });
  });

  it('refuses bad input naming each field, and changes nothing', async () => {
    const res = await call('POST', '/api/legal/auth/register', {
      body: { email: 'not-an-email', password: 'short', fullName: '' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields.map((f: any) => f.path).sort()).toEqual([
      'body.email',
      'body.fullName',
      'body.password',
    ]);
    const extra = await call('POST', '/api/legal/auth/register', {
      body: { email: newEmail(), password: PASSWORD, fullName: 'A', role: 'admin' },
    });
    expect(extra.status).toBe(400);
    const badToken = await call('POST', '/api/legal/auth/verify-email', { body: { token: 'x'.repeat(40) } });
    expect(badToken.status).toBe(410);
    const shortToken = await call('POST', '/api/legal/auth/verify-email', { body: { token: 'x' } });
    expect(shortToken.status).toBe(400);
    expect(shortToken.body.error.details.fields[0].path).toBe('body.token');
  });
});

describe('identity (D2)', () => {
  it('a user is active at once, with a /user/ workspace; the identity cannot change afterwards', async () => {
    const user = await marketplaceUser(admin);
    const login = await legalLogin(user.email);
    expect(login.body.accountType).toBe('user');
    expect(login.body.redirectUrl).toBe(`/user/${user.workspaceId}`);
    const again = await call('POST', '/api/legal/auth/identity', {
      token: user.token,
      body: { identityType: 'user' },
    });
    expect(again.status).toBe(200);
    const me = await call('GET', '/api/legal/users/me', { token: user.token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ userId: user.userId, workspaceId: user.workspaceId, demo: false });
  });

  it('needs a signed-in person and a known identity type', async () => {
    expect((await call('POST', '/api/legal/auth/identity', { body: { identityType: 'user' } })).status).toBe(
      401,
    );
    const person = await verifiedPerson(admin);
    const bad = await call('POST', '/api/legal/auth/identity', {
      token: person.token,
      body: { identityType: 'boss' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].path).toBe('body.identityType');
    const empty = await call('POST', '/api/legal/auth/identity', { token: person.token });
    expect(empty.status).toBe(400);
  });
});
