/** /static/platform/dashboard.js: GET /api/admin/dashboard into the stat cards and the charts, each with its axes and total. */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const DASHBOARD_JS = String.raw`'use strict';
(() => {
  const { $, t, lang, api, ApiError, errorText } = window.Keel;
  const { fen, barChart } = window.P;
  const count = (value) => new Intl.NumberFormat(lang).format(value);
  const compact = new Intl.NumberFormat(lang, { notation: 'compact' });
  const planName = (code) => (t('plan.' + code) === 'plan.' + code ? code : t('plan.' + code));

  async function load() {
    const status = $('dashboard-status');
    status.textContent = t('loading');
    try {
      const d = await api('GET', '/api/admin/dashboard');
      status.textContent = d.month;
      const set = (id, value) => { $(id).textContent = value; };
      set('stat-tenants', d.tenants.total);
      set('stat-active', d.tenants.active);
      set('stat-trial', d.tenants.trial);
      set('stat-suspended', d.tenants.suspended);
      set('stat-new', d.tenants.newThisMonth);
      set('stat-revenue', fen(d.revenue.thisMonthFen));
      set('stat-billed', fen(d.revenue.billedThisMonthFen));
      set('stat-outstanding', fen(d.revenue.outstandingFen));
      set('stat-users', d.users.active + ' / ' + d.users.total);
      set('stat-storage', d.storage.totalMB + ' MB');
      set('stat-alerts', d.alertsThisMonth);
      const counted = { valueAxis: t('dashboard.axis.companies'), total: (sum) => t('dashboard.companies', { total: sum }) };
      const summed = (valueAxis) => ({ categoryAxis: t('dashboard.axis.month'), valueAxis, total: (sum) => t('dashboard.total', { total: sum }) });
      barChart($('chart-revenue'), t('dashboard.revenueChart'), d.revenueByMonth.map((m) => ({ label: m.month, value: m.paidFen })), fen,
        Object.assign(summed(t('dashboard.axis.paid')), { tick: (v) => compact.format(v / 100), minTop: 100 }));
      barChart($('chart-plans'), t('dashboard.planChart'), d.byPlan.map((b) => ({ label: planName(b.key), value: b.count })), count,
        Object.assign({ categoryAxis: t('dashboard.axis.plan') }, counted));
      barChart($('chart-api'), t('dashboard.apiChart'), d.apiCallsByMonth.map((m) => ({ label: m.month, value: m.apiCalls })), count,
        Object.assign(summed(t('dashboard.axis.calls')), { tick: (v) => compact.format(v) }));
      // The API puts companies that gave no industry or region under the key 'unknown'.
      const named = (prefix) => (b) => ({ label: b.key === 'unknown' ? t('dashboard.notGiven') : prefix ? t(prefix + b.key) : b.key, value: b.count });
      barChart($('chart-industry'), t('dashboard.industry'), d.byIndustry.map(named('industry.')), count,
        Object.assign({ categoryAxis: t('dashboard.axis.industry') }, counted));
      barChart($('chart-region'), t('dashboard.region'), d.byRegion.map(named('')), count,
        Object.assign({ categoryAxis: t('dashboard.axis.region') }, counted));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      status.textContent = errorText(err);
    }
  }

  window.P.requireAdmin(load);
})();
`;
