// The named reports `npm run report -- <name>` runs over a backup: plain SQL over its tables
// (`<actor>__<table>`, the actor's name in `_key`; see store.mjs). A report that declares `months`
// may read the table `months(month, start_at, end_at)`: calendar months in the platform's time zone,
// as epoch-ms bounds, so money lands in the month the console shows it in.
//
// Add a report by adding an entry. The annual-fee figures (cards module: fees due, waived, paid per
// month) and the marketplace figures (cases, payments, lawyer points) belong here once those modules
// have tables in a backup; each is one entry below the last.

export const REPORTS = [
  {
    name: 'revenue-by-month',
    description:
      'Per month: invoices issued and their total (not cancelled, by invoice date), paid (by payment date), and device usage charged to wallets',
    months: true,
    sql: `
      SELECT * FROM (
        SELECT m.month,
          (SELECT count(*) FROM directory__invoices i
            WHERE i.status <> 'cancelled' AND i.invoice_date >= m.start_at AND i.invoice_date < m.end_at) AS invoices,
          (SELECT coalesce(sum(i.total_fen), 0) FROM directory__invoices i
            WHERE i.status <> 'cancelled' AND i.invoice_date >= m.start_at AND i.invoice_date < m.end_at) AS billed_fen,
          (SELECT coalesce(sum(i.total_fen), 0) FROM directory__invoices i
            WHERE i.status = 'paid' AND i.paid_at >= m.start_at AND i.paid_at < m.end_at) AS paid_fen,
          (SELECT coalesce(sum(u.charge_fen), 0) FROM tenant__usage_records u
            WHERE u.recorded_at >= m.start_at AND u.recorded_at < m.end_at) AS device_charges_fen
        FROM months m)
      WHERE invoices > 0 OR paid_fen > 0 OR device_charges_fen > 0
      ORDER BY month`,
  },
  {
    name: 'companies-by-plan',
    description: 'Companies (not deleted) by plan and subscription status',
    sql: `
      SELECT plan, subscription_status AS status, count(*) AS companies
      FROM directory__tenants
      WHERE deleted_at IS NULL
      GROUP BY plan, subscription_status
      ORDER BY plan, status`,
  },
  {
    name: 'customers-by-status',
    description: 'CRM customers of each company by status',
    sql: `
      SELECT t.code AS company,
        sum(c.status = 'prospect') AS prospect,
        sum(c.status = 'pending') AS pending,
        sum(c.status = 'active') AS active,
        sum(c.status = 'suspended') AS suspended,
        sum(c.status = 'terminated') AS terminated,
        count(*) AS total
      FROM directory__tenants t
      JOIN tenant__crm_customers c ON c._key = t.code
      WHERE t.deleted_at IS NULL
      GROUP BY t.code
      ORDER BY t.code`,
  },
  {
    name: 'device-usage',
    description: 'Device usage of each company: allocations, charged usage records, device time and charges',
    sql: `
      SELECT t.code AS company,
        (SELECT count(*) FROM tenant__device_allocations a WHERE a._key = t.code) AS allocations,
        count(u.id) AS usage_records,
        coalesce(sum(u.duration_seconds), 0) AS seconds,
        round(coalesce(sum(u.duration_seconds * u.cpu_cores), 0) / 3600.0, 2) AS core_hours,
        coalesce(sum(u.charge_fen), 0) AS charges_fen
      FROM directory__tenants t
      LEFT JOIN tenant__usage_records u ON u._key = t.code
      WHERE EXISTS (SELECT 1 FROM tenant__device_allocations a WHERE a._key = t.code)
      GROUP BY t.code
      ORDER BY t.code`,
  },
];
