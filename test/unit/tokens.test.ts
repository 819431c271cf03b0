import { describe, expect, it } from 'vitest';
import {
  equalSecrets,
  hashPassword,
  needsRehash,
  PBKDF2_ITERATIONS,
  verifyPassword,
} from '../../lib/passwords';
import { signToken, verifyToken } from '../../lib/tokens';

const SECRET = 'a-secret-of-enough-length-0123456789';

describe('tokens', () => {
  const principal = { kind: 'user' as const, sub: 'usr_1', username: 'alice' };

  it('verifies its own signature and carries the claims', async () => {
    const { token } = await signToken(principal, SECRET, 60);
    expect(await verifyToken(token, SECRET)).toMatchObject(principal);
  });

  it('refuses a token signed with another secret', async () => {
    const { token } = await signToken(principal, 'another-secret-0123456789abcdef', 60);
    expect(await verifyToken(token, SECRET)).toBeUndefined();
  });

  it('refuses a token whose claims were altered', async () => {
    const { token } = await signToken(principal, SECRET, 60);
    const [, sig] = token.split('.');
    const forged = btoa(
      JSON.stringify({ ...principal, kind: 'admin', role: 'super_admin', exp: 9e9, iat: 0 }),
    )
      .replaceAll('=', '')
      .replaceAll('+', '-')
      .replaceAll('/', '_');
    expect(await verifyToken(`${forged}.${sig}`, SECRET)).toBeUndefined();
  });

  it('refuses an expired token', async () => {
    const issued = Date.now() - 120_000;
    const { token } = await signToken(principal, SECRET, 60, issued);
    expect(await verifyToken(token, SECRET)).toBeUndefined();
    expect(await verifyToken(token, SECRET, issued + 1000)).toBeDefined();
  });

  it('a token verified once still expires, and still belongs to its own secret only', async () => {
    const issued = Date.now();
    const { token } = await signToken(principal, SECRET, 60, issued);
    expect(await verifyToken(token, SECRET, issued + 1000)).toMatchObject(principal);
    expect(await verifyToken(token, SECRET, issued + 1000)).toMatchObject(principal);
    expect(await verifyToken(token, SECRET, issued + 61_000)).toBeUndefined();
    expect(await verifyToken(token, 'another-secret-0123456789abcdef', issued + 1000)).toBeUndefined();
    expect(await verifyToken(token, SECRET, issued + 1000)).toMatchObject(principal);
  });

  it('answers claims nobody can change in place', async () => {
    const { token } = await signToken(principal, SECRET, 60);
    const claims = await verifyToken(token, SECRET);
    expect(() => {
      (claims as { username: string }).username = 'mallory';
    }).toThrow(TypeError);
    expect(await verifyToken(token, SECRET)).toMatchObject({ username: 'alice' });
  });

  it('refuses garbage', async () => {
    for (const junk of ['', 'abc', 'a.b.c', '.', 'x.', '.y', '%%%.%%%']) {
      expect(await verifyToken(junk, SECRET)).toBeUndefined();
    }
  });
});

describe('passwords', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse', 1000);
    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('correct horsE', stored)).toBe(false);
  });

  it('salts every hash and stores its parameters', async () => {
    const a = await hashPassword('same', 1000);
    const b = await hashPassword('same', 1000);
    expect(a).not.toBe(b);
    expect(a.split('$').slice(0, 2)).toEqual(['pbkdf2-sha256', '1000']);
    expect(needsRehash(a)).toBe(true);
    expect(needsRehash(await hashPassword('x'))).toBe(false);
    expect((await hashPassword('x')).split('$')[1]).toBe(String(PBKDF2_ITERATIONS));
  });

  it('refuses malformed stored hashes instead of throwing', async () => {
    expect(await verifyPassword('x', 'md5$abc')).toBe(false);
    expect(await verifyPassword('x', 'pbkdf2-sha256$notanumber$aa$bb')).toBe(false);
  });

  it('compares secrets of any length', async () => {
    expect(await equalSecrets('service-token', 'service-token')).toBe(true);
    expect(await equalSecrets('service-token', 'service-tokeN')).toBe(false);
    expect(await equalSecrets('', 'service-token')).toBe(false);
  });
});
