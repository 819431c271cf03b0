// Benchmarks for device allocation and metered billing (SPEC E8).
//
// Scenarios (autocannon, against the harness's server, built-in billing):
//   - allocate+release: each connection allocates a device and releases it, over and over;
//   - allocation list: a tenant admin reads the company's allocations.
// Extras (on a server of their own, reporting over HTTP through a flaky billing endpoint):
//   - the stress run: N allocations (10 000 by default) released concurrently while billing fails 40 % of
//     calls and sometimes hangs; reports the time until every record is charged and the count lost or
//     doubled (both must be 0).
//
// Run alone with `npx node tools/bench/devices.mjs` (DEVICES_STRESS_COUNT=1000 for a shorter stress run).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeApi, makeApiOk, mapLimit } from '../bench-kit.mjs';
import { startFlakyBilling } from '../flaky-billing.mjs';
import { startServer } from '../server.mjs';

const STRESS_COUNT = Number(process.env.DEVICES_STRESS_COUNT ?? 10_000);
const STRESS_NODES = Number(process.env.DEVICES_STRESS_NODES ?? 20);
const STRESS_COMPANIES = 20;
const USERS_PER_COMPANY = 5;
const TOP_UP = 1_000_000_000;

/** The stress run uses its own server: `ok` answers the body of a 2xx answer and throws on anything else. */
const okOf = (api) => {
  const apiOk = makeApiOk(api);
  return async (method, path, options) => (await apiOk(method, path, options)).body;
};

async function retrying(fn, tries = 100) {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= tries) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Nodes with devices, companies (enterprise) with users, each topped up; answers the users. */
async function seed(ok, adminToken, { prefix, nodes, devicesPerNode, companies, usersPerCompany, rates }) {
  for (let n = 0; n < nodes; n++) {
    const nodeId = `${prefix}-node-${n}`;
    await ok('POST', '/api/admin/nodes', { token: adminToken, body: { nodeId, region: 'bench' } });
    for (let left = devicesPerNode; left > 0; left -= 1000) {
      await ok('POST', `/api/admin/nodes/${nodeId}/devices`, {
        token: adminToken,
        body: { cpuCores: 2, memoryMB: 4096, storageMB: 65_536, count: Math.min(1000, left) },
      });
    }
  }
  const users = [];
  for (let c = 0; c < companies; c++) {
    const code = `${prefix}-co-${c}`;
    const company = await ok('POST', '/api/admin/companies', {
      token: adminToken,
      body: { code, name: code, plan: 'enterprise' },
    });
    const created = await mapLimit(
      Array.from({ length: usersPerCompany }, (_, u) => u),
      5,
      async (u) => {
        const username = `${prefix}_${c}_${u}`.replaceAll('-', '_');
        const password = 'correct horse battery';
        const user = await ok('POST', '/api/admin/users', {
          token: adminToken,
          body: { username, email: `${username}@example.com`, password, name: username },
        });
        await ok('POST', `/api/admin/users/${user.id}/companies`, {
          token: adminToken,
          body: { companyId: company.id },
        });
        const login = await ok('POST', '/api/auth/login', { body: { username, password } });
        return { userId: user.id, token: login.token, code };
      },
    );
    if (rates)
      await retrying(() => ok('PUT', '/api/billing/rates', { token: adminToken, tenant: code, body: rates }));
    for (const u of created) {
      await retrying(() =>
        ok('POST', '/api/billing/top-up', {
          token: adminToken,
          tenant: code,
          body: { userId: u.userId, amountFen: TOP_UP },
        }),
      );
    }
    users.push(...created);
  }
  return users;
}

/**
 * Allocates `count` devices, releases them all at once while billing misbehaves, and waits until every
 * usage record is charged. Answers the measurements, including `lost` and `doubled` (must both be 0).
 */
export async function stressRun({ count = STRESS_COUNT, nodes = STRESS_NODES, log = () => {} } = {}) {
  const persistTo = mkdtempSync(join(tmpdir(), 'keel-devices-stress-'));
  // Faults on the usage reports (POST); the balance checks on the allocations (GET) pass, so the stress
  // measures the release path rather than allocations waiting out hung balance checks.
  const flaky = await startFlakyBilling({
    failRate: 0.4,
    hangMs: 1_500,
    seed: 11,
    faultsOn: (req) => req.method === 'POST',
  });
  const secrets = {
    AUTH_SECRET: 'stress-auth-secret-0123456789abcdef',
    SUPERADMIN_PASSWORD: 'stress-password',
    SERVICE_TOKEN: 'stress-svc',
  };
  const server = await startServer({
    persistTo,
    vars: {
      ...secrets,
      LOG_LEVEL: 'error',
      BILLING_SERVICE_URL: flaky.url,
      BILLING_ALLOW_ON_ERROR: 'true',
      BILLING_TIMEOUT_MS: '1000',
      BILLING_RETRY_DELAY_MS: '50',
      BILLING_BREAKER_OPEN_MS: '1000',
      BILLING_OUTBOX_BASE_DELAY_MS: '200',
      BILLING_OUTBOX_MAX_DELAY_MS: '2000',
      BILLING_OUTBOX_MAX_ATTEMPTS: '1000',
      BILLING_BATCH_SIZE: '50',
      // The seed signs in 100 users from this one address; the sign-in limit would refuse most of them.
      RATE_LIMITS: 'off',
    },
  });
  flaky.setTarget(server.url);
  const api = makeApi(server.url, { failOnServerError: false });
  const ok = okOf(api);
  try {
    const admin = (
      await ok('POST', '/api/admin/login', {
        body: { username: 'admin', password: secrets.SUPERADMIN_PASSWORD },
      })
    ).token;
    const rates = {
      coreHourMilliFen: 10_000_000,
      memoryGbHourMilliFen: 1_000_000,
      storageGbHourMilliFen: 10_000,
    };
    log(
      `seeding ${nodes} nodes × ${Math.ceil(count / nodes)} devices and ${STRESS_COMPANIES * USERS_PER_COMPANY} users`,
    );
    const users = await seed(ok, admin, {
      prefix: 'stress',
      nodes,
      devicesPerNode: Math.ceil(count / nodes),
      companies: STRESS_COMPANIES,
      usersPerCompany: USERS_PER_COMPANY,
      rates,
    });

    log(`allocating ${count}`);
    const allocStarted = performance.now();
    const held = await mapLimit(
      Array.from({ length: count }, (_, i) => users[i % users.length]),
      100,
      async (u) => {
        const a = await retrying(() =>
          ok('POST', '/api/scheduler/devices/allocate', {
            token: u.token,
            tenant: u.code,
            body: { durationMinutes: 60 },
          }),
        );
        return { ...u, allocationId: a.allocationId };
      },
    );
    const allocSeconds = (performance.now() - allocStarted) / 1000;

    log(`releasing ${count} at once`);
    const releaseStarted = performance.now();
    const latencies = [];
    const released = await mapLimit(held, 1_000, async (h) => {
      const t = performance.now();
      const r = await retrying(() =>
        ok('POST', '/api/scheduler/devices/release', {
          token: h.token,
          tenant: h.code,
          body: { allocationId: h.allocationId },
        }),
      );
      latencies.push(performance.now() - t);
      return { ...h, durationSeconds: r.durationSeconds };
    });
    const releaseSeconds = (performance.now() - releaseStarted) / 1000;

    log('waiting until every record is charged');
    const codes = [...new Set(users.map((u) => u.code))];
    const chargedCount = async () => {
      let n = 0;
      for (const code of codes)
        n += (await ok('GET', '/api/billing/usage?pageSize=1', { token: admin, tenant: code })).total;
      return n;
    };
    const deadline = Date.now() + 15 * 60_000;
    let charged = await chargedCount();
    while (charged < count && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      charged = await chargedCount();
    }
    const chargeSeconds = (performance.now() - releaseStarted) / 1000;
    // Billing may hold records the nodes have not heard back about yet; wait for the outboxes to empty.
    while (
      (await ok('GET', '/api/admin/billing/outbox?pageSize=1', { token: admin })).total > 0 &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 500));
    }
    await flaky.settle();

    // Count what was lost or doubled.
    const expected = new Map(released.map((r) => [r.allocationId, r]));
    const seen = new Map();
    let wrongDuration = 0;
    let chargeCount = 0;
    let balanceMismatch = 0;
    for (const code of codes) {
      for (let page = 1; ; page++) {
        const body = await ok('GET', `/api/billing/usage?page=${page}&pageSize=200`, {
          token: admin,
          tenant: code,
        });
        for (const u of body.items) {
          seen.set(u.allocationId, (seen.get(u.allocationId) ?? 0) + 1);
          const r = expected.get(u.allocationId);
          if (r && r.durationSeconds !== u.durationSeconds) wrongDuration++;
        }
        if (body.items.length < 200) break;
      }
      const wallets = await ok('GET', '/api/billing/wallets?pageSize=200', { token: admin, tenant: code });
      for (const w of wallets.items) {
        chargeCount += w.chargeCount;
        if (w.balanceFen !== w.topUpTotalFen - w.chargedTotalFen || w.topUpTotalFen !== TOP_UP)
          balanceMismatch++;
      }
    }
    const lost = [...expected.keys()].filter((id) => !seen.has(id)).length;
    const records = [...seen.values()].reduce((a, b) => a + b, 0);
    const doubled = [...seen.values()].filter((n) => n > 1).length + Math.max(0, chargeCount - records);
    const dead = (await ok('GET', '/api/admin/billing/dead-letters?pageSize=1', { token: admin })).total;
    latencies.sort((a, b) => a - b);
    return {
      count,
      nodes,
      allocSeconds,
      releaseSeconds,
      chargeSeconds,
      charged,
      lost,
      doubled,
      wrongDuration,
      balanceMismatch,
      dead,
      releaseP50Ms: latencies[Math.floor(latencies.length / 2)] ?? 0,
      releaseP99Ms: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
      flaky: { ...flaky.counts },
    };
  } finally {
    await server.stop();
    await flaky.close();
    rmSync(persistTo, { recursive: true, force: true });
  }
}

export default {
  title: 'devices',

  async setup(ctx) {
    const ok = async (method, path, options) => {
      const res = await ctx.api(method, path, options);
      if (res.status < 200 || res.status > 299)
        throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const [user] = await seed(ok, ctx.adminToken, {
      prefix: 'bench-dev',
      nodes: 4,
      devicesPerNode: 50,
      companies: 1,
      usersPerCompany: 1,
    });
    // The scenario's first request must really allocate, and its second really release.
    const probe = await ok('POST', '/api/scheduler/devices/allocate', {
      token: user.token,
      tenant: user.code,
      body: { durationMinutes: 5 },
    });
    await ok('POST', '/api/scheduler/devices/release', {
      token: user.token,
      tenant: user.code,
      body: { allocationId: probe.allocationId },
    });
    return { user, adminToken: ctx.adminToken };
  },

  scenarios({ user, adminToken }) {
    const headers = {
      authorization: `Bearer ${user.token}`,
      'x-tenant-code': user.code,
      'content-type': 'application/json',
    };
    return [
      {
        name: 'allocate+release (pairs of requests)',
        connections: 10,
        durationSec: 10,
        options: {
          requests: [
            {
              method: 'POST',
              path: '/api/scheduler/devices/allocate',
              headers,
              body: JSON.stringify({ durationMinutes: 5 }),
              onResponse: (status, body, context) => {
                if (status === 201) context.allocationId = JSON.parse(body).allocationId;
              },
            },
            {
              method: 'POST',
              path: '/api/scheduler/devices/release',
              headers,
              setupRequest: (req, context) => ({
                ...req,
                body: JSON.stringify({ allocationId: context.allocationId }),
              }),
            },
          ],
        },
      },
      {
        name: 'allocation list (tenant admin, 20 a page)',
        connections: 10,
        durationSec: 10,
        options: {
          method: 'GET',
          path: '/api/scheduler/allocations?pageSize=20',
          headers: { authorization: `Bearer ${adminToken}`, 'x-tenant-code': user.code },
        },
      },
    ];
  },

  async extras() {
    const r = await stressRun({ log: (m) => console.error(`[bench devices] ${m}`) });
    const f = r.flaky;
    return [
      {
        name: `stress: allocate ${r.count}`,
        value: round(r.count / r.allocSeconds),
        unit: 'alloc/s',
        note: `${round(r.allocSeconds)} s, 100 in flight`,
      },
      {
        name: `stress: release ${r.count} at once`,
        value: round(r.count / r.releaseSeconds),
        unit: 'release/s',
        note: `${round(r.releaseSeconds)} s; p50 ${round(r.releaseP50Ms)} ms, p99 ${round(r.releaseP99Ms)} ms`,
      },
      {
        name: 'stress: until every record is charged',
        value: round(r.chargeSeconds),
        unit: 's',
        note: `from the first release; billing calls ${f.calls}: ${f.refused} refused, ${f.lostAnswer} answer lost, ${f.hung} hung, ${f.lateWrite} late writes; ${f.duplicates} duplicates absorbed`,
      },
      { name: 'stress: records lost', value: r.lost, unit: 'records', note: 'must be 0' },
      {
        name: 'stress: records doubled',
        value: r.doubled,
        unit: 'records',
        note: `must be 0; wallets off: ${r.balanceMismatch}, durations off: ${r.wrongDuration}, dead letters: ${r.dead}`,
      },
    ];
  },
};

const round = (n) => Math.round(n * 100) / 100;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await stressRun({ log: (m) => console.error(`[devices] ${m}`) });
  console.log(JSON.stringify(result, null, 2));
  process.exit(result.lost === 0 && result.doubled === 0 && result.balanceMismatch === 0 ? 0 : 1);
}
