// Card annual-fee benchmarks (issue #17): the waiver check of one card (a read with its computation)
// and a purchase that may waive (a write), both at 10 connections; and the daily annual-fee-sweep over
// 100 companies × 1 000 cards, in cards per second.
//
// Everything is seeded through the public API, as a company would: the sweep's cards go in through the
// batch form of POST /api/cards, 1 000 per request, by the platform administrator for one member of each
// company. Nothing here needs a bench-only path.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';

const CODE = 'bench-cards';
const CARDS = 1000;
const SWEEP_COMPANIES = 100;
const SWEEP_CARDS = 1000;

/** `YYYY-MM-DD` in Asia/Shanghai (the companies' default zone), `n` days from now. */
const day = (n) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
    new Date(Date.now() + n * 86_400_000),
  );

/** A company on the enterprise plan with one member (its administrator), and that member's token. */
async function companyWithMember({ api, apiOk, adminToken, waitFor }, code, login) {
  const company = await apiOk('POST', '/api/admin/companies', {
    token: adminToken,
    body: { code, name: `Bench ${code}`, plan: 'enterprise' },
  });
  const username = `${code}-holder`;
  const password = `bench-${randomBytes(12).toString('base64url')}`;
  const user = await apiOk('POST', '/api/admin/users', {
    token: adminToken,
    body: { username, email: `${username}@bench.example.com`, password, name: username },
  });
  await apiOk('POST', `/api/admin/users/${user.body.id}/companies`, {
    token: adminToken,
    body: { companyId: company.body.id, role: 'admin' },
  });
  // The membership reaches the company's actor through the Directory's outbox.
  await waitFor(
    async () =>
      (await api('GET', '/api/tenant/members?pageSize=1', { token: adminToken, tenant: code })).body
        ?.total === 1,
    { what: `the member of ${code}` },
  );
  const token = login
    ? (await apiOk('POST', '/api/auth/login', { body: { username, password } })).body.token
    : null;
  return { userId: user.body.id, token };
}

/** `count` cards of `userId`, activated on days spread over the last two years, in batches of 1 000. */
async function seedCards({ apiOk }, token, tenant, userId, ruleId, count) {
  const ids = [];
  for (let from = 0; from < count; from += 1000) {
    const items = Array.from({ length: Math.min(1000, count - from) }, (_, i) => ({
      userId,
      issuer: 'Bench Bank',
      name: `Card ${from + i}`,
      last4: String((from + i) % 10_000).padStart(4, '0'),
      annualFeeRuleId: ruleId,
      activationDate: day(-1 - ((from + i) % 720)),
    }));
    const res = await apiOk('POST', '/api/cards', { token, tenant, body: { items } });
    if (res.body.failed)
      throw new Error(`cards refused: ${JSON.stringify(res.body.results.find((r) => !r.ok))}`);
    ids.push(...res.body.results.map((r) => r.id));
  }
  return ids;
}

const countRule = (apiOk, token, tenant, required) =>
  apiOk('POST', '/api/annual-fees/rules', {
    token,
    tenant,
    body: {
      ruleName: 'Bench',
      feeType: 'transaction_count',
      baseFeeFen: 30_000,
      waiverConditionValue: required,
    },
  }).then((res) => res.body.id);

export default {
  title: 'cards',

  async setup(ctx) {
    const { apiOk } = ctx;
    const { userId, token } = await companyWithMember(ctx, CODE, true);
    // A condition no bench reaches: every purchase recomputes the progress, none ends the fee's life.
    const ruleId = await countRule(apiOk, token, CODE, 1_000_000);
    const cards = await seedCards(ctx, token, CODE, userId, ruleId, CARDS);
    // A few purchases on each card, so a check sums something real.
    await ctx.mapLimit(cards.slice(0, 100), 8, (id) =>
      apiOk('POST', `/api/cards/${id}/transactions`, {
        token,
        tenant: CODE,
        body: {
          items: [1, 2, 3].map((n) => ({
            amountFen: 1000 * n,
            at: new Date(Date.now() - n * 3_600_000).toISOString(),
          })),
        },
      }),
    );
    const probe = await apiOk('GET', `/api/cards/${cards[0]}`, { token, tenant: CODE });
    const year = probe.body.currentFee.feeYear;
    const check = await apiOk('GET', `/api/annual-fees/waiver-check/${cards[0]}/${year}`, {
      token,
      tenant: CODE,
    });
    if (check.body.progress !== 3 || check.body.required !== 1_000_000)
      throw new Error(`the check does not measure what it claims: ${JSON.stringify(check.body)}`);
    const write = await apiOk('POST', `/api/cards/${cards[1]}/transactions`, {
      token,
      tenant: CODE,
      body: { amountFen: 100, at: new Date().toISOString() },
    });
    if (write.body.records[0]?.progress !== 4)
      throw new Error(`the purchase refreshed no fee: ${JSON.stringify(write.body)}`);
    const checks = cards.slice(0, 100).map((id) => `/api/annual-fees/waiver-check/${id}/${year}`);
    return { token, cards, checks, serviceToken: ctx.env.SERVICE_TOKEN };
  },

  scenarios({ token, cards, checks, serviceToken }) {
    const headers = { authorization: `Bearer ${token}`, 'x-tenant-code': CODE };
    let nextCheck = 0;
    let nextCard = 0;
    // Bodies written once: building them per request would spend client CPU the baseline never spends.
    const body = JSON.stringify({ amountFen: 1_280, at: new Date().toISOString(), description: 'bench' });
    return [
      // The floor under the purchase: one committed write in the same actor and nothing else.
      {
        name: 'one committed write (reference, 10 conn)',
        connections: 10,
        options: {
          method: 'POST',
          path: `/api/internal/bench/actor-write?tenant=${CODE}`,
          headers: { 'x-service-token': serviceToken },
        },
      },
      {
        name: 'waiver check of one card (10 conn)',
        target: 0.7,
        connections: 10,
        options: {
          method: 'GET',
          path: checks[0],
          headers,
          requests: [{ setupRequest: (req) => ({ ...req, path: checks[nextCheck++ % checks.length] }) }],
        },
      },
      {
        name: 'add a purchase that may waive (10 conn)',
        target: 0.5,
        connections: 10,
        options: {
          method: 'POST',
          path: `/api/cards/${cards[0]}/transactions`,
          headers: { ...headers, 'content-type': 'application/json' },
          body,
          requests: [
            {
              setupRequest: (req) => ({
                ...req,
                path: `/api/cards/${cards[nextCard++ % cards.length]}/transactions`,
              }),
            },
          ],
        },
      },
    ];
  },

  async extras(ctx) {
    const { apiOk, adminToken, mapLimit } = ctx;
    const seedStarted = performance.now();
    const codes = Array.from(
      { length: SWEEP_COMPANIES },
      (_, i) => `bench-fees-${String(i).padStart(3, '0')}`,
    );
    await mapLimit(codes, 4, async (code) => {
      const { userId } = await companyWithMember(ctx, code, false);
      const ruleId = await countRule(apiOk, adminToken, code, 3);
      const cards = await seedCards(ctx, adminToken, code, userId, ruleId, SWEEP_CARDS);
      // A purchase in each company: the sweep's waiver check has purchases to count.
      await apiOk('POST', `/api/cards/${cards[0]}/transactions`, {
        token: adminToken,
        tenant: code,
        body: { amountFen: 100, at: new Date().toISOString() },
      });
    });
    const seedSec = (performance.now() - seedStarted) / 1000;

    const started = performance.now();
    const run = await apiOk('POST', '/api/admin/tasks/annual-fee-sweep/run', { token: adminToken });
    const runMs = performance.now() - started;
    if (run.body.status !== 'succeeded') throw new Error(`the sweep failed: ${JSON.stringify(run.body)}`);
    const report = run.body.result;
    return [
      {
        name: `seed ${SWEEP_COMPANIES} companies × ${SWEEP_CARDS} cards`,
        value: seedSec,
        unit: 's',
        note: 'through POST /api/cards {items}, 1 000 per request',
      },
      {
        name: 'annual-fee-sweep',
        value: runMs,
        unit: 'ms',
        note: `${report.tenants} companies, ${report.cards} cards, ${report.recordsCreated} records created, ${report.notices} notices`,
      },
      {
        name: 'annual-fee-sweep: cards per second',
        value: report.cards / (runMs / 1000),
        unit: 'cards/s',
        note: 'target ≥ 50 000',
      },
    ];
  },
};
