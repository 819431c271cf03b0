import { Hono } from 'hono';
import { OAUTH_PROVIDERS } from '../../../lib/oauth';
import type { AppEnv } from '../../types';
import { Card, DataTable, Field, Form, FormStatus, LoginForm, SelectField } from '../components';
import { type Lang, pickLang } from '../i18n';
import { Layout, renderPage, staticFiles } from '../layout';
import { ACCOUNT_JS } from './assets/account';
import { HOME_JS } from './assets/home';
import { COMPANY_INVOICES_JS } from './assets/invoices';
import { MEMBER_CSS, MEMBER_JS } from './assets/member';
import { MemberFrame, pageTenant } from './frame';
import { MEMBER_MODULES } from './modules';
import { memberStrings } from './strings';

/**
 * The pages of a company member that belong to no module: `/login` (the one sign-in, then the
 * member's home: the company with its plan and status in words, its modules, the member's other
 * companies), `/account` (third-party sign-in bindings) and `/company-invoices` (the company's
 * invoices, for its admins). Frames; /static/member/*.js fill them through the API.
 */
export const memberPages = new Hono<AppEnv>();

const PROVIDER_NAMES: Record<(typeof OAUTH_PROVIDERS)[number], string> = {
  dingtalk: '钉钉 DingTalk',
  wechat: '微信 WeChat',
  feishu: '飞书 Feishu',
};

function HomePage({ lang }: { lang: Lang }) {
  const s = memberStrings(lang);
  return (
    <Layout
      lang={lang}
      title={s['signin.title']!}
      path="/login"
      scripts={['/static/member/member.js', '/static/member/home.js']}
      styles={['/static/member/member.css']}
      strings={s}
    >
      <Card id="signin-view" class="narrow" h1 focus headingId="signin-title" heading={s['signin.title']}>
        <LoginForm lang={lang} form="signin" username={s['signin.username']!} submit={s['signin.submit']} />
        <h2 class="oauth-heading">{s['signin.oauth']}</h2>
        <ul class="oauth">
          {OAUTH_PROVIDERS.map((provider) => (
            <li>
              <a href={`/api/auth/oauth/${provider}/start`}>{PROVIDER_NAMES[provider]}</a>
            </li>
          ))}
        </ul>
      </Card>

      <div id="home-view" hidden>
        <h1 id="home-title" tabindex={-1}>
          {s['home.title']}
        </h1>
        <FormStatus id="home-status" />
        <div class="columns">
          <div class="stack">
            <Card id="company-card" headingId="company-title" heading={s['home.company']}>
              <p id="home-tenant" />
              <dl class="facts">
                <dt>{s['home.plan']}</dt>
                <dd id="home-plan" />
                <dt>{s['home.status']}</dt>
                <dd id="home-subscription" />
              </dl>
              <p id="home-read-only" class="notice" hidden />
            </Card>
            <Card headingId="modules-title" heading={s['home.modules']}>
              <ul
                id="home-modules"
                class="modules"
                data-modules={JSON.stringify(
                  MEMBER_MODULES.map(({ module, key, href }) => ({ module, key: key ?? module, href })),
                )}
              />
            </Card>
          </div>
          <div class="stack">
            <Card headingId="companies-title" heading={s['signin.companies']}>
              <ul id="home-companies" class="companies" />
            </Card>
            <Card headingId="account-title" heading={s['home.account']}>
              <ul class="links">
                <li>
                  <a href="/account">{s['home.bindings']}</a>
                </li>
                <li id="home-invoices" hidden>
                  <a href="/company-invoices">{s['home.invoices']}</a>
                </li>
              </ul>
            </Card>
          </div>
        </div>
      </div>
    </Layout>
  );
}

function AccountPage({ lang }: { lang: Lang }) {
  const s = memberStrings(lang);
  return (
    <MemberFrame
      lang={lang}
      title={s['account.title']!}
      path="/account"
      tenant=""
      scripts={['/static/member/account.js']}
    >
      <h1 id="account-title" tabindex={-1}>
        {s['account.title']}
      </h1>
      <Card headingId="bindings-title" hiddenHeading heading={s['account.title']}>
        <p class="note">{s['account.note']}</p>
        <DataTable
          id="bindings"
          caption={s['account.title']!}
          columns={[
            s['account.col.provider']!,
            s['account.col.status']!,
            s['account.col.since']!,
            s['account.col.actions']!,
          ]}
        />
        <FormStatus id="bindings-status" />
      </Card>
    </MemberFrame>
  );
}

function CompanyInvoicesPage({ lang, tenant }: { lang: Lang; tenant: string }) {
  const s = memberStrings(lang);
  return (
    <MemberFrame
      lang={lang}
      title={s['companyInvoices.title']!}
      path="/company-invoices"
      tenant={tenant}
      scripts={['/static/member/invoices.js']}
    >
      <h1 id="invoices-title" tabindex={-1}>
        {s['companyInvoices.title']}
      </h1>
      <Card headingId="company-invoices-title" hiddenHeading heading={s['companyInvoices.title']}>
        <DataTable
          id="company-invoices"
          caption={s['companyInvoices.title']!}
          columns={[
            s['invoices.col.number']!,
            s['invoices.col.period']!,
            s['invoices.col.total']!,
            s['invoices.col.due']!,
            s['invoices.col.status']!,
            s['companyInvoices.paid']!,
            s['settle.col']!,
            s['settle.col.actions']!,
          ]}
        />
        <FormStatus id="company-invoices-status" />
      </Card>
      <Card id="settle" hidden focus headingId="settle-title" heading={s['settle.open']}>
        <p>
          <button type="button" id="settle-pay" class="primary">
            {s['settle.pay']}
          </button>{' '}
          <button type="button" id="settle-close">
            {s['settle.close']}
          </button>
        </p>
        <FormStatus id="settle-status" />
        <form id="proof-form" novalidate>
          <label for="proof-file">{s['settle.proof']}</label>
          <input
            id="proof-file"
            name="file"
            type="file"
            accept="application/pdf,image/jpeg,image/png"
            required
          />
          <button type="submit">{s['settle.upload']}</button>
          <FormStatus />
        </form>
        <Form id="fapiao-form" submit={s['settle.fapiao']!}>
          <Field form="fapiao" name="title" label={s['settle.fapiao.title']!} required />
          <Field form="fapiao" name="taxNumber" label={s['settle.fapiao.taxNumber']!} required />
          <SelectField
            form="fapiao"
            name="type"
            label={s['settle.fapiao.type']!}
            options={[
              ['normal', s['settle.fapiao.normal']!],
              ['special', s['settle.fapiao.special']!],
            ]}
          />
        </Form>
      </Card>
    </MemberFrame>
  );
}

memberPages.get('/login', (c) => renderPage(c, <HomePage lang={pickLang(c)} />));
memberPages.get('/account', (c) => renderPage(c, <AccountPage lang={pickLang(c)} />));
memberPages.get('/company-invoices', (c) =>
  renderPage(c, <CompanyInvoicesPage lang={pickLang(c)} tenant={pageTenant(c)} />),
);
memberPages.get(
  '/static/member/:file',
  staticFiles({
    'member.js': MEMBER_JS,
    'member.css': MEMBER_CSS,
    'home.js': HOME_JS,
    'account.js': ACCOUNT_JS,
    'invoices.js': COMPANY_INVOICES_JS,
  }),
);
