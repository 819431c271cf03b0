import { Card, DataTable, Field, Form, FormStatus, Pager } from '../components';
import type { Lang } from '../i18n';
import { batchStrings } from './batch-strings';
import { legalStrings } from './strings';

/**
 * The user workspace's credits and batch uploads (SPEC D9, D10): the credits and their next reset with a
 * form to buy more, the upload, and the batches with one batch's progress, rows refused and cases.
 * /static/legal/batch-view.js and /static/legal/batches.js fill them.
 */
export function BatchCards({ lang }: { lang: Lang }) {
  const s = legalStrings(lang);
  return (
    <>
      <div class="columns even">
        <Card headingId="credits-title" heading={s['batch.credits.title']}>
          <dl class="facts" id="credit-facts" />
          <p class="hint">{s['batch.credits.note']}</p>
          <Form id="credits-form" submit={s['batch.buy.submit']} plain>
            <Field form="credits" name="count" type="number" label={s['batch.buy.count']} required />
          </Form>
        </Card>
        <BatchUpload lang={lang} hint={s['batch.upload.hint']} />
      </div>
      <BatchView lang={lang} owner="user" />
    </>
  );
}

/**
 * The upload of a batch file (CSV or XLSX) with the template in both languages; `hint` says what an
 * upload spends (a person's credit, a company's case allowance). /static/legal/batch-view.js sends it.
 */
export function BatchUpload({ lang, hint }: { lang: Lang; hint: string }) {
  const s = batchStrings(lang);
  return (
    <Card headingId="upload-title" heading={s['batch.upload.title']}>
      <p class="actions">
        <a href="/api/legal/batch-template?lang=zh" download>
          {s['batch.upload.template']}
        </a>
        <a href="/api/legal/batch-template?lang=en" download>
          {s['batch.upload.templateEn']}
        </a>
      </p>
      <Form id="batch-form" submit={s['batch.upload.submit']}>
        <Field
          form="batch"
          name="file"
          type="file"
          label={s['batch.upload.file']}
          hint={hint}
          accept=".csv,.xlsx"
          required
        />
      </Form>
    </Card>
  );
}

/**
 * One batch's progress, its rows refused and its cases a page at a time (a company's with the draft
 * buttons and the drafted document), then the list of batches. /static/legal/batch-view.js.
 */
export function BatchView({ lang, owner }: { lang: Lang; owner: 'user' | 'company' }) {
  const s = batchStrings(lang);
  const drafts = owner === 'company';
  const listTitle = drafts ? s['batch.company.list'] : s['batch.list.title'];
  const table = (title: string) => `${title} · ${legalStrings(lang)['legal.table']}`;
  return (
    <>
      <Card headingId="batch-title" heading={s['batch.progress.title']} id="batch-view" hidden>
        <div class="progress-row">
          <p id="batch-progress-label" />
          <progress id="batch-progress" max={1} value={0} aria-labelledby="batch-progress-label" />
          <p id="batch-counts" class="hint" />
        </div>
        <h3 id="batch-errors-title">{s['batch.errors.title']}</h3>
        <DataTable
          id="batch-errors"
          caption={s['batch.errors.title']}
          scrollLabel={table(s['batch.errors.title'])}
          columns={[
            [s['batch.errors.col.line'], 'num'],
            s['batch.errors.col.field'],
            s['batch.errors.col.problem'],
          ]}
        />
        <h3 id="batch-cases-title">{s['batch.cases.title']}</h3>
        <FormStatus id="batch-cases-status" />
        <DataTable
          id="batch-cases"
          caption={s['batch.cases.title']}
          scrollLabel={table(s['batch.cases.title'])}
          columns={[
            [s['batch.errors.col.line'], 'num'],
            s['batch.cases.col.id'],
            s['batch.cases.col.debtor'],
            [s['batch.field.amount'], 'num'],
            s['batch.cases.col.status'],
            ...(drafts ? [s['batch.cases.col.draft']] : []),
          ]}
        />
        <Pager
          lang={lang}
          label={s['batch.cases.pager']}
          ids={['batch-cases-summary', 'batch-cases-prev', 'batch-cases-next']}
        />
        {drafts ? (
          <section id="batch-draft" aria-labelledby="batch-draft-title" hidden>
            <h3 id="batch-draft-title">{s['batch.draft.title']}</h3>
            <pre id="batch-draft-text" class="document" />
          </section>
        ) : null}
      </Card>
      <Card headingId="batches-title" heading={listTitle}>
        <FormStatus id="batches-status" />
        <DataTable
          id="batches"
          caption={listTitle}
          scrollLabel={table(listTitle)}
          columns={[
            s['batch.list.col.at'],
            s['batch.list.col.file'],
            [s['batch.list.col.cases'], 'num'],
            [s['batch.list.col.errors'], 'num'],
            s['batch.list.col.progress'],
            s['batch.list.show'],
          ]}
        />
      </Card>
    </>
  );
}
