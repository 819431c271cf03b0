// The named reports `npm run report -- <name>` runs over a backup: plain SQL over its tables
// (`<actor>__<table>`, the actor's name in `_key`; see store.mjs). A report that declares `months`
// may read the table `months(month, start_at, end_at)`: calendar months in the platform's time zone,
// as epoch-ms bounds, so money lands in the month the console shows it in.
//
// Add a report by adding an entry.

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
  {
    name: 'annual-fees',
    description:
      'Card annual fees of each company by fee year: fee records by status, the fees waived and the fees owed (pending, paid or overdue)',
    sql: `
      SELECT t.code AS company, r.fee_year,
        count(*) AS records,
        sum(r.waiver_status = 'pending') AS pending,
        sum(r.waiver_status = 'waived') AS waived,
        sum(r.waiver_status = 'paid') AS paid,
        sum(r.waiver_status = 'overdue') AS overdue,
        coalesce(sum(CASE WHEN r.waiver_status = 'waived' THEN r.fee_amount_fen END), 0) AS waived_fen,
        coalesce(sum(CASE WHEN r.waiver_status <> 'waived' THEN r.fee_amount_fen END), 0) AS owed_fen
      FROM directory__tenants t
      JOIN tenant__card_fee_records r ON r._key = t.code
      WHERE t.deleted_at IS NULL
      GROUP BY t.code, r.fee_year
      ORDER BY t.code, r.fee_year`,
  },
  {
    name: 'marketplace-by-month',
    description:
      'Per month: marketplace tasks published and their value, payment orders paid (tasks and lawyer memberships) and lawyer points awarded',
    months: true,
    sql: `
      SELECT * FROM (
        SELECT m.month,
          (SELECT count(*) FROM legal_client__client_cases c
            WHERE c.created_at >= m.start_at AND c.created_at < m.end_at) AS tasks,
          (SELECT coalesce(sum(c.amount_fen), 0) FROM legal_client__client_cases c
            WHERE c.created_at >= m.start_at AND c.created_at < m.end_at) AS tasks_fen,
          (SELECT count(*) FROM (
            SELECT paid_at FROM legal_client__payment_orders WHERE status = 'paid'
            UNION ALL SELECT paid_at FROM lawyer__payment_orders WHERE status = 'paid') p
            WHERE p.paid_at >= m.start_at AND p.paid_at < m.end_at) AS payments,
          (SELECT coalesce(sum(p.amount_fen), 0) FROM (
            SELECT paid_at, amount_fen FROM legal_client__payment_orders WHERE status = 'paid'
            UNION ALL SELECT paid_at, amount_fen FROM lawyer__payment_orders WHERE status = 'paid') p
            WHERE p.paid_at >= m.start_at AND p.paid_at < m.end_at) AS paid_fen,
          (SELECT coalesce(sum(l.result), 0) FROM lawyer__points_ledger l
            WHERE l.result > 0 AND l.at >= m.start_at AND l.at < m.end_at) AS points_awarded
        FROM months m)
      WHERE tasks > 0 OR payments > 0 OR points_awarded > 0
      ORDER BY month`,
  },
];
