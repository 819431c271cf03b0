/** /static/platform/dashboard.js: GET /api/admin/dashboard into the stat cards and charts. */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps any backslash the script gains literal, as in core.ts
export const DASHBOARD_JS = String.raw`'use strict';
(() => {
  const { $, t, api, ApiError, errorText } = window.Keel;
  const { fen, barChart } = window.P;
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
      barChart($('chart-revenue'), t('dashboard.revenueChart'), d.revenueByMonth.map((m) => ({ label: m.month, value: m.paidFen })), fen);
      barChart($('chart-plans'), t('dashboard.planChart'), d.byPlan.map((b) => ({ label: planName(b.key), value: b.count })), String);
      barChart($('chart-api'), t('dashboard.apiChart'), d.apiCallsByMonth.map((m) => ({ label: m.month, value: m.apiCalls })), String);
      // The API puts companies that gave no industry or region under the key 'unknown'.
      const given = (b) => ({ label: b.key === 'unknown' ? t('dashboard.notGiven') : b.key, value: b.count });
      barChart($('chart-industry'), t('dashboard.industry'), d.byIndustry.map(given), String);
      barChart($('chart-region'), t('dashboard.region'), d.byRegion.map(given), String);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      status.textContent = errorText(err);
    }
  }

  window.P.requireAdmin(load);
})();
`;
