import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { adminToken, call, newCompany, unique } from '../helpers';
import { directoryStub } from '../platform-helpers';

/** Stores `text` as a company's industry the way free text was stored before the vocabulary. */
async function storeLegacyIndustry(companyId: string, text: string) {
  await runInDurableObject(directoryStub(), (_instance, state) => {
    state.storage.sql.exec('UPDATE tenants SET industry = ? WHERE id = ?', text, companyId);
  });
}

const energyCount = async (admin: string) => {
  const dashboard = (await call('GET', '/api/admin/dashboard', { token: admin })).body;
  return dashboard.byIndustry.find((b: { key: string }) => b.key === 'energy')?.count ?? 0;
};

describe('industries from a fixed list', () => {
  it('accepts a code, and refuses free text naming the field; nothing is created or changed', async () => {
    const admin = await adminToken();
    const code = unique('ind');
    const refused = await call('POST', '/api/admin/companies', {
      token: admin,
      body: { code, name: 'Free Text Energy', industry: '能源' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.fields).toEqual([
      expect.objectContaining({ path: 'body.industry', rule: 'invalid_value' }),
    ]);
    const none = await call('GET', `/api/admin/companies?q=${code}`, { token: admin });
    expect(none.body.total).toBe(0);

    const company = await newCompany(admin, { code, industry: 'energy' });
    const changed = await call('PUT', `/api/admin/companies/${company.id}`, {
      token: admin,
      body: { industry: 'mining' },
    });
    expect(changed.status).toBe(400);
    expect(changed.body.error.details.fields[0].path).toBe('body.industry');
    const kept = await call('GET', `/api/admin/companies/${company.id}`, { token: admin });
    expect(kept.body.industry).toBe('energy');
    const listed = await call('GET', '/api/admin/companies?industry=mining', { token: admin });
    expect(listed.status).toBe(400);
    expect(listed.body.error.details.fields[0].path).toBe('query.industry');
  });

  it('reads text stored before the list as the industry it names: one bar for 能源 and Energy', async () => {
    const admin = await adminToken();
    const tag = unique('legacy');
    const before = await energyCount(admin);
    const zh = await newCompany(admin, { code: `${tag}-zh` });
    const en = await newCompany(admin, { code: `${tag}-en` });
    const steel = await newCompany(admin, { code: `${tag}-st` });
    await storeLegacyIndustry(zh.id, '能源');
    await storeLegacyIndustry(en.id, ' Energy ');
    await storeLegacyIndustry(steel.id, '钢铁');

    const read = async (id: string) =>
      (await call('GET', `/api/admin/companies/${id}`, { token: admin })).body;
    expect((await read(zh.id)).industry).toBe('energy');
    expect((await read(en.id)).industry).toBe('energy');
    expect((await read(steel.id)).industry).toBe('other');

    const filtered = async (industry: string) =>
      (
        await call('GET', `/api/admin/companies?q=${tag}&industry=${industry}&sort=created`, { token: admin })
      ).body.items.map((c: { id: string }) => c.id);
    expect(await filtered('energy')).toEqual([zh.id, en.id]);
    expect(await filtered('other')).toEqual([steel.id]);

    expect((await energyCount(admin)) - before).toBe(2);
    const dashboard = (await call('GET', '/api/admin/dashboard', { token: admin })).body;
    const keys = dashboard.byIndustry.map((b: { key: string }) => b.key);
    expect(keys).not.toContain('能源');
    expect(new Set(keys).size).toBe(keys.length);
  });
});
