import { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { CUSTOMER_STATUSES } from '../../../schema/dto/crm';
import type { AppEnv } from '../../types';
import { Card, DataTable, Field, Form, FormStatus, Pager, SearchField } from '../components';
import { type Lang, pickLang } from '../i18n';
import { renderPage, staticFiles } from '../layout';
import { MemberFrame, pageTenant } from '../member/frame';
import { CONTRACT_JS, CRM_COMMON_JS, CRM_CSS, CUSTOMER_JS, CUSTOMERS_JS } from './assets';
import { crmStrings } from './strings';

/**
 * The tenant workspace's CRM pages: the customer list, a customer with its contracts and status
 * history, and the contract form. Pages are frames; /static/crm/*.js fill them through the API.
 * The company comes from `/t/{code}/…`, the subdomain or the tenant header, as for the API.
 */

const CUSTOMER_FIELDS = ['name', 'contactName', 'contactPhone', 'address', 'notes'] as const;

interface FrameProps {
  lang: Lang;
  tenant: string;
  title: string;
  path: string;
  /** The page's script: /static/crm/{script}.js, or a path of another module's own. */
  script: string;
  data?: Record<string, string>;
  /** Another module's pages in this frame: scripts before the page's, its stylesheets and its strings. */
  module?: { scripts: string[]; styles: string[]; strings: Record<string, string> };
  children: Child;
}

/**
 * A CRM page in the member frame (the one member session, the company bar): the company chooser for
 * an administrator on an address naming no company, then the page (`#crm`, its data for the script).
 * Other member pages (card fees) use the same frame through `module`.
 */
export function CrmFrame(props: FrameProps) {
  const s = crmStrings(props.lang);
  const data = Object.fromEntries(Object.entries(props.data ?? {}).map(([k, v]) => [`data-${k}`, v]));
  const script = props.script.startsWith('/') ? props.script : `/static/crm/${props.script}.js`;
  return (
    <MemberFrame
      lang={props.lang}
      title={props.title}
      path={props.path}
      tenant={props.tenant}
      scripts={['/static/crm/common.js', ...(props.module?.scripts ?? []), script]}
      styles={['/static/crm/crm.css', ...(props.module?.styles ?? [])]}
      strings={{ ...s, ...props.module?.strings }}
    >
      <Card
        id="tenant-view"
        class="narrow"
        hidden
        h1
        focus
        headingId="tenant-title"
        heading={s['crm.tenant.title']}
      >
        <Form id="tenant-form" submit={s['crm.tenant.go']}>
          <Field form="tenant" name="code" label={s['crm.tenant.code']} required />
        </Form>
      </Card>
      <div id="crm" hidden {...data}>
        {props.children}
      </div>
    </MemberFrame>
  );
}

function CustomersPage({ lang, tenant }: { lang: Lang; tenant: string }) {
  const s = crmStrings(lang);
  return (
    <CrmFrame lang={lang} tenant={tenant} title={s['crm.customers']} path="/crm/customers" script="customers">
      <h1 id="page-title" tabindex={-1}>
        {s['crm.customers']}
      </h1>
      <div class="columns">
        <Card headingId="list-title" heading={s['crm.customerList']}>
          <search>
            <form id="filter-form" class="search">
              <SearchField
                id="filter-status"
                name="status"
                label={s['crm.filter.status']}
                options={[
                  ['', s['crm.filter.all']],
                  ...CUSTOMER_STATUSES.map((status): [string, string] => [status, s[`crm.status.${status}`]]),
                ]}
              />
              <SearchField id="filter-q" name="q" label={s['crm.filter.q']} />
              <button type="submit">{s['crm.filter.submit']}</button>
            </form>
          </search>
          <DataTable
            id="customers"
            caption={s['crm.customerList']}
            columns={[
              s['crm.col.name'],
              s['crm.col.status'],
              [s['crm.col.capacity'], 'num'],
              s['crm.col.created'],
            ]}
          />
          <Pager
            lang={lang}
            ids={['customers-summary', 'page-prev', 'page-next']}
            label={s['crm.customerList']}
            arrows={[s['crm.pager.prev'], s['crm.pager.next']]}
          />
        </Card>
        <Card headingId="create-title" heading={s['crm.create.title']}>
          <Form id="create-form" submit={s['crm.create.submit']}>
            <Field form="create" name="name" label={s['crm.field.name']} required />
            <Field form="create" name="contactName" label={s['crm.field.contactName']} />
            <Field form="create" name="contactPhone" label={s['crm.field.contactPhone']} type="tel" />
            <Field form="create" name="address" label={s['crm.field.address']} />
            <Field form="create" name="notes" label={s['crm.field.notes']} />
          </Form>
        </Card>
      </div>
    </CrmFrame>
  );
}

function CustomerPage({ lang, tenant, id }: { lang: Lang; tenant: string; id: string }) {
  const s = crmStrings(lang);
  return (
    <CrmFrame
      lang={lang}
      tenant={tenant}
      title={s['crm.customers']}
      path="/crm/customers"
      script="customer"
      data={{ 'customer-id': id }}
    >
      <p>
        <a id="back-link" data-path="/crm/customers" href="/crm/customers">
          {s['crm.detail.back']}
        </a>
      </p>
      <h1 id="page-title" tabindex={-1}>
        <span id="customer-name" /> <span id="customer-status" />
      </h1>
      <FormStatus id="page-status" />
      <div class="columns">
        <div class="stack">
          <section class="card" aria-labelledby="contracts-title">
            <div class="card-head">
              <h2 id="contracts-title">{s['crm.contracts.title']}</h2>
              <a id="new-contract" class="button-link" href={`/crm/customers/${id}/contracts/new`}>
                {s['crm.contracts.new']}
              </a>
            </div>
            <DataTable
              id="contracts"
              caption={s['crm.contracts.title']}
              columns={[
                s['crm.contracts.col.months'],
                [s['crm.contracts.col.quantity'], 'num'],
                s['crm.contracts.col.status'],
                s['crm.contracts.col.actions'],
              ]}
            />
          </section>
          <Card headingId="history-title" heading={s['crm.history.title']}>
            <ol id="history" class="timeline" />
          </Card>
        </div>
        <div class="stack">
          <Card headingId="summary-title" hiddenHeading heading={s['crm.detail.capacity']}>
            <dl class="facts">
              <dt>{s['crm.detail.capacity']}</dt>
              <dd id="customer-capacity" />
              <dt>{s['crm.detail.created']}</dt>
              <dd id="customer-created" />
            </dl>
          </Card>
          <Card headingId="ops-title" heading={s['crm.ops.title']}>
            <form id="ops-form" novalidate>
              <Field form="ops" name="reason" label={s['crm.ops.reason']} />
              <div id="ops-buttons" class="buttons" />
              <FormStatus />
            </form>
          </Card>
          <Card headingId="edit-title" heading={s['crm.detail.edit']}>
            <p id="edit-note" class="note" hidden />
            <Form id="edit-form" submit={s['crm.detail.save']}>
              {CUSTOMER_FIELDS.map((name) => (
                <Field form="edit" name={name} label={s[`crm.field.${name}`]} required={name === 'name'} />
              ))}
            </Form>
            <p>
              <button type="button" id="delete-customer" class="danger" hidden>
                {s['crm.detail.delete']}
              </button>
            </p>
          </Card>
        </div>
      </div>
    </CrmFrame>
  );
}

/** The form of a new contract (for `customerId`) or of an existing one (`contractId`). */
function ContractPage({
  lang,
  tenant,
  ...of
}: { lang: Lang; tenant: string } & ({ customerId: string } | { contractId: string })) {
  const s = crmStrings(lang);
  const title = 'contractId' in of ? s['crm.contract.editTitle'] : s['crm.contract.newTitle'];
  return (
    <CrmFrame
      lang={lang}
      tenant={tenant}
      title={title}
      path="/crm/customers"
      script="contract"
      data={'contractId' in of ? { 'contract-id': of.contractId } : { 'customer-id': of.customerId }}
    >
      <h1 id="page-title" tabindex={-1}>
        {title}
      </h1>
      <section class="card narrow-form" aria-labelledby="page-title">
        <p>
          {s['crm.contract.customer']}:{' '}
          <a id="contract-customer" href="/crm/customers">
            …
          </a>
        </p>
        <form id="contract-form" novalidate>
          <Field
            form="contract"
            name="purchaseStartMonth"
            label={s['crm.contract.start']}
            hint={s['crm.contract.monthHint']}
            type="month"
            required
          />
          <Field
            form="contract"
            name="purchaseEndMonth"
            label={s['crm.contract.end']}
            hint={s['crm.contract.monthHint']}
            type="month"
            required
          />
          <Field
            form="contract"
            name="purchasingElectricityQuantity"
            label={s['crm.contract.quantity']}
            hint={s['crm.contract.quantityHint']}
            type="number"
            required
          />
          <div class="buttons">
            <button type="submit" class="primary">
              {s['crm.contract.save']}
            </button>
            <a id="cancel-link" href="/crm/customers">
              {s['crm.contract.cancel']}
            </a>
          </div>
          <FormStatus />
        </form>
      </section>
    </CrmFrame>
  );
}

export const crmPages = new Hono<AppEnv>();

crmPages.get('/crm/customers', (c) =>
  renderPage(c, <CustomersPage lang={pickLang(c)} tenant={pageTenant(c)} />),
);
crmPages.get('/crm/customers/:id{[a-z0-9_]{1,64}}', (c) =>
  renderPage(c, <CustomerPage lang={pickLang(c)} tenant={pageTenant(c)} id={c.req.param('id')} />),
);
crmPages.get('/crm/customers/:id{[a-z0-9_]{1,64}}/contracts/new', (c) =>
  renderPage(c, <ContractPage lang={pickLang(c)} tenant={pageTenant(c)} customerId={c.req.param('id')} />),
);
crmPages.get('/crm/contracts/:id{[a-z0-9_]{1,64}}/edit', (c) =>
  renderPage(c, <ContractPage lang={pickLang(c)} tenant={pageTenant(c)} contractId={c.req.param('id')} />),
);
crmPages.get(
  '/static/crm/:file',
  staticFiles({
    'common.js': CRM_COMMON_JS,
    'customers.js': CUSTOMERS_JS,
    'customer.js': CUSTOMER_JS,
    'contract.js': CONTRACT_JS,
    'crm.css': CRM_CSS,
  }),
);
