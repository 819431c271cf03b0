import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { directory } from '../../lib/actors';
import { unwrap } from '../../lib/errors';
import { sha256Hex } from '../../lib/hash';
import { hashPassword } from '../../lib/passwords';
import {
  CheckUsernameAnswer,
  CheckUsernameBody,
  CompleteAnswer,
  CompleteBody,
  CreateAdminAnswer,
  CreateAdminBody,
  InitBasicDataAnswer,
  InitBasicDataBody,
  OnboardingState,
  VerifyTokenBody,
} from '../../schema/dto/onboarding';
import { Username } from '../../schema/dto/platform';
import type { AppEnv } from '../types';
import { errors, json, jsonBody, publicBaseUrl, publicRoute } from './support';

/**
 * Onboarding (SPEC A8, seed Phase 3): a company's contact opens the link an admin generated and, in
 * four steps, checks the link, creates the company's administrator, optionally sets up departments
 * and roles, and completes. No login: the link's token is the credential, single-use and expiring.
 */
const tags = ['onboarding'];
const refusals = {
  400: errors[400],
  404: errors[404],
  409: errors[409],
  410: errors[410],
  429: errors[429],
} as const;

const verify = createRoute({
  method: 'post',
  path: '/api/onboarding/verify-token',
  security: publicRoute,
  tags,
  summary: 'Check an onboarding link: the company and the next step',
  request: { body: jsonBody(VerifyTokenBody) },
  responses: { 200: json(OnboardingState), ...refusals },
});

const checkUsername = createRoute({
  method: 'post',
  path: '/api/onboarding/check-username',
  security: publicRoute,
  tags,
  summary: 'Whether a username is free (usernames are unique across the platform)',
  request: { body: jsonBody(CheckUsernameBody) },
  responses: { 200: json(CheckUsernameAnswer), ...refusals },
});

const createAdmin = createRoute({
  method: 'post',
  path: '/api/onboarding/create-admin',
  security: publicRoute,
  tags,
  summary: "Create the company's administrator (a user with a primary admin membership)",
  request: { body: jsonBody(CreateAdminBody) },
  responses: { 201: json(CreateAdminAnswer, 'Created'), 403: errors[403], ...refusals },
});

const initBasicData = createRoute({
  method: 'post',
  path: '/api/onboarding/init-basic-data',
  security: publicRoute,
  tags,
  summary: 'Optional departments and roles for the new company',
  request: { body: jsonBody(InitBasicDataBody) },
  responses: { 200: json(InitBasicDataAnswer), ...refusals },
});

const complete = createRoute({
  method: 'post',
  path: '/api/onboarding/complete',
  security: publicRoute,
  tags,
  summary: 'Finish onboarding: the link is used up and the company is ready',
  request: { body: jsonBody(CompleteBody) },
  responses: { 200: json(CompleteAnswer), ...refusals },
});

export const onboardingRoutes = new OpenAPIHono<AppEnv>()
  .openapi(verify, async (c) => {
    const { token } = c.req.valid('json');
    return c.json(unwrap(await directory(c.env).onboardingState(await sha256Hex(token))), 200);
  })
  .openapi(checkUsername, async (c) => {
    const { token, username } = c.req.valid('json');
    const answer = unwrap(await directory(c.env).checkUsername(await sha256Hex(token), username));
    const format = Username.safeParse(username);
    if (!format.success) {
      return c.json(
        { username: answer.username, available: false, reason: format.error.issues[0]!.message },
        200,
      );
    }
    return c.json({ ...answer, reason: answer.available ? null : 'taken' }, 200);
  })
  .openapi(createAdmin, async (c) => {
    const { token, password, ...rest } = c.req.valid('json');
    const tokenHash = await sha256Hex(token);
    // The link is checked before the slow hash, so a dead link answers at once.
    unwrap(await directory(c.env).onboardingState(tokenHash));
    const passwordHash = await hashPassword(password);
    return c.json(
      unwrap(await directory(c.env).onboardingCreateAdmin(tokenHash, { ...rest, passwordHash })),
      201,
    );
  })
  .openapi(initBasicData, async (c) => {
    const { token, departments, roles } = c.req.valid('json');
    return c.json(
      unwrap(
        await directory(c.env).onboardingBasicData(await sha256Hex(token), departments ?? [], roles ?? []),
      ),
      200,
    );
  })
  .openapi(complete, async (c) => {
    const { token } = c.req.valid('json');
    const done = unwrap(await directory(c.env).onboardingComplete(await sha256Hex(token)));
    return c.json(
      {
        ...done,
        onboardingStatus: 'completed' as const,
        loginUrl: `${publicBaseUrl(c)}/login?company=${done.code}`,
      },
      200,
    );
  });
