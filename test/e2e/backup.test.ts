import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReport, runReport } from '../../tools/backup/report.mjs';
import { ROOT, startServer } from '../../tools/server.mjs';
import { cardAnswers, seedCards } from './backup-cards';
import { type Marketplace, marketplaceAnswers, seedMarketplace } from './backup-legal';
import { answers as answersOf, boundaryJobs as jobsOf, ok, seedPlatform } from './backup-platform';
import { type Answer, client } from './support';

/**
 * SPEC G4 end to end, with the real commands: `npm run backup` reads a running server into a libSQL
 * file, a second backup takes only what changed, `npm run restore` writes the chain into a server
 * started on fresh state, and every answer of the API is the same there; the reports agree with the
 * API; an interrupted backup leaves no file that passes for a finished one.
 */

const SECRETS = {
  AUTH_SECRET: 'e2e-backup-auth-secret-0123456789',
  SUPERADMIN_PASSWORD: 'e2e-backup-superadmin-password',
  SERVICE_TOKEN: 'e2e-backup-service-token',
  LOG_LEVEL: 'error',
};

type Server = Awaited<ReturnType<typeof startServer>>;
const servers: Server[] = [];
let dir: string;
let source: Server;
let fresh: Server;
const onSource = client(() => source.url);
const onFresh = client(() => fresh.url);
let admin: string;
let members: Record<string, string> = {};
let marketplace: Marketplace;
let full: string;
let incremental: string;
let afterChanges: Record<string, unknown>;

const answers = async (api: ReturnType<typeof client>) => ({
  ...(await answersOf(api, admin, members)),
  ...(await marketplaceAnswers(api, admin, marketplace)),
  ...(await cardAnswers(api, members.acme!)),
});
const boundaryJobs = (api: ReturnType<typeof client>, code: string) => jobsOf(api, admin, code);

/** Runs one of the backup commands; answers its exit code and output. */
function command(
  script: 'backup' | 'restore' | 'report',
  args: string[],
  onStart?: (child: ChildProcess) => void,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'tools', 'backup', `${script}.mjs`), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
    onStart?.(child);
  });
}

const credentials = (server: Server) => ['--server', server.url, '--password', SECRETS.SUPERADMIN_PASSWORD];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keel-backup-e2e-'));
  source = await startServer({ persistTo: join(dir, 'source'), vars: SECRETS });
  servers.push(source);
  ({ admin, members } = await seedPlatform(onSource, SECRETS.SUPERADMIN_PASSWORD));
  marketplace = await seedMarketplace(onSource, source.url, admin);
  await seedCards(onSource, members.acme!);
  full = join(dir, 'full.db');
  incremental = join(dir, 'incremental.db');
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('backup, restore and reports (SPEC G4)', () => {
  it('restores the chain full + incremental into a fresh server, every answer alike, timed jobs included', async () => {
    const first = await command('backup', [...credentials(source), '--to', `file:${full}`]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/\d+ actors, \d+ rows/);
    expect(existsSync(full)).toBe(true);
    expect(existsSync(`${full}.partial`)).toBe(false);

    // Changes after the full backup: the incremental one carries them.
    const as = { token: members.acme, tenant: 'acme' };
    const list = ok(await onSource('GET', '/api/customers?pageSize=200', as)).items;
    const prospect = list.find((c: { name: string }) => c.name === 'Prospect Ltd');
    ok(await onSource('DELETE', `/api/customers/${prospect.id}`, as));
    const old = list.find((c: { name: string }) => c.name === 'Old Ltd');
    ok(
      await onSource('PUT', `/api/customers/${old.id}`, {
        ...as,
        body: { notes: 'changed after the full backup' },
      }),
    );
    ok(await onSource('POST', '/api/customers', { ...as, body: { name: 'New after the full backup' } }), 201);
    afterChanges = await answers(onSource);
    const seen = (path: string) => (afterChanges[path] as Answer).body;
    expect(seen('acme/api/customers?pageSize=200').total).toBe(4);
    expect(seen('/api/admin/invoices?pageSize=200').total).toBeGreaterThanOrEqual(2);
    expect(seen('/api/admin/tasks/history?pageSize=200').total).toBeGreaterThanOrEqual(2);
    expect(seen('acme/api/billing/usage').total).toBe(1);
    expect(seen('acme/api/billing/balance').balanceFen).toBeLessThan(10_000);
    const jobs = await boundaryJobs(onSource, 'acme');
    expect(jobs).toHaveLength(1);

    const second = await command('backup', [
      ...credentials(source),
      '--to',
      `file:${incremental}`,
      '--since',
      full,
      '--quiet',
    ]);
    expect(second.code, second.stderr).toBe(0);
    expect(statSync(incremental).size).toBeLessThan(statSync(full).size);

    fresh = await startServer({ persistTo: join(dir, 'fresh'), vars: SECRETS });
    servers.push(fresh);
    const restored = await command('restore', [...credentials(fresh), '--from', `file:${incremental}`]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(await answers(onFresh)).toEqual(afterChanges);
    expect(await boundaryJobs(onFresh, 'acme')).toEqual(jobs);
  });

  it('refuses a server that is not empty, and restores one company only over newer data when forced', async () => {
    const again = await command('restore', [...credentials(fresh), '--from', incremental]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('not empty');

    const as = { token: members.acme, tenant: 'acme' };
    const extra = ok(
      await onFresh('POST', '/api/customers', { ...as, body: { name: 'Only on the fresh server' } }),
      201,
    );
    const refused = await command('restore', [
      ...credentials(fresh),
      '--from',
      incremental,
      '--company',
      'acme',
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('crm_customers');
    expect(ok(await onFresh('GET', `/api/customers/${extra.id}`, as)).name).toBe('Only on the fresh server');

    const forced = await command('restore', [
      ...credentials(fresh),
      '--from',
      incremental,
      '--company',
      'acme',
      '--force',
    ]);
    expect(forced.code, forced.stderr).toBe(0);
    expect((await onFresh('GET', `/api/customers/${extra.id}`, as)).status).toBe(404);
    expect(ok(await onFresh('GET', '/api/customers?pageSize=200', as))).toEqual(
      (afterChanges['acme/api/customers?pageSize=200'] as Answer).body,
    );
    const log = ok(await onFresh('GET', '/api/admin/logs?pageSize=100', { token: admin })).items;
    expect(log.find((entry: { action: string }) => entry.action === 'backup.import')).toMatchObject({
      detail: { actor: 'tenant', key: 'acme', force: true },
    });
  });

  it('answers each report with the figures the API gives', async () => {
    const from = `file:${incremental}`;
    const revenue = await runReport('revenue-by-month', { from });
    const dashboard = ok(await onSource('GET', '/api/admin/dashboard', { token: admin }));
    for (const m of dashboard.revenueByMonth) {
      const row = revenue.rows.find((r) => r[0] === m.month);
      expect([row?.[2] ?? 0, row?.[3] ?? 0], m.month).toEqual([m.billedFen, m.paidFen]);
    }
    const usage = ok(await onSource('GET', '/api/billing/usage', { token: admin, tenant: 'acme' }));
    const charged = usage.items.reduce((n: number, u: { chargeFen: number }) => n + u.chargeFen, 0);
    expect(revenue.rows.reduce((n, r) => n + Number(r[4]), 0)).toBe(charged);

    const plans = await runReport('companies-by-plan', { from });
    expect(plans.rows.length).toBeGreaterThanOrEqual(3);
    for (const [plan, status, count] of plans.rows) {
      const page = ok(
        await onSource('GET', `/api/admin/companies?plan=${plan}&status=${status}`, { token: admin }),
      );
      expect(page.total, `${plan} ${status}`).toBe(count);
    }
    expect(plans.rows.reduce((n, r) => n + Number(r[2]), 0)).toBe(dashboard.tenants.total);

    const customers = await runReport('customers-by-status', { from });
    expect(customers.columns).toEqual([
      'company',
      'prospect',
      'pending',
      'active',
      'suspended',
      'terminated',
      'total',
    ]);
    expect(customers.rows.map((r) => r[0])).toEqual(['acme', 'nova']);
    for (const row of customers.rows) {
      const code = String(row[0]);
      for (const [i, status] of customers.columns.entries()) {
        if (i === 0) continue;
        const query = status === 'total' ? '' : `?status=${status}`;
        const page = ok(
          await onSource('GET', `/api/customers${query}`, { token: members[code], tenant: code }),
        );
        expect(page.total, `${code} ${status}`).toBe(row[i]);
      }
    }

    const devices = await runReport('device-usage', { from });
    expect(devices.rows).toHaveLength(1);
    const [company, allocations, records, seconds, , charges] = devices.rows[0]!;
    expect(company).toBe('acme');
    expect(allocations).toBe(
      ok(await onSource('GET', '/api/scheduler/allocations', { token: admin, tenant: 'acme' })).total,
    );
    expect(records).toBe(usage.total);
    expect(seconds).toBe(
      usage.items.reduce((n: number, u: { durationSeconds: number }) => n + u.durationSeconds, 0),
    );
    expect(charges).toBe(charged);

    const fees = await runReport('annual-fees', { from });
    const feeRecords = ok(
      await onSource('GET', '/api/annual-fees/records?pageSize=100', { token: members.acme, tenant: 'acme' }),
    ).items as { feeYear: number; waiverStatus: string; feeAmountFen: number }[];
    expect(feeRecords.length).toBeGreaterThanOrEqual(2);
    const years = [...new Set(feeRecords.map((r) => r.feeYear))].sort();
    expect(fees.rows).toEqual(
      years.map((year) => {
        const of = feeRecords.filter((r) => r.feeYear === year);
        const count = (status: string) => of.filter((r) => r.waiverStatus === status).length;
        const sum = (keep: (r: (typeof of)[number]) => boolean) =>
          of.filter(keep).reduce((n, r) => n + r.feeAmountFen, 0);
        return [
          'acme',
          year,
          of.length,
          count('pending'),
          count('waived'),
          count('paid'),
          count('overdue'),
          sum((r) => r.waiverStatus === 'waived'),
          sum((r) => r.waiverStatus !== 'waived'),
        ];
      }),
    );
    expect(fees.rows.some((r) => Number(r[4]) > 0 && Number(r[5]) > 0)).toBe(true);

    const market = await runReport('marketplace-by-month', { from });
    const tasks = ok(await onSource('GET', '/api/legal/tasks', { token: marketplace.client })).items;
    const points = ok(
      await onSource('GET', '/api/legal/lawyers/me/points', { token: marketplace.lawyer }),
    ).items;
    const orders = await Promise.all(
      tasks.map(async (t: { orderId: string }) =>
        ok(await onSource('GET', `/api/payments/${t.orderId}`, { token: admin })),
      ),
    );
    const monthOf = (iso: string) =>
      new Date(iso).toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' }).slice(0, 7);
    const expected = new Map<string, number[]>();
    const add = (iso: string | null, column: number, value: number) => {
      if (!iso) return;
      const row = expected.get(monthOf(iso)) ?? [0, 0, 0, 0, 0];
      row[column]! += value;
      expected.set(monthOf(iso), row);
    };
    for (const t of tasks) {
      add(t.createdAt, 0, 1);
      add(t.createdAt, 1, t.amountFen);
    }
    for (const o of orders) {
      add(o.paidAt, 2, 1);
      add(o.paidAt, 3, o.amountFen);
    }
    for (const p of points) if (p.result > 0) add(p.at, 4, p.result);
    expect(market.rows).toEqual([...expected].sort().map(([month, figures]) => [month, ...figures]));
    expect(market.rows.length).toBeGreaterThan(0);

    const csv = await command('report', ['customers-by-status', '--from', incremental, '--format', 'csv']);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.trim()).toBe(formatReport(customers, 'csv'));
    expect((await command('report', ['no-such-report', '--from', incremental])).stderr).toContain(
      'customers-by-status',
    );
  });

  it('leaves nothing that looks complete when a backup is killed or interrupted', async () => {
    const slow = ['--page-size', '1', '--concurrency', '1', '--quiet'];
    const startedPartial = (target: string, signal: NodeJS.Signals) => (child: ChildProcess) => {
      const timer = setInterval(() => {
        if (existsSync(`${target}.partial`) && statSync(`${target}.partial`).size > 0) {
          clearInterval(timer);
          setTimeout(() => child.kill(signal), 300);
        }
      }, 20);
    };
    const killed = join(dir, 'killed.db');
    const run = await command(
      'backup',
      [...credentials(source), '--to', killed, ...slow],
      startedPartial(killed, 'SIGKILL'),
    );
    expect(run.signal).toBe('SIGKILL');
    expect(existsSync(killed)).toBe(false);
    expect(existsSync(`${killed}.partial`)).toBe(true);
    const named = await command('restore', [...credentials(fresh), '--from', killed]);
    expect(named.stderr).toContain('is an unfinished backup');
    const partial = await command('restore', [...credentials(fresh), '--from', `${killed}.partial`]);
    expect(partial.code).toBe(1);
    expect(partial.stderr).toMatch(/not complete|not a Keel backup/);

    const interrupted = join(dir, 'interrupted.db');
    const stopped = await command(
      'backup',
      [...credentials(source), '--to', interrupted, ...slow],
      startedPartial(interrupted, 'SIGINT'),
    );
    expect(stopped.code).toBe(130);
    expect(existsSync(interrupted)).toBe(false);
    expect(existsSync(`${interrupted}.partial`)).toBe(false);
  });

  it('explains every flag with --help', async () => {
    for (const [script, flags] of [
      [
        'backup',
        ['--server', '--token', '--to', '--auth-token', '--since', '--page-size', '--concurrency', '--quiet'],
      ],
      ['restore', ['--server', '--token', '--from', '--company', '--force', '--rows-per-call']],
      ['report', ['--from', '--format', 'revenue-by-month', 'device-usage']],
    ] as const) {
      const help = await command(script, ['--help']);
      expect(help.code).toBe(0);
      for (const flag of flags) expect(help.stdout, `${script} ${flag}`).toContain(flag);
    }
    const bad = await command('backup', ['--page-size']);
    expect(bad.code).toBe(2);
  });
});
