import type { Child } from 'hono/jsx';
import { CASE_TYPES, PRACTICE_AREAS } from '../../../schema/dto/legal-catalog';
import {
  Card,
  DataTable,
  Field,
  Form,
  FormStatus,
  Pager,
  SearchField,
  SelectField,
  TextareaField,
} from '../components';
import type { Lang } from '../i18n';
import { Layout } from '../layout';
import { BatchCards } from './batch-pages';
import { LawyerInsightsCard } from './insights-pages';
import { RecoveryCard } from './recovery-page';
import { legalStrings } from './strings';
import { LawyerToolCards, PointsNotice } from './tools-pages';

/**
 * The marketplace's pages (SPEC G2): the public sign-in page with its steps (register, verify, choose an
 * identity, demo), the lawyer's and the user's workspaces at their random ids, and the administrators'
 * certification queue in the console. Pages are frames; /static/legal/*.js fill them through the API.
 */

function Frame(props: {
  lang: Lang;
  title: string;
  path: string;
  /** Scripts of /static/legal/ after common.js, by name. */
  script: string | string[];
  bare?: boolean;
  data?: Record<string, string>;
  children: Child;
}) {
  const s = legalStrings(props.lang);
  const data = Object.fromEntries(Object.entries(props.data ?? {}).map(([k, v]) => [`data-${k}`, v]));
  return (
    <Layout
      lang={props.lang}
      title={props.title}
      path={props.path}
      scripts={[
        '/static/legal/common.js',
        ...[props.script].flat().map((name) => `/static/legal/${name}.js`),
      ]}
      styles={['/static/legal/legal.css']}
      strings={s}
      bare={props.bare ?? true}
    >
      <div id="legal" {...data}>
        {props.children}
      </div>
    </Layout>
  );
}

const areaOptions = (lang: Lang): [string, string][] =>
  PRACTICE_AREAS.map((a) => [a, legalStrings(lang)[`area.${a}`]!]);

export function AuthPage({ lang }: { lang: Lang }) {
  const s = legalStrings(lang);
  return (
    <Frame lang={lang} title={s['legal.title']} path="/legal" script="auth">
      <h1 id="page-title" tabindex={-1}>
        {s['legal.title']}
      </h1>
      <Card id="verify-view" hidden headingId="verify-title" heading={s['legal.verify.title']}>
        <FormStatus id="verify-status" />
      </Card>
      <Card id="identity-view" hidden headingId="identity-title" heading={s['legal.identity.title']}>
        <p>{s['legal.identity.intro']}</p>
        <div class="columns even">
          <section aria-labelledby="identity-user-title">
            <h3 id="identity-user-title">{s['legal.identity.user']}</h3>
            <Form id="identity-user-form" submit={s['legal.identity.userSubmit']} />
          </section>
          <section aria-labelledby="identity-lawyer-title">
            <h3 id="identity-lawyer-title">{s['legal.identity.lawyer']}</h3>
            <LawyerForm lang={lang} />
          </section>
        </div>
      </Card>
      <div id="auth-view" class="columns even">
        <Card headingId="login-title" heading={s['legal.login.title']}>
          <Form id="legal-login-form" submit={s['legal.login.submit']}>
            <Field
              form="legal-login"
              name="email"
              type="email"
              label={s['legal.login.email']}
              autocomplete="email"
              required
            />
            <Field
              form="legal-login"
              name="password"
              type="password"
              label={s['legal.login.password']}
              autocomplete="current-password"
              untrimmed
              required
            />
          </Form>
          <p class="hint">{s['legal.login.note']}</p>
        </Card>
        <Card headingId="register-title" heading={s['legal.register.title']}>
          <p id="register-as" class="banner" hidden />
          <Form id="register-form" submit={s['legal.register.submit']}>
            <Field
              form="register"
              name="fullName"
              label={s['legal.register.fullName']}
              autocomplete="name"
              required
            />
            <Field
              form="register"
              name="email"
              type="email"
              label={s['legal.register.email']}
              autocomplete="email"
              required
            />
            <Field
              form="register"
              name="password"
              type="password"
              label={s['legal.register.password']}
              hint={s['legal.register.passwordHint']}
              autocomplete="new-password"
              untrimmed
              required
            />
            <Field
              form="register"
              name="confirm"
              type="password"
              label={s['legal.register.confirm']}
              autocomplete="new-password"
              untrimmed
              required
            />
          </Form>
        </Card>
        <Card headingId="demo-title" heading={s['legal.demo.title']}>
          <p>{s['legal.demo.intro']}</p>
          <p class="actions">
            <button type="button" id="demo-lawyer">
              {s['legal.demo.lawyer']}
            </button>{' '}
            <button type="button" id="demo-user">
              {s['legal.demo.user']}
            </button>
          </p>
          <FormStatus id="demo-status" />
        </Card>
      </div>
    </Frame>
  );
}

/** The licence upload: the certificate's fields and the file, sent as multipart. */
function LawyerForm({ lang }: { lang: Lang }) {
  const s = legalStrings(lang);
  return (
    <Form id="identity-lawyer-form" submit={s['legal.identity.lawyerSubmit']}>
      <Field form="identity-lawyer" name="lawyerName" label={s['legal.identity.lawyerName']} required />
      <Field form="identity-lawyer" name="licenseNumber" label={s['legal.identity.licenseNumber']} required />
      <Field form="identity-lawyer" name="lawFirm" label={s['legal.identity.lawFirm']} required />
      {/* Each box has a name of its own: an error about the areas is shown against the first. */}
      <fieldset class="field checks" aria-describedby="identity-lawyer-practiceAreas-error">
        <legend>
          {s['legal.identity.practiceAreas']}
          <span class="required" aria-hidden="true">
            {' *'}
          </span>
        </legend>
        {areaOptions(lang).map(([value, label]) => (
          <label class="check">
            <input type="checkbox" name={`area_${value}`} value={value} /> {label}
          </label>
        ))}
        <p
          class="field-error"
          id="identity-lawyer-practiceAreas-error"
          data-error-for={`area_${PRACTICE_AREAS[0]}`}
        />
      </fieldset>
      <Field
        form="identity-lawyer"
        name="file"
        type="file"
        label={s['legal.identity.file']}
        hint={s['legal.identity.fileHint']}
        required
      />
    </Form>
  );
}

/**
 * A workspace page's frame: what it shows when nobody (or somebody else) is signed in, the demo banner,
 * and the page (`#app`) under its heading with the person's name, the refresh and sign-out buttons.
 */
function Workspace(props: {
  lang: Lang;
  title: string;
  nameId: string;
  /** Which real registration the demo's banner leads to. */
  demoKind: 'lawyer' | 'user';
  children: Child;
}) {
  const s = legalStrings(props.lang);
  return (
    <>
      <p id="need-login" class="card narrow" hidden>
        <span id="need-login-text">{s['legal.workspace.needLogin']}</span>{' '}
        <a href="/legal">{s['legal.workspace.toLogin']}</a>
      </p>
      <p id="demo-banner" class="banner" hidden>
        {s['legal.demo.banner']}{' '}
        <a id="demo-register" href={`/legal?register=${props.demoKind}`}>
          {s[`legal.demo.register.${props.demoKind}`]}
        </a>
      </p>
      <div id="app" hidden>
        <div class="heading-row">
          <h1 id="page-title" tabindex={-1}>
            {props.title} · <span id={props.nameId} />
          </h1>
          <p>
            <button type="button" id="refresh">
              {s['legal.refresh']}
            </button>{' '}
            <button type="button" id="logout-legal">
              {s['legal.logout']}
            </button>
          </p>
        </div>
        {props.children}
      </div>
    </>
  );
}

export function LawyerWorkspacePage({ lang, workspaceId }: { lang: Lang; workspaceId: string }) {
  const s = legalStrings(lang);
  return (
    <Frame
      lang={lang}
      title={s['legal.lawyer.title']}
      path="/legal"
      script={['lawyer-tools', 'lawyer-insights', 'lawyer', 'recovery']}
      data={{ workspace: workspaceId }}
    >
      <Workspace lang={lang} title={s['legal.lawyer.title']} nameId="lawyer-name" demoKind="lawyer">
        <FormStatus id="workspace-status" />
        <p id="lawyer-notice" class="banner" hidden />
        <PointsNotice />
        <section id="reupload" class="card" hidden aria-labelledby="reupload-title">
          <h2 id="reupload-title">{s['legal.identity.title']}</h2>
          <LawyerForm lang={lang} />
        </section>
        <div class="columns even" id="lawyer-cards">
          <Card headingId="membership-title" heading={s['legal.membership.title']}>
            <dl class="facts" id="membership-facts" />
            <div class="actions" id="membership-actions" />
            <FormStatus id="membership-status" />
          </Card>
          <Card headingId="level-title" heading={s['legal.level.title']}>
            <p id="level-current" class="big" />
            <dl class="facts" id="level-facts" />
            <div id="level-progress" />
            <h3>{s['legal.limits.title']}</h3>
            <dl class="facts" id="limit-facts" />
            <p id="limit-suggestion" class="hint" />
          </Card>
        </div>
        <LawyerToolCards lang={lang} />
        <LawyerInsightsCard lang={lang} />
        <Card headingId="cases-title" heading={s['legal.cases.title']}>
          <FormStatus id="cases-status" />
          <DataTable
            id="lawyer-cases"
            caption={s['legal.cases.title']}
            scrollLabel={`${s['legal.cases.title']} · ${s['legal.table']}`}
            columns={[
              s['legal.cases.col.case'],
              s['legal.cases.col.type'],
              [s['legal.cases.col.amount'], 'num'],
              s['legal.cases.col.status'],
              s['legal.cases.col.until'],
              s['legal.cases.col.actions'],
            ]}
          />
        </Card>
        <RecoveryCard lang={lang} />
        <Card headingId="points-title" heading={s['legal.points.title']}>
          <DataTable
            id="points"
            caption={s['legal.points.title']}
            scrollLabel={`${s['legal.points.title']} · ${s['legal.table']}`}
            columns={[
              s['legal.points.col.at'],
              s['legal.points.col.action'],
              [s['legal.points.col.base'], 'num'],
              [s['legal.points.col.multiplier'], 'num'],
              [s['legal.points.col.result'], 'num'],
              [s['legal.points.col.balance'], 'num'],
            ]}
          />
        </Card>
      </Workspace>
    </Frame>
  );
}

export function UserWorkspacePage({ lang, workspaceId }: { lang: Lang; workspaceId: string }) {
  const s = legalStrings(lang);
  return (
    <Frame
      lang={lang}
      title={s['legal.user.title']}
      path="/user"
      script={['user', 'batch-view', 'batches']}
      data={{ workspace: workspaceId }}
    >
      <Workspace lang={lang} title={s['legal.user.title']} nameId="user-name" demoKind="user">
        <div class="columns">
          <Card headingId="tasks-title" heading={s['legal.userCases.title']}>
            <FormStatus id="tasks-status" />
            <DataTable
              id="user-cases"
              caption={s['legal.userCases.title']}
              scrollLabel={`${s['legal.userCases.title']} · ${s['legal.table']}`}
              columns={[
                s['legal.userCases.col.task'],
                [s['legal.userCases.col.fee'], 'num'],
                s['legal.userCases.col.status'],
                s['legal.userCases.col.lawyer'],
                s['legal.userCases.col.review'],
              ]}
            />
          </Card>
          <Card headingId="task-title" heading={s['legal.task.title']}>
            <Form id="task-form" submit={s['legal.task.submit']}>
              <SelectField
                form="task"
                name="caseType"
                label={s['legal.task.caseType']}
                required
                options={CASE_TYPES.map((t) => [t, s[`caseType.${t}`]!])}
              />
              <SelectField
                form="task"
                name="practiceArea"
                label={s['legal.task.practiceArea']}
                required
                options={areaOptions(lang)}
              />
              <Field form="task" name="amountFen" type="number" label={s['legal.task.amount']} required />
              <TextareaField
                form="task"
                name="description"
                label={s['legal.task.description']}
                rows={4}
                required
              />
            </Form>
          </Card>
        </div>
        <BatchCards lang={lang} />
      </Workspace>
    </Frame>
  );
}

/** The administrators' certification queue, in the console (its navigation and admin session). */
export function CertificationsPage({ lang }: { lang: Lang }) {
  const s = legalStrings(lang);
  return (
    <Frame
      lang={lang}
      title={s['legal.certs.title']}
      path="/lawyer-certifications"
      script="certifications"
      bare={false}
    >
      <p id="need-login" class="card narrow" hidden>
        {s['legal.needAdmin']} <a href="/">{s['legal.needAdmin.link']}</a>
      </p>
      <div id="app" hidden>
        <h1 id="page-title" tabindex={-1}>
          {s['legal.certs.title']}
        </h1>
        <p id="legal-notices" class="banner" role="status" />
        <Card headingId="certs-list-title" hiddenHeading heading={s['legal.certs.title']}>
          <form id="certs-filter" class="search">
            <SearchField
              id="certs-status-filter"
              name="status"
              label={s['legal.certs.status']}
              options={[
                ['pending', s['legal.certStatus.pending']],
                ['approved', s['legal.certStatus.approved']],
                ['rejected', s['legal.certStatus.rejected']],
                ['', s['legal.certs.all']],
              ]}
            />
            <button type="submit">{s['legal.refresh']}</button>
          </form>
          <FormStatus id="certs-status-line" />
          <DataTable
            id="certs"
            caption={s['legal.certs.title']}
            scrollLabel={`${s['legal.certs.title']} · ${s['legal.table']}`}
            columns={[
              s['legal.certs.col.lawyer'],
              s['legal.certs.col.license'],
              s['legal.certs.col.firm'],
              s['legal.certs.col.areas'],
              s['legal.certs.col.submitted'],
              s['legal.certs.col.status'],
              s['legal.certs.col.actions'],
            ]}
          />
          <Pager lang={lang} ids={['certs-summary', 'certs-prev', 'certs-next']} />
        </Card>
      </div>
    </Frame>
  );
}
