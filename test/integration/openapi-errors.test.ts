import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { SERVICE } from '../devices-helpers';
import { adminToken, call, companyWithMember, newCompany } from '../helpers';

interface Operation {
  method: string;
  path: string;
  security: Array<Record<string, unknown>>;
  body: boolean;
  /** Its body is JSON (else a JSON body is the wrong media type: 415). */
  jsonBody: boolean;
  /** It acts for the company the request names (the `x-tenant-code` parameter). */
  tenantScoped: boolean;
}

/** Every operation of the document the app serves. */
async function operations(): Promise<Operation[]> {
  const doc = (await (await SELF.fetch('https://keel.test/openapi.json')).json()) as {
    paths: Record<
      string,
      Record<
        string,
        {
          security?: Operation['security'];
          requestBody?: { content: Record<string, unknown> };
          parameters?: { name: string }[];
        }
      >
    >;
  };
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      security: op.security ?? [],
      body: op.requestBody !== undefined,
      jsonBody: op.requestBody !== undefined && 'application/json' in op.requestBody.content,
      tenantScoped: (op.parameters ?? []).some((p) => p.name === 'x-tenant-code'),
    })),
  );
}

/** Path parameters filled with something of the right shape; the probes below are refused before use. */
const SAMPLE_PARAMS: Record<string, string> = {
  provider: 'dingtalk',
  operation: 'suspend',
  name: 'history-retention',
};
const concrete = (path: string) =>
  path.replace(/\{([^}]+)\}/g, (_, name: string) => SAMPLE_PARAMS[name] ?? 'x1');

/** Needs a credential the caller must show (an optional bearer, `{}` among the options, does not). */
const requiresCredentials = (op: Operation) =>
  op.security.length > 0 && op.security.every((option) => Object.keys(option).length > 0);

describe('every documented route answers its errors as the document says', () => {
  it('walks /openapi.json: no credentials, a user at an admin route, an unknown query parameter, a body of the wrong shape', async () => {
    const all = await operations();
    expect(all.length).toBeGreaterThan(80);
    const admin = await adminToken();
    const company = await newCompany(admin);
    const member = await companyWithMember(admin);
    const credentialsFor = (op: Operation) => {
      if (op.security.some((option) => 'serviceToken' in option)) return { headers: SERVICE };
      // Routes of a person's own account (the marketplace's too) take a user's token; everything else a
      // platform admin's. A marketplace route acting for a company is the member's, for their company.
      if (/^\/api\/(users|auth\/oauth-bindings|legal)/.test(op.path))
        return op.tenantScoped ? { token: member.token, tenant: member.code } : { token: member.token };
      return { token: admin, tenant: company.code };
    };

    const seen: string[] = [];
    for (const op of all) {
      const path = concrete(op.path);
      const name = `${op.method} ${op.path}`;
      // call() checks each answer against the operation's entry: its status declared, its body the schema.
      if (requiresCredentials(op)) {
        const res = await call(op.method, path, { body: op.body ? {} : undefined });
        expect(res.status, name).toBe(401);
        seen.push(`${name} 401`);
      }
      if (op.path.startsWith('/api/admin/') && requiresCredentials(op)) {
        const res = await call(op.method, path, { token: member.token, body: op.body ? {} : undefined });
        expect(res.status, name).toBe(403);
        seen.push(`${name} 403`);
      }
      const unknown = await call(op.method, `${path}?not-a-parameter=1`, {
        ...credentialsFor(op),
        body: op.body ? {} : undefined,
      });
      expect(unknown.status, `${name}: ${unknown.text}`).toBe(400);
      expect(unknown.body.error.details.fields, name).toContainEqual(
        expect.objectContaining({ path: 'query.not-a-parameter' }),
      );
      if (op.body) {
        const wrongShape = await call(op.method, path, {
          ...credentialsFor(op),
          body: ['not', 'an', 'object'],
        });
        expect(wrongShape.status, `${name}: ${wrongShape.text}`).toBe(op.jsonBody ? 400 : 415);
        expect(wrongShape.body.error.code, name).toBe(
          op.jsonBody ? 'VALIDATION_FAILED' : 'UNSUPPORTED_MEDIA_TYPE',
        );
      }
      seen.push(name);
    }
    expect(seen.length).toBeGreaterThan(all.length);
  }, 120_000);
});
