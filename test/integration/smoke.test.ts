import { describe, expect, it } from 'vitest';
import { adminToken, call, companyWithMember } from '../helpers';

describe('smoke', () => {
  it('health', async () => {
    const res = await call('GET', '/healthz');
    expect(res.status).toBe(200);
  });
  it('tenant flow', async () => {
    const admin = await adminToken();
    const { code, token } = await companyWithMember(admin);
    const res = await call('GET', '/api/tenant', { token, tenant: code });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.code).toBe(code);
  });
});
