import { z } from '@hono/zod-openapi';
import { OAUTH_PROVIDERS } from '../../lib/oauth';
import { IsoTime, integer, listOf, text } from './common';
import { CompanySummary, Password, SUBSCRIPTION_STATUSES, UserLoginAnswer, Username } from './platform';

/** Onboarding (SPEC A8), third-party login (A5) and the tenant's API keys and basic data. */

export const OnboardingToken = text()
  .min(20)
  .max(200)
  .openapi({ description: 'the token of the onboarding link' });

export const OnboardingStep = z.enum(['create-admin', 'init-basic-data', 'complete', 'done']);

export const VerifyTokenBody = z.object({ token: OnboardingToken }).strict().openapi('OnboardingVerify');
export const OnboardingState = z
  .object({
    company: z.object({
      id: z.string(),
      code: z.string(),
      name: z.string(),
      plan: z.string(),
      subscriptionStatus: z.enum(SUBSCRIPTION_STATUSES),
    }),
    nextStep: OnboardingStep,
    admin: z.object({ id: z.string(), username: z.string() }).nullable(),
    expiresAt: IsoTime,
  })
  .openapi('OnboardingState');
export type OnboardingState = z.infer<typeof OnboardingState>;

export const CheckUsernameBody = z
  .object({ token: OnboardingToken, username: text().min(1).max(64) })
  .strict()
  .openapi('OnboardingCheckUsername');
export const CheckUsernameAnswer = z
  .object({ username: z.string(), available: z.boolean(), reason: z.string().nullable() })
  .openapi('UsernameAvailability');

export const CreateAdminBody = z
  .object({
    token: OnboardingToken,
    username: Username,
    email: z.email().max(254),
    password: Password,
    name: text().trim().min(1).max(100),
  })
  .strict()
  .openapi('OnboardingCreateAdmin');
export const CreateAdminAnswer = z
  .object({ userId: z.string(), username: z.string(), companyId: z.string(), nextStep: OnboardingStep })
  .openapi('OnboardingAdminCreated');

const BasicName = text().trim().min(1).max(50);
export const InitBasicDataBody = z
  .object({
    token: OnboardingToken,
    departments: z.array(BasicName).max(100).optional(),
    roles: z.array(BasicName).max(100).optional(),
  })
  .strict()
  .openapi('OnboardingBasicData');
export const BasicData = z
  .object({ departments: z.array(z.string()), roles: z.array(z.string()) })
  .openapi('BasicData');
export type BasicData = z.infer<typeof BasicData>;
export const InitBasicDataAnswer = BasicData.extend({ nextStep: OnboardingStep }).openapi(
  'OnboardingBasicDataSaved',
);

export const CompleteBody = z.object({ token: OnboardingToken }).strict().openapi('OnboardingComplete');
export const CompleteAnswer = z
  .object({
    companyId: z.string(),
    code: z.string(),
    subscriptionStatus: z.enum(SUBSCRIPTION_STATUSES),
    onboardingStatus: z.literal('completed'),
    adminUsername: z.string(),
    loginUrl: z.string(),
  })
  .openapi('OnboardingCompleted');

export const OAuthProviderParam = z.object({ provider: z.enum(OAUTH_PROVIDERS) });

export const OAuthStartQuery = z.object({
  mode: z.enum(['login', 'bind']).default('login'),
  format: z.enum(['redirect', 'json']).default('redirect'),
});
export const OAuthStartAnswer = z
  .object({ authorizeUrl: z.string(), state: z.string(), expiresAt: IsoTime })
  .openapi('OAuthStart');

export const OAuthCallbackQuery = z.object({
  state: text().min(1).max(200),
  code: text().min(1).max(512).optional(),
  authCode: text().min(1).max(512).optional(),
  error: text().max(200).optional(),
  // What an OAuth 2 provider may add to a refusal (RFC 6749 §4.1.2.1); read by nobody, accepted all the same.
  error_description: text().max(1000).optional(),
  error_uri: text().max(1000).optional(),
});

export const OAuthProfile = z
  .object({ nickname: z.string().nullable(), avatarUrl: z.string().nullable(), email: z.string().nullable() })
  .openapi('OAuthProfile');

export const OAuthCallbackAnswer = z
  .discriminatedUnion('status', [
    UserLoginAnswer.extend({ status: z.literal('logged_in'), provider: z.enum(OAUTH_PROVIDERS) }),
    z.object({
      status: z.literal('bound'),
      provider: z.enum(OAUTH_PROVIDERS),
      userId: z.string(),
      profile: OAuthProfile,
    }),
    z.object({
      status: z.literal('unbound'),
      provider: z.enum(OAUTH_PROVIDERS),
      ticket: z.string(),
      expiresAt: IsoTime,
      profile: OAuthProfile,
      options: z.array(z.enum(['bind-existing', 'create-new'])),
    }),
  ])
  .openapi('OAuthCallback');

export const OAuthTicket = text().min(20).max(200);
export const BindExistingBody = z
  .object({
    ticket: OAuthTicket,
    username: text().min(1).max(254),
    password: text().min(1).max(256),
  })
  .strict()
  .openapi('OAuthBindExisting');
export const CreateAccountBody = z
  .object({
    ticket: OAuthTicket,
    username: Username,
    email: z.email().max(254),
    password: Password,
    name: text().trim().min(1).max(100),
  })
  .strict()
  .openapi('OAuthCreateAccount');
export const CreateAccountAnswer = z
  .object({
    provider: z.enum(OAUTH_PROVIDERS),
    user: z.object({
      id: z.string(),
      uuid: z.string(),
      username: z.string(),
      name: z.string(),
      email: z.string(),
    }),
    companies: z.array(CompanySummary),
    message: z.string(),
  })
  .openapi('OAuthAccountCreated');

export const OAuthBinding = z
  .object({
    provider: z.enum(OAUTH_PROVIDERS),
    nickname: z.string().nullable(),
    avatarUrl: z.string().nullable(),
    createdAt: IsoTime,
    lastLoginAt: IsoTime.nullable(),
  })
  .openapi('OAuthBinding');
export type OAuthBinding = z.infer<typeof OAuthBinding>;
export const OAuthBindingList = z.object({ items: z.array(OAuthBinding) }).openapi('OAuthBindings');

// The tenant's API keys.

export const ApiKeyCreateBody = z
  .object({
    name: text().trim().min(1).max(100),
    expiresInDays: integer(1, 730).optional(),
  })
  .strict()
  .openapi('ApiKeyCreate');
export const ApiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    createdBy: z.string(),
    createdAt: IsoTime,
    expiresAt: IsoTime,
    revokedAt: IsoTime.nullable(),
    lastUsedAt: IsoTime.nullable(),
  })
  .openapi('ApiKey');
export type ApiKey = z.infer<typeof ApiKey>;
export const ApiKeyCreated = ApiKey.extend({
  key: z.string().openapi({ description: 'shown once: send it as `Authorization: Bearer <key>`' }),
}).openapi('ApiKeyCreated');
export const ApiKeyList = listOf(ApiKey, 'ApiKeyList');
