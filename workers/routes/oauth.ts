import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { directory } from '../../lib/actors';
import { AppError, unwrap } from '../../lib/errors';
import { sha256Hex } from '../../lib/hash';
import { randomSecret } from '../../lib/ids';
import { appConfig, type OAuthProviderId, PROVIDERS } from '../../lib/oauth';
import { hashPassword } from '../../lib/passwords';
import { verifyToken } from '../../lib/tokens';
import {
  BindExistingBody,
  CreateAccountAnswer,
  CreateAccountBody,
  OAuthBindingList,
  OAuthCallbackAnswer,
  OAuthCallbackQuery,
  OAuthProviderParam,
  OAuthStartAnswer,
  OAuthStartQuery,
} from '../../schema/dto/onboarding';
import { UserLoginAnswer } from '../../schema/dto/platform';
import { authenticated, authSecret, userOnly } from '../middleware/auth';
import { checkUserPassword, userSession } from '../sign-in';
import type { AppEnv } from '../types';
import { renderOAuthPage } from '../web/platform/routes';
import { bearer, errors, json, jsonBody, optionalBearer, publicBaseUrl, publicRoute } from './support';

/**
 * Third-party login (SPEC A5) with DingTalk, WeChat and Feishu. `/start` hands out a random `state`,
 * kept (hashed) in the Directory and in a cookie of the browser that started; `/callback` accepts it
 * once, only from that browser, within 10 minutes — so a forged callback (CSRF) or a replayed one
 * goes nowhere. A provider account bound to a user logs that user in; an unbound one gets a ticket
 * to bind an existing account or create a new one.
 */
const tags = ['platform-auth'];
export const STATE_COOKIE = 'keel_oauth_state';

const callbackPath = (provider: OAuthProviderId) => `/api/auth/oauth/${provider}/callback`;

const start = createRoute({
  method: 'get',
  path: '/api/auth/oauth/{provider}/start',
  security: optionalBearer,
  tags,
  summary:
    "Start a login (or, with a user's bearer token and mode=bind, a binding) at the provider: redirects there, or answers the URL with format=json",
  request: { params: OAuthProviderParam, query: OAuthStartQuery },
  responses: {
    200: json(OAuthStartAnswer),
    302: { description: "Redirect to the provider's authorization page" },
    400: errors[400],
    401: errors[401],
    403: errors[403],
    429: errors[429],
    503: errors[503],
  },
});

/** A callback answer as JSON, or (to a browser that asks for HTML) as the page that finishes the sign-in. */
const orPage = <R extends { description: string; content: Record<string, unknown> }>(response: R) => ({
  ...response,
  content: { ...response.content, 'text/html': { schema: z.string() } },
});

const callback = createRoute({
  method: 'get',
  path: '/api/auth/oauth/{provider}/callback',
  security: publicRoute,
  tags,
  summary:
    'Where the provider sends the browser back: logs in a bound account, binds (mode=bind), or offers bind-existing / create-new for an unbound one. A browser (Accept: text/html) gets a page that finishes the sign-in with the same answer',
  request: { params: OAuthProviderParam, query: OAuthCallbackQuery },
  responses: {
    200: orPage(json(OAuthCallbackAnswer)),
    400: orPage(errors[400]),
    403: orPage(errors[403]),
    404: orPage(errors[404]),
    409: orPage(errors[409]),
    429: orPage(errors[429]),
    502: orPage(errors[502]),
    503: orPage(errors[503]),
  },
});

const bindExisting = createRoute({
  method: 'post',
  path: '/api/auth/oauth-tickets/bind-existing',
  security: publicRoute,
  tags,
  summary:
    'First provider login, option 1: bind the provider account to an existing user (their password proves it)',
  request: { body: jsonBody(BindExistingBody) },
  responses: {
    200: json(UserLoginAnswer.extend({ provider: z.string() }).openapi('OAuthBoundLogin')),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    409: errors[409],
    429: errors[429],
  },
});

const createAccount = createRoute({
  method: 'post',
  path: '/api/auth/oauth-tickets/create-account',
  security: publicRoute,
  tags,
  summary: 'First provider login, option 2: create a new user bound to the provider account',
  request: { body: jsonBody(CreateAccountBody) },
  responses: {
    201: json(CreateAccountAnswer, 'Created'),
    400: errors[400],
    409: errors[409],
    429: errors[429],
  },
});

const bindings = createRoute({
  method: 'get',
  path: '/api/auth/oauth-bindings',
  tags,
  summary: "The caller's bound provider accounts",
  security: bearer,
  responses: { 200: json(OAuthBindingList), 401: errors[401], 403: errors[403] },
});

const unbind = createRoute({
  method: 'delete',
  path: '/api/auth/oauth-bindings/{provider}',
  tags,
  summary: "Unbind the caller's account at the provider (password login keeps working)",
  security: bearer,
  request: { params: OAuthProviderParam },
  responses: {
    200: json(z.object({ ok: z.literal(true) })),
    401: errors[401],
    403: errors[403],
    404: errors[404],
  },
});

/** The user behind an optional bearer token (bind mode), refusing API keys and admins. */
async function bearerUser(c: Context<AppEnv>): Promise<{ id: string } | null> {
  const header = c.req.header('authorization');
  if (!header?.startsWith('Bearer ')) return null;
  const claims = await verifyToken(header.slice(7).trim(), authSecret(c.env));
  if (!claims) throw new AppError(401, 'UNAUTHENTICATED', 'a valid bearer token is required');
  if (claims.kind !== 'user' || claims.apiKey)
    throw new AppError(403, 'USER_REQUIRED', 'binding needs a user signed in');
  return { id: claims.sub };
}

/** The callback's work: checks the state, trades the code for the provider's profile, and answers. */
async function finishCallback(
  c: Context<AppEnv>,
  provider: OAuthProviderId,
  query: z.infer<typeof OAuthCallbackQuery>,
): Promise<z.infer<typeof OAuthCallbackAnswer>> {
  const app = appConfig(c.env, provider);
  // The state must come back to the browser that asked for it (login CSRF), and only once.
  const cookie = getCookie(c, STATE_COOKIE);
  deleteCookie(c, STATE_COOKIE, { path: '/api/auth/oauth' });
  if (!cookie || cookie !== query.state) {
    throw new AppError(
      400,
      'OAUTH_STATE_MISMATCH',
      'this sign-in was not started in this browser; start again',
      {
        fields: [{ path: 'query.state', message: 'does not match the state this browser was given' }],
      },
    );
  }
  const dir = directory(c.env);
  const started = unwrap(await dir.consumeOAuthState(await sha256Hex(query.state), provider));
  if (query.error)
    throw new AppError(400, 'OAUTH_DENIED', `${provider} sign-in was cancelled: ${query.error}`);
  const code = PROVIDERS[provider].codeFrom(new URL(c.req.url).searchParams);
  if (!code) {
    throw new AppError(400, 'VALIDATION_FAILED', 'the provider sent no authorization code', {
      fields: [{ path: 'query.code', message: 'required' }],
    });
  }
  const profile = await PROVIDERS[provider].fetchProfile(
    app,
    code,
    `${publicBaseUrl(c)}${callbackPath(provider)}`,
  );
  const shown = { nickname: profile.nickname, avatarUrl: profile.avatarUrl, email: profile.email };
  if (started.mode === 'bind') {
    unwrap(await dir.oauthBind(started.userId!, provider, profile));
    return { status: 'bound' as const, provider, userId: started.userId!, profile: shown };
  }
  const ticket = randomSecret(32);
  const found = unwrap(await dir.oauthLogin(provider, profile, await sha256Hex(ticket)));
  if (found.kind === 'user')
    return { status: 'logged_in' as const, provider, ...(await userSession(c, found.userId)) };
  return {
    status: 'unbound' as const,
    provider,
    ticket,
    expiresAt: found.expiresAt,
    profile: shown,
    options: ['bind-existing' as const, 'create-new' as const],
  };
}

const routes = new OpenAPIHono<AppEnv>()
  .openapi(start, async (c) => {
    const { provider } = c.req.valid('param');
    const { mode, format } = c.req.valid('query');
    const app = appConfig(c.env, provider);
    const user = await bearerUser(c);
    if (mode === 'bind' && !user) {
      throw new AppError(
        401,
        'UNAUTHENTICATED',
        'sign in first: binding a provider account needs your bearer token',
      );
    }
    const state = randomSecret(32);
    const { expiresAt } = await directory(c.env).createOAuthState(
      await sha256Hex(state),
      provider,
      mode,
      mode === 'bind' ? user!.id : null,
    );
    const url = new URL(c.req.url);
    setCookie(c, STATE_COOKIE, state, {
      httpOnly: true,
      secure: url.protocol === 'https:',
      sameSite: 'Lax',
      path: '/api/auth/oauth',
      maxAge: 600,
    });
    const authorizeUrl = PROVIDERS[provider].authorizeUrl(
      app,
      `${publicBaseUrl(c)}${callbackPath(provider)}`,
      state,
    );
    if (format === 'json') return c.json({ authorizeUrl, state, expiresAt }, 200);
    return c.redirect(authorizeUrl, 302);
  })
  .openapi(callback, async (c) => {
    const finish = () => finishCallback(c, c.req.valid('param').provider, c.req.valid('query'));
    if (!c.req.header('accept')?.includes('text/html')) return c.json(await finish(), 200);
    try {
      return renderOAuthPage(c, 200, await finish());
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const { status, code, message, details } = err;
      return renderOAuthPage(c, status as ContentfulStatusCode, {
        status,
        error: { code, message, details },
      });
    }
  })
  .openapi(bindExisting, async (c) => {
    const { ticket, username, password } = c.req.valid('json');
    const account = await checkUserPassword(c, username, password);
    const { provider } = unwrap(await directory(c.env).redeemTicketBind(await sha256Hex(ticket), account.id));
    return c.json({ provider, ...(await userSession(c, account.id)) }, 200);
  })
  .openapi(createAccount, async (c) => {
    const { ticket, password, ...rest } = c.req.valid('json');
    const passwordHash = await hashPassword(password);
    const { provider, user } = unwrap(
      await directory(c.env).redeemTicketCreate(await sha256Hex(ticket), { ...rest, passwordHash }),
    );
    return c.json(
      {
        provider,
        user: { id: user.id, uuid: user.uuid, username: user.username, name: user.name, email: user.email },
        companies: [],
        message: 'account created; an administrator adds you to a company before you can sign in to one',
      },
      201,
    );
  })
  .openapi(bindings, async (c) =>
    c.json({ items: await directory(c.env).listOAuthBindings(c.get('principal').sub) }, 200),
  )
  .openapi(unbind, async (c) =>
    c.json(
      unwrap(await directory(c.env).oauthUnbind(c.get('principal').sub, c.req.valid('param').provider)),
      200,
    ),
  );

export const oauthRoutes = new OpenAPIHono<AppEnv>();
for (const path of ['/api/auth/oauth-bindings', '/api/auth/oauth-bindings/*']) {
  oauthRoutes.use(path, authenticated, userOnly);
}
oauthRoutes.route('/', routes);
