import { Hono } from 'hono';
import { STRATEGIES } from '../../../schema/dto/devices';
import type { AppEnv } from '../../types';
import type { Lang } from '../i18n';
import { Field, Layout, langPage, SelectField, staticFiles } from '../layout';
import { DEVICES_ADMIN_JS } from './assets/admin';
import { DEVICES_TENANT_JS } from './assets/tenant';
import { type DeviceStrings, deviceStrings } from './strings';

/**
 * The device and billing pages (SPEC G2, issue #5 item 8):
 * - `/devices`: a company's devices and allocations, the caller's balance and usage with charges,
 *   allocate and release, top-ups and member balances for company admins;
 * - `/nodes` (platform admins): device nodes with their counts and circuit, registering nodes and devices;
 * - `/billing-ops` (platform admins): the usage outbox and the dead letters, with re-queue.
 * The pages are rendered here; their scripts (assets/) fill them from the API with the console's session.
 */
export const devicePages = new Hono<AppEnv>();

devicePages.get(
  '/static/devices/:file',
  staticFiles({ 'tenant.js': DEVICES_TENANT_JS, 'admin.js': DEVICES_ADMIN_JS }),
);
devicePages.get('/devices', langPage(DevicesPage));
devicePages.get('/nodes', langPage(NodesPage));
devicePages.get('/billing-ops', langPage(BillingOpsPage));

function Strings({ s }: { s: DeviceStrings }) {
  return <div id="device-strings" hidden data-strings={JSON.stringify(s)} />;
}

function Status() {
  return <p class="form-status" role="status" aria-live="polite" />;
}

/** A table whose rows the page's script fills; `summary` is its live status line. */
function Table({
  id,
  caption,
  columns,
  s,
}: {
  id: string;
  caption: string;
  columns: string[];
  s: DeviceStrings;
}) {
  return (
    <>
      {/* Wide tables scroll sideways; the region is focusable so keyboard users can scroll it too. */}
      <section class="table-wrap" aria-label={s['table.scroll'].replace('{caption}', caption)} tabindex={0}>
        <table id={`${id}-table`}>
          <caption class="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th scope="col">{c}</th>
              ))}
            </tr>
          </thead>
          <tbody id={`${id}-rows`} />
        </table>
      </section>
      <p class="hint" id={`${id}-summary`} role="status" aria-live="polite" />
    </>
  );
}

function DevicesPage({ lang }: { lang: Lang }) {
  const s = deviceStrings(lang);
  return (
    <Layout lang={lang} title={s['devices.title']} path="/devices" scripts={['/static/devices/tenant.js']}>
      <Strings s={s} />
      <h1 id="devices-title" tabindex={-1}>
        {s['devices.title']}
      </h1>

      <section id="user-login-view" class="card narrow" aria-labelledby="user-login-title" hidden>
        <h2 id="user-login-title">{s['devices.userLogin']}</h2>
        <p class="note">{s['devices.userLoginNote']}</p>
        <form id="user-login-form" novalidate>
          <Field
            form="user-login"
            name="username"
            label={s['devices.username']}
            autocomplete="username"
            required
          />
          <Field
            form="user-login"
            name="password"
            label={s['devices.password']}
            type="password"
            autocomplete="current-password"
            untrimmed
            required
          />
          <button type="submit" class="primary">
            {s['devices.login']}
          </button>
          <Status />
        </form>
      </section>

      <div id="devices-view" hidden>
        <form id="company-form" class="search">
          <div class="field">
            <label for="company-code">{s['devices.company']}</label>
            <input id="company-code" name="code" autocomplete="off" required />
          </div>
          <button type="submit">{s['devices.companyShow']}</button>
        </form>

        <div class="columns">
          <div>
            <section class="card" aria-labelledby="allocations-heading">
              <h2 id="allocations-heading">{s['devices.allocations']}</h2>
              <Table
                s={s}
                id="allocations"
                caption={s['devices.allocations']}
                columns={[
                  s['devices.col.allocation'],
                  s['devices.col.device'],
                  s['devices.col.node'],
                  s['devices.col.status'],
                  s['devices.col.expiresAt'],
                  s['devices.col.duration'],
                  s['devices.col.charge'],
                  s['devices.col.action'],
                ]}
              />
              <p class="form-status" id="release-status" role="status" aria-live="polite" />
            </section>
            <section class="card" aria-labelledby="usage-heading">
              <h2 id="usage-heading">{s['devices.usage']}</h2>
              <Table
                s={s}
                id="usage"
                caption={s['devices.usage']}
                columns={[
                  s['devices.col.allocation'],
                  s['devices.col.user'],
                  s['devices.col.spec'],
                  s['devices.col.duration'],
                  s['devices.col.charge'],
                  s['devices.col.recordedAt'],
                ]}
              />
            </section>
            <section class="card" aria-labelledby="wallets-heading" id="wallets-card" hidden>
              <h2 id="wallets-heading">{s['devices.wallets']}</h2>
              <Table
                s={s}
                id="wallets"
                caption={s['devices.wallets']}
                columns={[
                  s['devices.col.user'],
                  s['devices.balanceFen'],
                  s['devices.topUps'],
                  s['devices.charged'],
                  s['devices.charges'],
                ]}
              />
            </section>
          </div>

          <div>
            <section class="card" aria-labelledby="balance-heading">
              <h2 id="balance-heading">{s['devices.balance']}</h2>
              <dl id="balance">
                <dt>{s['devices.balanceFen']}</dt>
                <dd id="balance-fen">–</dd>
                <dt>{s['devices.topUps']}</dt>
                <dd id="balance-topups">–</dd>
                <dt>{s['devices.charged']}</dt>
                <dd id="balance-charged">–</dd>
              </dl>
            </section>
            <section class="card" aria-labelledby="allocate-heading">
              <h2 id="allocate-heading">{s['devices.allocate']}</h2>
              <form id="allocate-form" novalidate>
                <Field
                  form="allocate"
                  name="durationMinutes"
                  label={s['devices.duration']}
                  type="number"
                  required
                />
                <Field form="allocate" name="cpuCores" label={s['devices.cpu']} type="number" />
                <Field form="allocate" name="memoryMB" label={s['devices.memory']} type="number" />
                <SelectField
                  form="allocate"
                  name="strategy"
                  label={s['devices.strategy']}
                  options={STRATEGIES.map((k) => [k, s[`devices.strategy.${k}`]])}
                />
                <button type="submit" class="primary">
                  {s['devices.allocateSubmit']}
                </button>
                <Status />
              </form>
            </section>
            <section class="card" aria-labelledby="topup-heading">
              <h2 id="topup-heading">{s['devices.topUp']}</h2>
              <form id="topup-form" novalidate>
                <Field form="topup" name="userId" label={s['devices.topUpUser']} required />
                <Field
                  form="topup"
                  name="amountFen"
                  label={s['devices.topUpAmount']}
                  type="number"
                  required
                />
                <button type="submit">{s['devices.topUpSubmit']}</button>
                <Status />
              </form>
            </section>
          </div>
        </div>
      </div>
    </Layout>
  );
}

function NeedAdmin({ s }: { s: DeviceStrings }) {
  return (
    <p id="need-admin" class="card narrow" hidden>
      <a href="/">{s['nodes.needAdmin']}</a>
    </p>
  );
}

function NodesPage({ lang }: { lang: Lang }) {
  const s = deviceStrings(lang);
  return (
    <Layout lang={lang} title={s['nodes.title']} path="/nodes" scripts={['/static/devices/admin.js']}>
      <Strings s={s} />
      <h1 id="nodes-title" tabindex={-1}>
        {s['nodes.title']}
      </h1>
      <NeedAdmin s={s} />
      <div id="admin-view" data-page="nodes" hidden>
        <div class="columns">
          <section class="card" aria-labelledby="nodes-heading">
            <h2 id="nodes-heading">{s['nodes.list']}</h2>
            <Table
              s={s}
              id="nodes"
              caption={s['nodes.list']}
              columns={[
                s['nodes.col.node'],
                s['nodes.col.region'],
                s['nodes.col.devices'],
                s['nodes.col.allocated'],
                s['nodes.col.maintenance'],
                s['nodes.col.outbox'],
                s['nodes.col.circuit'],
              ]}
            />
          </section>
          <div>
            <section class="card" aria-labelledby="register-heading">
              <h2 id="register-heading">{s['nodes.register']}</h2>
              <form id="register-form" novalidate>
                <Field form="register" name="nodeId" label={s['nodes.nodeId']} required />
                <Field form="register" name="region" label={s['nodes.region']} />
                <button type="submit" class="primary">
                  {s['nodes.registerSubmit']}
                </button>
                <Status />
              </form>
            </section>
            <section class="card" aria-labelledby="add-heading">
              <h2 id="add-heading">{s['nodes.addDevices']}</h2>
              <form id="add-form" novalidate>
                <Field form="add" name="nodeId" label={s['nodes.nodeId']} required />
                <Field form="add" name="cpuCores" label={s['nodes.cpu']} type="number" required />
                <Field form="add" name="memoryMB" label={s['nodes.memory']} type="number" required />
                <Field form="add" name="storageMB" label={s['nodes.storage']} type="number" required />
                <Field form="add" name="count" label={s['nodes.count']} type="number" />
                <button type="submit">{s['nodes.addSubmit']}</button>
                <Status />
              </form>
            </section>
          </div>
        </div>
      </div>
    </Layout>
  );
}

function BillingOpsPage({ lang }: { lang: Lang }) {
  const s = deviceStrings(lang);
  const columns = [
    s['ops.col.id'],
    s['ops.col.node'],
    s['ops.col.allocation'],
    s['ops.col.tenant'],
    s['ops.col.attempts'],
    s['ops.col.error'],
  ];
  return (
    <Layout lang={lang} title={s['ops.title']} path="/billing-ops" scripts={['/static/devices/admin.js']}>
      <Strings s={s} />
      <h1 id="ops-title" tabindex={-1}>
        {s['ops.title']}
      </h1>
      <NeedAdmin s={s} />
      <div id="admin-view" data-page="billing-ops" hidden>
        <p>
          <button type="button" id="ops-refresh">
            {s['ops.refresh']}
          </button>
        </p>
        <section class="card" aria-labelledby="dead-heading">
          <h2 id="dead-heading">{s['ops.dead']}</h2>
          <p>
            <button type="button" id="requeue-all">
              {s['ops.requeueAll']}
            </button>
          </p>
          <Table s={s} id="dead" caption={s['ops.dead']} columns={[...columns, s['devices.col.action']]} />
          <p class="form-status" id="requeue-status" role="status" aria-live="polite" />
        </section>
        <section class="card" aria-labelledby="outbox-heading">
          <h2 id="outbox-heading">{s['ops.outbox']}</h2>
          <Table s={s} id="outbox" caption={s['ops.outbox']} columns={[...columns, s['ops.col.next']]} />
        </section>
      </div>
    </Layout>
  );
}
