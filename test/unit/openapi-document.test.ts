import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { operationIdOf } from '../../workers/openapi-document';

describe('the OpenAPI document', () => {
  it('names each operation from its method and path when the route names none', () => {
    expect(operationIdOf('get', '/api/admin/companies/{id}')).toBe('getAdminCompaniesById');
    expect(operationIdOf('post', '/api/retail-contracts')).toBe('postRetailContracts');
    expect(operationIdOf('delete', '/api/admin/nodes/{nodeId}/devices/{deviceId}')).toBe(
      'deleteAdminNodesByNodeIdDevicesByDeviceId',
    );
    expect(operationIdOf('get', '/healthz')).toBe('getHealthz');
  });

  it('says for every operation who may call it, gives each a unique id, and a 4xx', async () => {
    const doc = (await (await SELF.fetch('https://keel.test/openapi.json')).json()) as {
      servers: Array<{ url: string }>;
      paths: Record<
        string,
        Record<string, { security?: unknown[]; operationId?: string; responses: object }>
      >;
    };
    expect(doc.servers.length).toBeGreaterThan(0);
    const operations = Object.values(doc.paths).flatMap((ops) => Object.values(ops));
    expect(operations.filter((op) => !Array.isArray(op.security))).toEqual([]);
    const ids = operations.map((op) => op.operationId);
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(operations.filter((op) => !Object.keys(op.responses).some((s) => s.startsWith('4')))).toEqual([]);
  });
});
