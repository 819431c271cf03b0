import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { unwrap } from '../../lib/errors';
import { LawyerAnalyticsAnswer, LawyerAnalyticsQuery } from '../../schema/dto/legal-lawyer-analytics';
import { lawyerActor, legalCallerOf } from '../legal-actors';
import type { AppEnv } from '../types';
import { bearer, json, readErrors } from './support';

/**
 * The lawyer's data analysis (SPEC D4, professional and enterprise memberships): the caller's own
 * figures per business month (Asia/Shanghai), from their own actor; a free member is told which
 * membership opens it (403 `NOT_IN_MEMBERSHIP`).
 */
const analytics = createRoute({
  method: 'get',
  path: '/api/legal/lawyers/me/analytics',
  tags: ['legal-lawyers'],
  summary:
    'Your figures for the last `months` business months (Asia/Shanghai), each month and in total: offers, ' +
    'acceptances, declines, completions, response time, reviews, points and fees (professional and enterprise)',
  security: bearer,
  request: { query: LawyerAnalyticsQuery },
  responses: { 200: json(LawyerAnalyticsAnswer), ...readErrors },
});

export const legalLawyerAnalyticsRoutes = new OpenAPIHono<AppEnv>().openapi(analytics, async (c) => {
  const stub = lawyerActor(c.env, c.get('principal').sub);
  return c.json(unwrap(await stub.analytics(legalCallerOf(c), c.req.valid('query').months)), 200);
});
