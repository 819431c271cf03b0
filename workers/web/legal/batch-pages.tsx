import { Card, DataTable, Field, Form, FormStatus } from '../components';
import type { Lang } from '../i18n';
import { legalStrings } from './strings';

/**
 * The user workspace's credits and batch uploads (SPEC D9, D10): the credits and their next reset with a
 * form to buy more, the upload with a progress bar and the rows refused, and the list of batches.
 * /static/legal/batches.js fills them.
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
              hint={s['batch.upload.hint']}
              required
            />
          </Form>
        </Card>
      </div>
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
          scrollLabel={`${s['batch.errors.title']} · ${s['legal.table']}`}
          columns={[
            [s['batch.errors.col.line'], 'num'],
            s['batch.errors.col.field'],
            s['batch.errors.col.problem'],
          ]}
        />
      </Card>
      <Card headingId="batches-title" heading={s['batch.list.title']}>
        <FormStatus id="batches-status" />
        <DataTable
          id="batches"
          caption={s['batch.list.title']}
          scrollLabel={`${s['batch.list.title']} · ${s['legal.table']}`}
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
