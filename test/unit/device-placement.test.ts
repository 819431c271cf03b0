import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fits,
  type NodeCapacity,
  pickDevice,
  rankNodes,
  utilisation,
} from '../../durable-objects/device-node/placement';

function node(
  nodeId: string,
  total: number,
  allocated: number,
  extra: Partial<NodeCapacity> = {},
): NodeCapacity {
  return {
    nodeId,
    region: null,
    totalDevices: total,
    availableDevices: total - allocated - (extra.maintenanceDevices ?? 0),
    allocatedDevices: allocated,
    maintenanceDevices: 0,
    maxFreeCpuCores: total - allocated > 0 ? 4 : 0,
    maxFreeMemoryMB: total - allocated > 0 ? 8192 : 0,
    version: 1,
    registeredAt: 0,
    updatedAt: 0,
    ...extra,
  };
}

describe('rankNodes', () => {
  const nodes = [node('a', 10, 8), node('b', 10, 2), node('c', 4, 2)];

  it('least-loaded asks the emptiest node first', () => {
    expect(rankNodes(nodes, 'least-loaded', {})).toEqual(['b', 'c', 'a']);
  });

  it('bin-packing asks the fullest node that still has room first', () => {
    expect(rankNodes(nodes, 'bin-packing', {})).toEqual(['a', 'c', 'b']);
  });

  it("spread asks the node holding the fewest of the tenant's devices first", () => {
    expect(rankNodes(nodes, 'spread', {}, { b: 3, c: 1 })).toEqual(['a', 'c', 'b']);
  });

  it('puts nodes that cannot serve the request after those that can, but keeps them (the index may be stale)', () => {
    const full = node('full', 5, 5);
    const small = node('small', 5, 0, { maxFreeCpuCores: 1 });
    expect(rankNodes([full, small, node('big', 5, 4)], 'least-loaded', { cpuCores: 2 })).toEqual([
      'big',
      'small',
      'full',
    ]);
  });

  it('leaves out nodes with no usable device at all', () => {
    const empty = node('empty', 0, 0);
    const maintenance = node('maint', 3, 0, { maintenanceDevices: 3, availableDevices: 0 });
    expect(rankNodes([empty, maintenance, node('ok', 1, 0)], 'least-loaded', {})).toEqual(['ok']);
  });

  it('counts a node with nothing usable as full', () => {
    expect(utilisation(node('empty', 0, 0))).toBe(1);
    expect(utilisation(node('maint', 2, 0, { maintenanceDevices: 2, availableDevices: 0 }))).toBe(1);
    expect(utilisation(node('half', 4, 2))).toBe(0.5);
  });

  it('orders equal nodes by id, so the answer does not depend on the order the index lists them in', () => {
    const twins = [node('b', 4, 2), node('c', 4, 2), node('a', 4, 2)];
    for (const strategy of ['least-loaded', 'bin-packing', 'spread'] as const) {
      expect(rankNodes(twins, strategy, {})).toEqual(['a', 'b', 'c']);
      expect(rankNodes([...twins].reverse(), strategy, {})).toEqual(['a', 'b', 'c']);
    }
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({ id: fc.stringMatching(/^[a-z]{1,3}$/), total: fc.integer({ min: 1, max: 4 }) }),
          {
            selector: (r) => r.id,
            maxLength: 10,
          },
        ),
        fc.constantFrom('least-loaded', 'bin-packing', 'spread'),
        (raw, strategy) => {
          const list = raw.map((r) => node(r.id, r.total, Math.floor(r.total / 2)));
          const ranked = rankNodes(list, strategy as 'spread', {});
          expect(rankNodes([...list].reverse(), strategy as 'spread', {})).toEqual(ranked);
        },
      ),
    );
  });

  it('is a permutation of the usable nodes, whatever the strategy', () => {
    const arbNode = fc.record({
      total: fc.integer({ min: 1, max: 50 }),
      allocatedShare: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.array(arbNode, { maxLength: 12 }),
        fc.constantFrom('least-loaded', 'bin-packing', 'spread'),
        (raw, strategy) => {
          const list = raw.map((r, i) => node(`n${i}`, r.total, Math.floor(r.total * r.allocatedShare)));
          const ranked = rankNodes(list, strategy as 'spread', {});
          expect([...ranked].sort()).toEqual(list.map((n) => n.nodeId).sort());
          if (strategy === 'least-loaded') {
            const able = ranked
              .map((id) => list.find((n) => n.nodeId === id)!)
              .filter((n) => n.availableDevices > 0);
            for (let i = 1; i < able.length; i++)
              expect(utilisation(able[i - 1]!)).toBeLessThanOrEqual(utilisation(able[i]!));
          }
        },
      ),
    );
  });
});

describe('pickDevice', () => {
  const shape = fc.record({
    id: fc.string({ minLength: 1, maxLength: 4 }),
    cpuCores: fc.integer({ min: 1, max: 16 }),
    memoryMB: fc.integer({ min: 512, max: 65536 }),
    storageMB: fc.integer({ min: 0, max: 1 << 20 }),
  });
  const spec = fc.record({
    cpuCores: fc.option(fc.integer({ min: 1, max: 16 }), { nil: undefined }),
    memoryMB: fc.option(fc.integer({ min: 512, max: 65536 }), { nil: undefined }),
  });

  it('picks the smallest device that meets the spec, or none when none does', () => {
    fc.assert(
      fc.property(fc.array(shape, { maxLength: 20 }), spec, (free, want) => {
        const picked = pickDevice(free, want);
        const fitting = free.filter((d) => fits(d, want));
        if (fitting.length === 0) {
          expect(picked).toBeUndefined();
          return;
        }
        expect(picked && fits(picked, want)).toBe(true);
        for (const d of fitting) {
          const smaller =
            d.cpuCores < picked!.cpuCores ||
            (d.cpuCores === picked!.cpuCores && d.memoryMB < picked!.memoryMB);
          expect(smaller).toBe(false);
        }
      }),
    );
  });

  it('breaks ties between equal fits by storage, then by id, whatever order the devices come in', () => {
    const free = [
      { id: 'd3', cpuCores: 2, memoryMB: 4096, storageMB: 100 },
      { id: 'd2', cpuCores: 2, memoryMB: 4096, storageMB: 50 },
      { id: 'd1', cpuCores: 2, memoryMB: 4096, storageMB: 50 },
    ];
    expect(pickDevice(free, {})?.id).toBe('d1');
    expect(pickDevice([...free].reverse(), {})?.id).toBe('d1');
    expect(pickDevice([free[0]!, free[1]!], {})?.id).toBe('d2');
    expect(pickDevice([free[1]!, free[0]!], {})?.id).toBe('d2');
  });

  it('keeps the big device for the big request', () => {
    const free = [
      { id: 'big', cpuCores: 8, memoryMB: 16384, storageMB: 0 },
      { id: 'small', cpuCores: 2, memoryMB: 4096, storageMB: 0 },
    ];
    expect(pickDevice(free, {})?.id).toBe('small');
    expect(pickDevice(free, { cpuCores: 4 })?.id).toBe('big');
    expect(pickDevice(free, { memoryMB: 32768 })).toBeUndefined();
  });
});
