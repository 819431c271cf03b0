import type { Child } from 'hono/jsx';
import { HTML_LANG, LANG_NAMES, LANGS, type Lang, strings } from '../i18n';
import { Layout } from '../layout';
import { type PlatformKey, platformStrings } from './strings';

/**
 * The platform console pages (SPEC A7, G2): dashboard, users with memberships, plans, invoices,
 * operation log, mail outbox, a company's page with its onboarding link; and the two public pages,
 * the 4-step onboarding wizard and the user sign-in. Each page is a frame; its script fills it.
 */
type S = Record<PlatformKey, string>;

function Frame(props: { lang: Lang; title: string; path: string; script: string; children: Child }) {
  const p = platformStrings(props.lang);
  return (
    <Layout
      lang={props.lang}
      title={props.title}
      path={props.path}
      scripts={['/static/platform/common.js', `/static/platform/${props.script}.js`]}
    >
      <link rel="stylesheet" href="/static/platform/platform.css" />
      <div id="platform" data-pstrings={JSON.stringify(p)}>
        <p id="need-login" class="card narrow" hidden>
          {p.needLogin} <a href="/">{p['needLogin.link']}</a>
        </p>
        <div id="app" hidden>
          {props.children}
        </div>
      </div>
    </Layout>
  );
}

function Pager(props: { id: string; s: ReturnType<typeof strings> }) {
  return (
    <nav class="pager" aria-label={props.s['pager.label']}>
      <p id={`${props.id}-summary`} role="status" aria-live="polite" />
      <div>
        <button type="button" id={`${props.id}-prev`} disabled>
          {props.s['pager.prev']}
        </button>
        <button type="button" id={`${props.id}-next`} disabled>
          {props.s['pager.next']}
        </button>
      </div>
    </nav>
  );
}

function Table(props: { id: string; caption: string; columns: string[] }) {
  return (
    <div class="table-wrap">
      <table id={props.id}>
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th scope="col">{c}</th>
            ))}
          </tr>
        </thead>
        <tbody id={`${props.id}-rows`} />
      </table>
    </div>
  );
}

/** A labelled input with its error slot (`data-error-for`) the scripts fill. */
function Input(props: {
  form: string;
  name: string;
  label: string;
  type?: string;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  raw?: boolean;
  value?: string;
}) {
  const id = `${props.form}-${props.name}`;
  return (
    <div class="field">
      <label for={id}>
        {props.label}
        {props.required && (
          <span class="required" aria-hidden="true">
            {' *'}
          </span>
        )}
      </label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        required={props.required}
        autocomplete={props.autocomplete ?? 'off'}
        data-raw={props.raw}
        value={props.value}
        aria-describedby={props.hint ? `${id}-hint ${id}-error` : `${id}-error`}
      />
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      <p class="field-error" id={`${id}-error`} data-error-for={props.name} />
    </div>
  );
}

const Status = () => <p class="form-status" role="status" aria-live="polite" />;

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
      <h1 tabindex={-1}>{p['dashboard.title']}</h1>
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
        <section class="card" aria-labelledby="revenue-title">
          <h2 id="revenue-title">{p['dashboard.revenueChart']}</h2>
          <div id="chart-revenue" class="chart-box" />
        </section>
        <section class="card" aria-labelledby="plans-title">
          <h2 id="plans-title">{p['dashboard.planChart']}</h2>
          <div id="chart-plans" class="chart-box" />
        </section>
        <section class="card" aria-labelledby="api-title">
          <h2 id="api-title">{p['dashboard.apiChart']}</h2>
          <div id="chart-api" class="chart-box" />
        </section>
        <section class="card" aria-labelledby="industry-title">
          <h2 id="industry-title">{p['dashboard.industry']}</h2>
          <div id="chart-industry" class="chart-box" />
          <h2 id="region-title">{p['dashboard.region']}</h2>
          <div id="chart-region" class="chart-box" />
        </section>
      </div>
    </Frame>
  );
}

export function UsersPage({ lang }: { lang: Lang }) {
  const p: S = platformStrings(lang);
  const s = strings(lang);
  return (
    <Frame lang={lang} title={p['users.title']} path="/users" script="users">
      <h1 tabindex={-1}>{p['users.title']}</h1>
      <div class="columns">
        <section class="card" aria-labelledby="users-list-title">
          <h2 id="users-list-title">{p['users.title']}</h2>
          <search>
            <form id="users-search" class="search">
              <div class="field">
                <label for="users-q">{p['users.search']}</label>
                <input id="users-q" name="q" type="search" autocomplete="off" />
              </div>
              <button type="submit">{p.search}</button>
            </form>
          </search>
          <Table
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
          <Pager id="users" s={s} />
        </section>
        <section class="card" aria-labelledby="user-create-title">
          <h2 id="user-create-title">{p['users.create']}</h2>
          <form id="user-create" novalidate>
            <Input form="user-create" name="username" label={p['users.username']} required />
            <Input form="user-create" name="name" label={p['users.name']} required />
            <Input form="user-create" name="email" label={p['users.email']} type="email" required />
            <Input
              form="user-create"
              name="password"
              label={p['users.password']}
              type="password"
              raw
              required
              autocomplete="new-password"
            />
            <button type="submit" class="primary">
              {p['users.createSubmit']}
            </button>
            <Status />
          </form>
        </section>
      </div>
      <section id="user-detail" class="card spaced" aria-labelledby="user-detail-title" hidden>
        <h2 id="user-detail-title" tabindex={-1}>
          {p['users.detail']}
        </h2>
        <p id="user-summary" />
        <h3>{p['users.memberships']}</h3>
        <Table
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
        <p id="membership-status" class="form-status" role="status" aria-live="polite" />
        <form id="grant-form" class="inline" novalidate>
          <Input form="grant" name="companyId" label={p['users.grantCompany']} required />
          <div class="field">
            <label for="grant-role">{p['users.grantRole']}</label>
            <select id="grant-role" name="role">
              <option value="member">{p['role.member']}</option>
              <option value="admin">{p['role.admin']}</option>
            </select>
          </div>
          <button type="submit">{p['users.grantSubmit']}</button>
          <Status />
        </form>
      </section>
    </Frame>
  );
}

export function PlansPage({ lang }: { lang: Lang }) {
  const p: S = platformStrings(lang);
  return (
    <Frame lang={lang} title={p['plans.title']} path="/plans" script="plans">
      <h1 tabindex={-1}>{p['plans.title']}</h1>
      <section class="card" aria-labelledby="plans-list-title">
        <h2 id="plans-list-title" class="visually-hidden">
          {p['plans.title']}
        </h2>
        <Table
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
            '',
          ]}
        />
      </section>
      <section id="plan-edit" class="card spaced narrow-wide" aria-labelledby="plan-edit-title" hidden>
        <h2 id="plan-edit-title" tabindex={-1}>
          {p['plans.edit']}
        </h2>
        <form id="plan-form" novalidate>
          <Input form="plan" name="name" label={p['plans.col.name']} required />
          <Input form="plan" name="priceMonthlyFen" label={p['plans.priceMonthlyFen']} type="number" />
          <Input form="plan" name="priceQuarterlyFen" label={p['plans.priceQuarterlyFen']} type="number" />
          <Input form="plan" name="priceYearlyFen" label={p['plans.priceYearlyFen']} type="number" />
          <Input form="plan" name="users" label={p['plans.users']} type="number" />
          <Input form="plan" name="customers" label={p['plans.customers']} type="number" />
          <Input form="plan" name="storageMB" label={p['plans.storageMB']} type="number" />
          <Input form="plan" name="apiCallsPerMonth" label={p['plans.apiCallsPerMonth']} type="number" />
          <div class="field check">
            <input id="plan-allowOverage" name="allowOverage" type="checkbox" />
            <label for="plan-allowOverage">{p['plans.allowOverage']}</label>
          </div>
          <div class="field check">
            <input id="plan-active" name="active" type="checkbox" />
            <label for="plan-active">{p['plans.active']}</label>
          </div>
          <p class="field-error" data-error-for="quotas" />
          <button type="submit" class="primary">
            {p.save}
          </button>{' '}
          <button type="button" id="plan-cancel">
            {p.cancel}
          </button>
          <Status />
        </form>
      </section>
    </Frame>
  );
}

export function InvoicesPage({ lang }: { lang: Lang }) {
  const p: S = platformStrings(lang);
  const s = strings(lang);
  return (
    <Frame lang={lang} title={p['invoices.title']} path="/invoices" script="invoices">
      <h1 tabindex={-1}>{p['invoices.title']}</h1>
      <section class="card" aria-labelledby="invoices-list-title">
        <h2 id="invoices-list-title" class="visually-hidden">
          {p['invoices.title']}
        </h2>
        <form id="invoices-filter" class="search">
          <div class="field">
            <label for="invoices-status">{p['invoices.status']}</label>
            <select id="invoices-status" name="status">
              <option value="">{p['invoices.all']}</option>
              {(['pending', 'overdue', 'paid', 'cancelled'] as const).map((v) => (
                <option value={v}>{p[`invoice.${v}`]}</option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="invoices-q">{p.search}</label>
            <input id="invoices-q" name="q" type="search" autocomplete="off" />
          </div>
          <button type="submit">{p.search}</button>
        </form>
        <p id="invoices-status-line" class="form-status" role="status" aria-live="polite" />
        <Table
          id="invoices"
          caption={p['invoices.title']}
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
        <Pager id="invoices" s={s} />
      </section>
      <section id="pay" class="card spaced narrow-wide" aria-labelledby="pay-title" hidden>
        <h2 id="pay-title" tabindex={-1}>
          {p['invoices.markPaid']}
        </h2>
        <form id="pay-form" novalidate>
          <div class="field">
            <label for="pay-paymentMethod">{p['invoices.paymentMethod']}</label>
            <select id="pay-paymentMethod" name="paymentMethod">
              {(['bank_transfer', 'alipay', 'wechat_pay', 'cash', 'other'] as const).map((v) => (
                <option value={v}>{p[`pay.${v}`]}</option>
              ))}
            </select>
            <p class="field-error" data-error-for="paymentMethod" />
          </div>
          <Input form="pay" name="paymentReference" label={p['invoices.paymentReference']} />
          <button type="submit" class="primary">
            {p['invoices.confirmPaid']}
          </button>{' '}
          <button type="button" id="pay-cancel">
            {p.cancel}
          </button>
          <Status />
        </form>
      </section>
    </Frame>
  );
}

export function LogsPage({ lang }: { lang: Lang }) {
  const p: S = platformStrings(lang);
  const s = strings(lang);
  return (
    <Frame lang={lang} title={p['logs.title']} path="/logs" script="logs">
      <h1 tabindex={-1}>{p['logs.title']}</h1>
      <section class="card" aria-labelledby="logs-list-title">
        <h2 id="logs-list-title" class="visually-hidden">
          {p['logs.title']}
        </h2>
        <form id="logs-filter" class="search">
          <div class="field">
            <label for="logs-action">{p['logs.action']}</label>
            <input id="logs-action" name="action" type="search" autocomplete="off" />
          </div>
          <button type="submit">{p.search}</button>
        </form>
        <Table
          id="logs"
          caption={p['logs.title']}
          columns={[
            p['logs.col.at'],
            p['logs.col.admin'],
            p['logs.col.action'],
            p['logs.col.company'],
            p['logs.col.detail'],
            p['logs.col.ip'],
          ]}
        />
        <Pager id="logs" s={s} />
      </section>
    </Frame>
  );
}

export function MailPage({ lang }: { lang: Lang }) {
  const p: S = platformStrings(lang);
  const s = strings(lang);
  return (
    <Frame lang={lang} title={p['mail.title']} path="/mail" script="mail">
      <h1 tabindex={-1}>{p['mail.title']}</h1>
      <section class="card" aria-labelledby="mail-list-title">
        <h2 id="mail-list-title" class="visually-hidden">
          {p['mail.title']}
        </h2>
        <form id="mail-filter" class="search">
          <div class="field">
            <label for="mail-to">{p['mail.col.to']}</label>
            <input id="mail-to" name="to" type="search" autocomplete="off" />
          </div>
          <button type="submit">{p.search}</button>
        </form>
        <p id="mail-status-line" class="form-status" role="status" aria-live="polite" />
        <Table
          id="mail"
          caption={p['mail.title']}
          columns={[
            p['mail.col.at'],
            p['mail.col.to'],
            p['mail.col.subject'],
            p['mail.col.status'],
            p['mail.col.provider'],
            '',
          ]}
        />
        <Pager id="mail" s={s} />
      </section>
    </Frame>
  );
}

export function CompanyPage({ lang }: { lang: Lang }) {
  const p: S = platformStrings(lang);
  return (
    <Frame lang={lang} title={p['company.title']} path="/company" script="company">
      <h1 id="company-name" tabindex={-1}>
        {p['company.title']}
      </h1>
      <p id="company-status" role="status" aria-live="polite" />
      <div id="company-cards" class="columns even">
        <section class="card" aria-labelledby="sub-title">
          <h2 id="sub-title">{p['company.subscription']}</h2>
          <dl id="company-facts" class="facts" />
        </section>
        <section class="card" aria-labelledby="usage-title">
          <h2 id="usage-title">{p['company.usage']}</h2>
          <Table
            id="usage"
            caption={p['company.usage']}
            columns={[p['company.metric'], p['company.used'], p['company.quota']]}
          />
        </section>
        <section class="card" aria-labelledby="onb-title">
          <h2 id="onb-title">{p['company.onboarding']}</h2>
          <p id="onboarding-state" />
          <form id="onboarding-form" novalidate>
            <button type="submit" class="primary">
              {p['company.generate']}
            </button>
            <Status />
          </form>
          <div id="onboarding-link" hidden>
            <p id="onboarding-link-text" />
            <p>
              <a id="onboarding-url" href="/">
                {p['company.generate']}
              </a>
            </p>
          </div>
        </section>
        <section class="card" aria-labelledby="company-invoices-title">
          <h2 id="company-invoices-title">{p['company.invoices']}</h2>
          <Table
            id="company-invoices"
            caption={p['company.invoices']}
            columns={[
              p['invoices.col.number'],
              p['invoices.col.period'],
              p['invoices.col.total'],
              p['invoices.col.status'],
            ]}
          />
        </section>
      </div>
    </Frame>
  );
}

/** The public pages' frame: the console's look, no console navigation or admin session. */
function PublicLayout(props: { lang: Lang; title: string; script: string; path: string; children: Child }) {
  const p = platformStrings(props.lang);
  const s = strings(props.lang);
  return (
    <html lang={HTML_LANG[props.lang]}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Keel`}</title>
        <link rel="stylesheet" href="/static/console.css" />
        <link rel="stylesheet" href="/static/platform/platform.css" />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {s['app.skip']}
        </a>
        <header class="top">
          <span class="brand">Keel</span>
          <nav aria-label={s['nav.label']} />
          <ul class="langs" aria-label={s['lang.label']}>
            {LANGS.map((code) => (
              <li>
                <a
                  href={`?lang=${code}`}
                  data-keep-query
                  lang={HTML_LANG[code]}
                  hreflang={HTML_LANG[code]}
                  aria-current={code === props.lang ? 'true' : undefined}
                >
                  {LANG_NAMES[code]}
                </a>
              </li>
            ))}
          </ul>
        </header>
        <main id="main" tabindex={-1}>
          <div id="platform" data-pstrings={JSON.stringify(p)}>
            {props.children}
          </div>
        </main>
        <script src="/static/platform/common.js" />
        <script src={`/static/platform/${props.script}.js`} />
      </body>
    </html>
  );
}

export function OnboardingPage({ lang }: { lang: Lang }) {
  const p: S = platformStrings(lang);
  const steps = [p['wizard.step1'], p['wizard.step2'], p['wizard.step3'], p['wizard.step4']];
  return (
    <PublicLayout lang={lang} title={p['wizard.title']} script="onboarding" path="/onboarding">
      <section class="card wizard" aria-labelledby="wizard-title">
        <h1 id="wizard-title">{p['wizard.title']}</h1>
        <ol class="steps" aria-label={p['wizard.steps']}>
          {steps.map((name, i) => (
            <li id={`step-${i + 1}`} data-step={String(i + 1)}>
              {name}
            </li>
          ))}
        </ol>
        <h2 id="step-heading" tabindex={-1}>
          {p['wizard.step1']}
        </h2>
        <p id="wizard-status" class="form-status" role="status" aria-live="polite" />

        <div id="view-verify" hidden>
          <p id="wizard-company" />
          <button type="button" id="verify-continue" class="primary">
            {p['wizard.continue']}
          </button>
        </div>

        <form id="view-admin" novalidate hidden>
          <Input
            form="admin"
            name="username"
            label={p['wizard.username']}
            hint={p['wizard.usernameHint']}
            required
            autocomplete="username"
          />
          <p id="username-check" role="status" aria-live="polite" class="hint" />
          <Input form="admin" name="name" label={p['wizard.name']} required autocomplete="name" />
          <Input
            form="admin"
            name="email"
            label={p['wizard.email']}
            type="email"
            required
            autocomplete="email"
          />
          <Input
            form="admin"
            name="password"
            label={p['wizard.password']}
            hint={p['wizard.passwordHint']}
            type="password"
            raw
            required
            autocomplete="new-password"
          />
          <button type="submit" class="primary">
            {p['wizard.createAdmin']}
          </button>
          <Status />
        </form>

        <form id="view-basic" novalidate hidden>
          <div class="field">
            <label for="basic-departments">{p['wizard.departments']}</label>
            <textarea id="basic-departments" name="departments" rows={4} />
            <p class="field-error" data-error-for="departments" />
          </div>
          <div class="field">
            <label for="basic-roles">{p['wizard.roles']}</label>
            <textarea id="basic-roles" name="roles" rows={3} />
            <p class="field-error" data-error-for="roles" />
          </div>
          <button type="submit" class="primary">
            {p['wizard.saveBasic']}
          </button>{' '}
          <button type="button" id="basic-skip">
            {p['wizard.skip']}
          </button>
          <Status />
        </form>

        <form id="view-complete" novalidate hidden>
          <button type="submit" class="primary">
            {p['wizard.complete']}
          </button>
          <Status />
        </form>

        <div id="view-done" hidden>
          <p id="done-text" />
          <p id="done-login" />
          <p>
            <a id="done-link" class="button primary" href="/login">
              {p['wizard.goLogin']}
            </a>
          </p>
        </div>
      </section>
    </PublicLayout>
  );
}

export function SignInPage({ lang }: { lang: Lang }) {
  const p: S = platformStrings(lang);
  return (
    <PublicLayout lang={lang} title={p['signin.title']} script="signin" path="/login">
      <section id="signin-view" class="card narrow" aria-labelledby="signin-title">
        <h1 id="signin-title" tabindex={-1}>
          {p['signin.title']}
        </h1>
        <form id="signin-form" novalidate>
          <Input
            form="signin"
            name="username"
            label={p['signin.username']}
            required
            autocomplete="username"
          />
          <Input
            form="signin"
            name="password"
            label={p['signin.password']}
            type="password"
            raw
            required
            autocomplete="current-password"
          />
          <button type="submit" class="primary">
            {p['signin.submit']}
          </button>
          <Status />
        </form>
        <h2>{p['signin.oauth']}</h2>
        <ul class="oauth">
          <li>
            <a href="/api/auth/oauth/dingtalk/start">钉钉 DingTalk</a>
          </li>
          <li>
            <a href="/api/auth/oauth/wechat/start">微信 WeChat</a>
          </li>
          <li>
            <a href="/api/auth/oauth/feishu/start">飞书 Feishu</a>
          </li>
        </ul>
      </section>
      <section id="home-view" class="card" aria-labelledby="home-title" hidden>
        <h1 id="home-title" tabindex={-1}>
          {p['signin.companies']}
        </h1>
        <p id="home-tenant" />
        <h2>{p['signin.companies']}</h2>
        <ul id="home-companies" class="companies" />
        <p id="home-status" class="form-status" role="status" aria-live="polite" />
        <button type="button" id="home-logout">
          {p['signin.logout']}
        </button>
      </section>
    </PublicLayout>
  );
}
