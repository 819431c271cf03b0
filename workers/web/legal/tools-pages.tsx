import { DOCUMENT_TEMPLATE_NAMES } from '../../../schema/dto/legal-catalog';
import { Card, DataTable, Field, Form, FormStatus, SelectField } from '../components';
import type { Lang } from '../i18n';
import { legalStrings } from './strings';

/**
 * The lawyer workspace's tools (SPEC D4, D6): what the membership takes and what an upgrade would
 * open, time online, the document helper, API keys, the white-label header and referrals, with the
 * points-change notice. /static/legal/lawyer-tools.js fills them.
 */
export function PointsNotice() {
  return <p id="points-notice" class="banner" role="status" aria-live="polite" hidden />;
}

export function LawyerToolCards({ lang }: { lang: Lang }) {
  const s = legalStrings(lang);
  return (
    <>
      <div class="columns even">
        <Card headingId="access-title" heading={s['tools.access.title']}>
          <dl class="facts" id="access-facts" />
          <h3 id="upgrade-title">{s['tools.upgrade.title']}</h3>
          <div id="upgrade-panel" />
        </Card>
        <Card headingId="online-title" heading={s['tools.online.title']}>
          <dl class="facts" id="online-facts" />
          <p class="hint">{s['tools.online.note']}</p>
          <h3 id="referral-title">{s['tools.referral.title']}</h3>
          <dl class="facts" id="referral-facts" />
          <p class="hint">{s['tools.referral.note']}</p>
          <Form id="referral-form" submit={s['tools.referral.submit']} plain hidden>
            <Field form="referral" name="code" label={s['tools.referral.field']} required />
          </Form>
        </Card>
      </div>
      <Card headingId="docs-title" heading={s['tools.docs.title']}>
        <p class="hint">{s['tools.docs.note']}</p>
        <Form id="document-form" submit={s['tools.docs.submit']}>
          <SelectField form="document" name="caseId" label={s['tools.docs.case']} options={[]} required />
          <SelectField
            form="document"
            name="template"
            label={s['tools.docs.template']}
            options={DOCUMENT_TEMPLATE_NAMES.map((n) => [n, s[`tools.docs.template.${n}`]!])}
            required
          />
        </Form>
        <h3 id="document-output-title" hidden>
          {s['tools.docs.output']}
        </h3>
        <pre id="document-output" class="document" hidden />
      </Card>
      <div class="columns even">
        <Card headingId="keys-title" heading={s['tools.keys.title']}>
          <p id="keys-locked" class="hint" hidden />
          <div id="keys-open" hidden>
            <Form id="apikey-form" submit={s['tools.keys.submit']} plain>
              <Field form="apikey" name="name" label={s['tools.keys.name']} required />
            </Form>
            <div id="apikey-created" hidden>
              <p>{s['tools.keys.created']}</p>
              <pre class="document">
                <code id="apikey-value" />
              </pre>
            </div>
            <FormStatus id="keys-status" />
            <DataTable
              id="apikeys"
              caption={s['tools.keys.title']}
              scrollLabel={`${s['tools.keys.title']} · ${s['legal.table']}`}
              columns={[
                s['tools.keys.col.name'],
                s['tools.keys.col.created'],
                s['tools.keys.col.lastUsed'],
                s['tools.keys.col.state'],
                s['legal.cases.col.actions'],
              ]}
            />
          </div>
        </Card>
        <Card headingId="brand-title" heading={s['tools.brand.title']}>
          <p id="brand-locked" class="hint" hidden />
          <Form id="brand-form" submit={s['tools.brand.submit']} plain hidden>
            <Field
              form="brand"
              name="reportHeader"
              label={s['tools.brand.field']}
              hint={s['tools.brand.hint']}
            />
          </Form>
        </Card>
      </div>
    </>
  );
}
