import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

/** Secrets the tests run with; real runs take them from .dev.vars or `wrangler secret`. */
export const TEST_BINDINGS = {
  AUTH_SECRET: 'test-auth-secret-0123456789abcdef',
  SUPERADMIN_USERNAME: 'admin',
  SUPERADMIN_PASSWORD: 'test-superadmin-password',
  SERVICE_TOKEN: 'test-service-token',
  PAYMENT_WEBHOOK_SECRET: 'test-payment-webhook-secret',
  LOG_LEVEL: 'warn',
  // Third-party login apps, answered by fakes at the fetch boundary in the tests.
  DINGTALK_CLIENT_ID: 'ding-test-app',
  DINGTALK_CLIENT_SECRET: 'ding-test-secret',
  WECHAT_APP_ID: 'wx-test-app',
  WECHAT_APP_SECRET: 'wx-test-secret',
  FEISHU_APP_ID: 'cli_test_app',
  FEISHU_APP_SECRET: 'feishu-test-secret',
};

/**
 * The business rules: pure functions beside their actors, which decide status, money, access and
 * placement. `npm test` fails unless the tests run every statement and branch of each.
 */
const BUSINESS_RULES = [
  'durable-objects/tenant/crm/status.ts',
  'durable-objects/tenant/crm/months.ts',
  'durable-objects/tenant/crm/rights.ts',
  'durable-objects/tenant/crm/terms.ts',
  'durable-objects/tenant/crm/history.ts',
  'durable-objects/tenant/access.ts',
  'durable-objects/tenant/cards/calendar.ts',
  'durable-objects/tenant/cards/dates.ts',
  'durable-objects/tenant/cards/notices.ts',
  'durable-objects/tenant/cards/reminders.ts',
  'durable-objects/tenant/cards/rules.ts',
  'durable-objects/tenant/cards/statement.ts',
  'durable-objects/tenant/billing/charge.ts',
  'durable-objects/tenant/billing/holds.ts',
  'durable-objects/tenant/billing/notices.ts',
  'durable-objects/device-node/placement.ts',
  'durable-objects/device-node/usage-record.ts',
  'durable-objects/rate-limiter/bucket.ts',
  'durable-objects/directory/alerting-rules.ts',
  'durable-objects/directory/alerts.ts',
  'durable-objects/directory/billing.ts',
  'durable-objects/directory/discount-rules.ts',
  'durable-objects/directory/invoice-settlement.ts',
  'durable-objects/directory/memberships.ts',
  'durable-objects/directory/plan-change-rules.ts',
  'durable-objects/directory/plans.ts',
  'durable-objects/directory/subscription.ts',
  'durable-objects/directory/task-retry.ts',
  'durable-objects/directory/throttle.ts',
  'durable-objects/retry.ts',
  'durable-objects/backup/rules.ts',
  'lib/admin-permissions.ts',
  'lib/billing-config.ts',
  'lib/company-codes.ts',
  'lib/company-code-suggestion.ts',
  'lib/money.ts',
  'lib/industries.ts',
  'lib/plans.ts',
  'lib/production.ts',
  'lib/zoned.ts',
  'schema/vocabulary/crm.ts',
  'durable-objects/lawyer/analytics.ts',
  'durable-objects/lawyer/levels.ts',
  'durable-objects/lawyer/membership.ts',
  'durable-objects/lawyer/points.ts',
  'durable-objects/lawyer/tiers.ts',
  'durable-objects/lawyer/documents.ts',
  'durable-objects/legal/access.ts',
  'durable-objects/legal/eligibility.ts',
  'durable-objects/legal/fees.ts',
  'durable-objects/legal/client/credits.ts',
  'durable-objects/legal/client/debt-rows.ts',
  'durable-objects/legal/client/enterprise-rules.ts',
  'durable-objects/legal/client/recovery-rules.ts',
  'durable-objects/legal/client/sla-rules.ts',
  'durable-objects/lawyer/recovery-rules.ts',
  'durable-objects/legal/licence-file.ts',
  'durable-objects/payments/order-ids.ts',
  'lib/webhook-signature.ts',
];
const FULL = { statements: 100, branches: 100, functions: 100, lines: 100 };

export default defineConfig({
  test: {
    // Istanbul, not V8: the tests run inside workerd, where V8's own coverage is not reachable. The
    // pages are driven by the browser tests against a separate `wrangler dev`, which this cannot see.
    coverage: {
      provider: 'istanbul',
      include: ['durable-objects/**', 'lib/**', 'workers/**', 'schema/vocabulary/**'],
      reporter: ['text-summary'],
      thresholds: {
        statements: 90,
        branches: 80,
        functions: 90,
        lines: 90,
        ...Object.fromEntries(BUSINESS_RULES.map((file) => [file, FULL])),
      },
    },
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: { bindings: TEST_BINDINGS },
          }),
        ],
        test: { name: 'workers', include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'] },
      },
      {
        // The benchmark's worker (bench/): the production worker plus the bench-only routes and actor methods.
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.bench.toml' },
            miniflare: { bindings: TEST_BINDINGS },
          }),
        ],
        test: { name: 'bench', include: ['test/bench/**/*.test.ts'] },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
