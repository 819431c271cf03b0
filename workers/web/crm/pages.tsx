import { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { CUSTOMER_STATUSES } from '../../../schema/dto/crm';
import { tenantCodeOf } from '../../middleware/tenant';
import type { AppEnv } from '../../types';
import { type Lang, pickLang } from '../i18n';
import { Field, Layout, renderPage, staticFiles } from '../layout';
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
  script: string;
  data?: Record<string, string>;
  children: Child;
}

/** Layout plus the CRM root: the company chooser and the login, shown by common.js when needed. */
function CrmFrame(props: FrameProps) {
  const s = crmStrings(props.lang);
  const data = Object.fromEntries(Object.entries(props.data ?? {}).map(([k, v]) => [`data-${k}`, v]));
  return (
    <Layout
      lang={props.lang}
      title={props.title}
      path={props.path}
      scripts={['/static/crm/common.js', `/static/crm/${props.script}.js`]}
    >
      <link rel="stylesheet" href="/static/crm/crm.css" />
      <div id="crm" data-strings={JSON.stringify(s)} data-tenant={props.tenant} {...data}>
        <section id="tenant-view" class="card narrow" aria-labelledby="tenant-title" hidden>
          <h1 id="tenant-title" tabindex={-1}>
            {s['crm.tenant.title']}
          </h1>
          <form id="tenant-form" novalidate>
            <Field form="tenant" name="code" label={s['crm.tenant.code']} required />
            <button type="submit" class="primary">
              {s['crm.tenant.go']}
            </button>
            <p class="form-status" role="status" aria-live="polite" />
          </form>
        </section>
        <section id="crm-login-view" class="card narrow" aria-labelledby="crm-login-title" hidden>
          <h1 id="crm-login-title" tabindex={-1}>
            {s['crm.login.title']}
          </h1>
          <form id="crm-login-form" novalidate>
            <Field
              form="crm-login"
              name="username"
              label={s['crm.login.username']}
              autocomplete="username"
              required
            />
            <Field
              form="crm-login"
              name="password"
              label={s['crm.login.password']}
              type="password"
              autocomplete="current-password"
              untrimmed
              required
            />
            <button type="submit" class="primary">
              {s['crm.login.submit']}
            </button>
            <p class="form-status" role="status" aria-live="polite" />
          </form>
        </section>
        <div id="crm-app" hidden>
          <p class="crm-session">
            <span id="crm-user" /> <span class="tenant-code" id="crm-tenant" />{' '}
            <button type="button" id="crm-logout">
              {s['crm.logout']}
            </button>
          </p>
          {props.children}
        </div>
      </div>
    </Layout>
  );
}

function StatusOptions({ lang, all }: { lang: Lang; all?: boolean }) {
  const s = crmStrings(lang);
  return (
    <>
      {all && <option value="">{s['crm.filter.all']}</option>}
      {CUSTOMER_STATUSES.map((status) => (
        <option value={status}>{s[`crm.status.${status}`]}</option>
      ))}
    </>
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
        <section class="card" aria-labelledby="list-title">
          <h2 id="list-title">{s['crm.customerList']}</h2>
          <search>
            <form id="filter-form" class="search">
              <div class="field">
                <label for="filter-status">{s['crm.filter.status']}</label>
                <select id="filter-status" name="status">
                  <StatusOptions lang={lang} all />
                </select>
              </div>
              <div class="field">
                <label for="filter-q">{s['crm.filter.q']}</label>
                <input id="filter-q" name="q" type="search" autocomplete="off" />
              </div>
              <button type="submit">{s['crm.filter.submit']}</button>
            </form>
          </search>
          <div class="table-wrap">
            <table id="customers-table">
              <caption class="visually-hidden">{s['crm.customerList']}</caption>
              <thead>
                <tr>
                  <th scope="col">{s['crm.col.name']}</th>
                  <th scope="col">{s['crm.col.status']}</th>
                  <th scope="col" class="num">
                    {s['crm.col.capacity']}
                  </th>
                  <th scope="col">{s['crm.col.created']}</th>
                </tr>
              </thead>
              <tbody id="customers-rows" />
            </table>
          </div>
          <nav class="pager" aria-label={s['crm.customerList']}>
            <p id="customers-summary" role="status" aria-live="polite" />
            <div>
              <button type="button" id="page-prev" aria-label={s['crm.pager.prev']} disabled>
                ‹
              </button>
              <button type="button" id="page-next" aria-label={s['crm.pager.next']} disabled>
                ›
              </button>
            </div>
          </nav>
        </section>
        <section class="card" aria-labelledby="create-title">
          <h2 id="create-title">{s['crm.create.title']}</h2>
          <form id="create-form" novalidate>
            <Field form="create" name="name" label={s['crm.field.name']} required />
            <Field form="create" name="contactName" label={s['crm.field.contactName']} />
            <Field form="create" name="contactPhone" label={s['crm.field.contactPhone']} type="tel" />
            <Field form="create" name="address" label={s['crm.field.address']} />
            <Field form="create" name="notes" label={s['crm.field.notes']} />
            <button type="submit" class="primary">
              {s['crm.create.submit']}
            </button>
            <p class="form-status" role="status" aria-live="polite" />
          </form>
        </section>
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
      <p id="page-status" class="form-status" role="status" aria-live="polite" />
      <div class="columns">
        <div class="stack">
          <section class="card" aria-labelledby="contracts-title">
            <div class="card-head">
              <h2 id="contracts-title">{s['crm.contracts.title']}</h2>
              <a id="new-contract" class="button-link" href="/crm/contracts/new">
                {s['crm.contracts.new']}
              </a>
            </div>
            <div class="table-wrap">
              <table id="contracts-table">
                <caption class="visually-hidden">{s['crm.contracts.title']}</caption>
                <thead>
                  <tr>
                    <th scope="col">{s['crm.contracts.col.months']}</th>
                    <th scope="col" class="num">
                      {s['crm.contracts.col.quantity']}
                    </th>
                    <th scope="col">{s['crm.contracts.col.status']}</th>
                    <th scope="col">{s['crm.contracts.col.actions']}</th>
                  </tr>
                </thead>
                <tbody id="contracts-rows" />
              </table>
            </div>
          </section>
          <section class="card" aria-labelledby="history-title">
            <h2 id="history-title">{s['crm.history.title']}</h2>
            <ol id="history" class="timeline" />
          </section>
        </div>
        <div class="stack">
          <section class="card" aria-labelledby="summary-title">
            <h2 id="summary-title" class="visually-hidden">
              {s['crm.detail.capacity']}
            </h2>
            <dl class="facts">
              <dt>{s['crm.detail.capacity']}</dt>
              <dd id="customer-capacity" />
              <dt>{s['crm.detail.created']}</dt>
              <dd id="customer-created" />
            </dl>
          </section>
          <section class="card" aria-labelledby="ops-title">
            <h2 id="ops-title">{s['crm.ops.title']}</h2>
            <form id="ops-form" novalidate>
              <Field form="ops" name="reason" label={s['crm.ops.reason']} />
              <div id="ops-buttons" class="buttons" />
              <p class="form-status" role="status" aria-live="polite" />
            </form>
          </section>
          <section class="card" aria-labelledby="edit-title">
            <h2 id="edit-title">{s['crm.detail.edit']}</h2>
            <p id="edit-note" class="note" hidden />
            <form id="edit-form" novalidate>
              {CUSTOMER_FIELDS.map((name) => (
                <Field form="edit" name={name} label={s[`crm.field.${name}`]} required={name === 'name'} />
              ))}
              <button type="submit" class="primary">
                {s['crm.detail.save']}
              </button>
              <p class="form-status" role="status" aria-live="polite" />
            </form>
            <p>
              <button type="button" id="delete-customer" class="danger" hidden>
                {s['crm.detail.delete']}
              </button>
            </p>
          </section>
        </div>
      </div>
    </CrmFrame>
  );
}

function ContractPage({ lang, tenant, contractId }: { lang: Lang; tenant: string; contractId?: string }) {
  const s = crmStrings(lang);
  const title = contractId ? s['crm.contract.editTitle'] : s['crm.contract.newTitle'];
  return (
    <CrmFrame
      lang={lang}
      tenant={tenant}
      title={title}
      path="/crm/customers"
      script="contract"
      data={contractId ? { 'contract-id': contractId } : {}}
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
          <p class="form-status" role="status" aria-live="polite" />
        </form>
      </section>
    </CrmFrame>
  );
}

export const crmPages = new Hono<AppEnv>();

const tenantOf = (c: { req: { header: (name: string) => string | undefined }; env: AppEnv['Bindings'] }) =>
  tenantCodeOf(c.req.header('host'), c.req.header('x-tenant-code'), c.env.BASE_DOMAIN) ?? '';

crmPages.get('/crm/customers', (c) =>
  renderPage(c, <CustomersPage lang={pickLang(c)} tenant={tenantOf(c)} />),
);
crmPages.get('/crm/customers/:id{[a-z0-9_]{1,64}}', (c) =>
  renderPage(c, <CustomerPage lang={pickLang(c)} tenant={tenantOf(c)} id={c.req.param('id')} />),
);
crmPages.get('/crm/contracts/new', (c) =>
  renderPage(c, <ContractPage lang={pickLang(c)} tenant={tenantOf(c)} />),
);
crmPages.get('/crm/contracts/:id{[a-z0-9_]{1,64}}/edit', (c) =>
  renderPage(c, <ContractPage lang={pickLang(c)} tenant={tenantOf(c)} contractId={c.req.param('id')} />),
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
