import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorize } from '../../durable-objects/tenant/access';
import { isCompanyCodeShape } from '../../lib/company-codes';
import { CompanyCode } from '../../schema/dto/platform';
import { rewriteTenantPath, tenantCodeOf } from '../../workers/middleware/tenant';

describe('tenant resolution', () => {
  it('takes the subdomain of the base domain first', () => {
    expect(tenantCodeOf('acme.keel.localhost:8787', 'other', 'keel.localhost')).toBe('acme');
    expect(tenantCodeOf('ACME.Keel.Localhost', undefined, 'keel.localhost')).toBe('acme');
  });

  it('ignores deeper or foreign hosts and falls back to the header', () => {
    expect(tenantCodeOf('a.b.keel.localhost', 'beta', 'keel.localhost')).toBe('beta');
    expect(tenantCodeOf('acme.example.com', 'beta', 'keel.localhost')).toBe('beta');
    expect(tenantCodeOf('keel.localhost', undefined, 'keel.localhost')).toBeUndefined();
  });

  it('rewrites /t/{code}/… into the header and the bare path', () => {
    const req = rewriteTenantPath(
      new Request('https://x.test/t/acme/api/tenant?x=1', { headers: { 'x-tenant-code': 'evil' } }),
    );
    expect(new URL(req.url).pathname).toBe('/api/tenant');
    expect(new URL(req.url).search).toBe('?x=1');
    expect(req.headers.get('x-tenant-code')).toBe('acme');
  });

  it('looks for a company only under a code a company could have been created with', () => {
    const reserved = new Set(['www', 'api', 'admin', 'app', 'docs', 't', 'static', 'mail']);
    const code = fc.stringMatching(/^[a-z0-9-]{0,34}$/);
    fc.assert(
      fc.property(code, (c) => {
        if (reserved.has(c)) return;
        expect(isCompanyCodeShape(c)).toBe(CompanyCode.safeParse(c).success);
      }),
      { numRuns: 2000 },
    );
    expect([isCompanyCodeShape('ab'), isCompanyCodeShape('a'), isCompanyCodeShape('ab-')]).toEqual([
      true,
      false,
      false,
    ]);
    expect([isCompanyCodeShape('a'.repeat(32)), isCompanyCodeShape('a'.repeat(33))]).toEqual([true, false]);
  });

  it('leaves other paths alone', () => {
    const original = new Request('https://x.test/api/tenant');
    expect(rewriteTenantPath(original)).toBe(original);
  });
});

describe('tenant access rule', () => {
  it('lets platform admins in and active members only', () => {
    expect(() => authorize({ kind: 'admin', id: 'adm' }, undefined, 'admin')).not.toThrow();
    expect(() =>
      authorize({ kind: 'user', id: 'u' }, { role: 'member', status: 'active' }, 'member'),
    ).not.toThrow();
    expect(() => authorize({ kind: 'user', id: 'u' }, undefined, 'member')).toThrow(/not an active member/);
    expect(() =>
      authorize({ kind: 'user', id: 'u' }, { role: 'admin', status: 'disabled' }, 'member'),
    ).toThrow(/not an active member/);
    expect(() => authorize({ kind: 'user', id: 'u' }, { role: 'member', status: 'active' }, 'admin')).toThrow(
      /administrator/,
    );
  });
});
