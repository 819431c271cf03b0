// Legal marketplace II benchmarks (issue #19): the user's credits read against /healthz, and a batch
// upload of 10 000 debt rows (3 % of them bad): the time until the upload is accepted and the time
// until every good row's case has been handed to the debt dispatcher, each as rows per second.
//
// The user is a platform user an administrator made, signed in to the marketplace as a user. The upload
// is timed during setup, while nothing else runs, and reported with the extras.
//
// Enterprise analytics (D11): a company on a plan with `legal` and the flagship package uploads 10 000
// good rows from its tenant; once every case is with the dispatcher, a member reads
// GET /t/{code}/api/legal/analytics?months=12 (a read of kept monthly statistics) against /healthz.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { cardCheckCharacter } from '../../durable-objects/legal/client/id-numbers.ts';

const ROWS = Number(process.env.LEGAL_BENCH_BATCH_ROWS ?? 10_000);
const PASSWORD = `bench-${randomBytes(9).toString('base64url')}`;

/** A resident card number with its check character (the upload verifies it), distinct for serials 0–9 999. */
function residentId(serial) {
  const first17 = `1101011990030${String(serial % 10_000).padStart(4, '0')}`;
  return first17 + cardCheckCharacter(first17);
}

/** The template's header and `rows` debts, the first `badPerHundred` of each hundred bad (3 %). */
function debtsCsv(rows = ROWS, badPerHundred = 3) {
  const lines = ['债务人姓名,证件号码,联系电话,欠款金额,到期日,备注'];
  for (let i = 0; i < rows; i++) {
    const n = String(i % 10_000).padStart(4, '0');
    lines.push(
      i % 100 < badPerHundred
        ? `债务人${i},12345,10086,abc,2026-02-30,`
        : `债务人${i},${residentId(i)},1380013${n},${1000 + (i % 500)}.50,2026-03-01,第${i}笔`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A company with `legal` in its plan and the flagship package, a member signed in, and 10 000 of its cases. */
async function enterpriseWithCases({ apiOk, adminToken, waitFor, url }) {
  const code = `benchent${randomBytes(3).toString('hex')}`;
  const company = await apiOk('POST', '/api/admin/companies', {
    token: adminToken,
    body: { code, name: `Bench enterprise ${code}`, plan: 'enterprise' },
  });
  await apiOk('PUT', `/api/admin/companies/${company.body.id}/legal-package`, {
    token: adminToken,
    body: { package: 'flagship_enterprise' },
  });
  const username = `bench-ent-${randomBytes(3).toString('hex')}`;
  const user = await apiOk('POST', '/api/admin/users', {
    token: adminToken,
    body: { username, email: `${username}@bench.example.com`, password: PASSWORD, name: username },
  });
  await apiOk('POST', `/api/admin/users/${user.body.id}/companies`, {
    token: adminToken,
    body: { companyId: company.body.id, role: 'member' },
  });
  const login = await apiOk('POST', '/api/auth/login', { body: { username, password: PASSWORD } });
  const token = login.body.token;
  const form = new FormData();
  form.set('file', new Blob([debtsCsv(10_000, 0)], { type: 'text/csv' }), 'bench-enterprise.csv');
  const res = await fetch(`${url}/t/${code}/api/legal/batches`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const answer = await res.json();
  if (res.status !== 201)
    throw new Error(`the company's upload answered ${res.status}: ${JSON.stringify(answer).slice(0, 300)}`);
  await waitFor(
    async () =>
      (await apiOk('GET', `/t/${code}/api/legal/batches/${answer.batchId}`, { token })).body.progress
        .queued === 0,
    {
      what: "every case of the company's batch handed to the dispatcher",
      timeoutMs: 900_000,
      intervalMs: 500,
    },
  );
  const report = await apiOk('GET', `/t/${code}/api/legal/analytics?months=12`, { token });
  if (report.body.company.casesProcessed !== answer.totalCases)
    throw new Error(
      `the report counts ${report.body.company.casesProcessed} cases, not ${answer.totalCases}`,
    );
  return { code, token };
}

async function marketplaceUser({ apiOk, adminToken }, username) {
  const email = `${username}@bench.example.com`;
  await apiOk('POST', '/api/admin/users', {
    token: adminToken,
    body: { username, email, password: PASSWORD, name: username },
  });
  const login = await apiOk('POST', '/api/legal/auth/login', { body: { email, password: PASSWORD } });
  await apiOk('POST', '/api/legal/auth/identity', {
    token: login.body.accessToken,
    body: { identityType: 'user' },
  });
  return { token: login.body.accessToken };
}

export default {
  title: 'legal-batches',

  async setup(ctx) {
    const { apiOk, waitFor } = ctx;
    const reader = await marketplaceUser(ctx, `bench-credits-${randomBytes(3).toString('hex')}`);
    await apiOk('GET', '/api/legal/users/me/credits', { token: reader.token });

    const uploader = await marketplaceUser(ctx, `bench-batch-${randomBytes(3).toString('hex')}`);
    const form = new FormData();
    form.set('file', new Blob([debtsCsv()], { type: 'text/csv' }), 'bench-debts.csv');
    const started = performance.now();
    const res = await fetch(`${ctx.url}/api/legal/batches`, {
      method: 'POST',
      headers: { authorization: `Bearer ${uploader.token}` },
      body: form,
    });
    const answer = await res.json();
    if (res.status !== 201)
      throw new Error(`the upload answered ${res.status}: ${JSON.stringify(answer).slice(0, 300)}`);
    const acceptSec = (performance.now() - started) / 1000;
    let last = null;
    await waitFor(
      async () => {
        last = (await apiOk('GET', `/api/legal/batches/${answer.batchId}`, { token: uploader.token })).body;
        return last.progress.queued === 0;
      },
      { what: 'every case of the batch handed to the dispatcher', timeoutMs: 900_000, intervalMs: 250 },
    );
    const dispatchSec = (performance.now() - started) / 1000;
    const badRows = new Set(answer.rowErrors.map((e) => e.line)).size;
    const enterprise = await enterpriseWithCases(ctx);
    return { reader, enterprise, answer, badRows, acceptSec, dispatchSec, progress: last.progress };
  },

  scenarios({ reader, enterprise }) {
    return [
      {
        name: 'enterprise analytics, 10 000 cases (GET /t/{code}/api/legal/analytics?months=12)',
        target: 0.5,
        connections: 10,
        options: {
          method: 'GET',
          path: `/t/${enterprise.code}/api/legal/analytics?months=12`,
          headers: { authorization: `Bearer ${enterprise.token}` },
        },
      },
      {
        name: 'credits read (GET /api/legal/users/me/credits)',
        target: 0.7,
        connections: 10,
        options: {
          method: 'GET',
          path: '/api/legal/users/me/credits',
          headers: { authorization: `Bearer ${reader.token}` },
        },
      },
    ];
  },

  async extras(_ctx, { answer, badRows, acceptSec, dispatchSec, progress }) {
    return [
      {
        name: `batch upload of ${ROWS} rows (${badRows} bad): accepted`,
        value: ROWS / acceptSec,
        unit: 'rows/s',
        note: `answered 201 in ${acceptSec.toFixed(2)} s with ${answer.totalCases} cases and ${answer.rowErrors.length} row errors`,
      },
      {
        name: `batch upload of ${ROWS} rows: every case handed to the dispatcher`,
        value: answer.totalCases / dispatchSec,
        unit: 'cases/s',
        note: `${dispatchSec.toFixed(1)} s from the upload; at the end ${JSON.stringify(progress)}`,
      },
    ];
  },
};
