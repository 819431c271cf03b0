import { describe, expect, it } from 'vitest';
import { LOGIN_THROTTLE } from '../../durable-objects/directory/throttle';
import { adminToken, call, companyWithMember, platformAdmin } from '../helpers';

const from = (ip: string, extra: Record<string, string> = {}) => ({ 'cf-connecting-ip': ip, ...extra });

async function userLogin(name: string, password: string, ip: string, headers: Record<string, string> = {}) {
  return call('POST', '/api/auth/login', { body: { username: name, password }, headers: from(ip, headers) });
}

async function adminLogin(username: string, password: string, ip: string) {
  return call('POST', '/api/admin/login', { body: { username, password }, headers: from(ip) });
}

const PER_ACCOUNT_AND_IP = LOGIN_THROTTLE.accountFromIp.maxFailures;

describe('sign-in throttling counts failures per account, whichever name was typed', () => {
  it('locks the account after failures by username, so its email cannot sign in either', async () => {
    const admin = await adminToken();
    const { user, password } = await companyWithMember(admin);
    for (let i = 0; i < PER_ACCOUNT_AND_IP - 1; i++) {
      expect((await userLogin(user.username, 'wrong-password', '198.51.100.1')).status).toBe(401);
    }
    // The last failure is typed as the email: it counts for the same account and locks it.
    const last = await call('POST', '/api/auth/login', {
      body: { email: user.email, password: 'wrong-password' },
      headers: from('198.51.100.1'),
    });
    expect(last.status).toBe(429);
    const byEmail = await call('POST', '/api/auth/login', {
      body: { email: user.email, password },
      headers: from('198.51.100.1'),
    });
    expect(byEmail.status).toBe(429);
    expect((await userLogin(user.username, password, '198.51.100.1')).status).toBe(429);
  });

  it('throttles a name that does not exist exactly as one that does', async () => {
    const admin = await adminToken();
    const { user } = await companyWithMember(admin);
    const answers = async (name: string, ip: string) => {
      const seen: Array<{ status: number; code: string }> = [];
      for (let i = 0; i < PER_ACCOUNT_AND_IP + 1; i++) {
        const res = await userLogin(name, 'wrong-password', ip);
        seen.push({ status: res.status, code: res.body.error.code });
      }
      return seen;
    };
    const known = await answers(user.username, '198.51.100.2');
    const unknown = await answers(`nobody-${user.username}`, '198.51.100.3');
    expect(unknown).toEqual(known);
    expect(known.at(-1)).toEqual({ status: 429, code: 'LOGIN_LOCKED' });
  });

  it('locks a client address that guesses across many names, and only that address', async () => {
    const admin = await adminToken();
    const { user, password } = await companyWithMember(admin);
    const ip = '198.51.100.4';
    let locked = false;
    for (let i = 0; i < LOGIN_THROTTLE.ip.maxFailures && !locked; i++) {
      const res = await userLogin(`spray-${i}-${user.username}`, 'wrong-password', ip);
      locked = res.status === 429;
    }
    expect(locked).toBe(true);
    // The address is locked for every name, even with the right password ...
    expect((await userLogin(user.username, password, ip)).status).toBe(429);
    // ... while the account itself never failed, so from elsewhere it signs in.
    expect((await userLogin(user.username, password, '198.51.100.5')).status).toBe(200);
  });
});

describe('nobody can lock the platform administrator out from elsewhere', () => {
  it('keeps the administrator signing in from their own address while a stranger is locked', async () => {
    const admin = await adminToken();
    const owner = await platformAdmin(admin, 'support');
    for (let i = 0; i < PER_ACCOUNT_AND_IP * 2; i++) {
      const res = await adminLogin(owner.username, `guess ${i}`, '203.0.113.66');
      expect([401, 429]).toContain(res.status);
    }
    expect((await adminLogin(owner.username, 'role password 1', '203.0.113.66')).status).toBe(429);
    const real = await adminLogin(owner.username, 'role password 1', '192.0.2.10');
    expect(real.status).toBe(200);
    expect(real.body.admin.username).toBe(owner.username);
  });

  it('locks the account everywhere only after many failures from many addresses', async () => {
    const admin = await adminToken();
    const owner = await platformAdmin(admin, 'support');
    const { maxFailures } = LOGIN_THROTTLE.account;
    let failures = 0;
    // Each address stays one failure short of its own lock, so only the account-wide count can lock.
    for (let address = 0; failures < maxFailures; address++) {
      const ip = `10.9.${Math.floor(address / 250)}.${address % 250}`;
      for (let i = 0; i < PER_ACCOUNT_AND_IP - 1 && failures < maxFailures; i++, failures++) {
        const res = await adminLogin(owner.username, 'wrong-password', ip);
        if (failures < maxFailures - 1) expect(res.status).not.toBe(429);
        else expect(res.status).toBe(429);
      }
    }
    const elsewhere = await adminLogin(owner.username, 'role password 1', '192.0.2.11');
    expect(elsewhere.status).toBe(429);
    expect(elsewhere.body.error.details.retryAfterSeconds).toBe(LOGIN_THROTTLE.account.lockMs / 1000);
  }, 60_000);
});

describe('every 429 says when to come back', () => {
  it('sends Retry-After in seconds, the same number as details.retryAfterSeconds', async () => {
    const admin = await adminToken();
    const { user } = await companyWithMember(admin);
    let res = await userLogin(user.username, 'wrong-password', '198.51.100.20');
    for (let i = 1; i < PER_ACCOUNT_AND_IP; i++)
      res = await userLogin(user.username, 'wrong', '198.51.100.20');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe(String(res.body.error.details.retryAfterSeconds));
    expect(Number(res.headers.get('retry-after'))).toBe(LOGIN_THROTTLE.accountFromIp.lockMs / 1000);
  });
});

describe('the client address comes from the platform, never from X-Forwarded-For', () => {
  it('counts failures for the platform address whatever X-Forwarded-For claims', async () => {
    const admin = await adminToken();
    const { user, password } = await companyWithMember(admin);
    for (let i = 0; i < PER_ACCOUNT_AND_IP; i++) {
      await userLogin(user.username, 'wrong-password', '198.51.100.30', {
        'x-forwarded-for': `192.0.2.${i}`,
      });
    }
    const retry = await userLogin(user.username, password, '198.51.100.30', {
      'x-forwarded-for': '192.0.2.200',
    });
    expect(retry.status).toBe(429);
    expect((await userLogin(user.username, password, '198.51.100.31')).status).toBe(200);
  });

  it('logs the platform address of an admin write and of an admin sign-in, not X-Forwarded-For', async () => {
    const admin = await adminToken();
    const headers = { 'cf-connecting-ip': '203.0.113.9', 'x-forwarded-for': '6.6.6.6' };
    await call('PUT', '/api/admin/system-config', { token: admin, headers, body: { overdueGraceDays: 9 } });
    const spoofed = { 'x-forwarded-for': '6.6.6.6' };
    await call('PUT', '/api/admin/system-config', {
      token: admin,
      headers: spoofed,
      body: { overdueGraceDays: 8 },
    });
    const log = await call('GET', '/api/admin/logs?action=config.update&pageSize=2', { token: admin });
    expect(log.body.items.map((e: { ip: string | null }) => e.ip)).toEqual([null, '203.0.113.9']);

    const owner = await platformAdmin(admin, 'support');
    await call('POST', '/api/admin/login', {
      body: { username: owner.username, password: 'role password 1' },
      headers: { 'cf-connecting-ip': '203.0.113.10', 'x-forwarded-for': '6.6.6.6' },
    });
    const admins = await call('GET', '/api/admin/admins', { token: admin });
    const row = admins.body.items.find((a: { username: string }) => a.username === owner.username);
    expect(row.lastLoginIp).toBe('203.0.113.10');
  });
});
