import { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { FEE_TYPES } from '../../../schema/dto/cards';
import { tenantCodeOf } from '../../middleware/tenant';
import type { AppEnv } from '../../types';
import { Card, DataTable, Field, Form, FormStatus, SelectField } from '../components';
import { CrmFrame } from '../crm/pages';
import { type Lang, pickLang } from '../i18n';
import { renderPage, staticFiles } from '../layout';
import { CARD_JS, CARDS_COMMON_JS, CARDS_CSS, CARDS_JS } from './assets';
import { CALENDAR_JS, RULES_JS, STATISTICS_JS } from './assets-more';
import { type CardStrings, cardStrings } from './strings';

/**
 * The member console's card fee pages (SPEC C, G2): cards with this year's progress, one card with its
 * purchases, statement import, points and fee records, the fee calendar with its subscription link,
 * the rules (administrators write them) and the statistics. Pages are frames; /static/cards/*.js fill
 * them through the API. Sign-in and the company are the CRM pages' (their /static/crm/common.js).
 */

const TABS = [
  ['/cards', 'cards.tab.cards'],
  ['/cards/calendar', 'cards.tab.calendar'],
  ['/cards/rules', 'cards.tab.rules'],
  ['/cards/statistics', 'cards.tab.statistics'],
] as const;

/** The name of a table's scrolling region, so that keyboard users can scroll a wide one too. */
const scroll = (s: CardStrings, caption: keyof CardStrings) =>
  s['cards.table.scroll'].replace('{caption}', s[caption]);

interface FrameProps {
  lang: Lang;
  tenant: string;
  title: string;
  tab: (typeof TABS)[number][0];
  script: string;
  /** Scripts of other modules the page's own script uses (the platform's bar chart). */
  uses?: string[];
  data?: Record<string, string>;
  children: Child;
}

/** The CRM's frame (its company chooser and sign-in), with this module's scripts, styles, strings and tabs. */
function CardsFrame(props: FrameProps) {
  const s = cardStrings(props.lang);
  return (
    <CrmFrame
      lang={props.lang}
      tenant={props.tenant}
      title={props.title}
      path="/cards"
      script={`/static/cards/${props.script}.js`}
      data={props.data}
      module={{
        scripts: [...(props.uses ?? []), '/static/cards/common.js'],
        styles: ['/static/cards/cards.css'],
        strings: s,
      }}
    >
      <nav class="tabs" aria-label={s['cards.tabs']}>
        <ul>
          {TABS.map(([href, key]) => (
            <li>
              <a href={href} aria-current={href === props.tab ? 'page' : undefined}>
                {s[key]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {props.children}
    </CrmFrame>
  );
}

function CardsPage({ lang, tenant }: { lang: Lang; tenant: string }) {
  const s = cardStrings(lang);
  return (
    <CardsFrame lang={lang} tenant={tenant} title={s['cards.title']} tab="/cards" script="cards">
      <h1 id="page-title" tabindex={-1}>
        {s['cards.title']}
      </h1>
      <div class="columns">
        <Card headingId="list-title" heading={s['cards.list']}>
          <DataTable
            id="cards"
            caption={s['cards.list']}
            scrollLabel={scroll(s, 'cards.list')}
            columns={[
              s['cards.col.card'],
              s['cards.col.holder'],
              [s['cards.col.fee'], 'num'],
              s['cards.col.progress'],
              s['cards.col.due'],
            ]}
          />
          <p class="hint" id="cards-summary" role="status" aria-live="polite" />
        </Card>
        <Card headingId="add-title" heading={s['cards.add.title']}>
          <p id="no-rules" class="note" hidden>
            {s['cards.add.noRules']}
          </p>
          <Form id="add-form" submit={s['cards.add.submit']}>
            <Field form="add" name="issuer" label={s['cards.field.issuer']} required />
            <Field form="add" name="name" label={s['cards.field.name']} required />
            <Field
              form="add"
              name="last4"
              label={s['cards.field.last4']}
              hint={s['cards.field.last4Hint']}
              required
            />
            <SelectField
              form="add"
              name="annualFeeRuleId"
              label={s['cards.field.rule']}
              options={[]}
              required
            />
            <Field
              form="add"
              name="activationDate"
              label={s['cards.field.activationDate']}
              hint={s['cards.field.activationHint']}
              type="date"
              required
            />
          </Form>
        </Card>
      </div>
    </CardsFrame>
  );
}

function CardPage({ lang, tenant, id }: { lang: Lang; tenant: string; id: string }) {
  const s = cardStrings(lang);
  return (
    <CardsFrame
      lang={lang}
      tenant={tenant}
      title={s['cards.title']}
      tab="/cards"
      script="card"
      data={{ 'card-id': id }}
    >
      <p>
        <a href="/cards">{s['cards.detail.back']}</a>
      </p>
      <h1 id="page-title" tabindex={-1}>
        <span id="card-name" />
      </h1>
      <FormStatus id="page-status" />
      <div class="columns">
        <div class="stack">
          <Card headingId="current-title" heading={s['cards.detail.current']}>
            <div id="current" />
          </Card>
          <Card headingId="tx-list-title" heading={s['cards.tx.list']}>
            <DataTable
              id="transactions"
              caption={s['cards.tx.list']}
              scrollLabel={scroll(s, 'cards.tx.list')}
              columns={[
                s['cards.tx.col.day'],
                [s['cards.tx.col.amount'], 'num'],
                s['cards.tx.col.description'],
                s['cards.tx.col.source'],
              ]}
            />
          </Card>
          <Card headingId="records-title" heading={s['cards.records.title']}>
            <DataTable
              id="records"
              caption={s['cards.records.title']}
              scrollLabel={scroll(s, 'cards.records.title')}
              columns={[
                s['cards.records.col.year'],
                s['cards.records.col.due'],
                [s['cards.records.col.fee'], 'num'],
                s['cards.records.col.status'],
                s['cards.records.col.paid'],
                s['cards.records.col.action'],
              ]}
            />
          </Card>
        </div>
        <div class="stack">
          <Card headingId="tx-title" heading={s['cards.tx.title']}>
            <Form id="tx-form" submit={s['cards.tx.submit']}>
              <Field form="tx" name="amountFen" label={s['cards.tx.amount']} required />
              <Field form="tx" name="at" label={s['cards.tx.at']} type="datetime-local" required />
              <Field form="tx" name="description" label={s['cards.tx.description']} />
            </Form>
          </Card>
          <Card headingId="import-title" heading={s['cards.import.title']}>
            <Form id="import-form" submit={s['cards.import.submit']}>
              <Field
                form="import"
                name="file"
                label={s['cards.import.file']}
                hint={s['cards.import.hint']}
                type="file"
                required
              />
            </Form>
            <ul id="import-errors" class="errors" />
          </Card>
          <Card id="points-card" hidden headingId="points-title" heading={s['cards.points.title']}>
            <Form id="points-form" submit={s['cards.points.submit']}>
              <Field form="points" name="balance" label={s['cards.points.balance']} type="number" required />
            </Form>
            <p>
              <button type="button" id="redeem" hidden />
            </p>
          </Card>
          <p>
            <button type="button" id="delete-card" class="danger">
              {s['cards.detail.delete']}
            </button>
          </p>
        </div>
      </div>
    </CardsFrame>
  );
}

function CalendarPage({ lang, tenant }: { lang: Lang; tenant: string }) {
  const s = cardStrings(lang);
  return (
    <CardsFrame
      lang={lang}
      tenant={tenant}
      title={s['cards.calendar.title']}
      tab="/cards/calendar"
      script="calendar"
    >
      <h1 id="page-title" tabindex={-1}>
        {s['cards.calendar.title']}
      </h1>
      <div class="columns">
        <Card headingId="due-title" heading={s['cards.calendar.list']}>
          <p class="note">{s['cards.calendar.reminders']}</p>
          <ol id="due-list" class="timeline" />
        </Card>
        <Card headingId="feed-title" heading={s['cards.feed.title']}>
          <p>{s['cards.feed.intro']}</p>
          <p id="feed-state" role="status" aria-live="polite" />
          <p id="feed-url-box" hidden>
            <label for="feed-url">{s['cards.feed.url']}</label>
            <input id="feed-url" type="text" readonly />
          </p>
          <div class="buttons">
            <button type="button" id="feed-make" class="primary">
              {s['cards.feed.make']}
            </button>
            <button type="button" id="feed-revoke" hidden>
              {s['cards.feed.revoke']}
            </button>
          </div>
        </Card>
      </div>
    </CardsFrame>
  );
}

function RulesPage({ lang, tenant }: { lang: Lang; tenant: string }) {
  const s = cardStrings(lang);
  return (
    <CardsFrame lang={lang} tenant={tenant} title={s['cards.rules.title']} tab="/cards/rules" script="rules">
      <h1 id="page-title" tabindex={-1}>
        {s['cards.rules.title']}
      </h1>
      <FormStatus id="page-status" />
      <div class="columns">
        <Card headingId="rules-title" heading={s['cards.rules.list']}>
          <DataTable
            id="rules"
            caption={s['cards.rules.list']}
            scrollLabel={scroll(s, 'cards.rules.list')}
            columns={[
              s['cards.rules.col.name'],
              s['cards.rules.col.type'],
              [s['cards.rules.col.fee'], 'num'],
              s['cards.rules.col.condition'],
              s['cards.rules.col.period'],
              [s['cards.rules.col.cards'], 'num'],
              s['cards.rules.col.action'],
            ]}
          />
        </Card>
        <Card headingId="rule-add-title" heading={s['cards.rules.add']}>
          <p id="admin-only" class="note" hidden>
            {s['cards.rules.adminOnly']}
          </p>
          <Form id="rule-form" submit={s['cards.rules.submit']}>
            <Field form="rule" name="ruleName" label={s['cards.rules.field.ruleName']} required />
            <SelectField
              form="rule"
              name="feeType"
              label={s['cards.rules.field.feeType']}
              options={FEE_TYPES.map((t): [string, string] => [t, s[`cards.type.${t}`]])}
              required
            />
            <Field form="rule" name="baseFeeFen" label={s['cards.rules.field.baseFee']} required />
            <Field
              form="rule"
              name="waiverConditionValue"
              label={s['cards.rules.field.condition']}
              hint={s['cards.rules.field.conditionHint']}
            />
            <Field
              form="rule"
              name="waiverPeriodMonths"
              label={s['cards.rules.field.period']}
              type="number"
            />
            <Field form="rule" name="description" label={s['cards.rules.field.description']} />
          </Form>
        </Card>
      </div>
    </CardsFrame>
  );
}

function StatisticsPage({ lang, tenant }: { lang: Lang; tenant: string }) {
  const s = cardStrings(lang);
  return (
    <CardsFrame
      lang={lang}
      tenant={tenant}
      title={s['cards.stats.title']}
      tab="/cards/statistics"
      script="statistics"
      uses={['/static/platform/common.js']}
    >
      <h1 id="page-title" tabindex={-1}>
        {s['cards.stats.title']}
      </h1>
      <Card headingId="stats-title" hiddenHeading heading={s['cards.stats.title']}>
        <form id="year-form" class="search" novalidate>
          <div class="field">
            <label for="year">{s['cards.stats.year']}</label>
            <input id="year" name="year" type="number" min="1990" max="2199" />
          </div>
          <button type="submit">{s['cards.stats.show']}</button>
        </form>
        <dl class="facts" id="stats" />
        <div id="stats-chart" class="chart-box" />
      </Card>
    </CardsFrame>
  );
}

export const cardPages = new Hono<AppEnv>();

const tenantOf = (c: { req: { header: (name: string) => string | undefined }; env: AppEnv['Bindings'] }) =>
  tenantCodeOf(c.req.header('host'), c.req.header('x-tenant-code'), c.env.BASE_DOMAIN) ?? '';

cardPages.get('/cards', (c) => renderPage(c, <CardsPage lang={pickLang(c)} tenant={tenantOf(c)} />));
cardPages.get('/cards/calendar', (c) =>
  renderPage(c, <CalendarPage lang={pickLang(c)} tenant={tenantOf(c)} />),
);
cardPages.get('/cards/rules', (c) => renderPage(c, <RulesPage lang={pickLang(c)} tenant={tenantOf(c)} />));
cardPages.get('/cards/statistics', (c) =>
  renderPage(c, <StatisticsPage lang={pickLang(c)} tenant={tenantOf(c)} />),
);
cardPages.get('/cards/detail/:id{card_[a-z2-7]{26}}', (c) =>
  renderPage(c, <CardPage lang={pickLang(c)} tenant={tenantOf(c)} id={c.req.param('id')} />),
);
cardPages.get(
  '/static/cards/:file',
  staticFiles({
    'common.js': CARDS_COMMON_JS,
    'cards.js': CARDS_JS,
    'card.js': CARD_JS,
    'calendar.js': CALENDAR_JS,
    'rules.js': RULES_JS,
    'statistics.js': STATISTICS_JS,
    'cards.css': CARDS_CSS,
  }),
);
