import type { Child } from 'hono/jsx';
import { Card, DataTable, Field, Form, FormStatus, Pager, SearchField, SelectField } from '../components';
import type { Lang } from '../i18n';

import { ProfileCard } from './company-profile';
import { Frame } from './frame';

import { type PlatformKey, platformStrings } from './strings';

/**
 * The platform console pages (SPEC A7, G2): dashboard, users with memberships, plans, invoices,
 * operation log, mail outbox, a company's page with its onboarding link (the public pages are in
 * public-pages.tsx; the user sign-in is the member home's, in ../member/). Each page is a frame; its
 * script fills it.
 */
type S = Record<PlatformKey, string>;

/**
 * A paged list (`#{id}-table`) in a card named for screen readers: its search form `#{id}-filter` with
 * the `filters`, a status line `#{id}-status-line` if asked for, the table and its pager `#{id}-…`.
 */
function ListCard(props: {
  lang: Lang;
  id: string;
  title: string;
  filters: Child;
  statusLine?: boolean;
  columns: string[];
}) {
  const p = platformStrings(props.lang);
  const { id } = props;
  return (
    <Card headingId={`${id}-list-title`} hiddenHeading heading={props.title}>
      <form id={`${id}-filter`} class="search">
        {props.filters}
        <button type="submit">{p.search}</button>
      </form>
      {props.statusLine && <FormStatus id={`${id}-status-line`} />}
      <DataTable id={id} caption={props.title} columns={props.columns} />
      <Pager lang={props.lang} ids={[`${id}-summary`, `${id}-prev`, `${id}-next`]} />
    </Card>
  );
}

export function DashboardPage({ lang }: { lang: Lang }) {
  const p: S = platformStrings(lang);
  const stat = (id: string, label: string) => (
    <div class="stat">
      <dt>{label}</dt>
      <dd id={id}>–</dd>
    </div>
  );
  return (
    <Frame lang={lang} title={p['dashboard.title']} path="/dashboard" script="dashboard">
      <p id="dashboard-status" role="status" aria-live="polite" class="muted" />
      <dl class="stats">
        {stat('stat-tenants', p['dashboard.tenants'])}
        {stat('stat-active', p['dashboard.active'])}
        {stat('stat-trial', p['dashboard.trial'])}
        {stat('stat-suspended', p['dashboard.suspended'])}
        {stat('stat-new', p['dashboard.newThisMonth'])}
        {stat('stat-revenue', p['dashboard.revenue'])}
        {stat('stat-billed', p['dashboard.billed'])}
        {stat('stat-outstanding', p['dashboard.outstanding'])}
        {stat('stat-users', p['dashboard.users'])}
        {stat('stat-storage', p['dashboard.storage'])}
        {stat('stat-alerts', p['dashboard.alerts'])}
      </dl>
      <div class="columns even">
        <Card headingId="revenue-title" heading={p['dashboard.revenueChart']}>
          <div id="chart-revenue" class="chart-box" />
        </Card>
        <Card headingId="plans-title" heading={p['dashboard.planChart']}>
          <div id="chart-plans" class="chart-box" />
        </Card>
        <Card headingId="api-title" heading={p['dashboard.apiChart']}>
          <div id="chart-api" class="chart-box" />
        </Card>
        <Card headingId="industry-title" heading={p['dashboard.industry']}>
          <div id="chart-industry" class="chart-box" />
          <h2 id="region-title">{p['dashboard.region']}</h2>
          <div id="chart-region" class="chart-box" />
        </Card>
      </div>
    </Frame>
  );
}

export function UsersPage({ lang }: { lang: Lang }) {
  const p: S = platformStrings(lang);
  return (
    <Frame lang={lang} title={p['users.title']} path="/users" script="users">
      <div class="columns">
        <Card headingId="users-list-title" heading={p['users.title']}>
          <search>
            <form id="users-search" class="search">
              <SearchField id="users-q" name="q" label={p['users.search']} />
              <button type="submit">{p.search}</button>
            </form>
          </search>
          <DataTable
            id="users"
            caption={p['users.title']}
            columns={[
              p['users.col.username'],
              p['users.col.name'],
              p['users.col.email'],
              p['users.col.status'],
              p['users.col.actions'],
            ]}
          />
          <Pager lang={lang} ids={['users-summary', 'users-prev', 'users-next']} />
        </Card>
        <Card headingId="user-create-title" heading={p['users.create']}>
          <Form id="user-create" submit={p['users.createSubmit']}>
            <Field form="user-create" name="username" label={p['users.username']} required />
            <Field form="user-create" name="name" label={p['users.name']} required />
            <Field form="user-create" name="email" label={p['users.email']} type="email" required />
            <Field
              form="user-create"
              name="password"
              label={p['users.password']}
              type="password"
              untrimmed
              required
              autocomplete="new-password"
            />
          </Form>
        </Card>
      </div>
      <Card
        id="user-detail"
        class="spaced"
        hidden
        focus
        headingId="user-detail-title"
        heading={p['users.detail']}
      >
        <p id="user-summary" />
        <h3>{p['users.memberships']}</h3>
        <DataTable
          id="memberships"
          caption={p['users.memberships']}
          columns={[
            p['users.col.company'],
            p['users.col.role'],
            p['users.col.membership'],
            p['users.primary'],
            p['users.col.actions'],
          ]}
        />
        <FormStatus id="membership-status" />
        <Form id="grant-form" class="inline" plain submit={p['users.grantSubmit']}>
          <Field form="grant" name="companyId" label={p['users.grantCompany']} required />
          <SelectField
            form="grant"
            name="role"
            label={p['users.grantRole']}
            options={[
              ['member', p['role.member']],
              ['admin', p['role.admin']],
            ]}
          />
        </Form>
      </Card>
    </Frame>
  );
}

function Check(props: { form: string; name: string; label: string }) {
  const id = `${props.form}-${props.name}`;
  return (
    <div class="field check">
      <input id={id} name={props.name} type="checkbox" />
      <label for={id}>{props.label}</label>
    </div>
  );
}

export function PlansPage({ lang }: { lang: Lang }) {
  const p: S = platformStrings(lang);
  const numbers = [
    'priceMonthlyFen',
    'priceQuarterlyFen',
    'priceYearlyFen',
    'users',
    'customers',
    'storageMB',
    'apiCallsPerMonth',
  ] as const;
  return (
    <Frame lang={lang} title={p['plans.title']} path="/plans" script="plans">
      <Card headingId="plans-list-title" hiddenHeading heading={p['plans.title']}>
        <DataTable
          id="plans"
          caption={p['plans.title']}
          columns={[
            p['plans.col.code'],
            p['plans.col.name'],
            p['plans.col.monthly'],
            p['plans.col.yearly'],
            p['plans.col.users'],
            p['plans.col.customers'],
            p['plans.col.storage'],
            p['plans.col.api'],
            p['plans.col.modules'],
            p['plans.col.tenants'],
            p['plans.col.active'],
            p['plans.col.actions'],
          ]}
        />
      </Card>
      <Card
        id="plan-edit"
        class="spaced narrow-wide"
        hidden
        focus
        headingId="plan-edit-title"
        heading={p['plans.edit']}
      >
        <Form
          id="plan-form"
          submit={p.save}
          after={
            <button type="button" id="plan-cancel">
              {p.cancel}
            </button>
          }
        >
          <Field form="plan" name="name" label={p['plans.col.name']} required />
          {numbers.map((name) => (
            <Field form="plan" name={name} label={p[`plans.${name}`]} type="number" />
          ))}
          <Check form="plan" name="allowOverage" label={p['plans.allowOverage']} />
          <Check form="plan" name="active" label={p['plans.active']} />
          <p class="field-error" data-error-for="quotas" />
        </Form>
      </Card>
    </Frame>
  );
}

export function InvoicesPage({ lang }: { lang: Lang }) {
  const p: S = platformStrings(lang);
  return (
    <Frame lang={lang} title={p['invoices.title']} path="/invoices" script="invoices">
      <ListCard
        lang={lang}
        id="invoices"
        title={p['invoices.title']}
        filters={
          <>
            <SearchField
              id="invoices-status"
              name="status"
              label={p['invoices.status']}
              options={[
                ['', p['invoices.all']],
                ...(['pending', 'overdue', 'paid', 'cancelled'] as const).map((v): [string, string] => [
                  v,
                  p[`invoice.${v}`],
                ]),
              ]}
            />
            <SearchField id="invoices-q" name="q" label={p.search} />
          </>
        }
        statusLine
        columns={[
          p['invoices.col.number'],
          p['invoices.col.company'],
          p['invoices.col.period'],
          p['invoices.col.total'],
          p['invoices.col.due'],
          p['invoices.col.status'],
          p['invoices.col.actions'],
        ]}
      />
      <Card
        id="pay"
        class="spaced narrow-wide"
        hidden
        focus
        headingId="pay-title"
        heading={p['invoices.markPaid']}
      >
        <Form
          id="pay-form"
          submit={p['invoices.confirmPaid']}
          after={
            <button type="button" id="pay-cancel">
              {p.cancel}
            </button>
          }
        >
          <SelectField
            form="pay"
            name="paymentMethod"
            label={p['invoices.paymentMethod']}
            options={(['bank_transfer', 'alipay', 'wechat_pay', 'cash', 'other'] as const).map((v) => [
              v,
              p[`pay.${v}`],
            ])}
          />
          <Field form="pay" name="paymentReference" label={p['invoices.paymentReference']} />
        </Form>
      </Card>
      <Card id="proofs" class="spaced" headingId="proofs-title" heading={p['proofs.title']}>
        <DataTable
          id="proofs"
          caption={p['proofs.title']}
          columns={[
            p['proofs.col.invoice'],
            p['invoices.col.company'],
            p['proofs.col.uploaded'],
            p['proofs.col.file'],
            p['invoices.col.actions'],
          ]}
        />
      </Card>
      <Card id="fapiao" class="spaced" headingId="fapiao-title" heading={p['fapiao.title']}>
        <DataTable
          id="fapiao"
          caption={p['fapiao.title']}
          columns={[
            p['proofs.col.invoice'],
            p['fapiao.col.title'],
            p['fapiao.col.taxNumber'],
            p['fapiao.col.type'],
            p['invoices.col.actions'],
          ]}
        />
      </Card>
      <Card
        id="decide"
        class="spaced narrow-wide"
        hidden
        focus
        headingId="decide-title"
        heading={p['decide.submit']}
      >
        <Form
          id="decide-form"
          submit={p['decide.submit']}
          after={
            <button type="button" id="decide-cancel">
              {p.cancel}
            </button>
          }
        >
          <Field form="decide" name="reason" label={p['decide.reason']} />
          <Field form="decide" name="fapiaoNumber" label={p['decide.fapiaoNumber']} />
        </Form>
      </Card>
    </Frame>
  );
}

export function LogsPage({ lang }: { lang: Lang }) {
  const p: S = platformStrings(lang);
  return (
    <Frame lang={lang} title={p['logs.title']} path="/logs" script="logs">
      <ListCard
        lang={lang}
        id="logs"
        title={p['logs.title']}
        filters={<SearchField id="logs-action" name="action" label={p['logs.action']} />}
        columns={[
          p['logs.col.at'],
          p['logs.col.admin'],
          p['logs.col.action'],
          p['logs.col.company'],
          p['logs.col.detail'],
          p['logs.col.ip'],
        ]}
      />
    </Frame>
  );
}

export function MailPage({ lang }: { lang: Lang }) {
  const p: S = platformStrings(lang);
  return (
    <Frame lang={lang} title={p['mail.title']} path="/mail" script="mail">
      <ListCard
        lang={lang}
        id="mail"
        title={p['mail.title']}
        filters={<SearchField id="mail-to" name="to" label={p['mail.col.to']} />}
        statusLine
        columns={[
          p['mail.col.at'],
          p['mail.col.to'],
          p['mail.col.subject'],
          p['mail.col.status'],
          p['mail.col.provider'],
          p['mail.col.actions'],
        ]}
      />
    </Frame>
  );
}

export function CompanyPage({ lang }: { lang: Lang }) {
  const p: S = platformStrings(lang);
  return (
    <Frame lang={lang} title={p['company.title']} headingId="company-name" path="/company" script="company">
      <p id="company-status" role="status" aria-live="polite" />
      <div id="company-cards" class="columns even">
        <Card headingId="sub-title" heading={p['company.subscription']}>
          <dl id="company-facts" class="facts" />
        </Card>
        <Card headingId="usage-title" heading={p['company.usage']}>
          <p id="usage-note" class="hint" role="status" />
          <DataTable
            id="usage"
            caption={p['company.usage']}
            columns={[p['company.metric'], p['company.used'], p['company.quota']]}
          />
        </Card>
        <Card headingId="onb-title" heading={p['company.onboarding']}>
          <p id="onboarding-state" />
          <Form id="onboarding-form" submit={p['company.generate']} />
          <div id="onboarding-link" hidden>
            <p id="onboarding-link-text" />
            <p>
              <a id="onboarding-url" href="/">
                {p['company.generate']}
              </a>
            </p>
          </div>
        </Card>
        <ProfileCard lang={lang} />
        <Card headingId="company-invoices-title" heading={p['company.invoices']}>
          <DataTable
            id="company-invoices"
            caption={p['company.invoices']}
            columns={[
              p['invoices.col.number'],
              p['invoices.col.period'],
              p['invoices.col.total'],
              p['invoices.col.status'],
            ]}
          />
        </Card>
      </div>
    </Frame>
  );
}
