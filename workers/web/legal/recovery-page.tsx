import { Card, DataTable, Field, Form, SelectField } from '../components';
import type { Lang } from '../i18n';
import { recoveryStrings } from './recovery-strings';

/**
 * The lawyer's record of recovering a debt case (issue 21), opened from the case's row: the totals,
 * every contact and amount so far, and the two forms that add one. /static/legal/recovery.js fills it.
 */
export function RecoveryCard({ lang }: { lang: Lang }) {
  const s = recoveryStrings(lang);
  return (
    <Card id="recovery" headingId="recovery-title" heading={s['recovery.records']} hidden focus>
      <dl class="facts" id="recovery-facts" />
      <p id="recovery-closed" class="hint" hidden>
        {s['recovery.closed']}
      </p>
      <DataTable
        id="recovery-records"
        caption={s['recovery.records']}
        columns={[
          s['recovery.col.at'],
          s['recovery.col.kind'],
          s['recovery.col.result'],
          s['recovery.col.note'],
        ]}
      />
      <div class="columns even" id="recovery-forms">
        <section aria-labelledby="recovery-contact-title">
          <h3 id="recovery-contact-title">{s['recovery.contact.title']}</h3>
          <Form id="recovery-contact-form" submit={s['recovery.contact.submit']}>
            <SelectField
              form="recovery-contact"
              name="responded"
              label={s['recovery.contact.responded']}
              options={[
                ['false', s['recovery.no']],
                ['true', s['recovery.yes']],
              ]}
            />
            <Field form="recovery-contact" name="at" type="datetime-local" label={s['recovery.at']} />
            <Field form="recovery-contact" name="note" label={s['recovery.note']} />
          </Form>
        </section>
        <section aria-labelledby="recovery-payment-title">
          <h3 id="recovery-payment-title">{s['recovery.payment.title']}</h3>
          <Form id="recovery-payment-form" submit={s['recovery.payment.submit']}>
            <Field
              form="recovery-payment"
              name="amountFen"
              type="number"
              label={s['recovery.payment.amount']}
              required
            />
            <Field form="recovery-payment" name="at" type="datetime-local" label={s['recovery.at']} />
            <Field form="recovery-payment" name="note" label={s['recovery.note']} />
          </Form>
        </section>
      </div>
      <button type="button" id="recovery-close">
        {s['recovery.close']}
      </button>
    </Card>
  );
}
