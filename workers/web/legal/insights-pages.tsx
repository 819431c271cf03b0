import { Card, DataTable, FormStatus } from '../components';
import type { Lang } from '../i18n';
import { insightStrings } from './insights-strings';

export const INSIGHT_MONTHS = [3, 6, 12, 24];

/**
 * The lawyer's data analysis in the workspace (SPEC D4 `dataAnalysis`): a chart of the cases of each
 * business month with its axes and the same numbers as a table, and the window's totals. A membership
 * without it says which one opens it. /static/legal/lawyer-insights.js fills it.
 */
export function LawyerInsightsCard({ lang }: { lang: Lang }) {
  const s = insightStrings(lang);
  return (
    <Card headingId="insights-title" heading={s['insights.title']}>
      <p id="insights-locked" class="hint" hidden />
      <div id="insights-open" hidden>
        <form id="insights-form" class="inline">
          <label for="insights-months">{s['insights.months']}</label>
          <select id="insights-months" name="months">
            {INSIGHT_MONTHS.map((n) => (
              <option value={String(n)} selected={n === 6}>
                {String(n)}
              </option>
            ))}
          </select>
          <button type="submit">{s['insights.show']}</button>
        </form>
        <FormStatus id="insights-status" />
        <p id="insights-summary" />
        <p id="insights-header" hidden />
        <div id="insights-chart" class="chart-box" />
        <DataTable
          id="insights-totals"
          caption={`${s['insights.title']} · ${s['insights.col.total']}`}
          columns={[s['insights.col.metric'], [s['insights.col.value'], 'num']]}
        />
      </div>
    </Card>
  );
}
