import { ENTERPRISE_PACKAGE_CODES, ENTERPRISE_PACKAGES } from '../../../schema/dto/legal-enterprise';
import { Card, DataTable, Form, FormStatus, SelectField } from '../components';
import type { Lang } from '../i18n';
import { MemberFrame } from '../member/frame';
import { analyticsStrings } from './analytics-strings';

/**
 * `/t/{code}/legal-analytics`: a company's collection analytics (SPEC D11) in the member console: the
 * package and this month's allowance, the period's figures beside the platform's, a chart of cases by
 * month and one of the recovery rate against the platform's, each chart with its numbers as a table,
 * the recommendations and the disclaimer. /static/legal/analytics.js fills it.
 */
const yuan = (lang: Lang, fen: number) =>
  new Intl.NumberFormat(lang === 'en' ? 'en' : 'zh-CN', { style: 'currency', currency: 'CNY' }).format(
    fen / 100,
  );

export function AnalyticsPage({ lang, tenant }: { lang: Lang; tenant: string }) {
  const s = analyticsStrings(lang);
  return (
    <MemberFrame
      lang={lang}
      title={s['analytics.title']}
      path="/legal-analytics"
      tenant={tenant}
      scripts={['/static/legal/analytics.js']}
      styles={['/static/legal/analytics.css']}
      strings={s}
    >
      <h1 id="analytics-title" tabindex={-1}>
        {s['analytics.title']}
      </h1>
      <FormStatus id="analytics-status" />
      <p id="analytics-package" />
      <p id="analytics-sla" />
      <p id="analytics-industry" />
      <Card headingId="analytics-buy-title" heading={s['analytics.buy.title']}>
        <Form id="analytics-buy-form" submit={s['analytics.buy.submit']}>
          <SelectField
            form="analytics-buy"
            name="package"
            label={s['analytics.buy.package']}
            options={ENTERPRISE_PACKAGE_CODES.map((code) => {
              const p = ENTERPRISE_PACKAGES[code];
              return [
                code,
                s['analytics.buy.option']
                  .replace('{name}', lang === 'en' ? p.nameEn : p.nameZh)
                  .replace('{fee}', yuan(lang, p.monthlyFeeFen))
                  .replace('{cases}', String(p.monthlyCaseAllowance))
                  .replace('{hours}', String(p.slaHours)),
              ];
            })}
          />
        </Form>
        <p class="hint">{s['analytics.buy.adminOnly']}</p>
      </Card>
      <form id="analytics-form" class="inline">
        <label for="analytics-months">{s['analytics.months']}</label>
        <select id="analytics-months" name="months">
          {[3, 6, 12, 24, 36].map((n) => (
            <option value={String(n)} selected={n === 12}>
              {String(n)}
            </option>
          ))}
        </select>
        <button type="submit">{s['analytics.show']}</button>
      </form>
      <Card headingId="analytics-summary-title" heading={s['analytics.col.metric']}>
        <p id="analytics-summary" />
        <DataTable
          id="analytics-metrics"
          caption={s['analytics.col.metric']}
          columns={[
            s['analytics.col.metric'],
            s['analytics.col.company'],
            s['analytics.col.platform'],
            s['analytics.col.industry'],
          ]}
        />
      </Card>
      <Card headingId="analytics-trend-title" heading={s['analytics.trend.title']}>
        <div id="analytics-trend" class="chart-box" />
      </Card>
      <Card headingId="analytics-recovery-title" heading={s['analytics.recovery.title']}>
        <div id="analytics-recovery" class="chart-box" />
      </Card>
      <Card headingId="analytics-advice-title" heading={s['analytics.recommendations']}>
        <ul id="analytics-advice" />
        <h3>{s['analytics.disclaimer']}</h3>
        <p id="analytics-disclaimer" />
      </Card>
    </MemberFrame>
  );
}
