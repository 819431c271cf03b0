// Foundation benchmarks: a tenant request is checked and answered inside its own TenantActor, so it
// should cost little more than the trivial route. One company with 100 members; its first member is
// the tenant admin whose token drives both scenarios.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';

const MEMBERS = 100;
const CODE = 'bench-foundation';

export default {
  title: 'foundation',

  async setup({ api, apiOk, adminToken, env, mapLimit, waitFor }) {
    const seedStarted = performance.now();
    const company = await apiOk('POST', '/api/admin/companies', {
      token: adminToken,
      body: { code: CODE, name: 'Bench Foundation', plan: 'enterprise' },
    });
    const password = `bench-${randomBytes(12).toString('base64url')}`;
    const users = await mapLimit(
      Array.from({ length: MEMBERS }, (_, i) => i),
      8,
      async (i) => {
        const username = `bench-u${String(i).padStart(3, '0')}`;
        const user = await apiOk('POST', '/api/admin/users', {
          token: adminToken,
          body: { username, email: `${username}@bench.example.com`, password, name: `Bench User ${i}` },
        });
        await apiOk('POST', `/api/admin/users/${user.body.id}/companies`, {
          token: adminToken,
          body: { companyId: company.body.id, role: i === 0 ? 'admin' : 'member' },
        });
        return { id: user.body.id, username };
      },
    );
    const seedMs = performance.now() - seedStarted;

    // Memberships reach the TenantActor from the Directory's outbox: wait until it lists all of them
    // (asked as the platform admin, who may look into any tenant).
    const replicationStarted = performance.now();
    await waitFor(
      async () => {
        const res = await api('GET', '/api/tenant/members?pageSize=1', { token: adminToken, tenant: CODE });
        return res.status === 200 && res.body.total === MEMBERS;
      },
      { what: `${MEMBERS} members in the TenantActor` },
    );
    const replicationMs = performance.now() - replicationStarted;

    const login = await apiOk('POST', '/api/auth/login', { body: { username: users[0].username, password } });
    const token = login.body.token;

    // The scenarios must measure what they claim: a full page of 100, and an allowed settings write.
    const page = await apiOk('GET', `/api/tenant/members?pageSize=${MEMBERS}`, { token, tenant: CODE });
    if (page.body.items.length !== MEMBERS)
      throw new Error(`expected ${MEMBERS} members, got ${page.body.items.length}`);
    await apiOk('PATCH', '/api/tenant/settings', { token, tenant: CODE, body: { crmAutoStatusSync: true } });

    const ping = await apiOk('GET', `/api/internal/bench/actor-ping?tenant=${CODE}`, {
      headers: { 'x-service-token': env.SERVICE_TOKEN },
    });
    if (ping.body.ok !== true) throw new Error(`the actor ping answered ${JSON.stringify(ping.body)}`);

    return {
      code: CODE,
      token,
      serviceToken: env.SERVICE_TOKEN,
      username: users[0].username,
      password,
      seedMs,
      replicationMs,
    };
  },

  scenarios({ code, token, serviceToken }) {
    const headers = { authorization: `Bearer ${token}`, 'x-tenant-code': code };
    return [
      {
        // The floor under both targets: a checked request whose actor method does nothing. No route that
        // asks an actor can beat this ratio; the read and the write are judged by how close they come.
        name: 'actor round trip (reference)',
        connections: 10,
        durationSec: 10,
        options: {
          method: 'GET',
          path: `/api/internal/bench/actor-ping?tenant=${code}`,
          headers: { 'x-service-token': serviceToken },
        },
      },
      {
        name: `tenant read (${MEMBERS} members)`,
        target: 0.7,
        connections: 10,
        durationSec: 10,
        options: { method: 'GET', path: `/api/tenant/members?pageSize=${MEMBERS}`, headers },
      },
      {
        name: 'tenant write (settings)',
        target: 0.5,
        connections: 10,
        durationSec: 10,
        options: {
          method: 'PATCH',
          path: '/api/tenant/settings',
          headers: { ...headers, 'content-type': 'application/json' },
          // Each connection alternates the switch, so every write really changes the row.
          requests: [
            { body: JSON.stringify({ crmAutoStatusSync: true }) },
            { body: JSON.stringify({ crmAutoStatusSync: false }) },
          ],
        },
      },
    ];
  },

  async extras({ apiOk }, { username, password, seedMs, replicationMs }) {
    const samples = [];
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      await apiOk('POST', '/api/auth/login', { body: { username, password } });
      samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    return [
      {
        name: `seed ${MEMBERS} users + memberships`,
        value: seedMs / 1000,
        unit: 's',
        note: '8 in flight; each user hashes its password (PBKDF2)',
      },
      {
        name: 'membership replication',
        value: replicationMs,
        unit: 'ms',
        note: 'after the last grant, until the TenantActor lists every member',
      },
      {
        name: 'user login, median of 10',
        value: (samples[4] + samples[5]) / 2,
        unit: 'ms',
        note: 'one at a time; PBKDF2 verify',
      },
    ];
  },
};
