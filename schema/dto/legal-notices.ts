import { z } from '@hono/zod-openapi';

/** The marketplace's counts on the administrators' console (issue 21). */
export const LegalAdminNotices = z
  .object({
    pendingCertifications: z.number().int().openapi({ description: 'Licences waiting for review now' }),
    certificationsSubmitted: z.number().int().openapi({ description: 'Licences submitted, ever' }),
    slaBreaches: z.number().int().openapi({ description: 'Times a batch had cases past its SLA' }),
    slaBreachedCases: z.number().int().openapi({ description: 'Cases no lawyer took within the SLA' }),
  })
  .openapi('LegalAdminNotices');
export type LegalAdminNotices = z.infer<typeof LegalAdminNotices>;
