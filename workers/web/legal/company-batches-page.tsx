import { DOCUMENT_TEMPLATES } from '../../../schema/dto/legal-catalog';
import { FormStatus } from '../components';
import type { Lang } from '../i18n';
import { MemberFrame } from '../member/frame';
import { BatchUpload, BatchView } from './batch-pages';
import { batchStrings } from './batch-strings';

/**
 * `/t/{code}/legal-batches`: a company's batch debt collection in the member console (issue 21): the
 * upload of a batch from the month's case allowance, its batches, one batch's progress and cases with their ids, and a draft of a demand letter or case summary
 * for any case, paid from the enterprise package's AI credits (the credits left shown above).
 * /static/legal/batch-view.js and /static/legal/company-batches.js fill it.
 */
export function CompanyBatchesPage({ lang, tenant }: { lang: Lang; tenant: string }) {
  const s = batchStrings(lang);
  const costs = s['batch.company.costs']
    .replace('{letter}', String(DOCUMENT_TEMPLATES.demand_letter.credits))
    .replace('{summary}', String(DOCUMENT_TEMPLATES.case_summary.credits));
  return (
    <MemberFrame
      lang={lang}
      title={s['batch.company.title']}
      path="/legal-batches"
      tenant={tenant}
      scripts={['/static/legal/common.js', '/static/legal/batch-view.js', '/static/legal/company-batches.js']}
      styles={['/static/legal/legal.css']}
      strings={s}
    >
      <h1 id="company-batches-title" tabindex={-1}>
        {s['batch.company.title']}
      </h1>
      <FormStatus id="company-batches-status" />
      <p id="company-credits" />
      <p class="hint">{costs}</p>
      <BatchUpload lang={lang} hint={s['batch.company.uploadHint']} />
      <BatchView lang={lang} owner="company" />
    </MemberFrame>
  );
}
