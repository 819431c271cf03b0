import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

/** Secrets the tests run with; real runs take them from .dev.vars or `wrangler secret`. */
export const TEST_BINDINGS = {
  AUTH_SECRET: 'test-auth-secret-0123456789abcdef',
  SUPERADMIN_USERNAME: 'admin',
  SUPERADMIN_PASSWORD: 'test-superadmin-password',
  SERVICE_TOKEN: 'test-service-token',
  LOG_LEVEL: 'warn',
  // ---- platform: third-party login apps, answered by fakes at the fetch boundary in the tests ----
  DINGTALK_CLIENT_ID: 'ding-test-app',
  DINGTALK_CLIENT_SECRET: 'ding-test-secret',
  WECHAT_APP_ID: 'wx-test-app',
  WECHAT_APP_SECRET: 'wx-test-secret',
  FEISHU_APP_ID: 'cli_test_app',
  FEISHU_APP_SECRET: 'feishu-test-secret',
};

export default defineConfig({
  test: {
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
