import { z } from '@hono/zod-openapi';

/** The body of the bench-only CRM seeding route. */
export const BenchSeedBody = z
  .object({
    tenant: z.string().min(2).max(32),
    customers: z.number().int().min(1).max(5000),
    contractsPerCustomer: z.number().int().min(0).max(5).default(2),
    /** Share of customers stored with a wrong status, so the nightly task has drift to fix. */
    driftShare: z.number().min(0).max(1).default(0.1),
  })
  .strict();
export type BenchSeedBody = z.infer<typeof BenchSeedBody>;
