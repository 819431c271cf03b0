import { PLAN_CODES } from '../../schema/dto/platform';
import { type Lang, strings } from './i18n';
import { Field, Layout, SelectField } from './layout';

/**
 * `/`: the platform admin login and, once logged in, the company list and the create form.
 * Both views are rendered here; /static/companies.js shows one of them and fills the list.
 */
export function CompaniesPage({ lang }: { lang: Lang }) {
  const s = strings(lang);
  return (
    <Layout lang={lang} title={s['companies.title']} path="/" scripts={['/static/companies.js']}>
      <section id="login-view" class="card narrow" aria-labelledby="login-title">
        <h1 id="login-title" tabindex={-1}>
          {s['login.title']}
        </h1>
        <form id="login-form" novalidate>
          <Field form="login" name="username" label={s['login.username']} autocomplete="username" required />
          <Field
            form="login"
            name="password"
            label={s['login.password']}
            type="password"
            autocomplete="current-password"
            untrimmed
            required
          />
          <button type="submit" class="primary">
            {s['login.submit']}
          </button>
          <p class="form-status" role="status" aria-live="polite" />
        </form>
      </section>

      <div id="companies-view" hidden>
        <h1 id="companies-title" tabindex={-1}>
          {s['companies.title']}
        </h1>
        <div class="columns">
          <section class="card" aria-labelledby="list-title">
            <h2 id="list-title">{s['companies.list']}</h2>
            <search>
              <form id="search-form" class="search">
                <div class="field">
                  <label for="search-q">{s['companies.search']}</label>
                  <input id="search-q" name="q" type="search" autocomplete="off" />
                </div>
                <button type="submit">{s['companies.searchSubmit']}</button>
              </form>
            </search>
            <div class="table-wrap">
              <table id="companies-table">
                <caption class="visually-hidden">{s['companies.list']}</caption>
                <thead>
                  <tr>
                    <th scope="col">{s['companies.col.code']}</th>
                    <th scope="col">{s['companies.col.name']}</th>
                    <th scope="col">{s['companies.col.plan']}</th>
                    <th scope="col">{s['companies.col.status']}</th>
                    <th scope="col">{s['companies.col.created']}</th>
                  </tr>
                </thead>
                <tbody id="companies-rows" />
              </table>
            </div>
            <nav class="pager" aria-label={s['pager.label']}>
              <p id="companies-summary" role="status" aria-live="polite" />
              <div>
                <button type="button" id="page-prev" disabled>
                  {s['pager.prev']}
                </button>
                <button type="button" id="page-next" disabled>
                  {s['pager.next']}
                </button>
              </div>
            </nav>
          </section>

          <section class="card" aria-labelledby="create-title">
            <h2 id="create-title">{s['create.title']}</h2>
            <p class="note">{s['form.requiredNote']}</p>
            <form id="create-form" novalidate>
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
              <Field form="create" name="industry" label={s['create.industry']} />
              <Field
                form="create"
                name="contactEmail"
                label={s['create.contactEmail']}
                type="email"
                autocomplete="email"
              />
              <button type="submit" class="primary">
                {s['create.submit']}
              </button>
              <p class="form-status" role="status" aria-live="polite" />
            </form>
          </section>
        </div>
      </div>
    </Layout>
  );
}
