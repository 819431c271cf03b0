import { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { STRATEGIES } from '../../../schema/dto/devices';
import type { AppEnv } from '../../types';
import { Card, DataTable, Field, Form, FormStatus, SelectField } from '../components';
import { type Lang, pickLang } from '../i18n';
import { Layout, langPage, renderPage, staticFiles } from '../layout';
import { MemberFrame, pageTenant } from '../member/frame';
import { DEVICES_ADMIN_JS } from './assets/admin';
import { DEVICES_TENANT_JS } from './assets/tenant';
import { type DeviceStrings, deviceStrings } from './strings';

/**
 * The device and billing pages (SPEC G2):
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
devicePages.get('/devices', (c) => renderPage(c, <DevicesPage lang={pickLang(c)} tenant={pageTenant(c)} />));
devicePages.get('/nodes', langPage(NodesPage));
devicePages.get('/billing-ops', langPage(BillingOpsPage));

/** A table whose rows the page's script fills, wide ones scrolling sideways; `#{id}-summary` is its live status line. */
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
      <DataTable
        id={id}
        caption={caption}
        columns={columns}
        scrollLabel={s['table.scroll'].replace('{caption}', caption)}
      />
      <p class="hint" id={`${id}-summary`} role="status" aria-live="polite" />
    </>
  );
}

function DevicesPage({ lang, tenant }: { lang: Lang; tenant: string }) {
  const s = deviceStrings(lang);
  return (
    <MemberFrame
      lang={lang}
      title={s['devices.title']}
      path="/devices"
      tenant={tenant}
      scripts={['/static/devices/tenant.js']}
      strings={s}
    >
      <h1 id="devices-title" tabindex={-1}>
        {s['devices.title']}
      </h1>

      <div id="devices-view">
        <div id="company-chooser" hidden>
          <form id="company-form" class="search">
            <div class="field">
              <label for="company-code">{s['devices.company']}</label>
              <input
                id="company-code"
                name="code"
                autocomplete="off"
                required
                aria-describedby="company-code-hint"
              />
            </div>
            <button type="submit">{s['devices.companyShow']}</button>
          </form>
          <p class="hint" id="company-code-hint">
            {s['devices.companyHint']}
          </p>
        </div>

        <div class="columns">
          <div>
            <Card headingId="allocations-heading" heading={s['devices.allocations']}>
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
                  s['devices.col.hold'],
                  s['devices.col.charge'],
                  s['devices.col.action'],
                ]}
              />
              <FormStatus id="release-status" />
              <Form id="extend-form" plain submit={s['devices.extendSubmit']}>
                <SelectField
                  form="extend"
                  name="allocationId"
                  label={s['devices.extendWhich']}
                  options={[]}
                />
                <Field
                  form="extend"
                  name="minutes"
                  label={s['devices.extendMinutes']}
                  type="number"
                  required
                />
              </Form>
            </Card>
            <Card headingId="usage-heading" heading={s['devices.usage']}>
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
            </Card>
            <Card id="wallets-card" hidden headingId="wallets-heading" heading={s['devices.wallets']}>
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
            </Card>
          </div>

          <div>
            <Card id="balance-card" headingId="balance-heading" heading={s['devices.balance']}>
              <dl id="balance">
                <dt>{s['devices.balanceFen']}</dt>
                <dd id="balance-fen">–</dd>
                <dt>{s['devices.topUps']}</dt>
                <dd id="balance-topups">–</dd>
                <dt>{s['devices.charged']}</dt>
                <dd id="balance-charged">–</dd>
                <dt>{s['devices.held']}</dt>
                <dd id="balance-held">–</dd>
              </dl>
            </Card>
            <Card headingId="allocate-heading" heading={s['devices.allocate']}>
              <Form id="allocate-form" submit={s['devices.allocateSubmit']}>
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
              </Form>
            </Card>
            <Card headingId="topup-heading" heading={s['devices.topUp']}>
              <Form id="topup-form" plain submit={s['devices.topUpSubmit']}>
                <SelectField
                  form="topup"
                  name="userId"
                  label={s['devices.topUpUser']}
                  options={[['', s['devices.topUpChoose']]]}
                  required
                />
                <Field
                  form="topup"
                  name="amountFen"
                  label={s['devices.topUpAmount']}
                  type="number"
                  required
                />
              </Form>
            </Card>
          </div>
        </div>
      </div>
    </MemberFrame>
  );
}

/** The frame of the platform admin's pages: the hint to log in first, else the page (`#admin-view`). */
function AdminFrame(props: {
  lang: Lang;
  title: string;
  titleId: string;
  path: string;
  page: string;
  children: Child;
}) {
  const s = deviceStrings(props.lang);
  return (
    <Layout
      lang={props.lang}
      title={props.title}
      path={props.path}
      scripts={['/static/devices/admin.js']}
      strings={s}
    >
      <h1 id={props.titleId} tabindex={-1}>
        {props.title}
      </h1>
      <p id="need-admin" class="card narrow" hidden>
        <a href="/">{s['nodes.needAdmin']}</a>
      </p>
      <div id="admin-view" data-page={props.page} hidden>
        {props.children}
      </div>
    </Layout>
  );
}

function NodesPage({ lang }: { lang: Lang }) {
  const s = deviceStrings(lang);
  return (
    <AdminFrame lang={lang} title={s['nodes.title']} titleId="nodes-title" path="/nodes" page="nodes">
      <div class="columns">
        <Card headingId="nodes-heading" heading={s['nodes.list']}>
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
        </Card>
        <div>
          <Card headingId="register-heading" heading={s['nodes.register']}>
            <Form id="register-form" submit={s['nodes.registerSubmit']}>
              <Field form="register" name="nodeId" label={s['nodes.nodeId']} required />
              <Field form="register" name="region" label={s['nodes.region']} />
            </Form>
          </Card>
          <Card headingId="add-heading" heading={s['nodes.addDevices']}>
            <Form id="add-form" plain submit={s['nodes.addSubmit']}>
              <Field form="add" name="nodeId" label={s['nodes.nodeId']} required />
              <Field form="add" name="cpuCores" label={s['nodes.cpu']} type="number" required />
              <Field form="add" name="memoryMB" label={s['nodes.memory']} type="number" required />
              <Field form="add" name="storageMB" label={s['nodes.storage']} type="number" required />
              <Field form="add" name="count" label={s['nodes.count']} type="number" />
            </Form>
          </Card>
        </div>
      </div>
    </AdminFrame>
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
    <AdminFrame lang={lang} title={s['ops.title']} titleId="ops-title" path="/billing-ops" page="billing-ops">
      <p>
        <button type="button" id="ops-refresh">
          {s['ops.refresh']}
        </button>
      </p>
      <Card headingId="dead-heading" heading={s['ops.dead']}>
        <p>
          <button type="button" id="requeue-all">
            {s['ops.requeueAll']}
          </button>
        </p>
        <Table s={s} id="dead" caption={s['ops.dead']} columns={[...columns, s['devices.col.action']]} />
        <FormStatus id="requeue-status" />
      </Card>
      <Card headingId="outbox-heading" heading={s['ops.outbox']}>
        <Table s={s} id="outbox" caption={s['ops.outbox']} columns={[...columns, s['ops.col.next']]} />
      </Card>
    </AdminFrame>
  );
}
