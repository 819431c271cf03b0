import { PLAN_CODES } from '../../schema/dto/platform';
import { Card, DataTable, Field, Form, LoginForm, Pager, SearchField, SelectField } from './components';
import { type Lang, strings } from './i18n';
import { Layout } from './layout';
import { industryOptions } from './platform/company-profile';

/**
 * `/`: the platform admin login and, once logged in, the company list and the create form.
 * Both views are rendered here; /static/console/companies.js shows one of them and fills the list.
 */
export function CompaniesPage({ lang }: { lang: Lang }) {
  const s = strings(lang);
  return (
    <Layout lang={lang} title={s['companies.title']} path="/" scripts={['/static/console/companies.js']}>
      <Card id="login-view" class="narrow" h1 focus headingId="login-title" heading={s['login.title']}>
        <LoginForm lang={lang} form="login" username={s['login.username']} />
      </Card>

      <div id="companies-view" hidden>
        <h1 id="companies-title" tabindex={-1}>
          {s['companies.title']}
        </h1>
        <div class="columns">
          <Card headingId="list-title" heading={s['companies.list']}>
            <search>
              <form id="search-form" class="search">
                <SearchField id="search-q" name="q" label={s['companies.search']} />
                <button type="submit">{s['companies.searchSubmit']}</button>
              </form>
            </search>
            <DataTable
              id="companies"
              caption={s['companies.list']}
              columns={[
                s['companies.col.code'],
                s['companies.col.name'],
                s['companies.col.plan'],
                s['companies.col.status'],
                s['companies.col.created'],
              ]}
            />
            <Pager lang={lang} ids={['companies-summary', 'page-prev', 'page-next']} />
          </Card>

          <Card headingId="create-title" heading={s['create.title']}>
            <p class="note">{s['form.requiredNote']}</p>
            <Form id="create-form" submit={s['create.submit']}>
              <Field
                form="create"
                name="code"
                label={s['create.code']}
                hint={s['create.codeHint']}
                required
              />
              <Field
                form="create"
                name="name"
                label={s['create.name']}
                autocomplete="organization"
                required
              />
              <SelectField
                form="create"
                name="plan"
                label={s['create.plan']}
                options={PLAN_CODES.map((plan) => [plan, s[`plan.${plan}`]])}
              />
              <SelectField
                form="create"
                name="industry"
                label={s['create.industry']}
                options={industryOptions(lang, s['create.industryNone'])}
              />
              <Field
                form="create"
                name="contactEmail"
                label={s['create.contactEmail']}
                type="email"
                autocomplete="email"
              />
            </Form>
          </Card>
        </div>
      </div>
    </Layout>
  );
}
