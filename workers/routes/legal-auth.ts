import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { checkLicenceFile, MAX_LICENCE_BYTES, tooLarge } from '../../durable-objects/legal/licence-file';
import { directory } from '../../lib/actors';
import { AppError, unwrap } from '../../lib/errors';
import { sha256Hex } from '../../lib/hash';
import { newId, randomSecret } from '../../lib/ids';
import { hashPassword } from '../../lib/passwords';
import { signToken } from '../../lib/tokens';
import {
  type AccountType,
  DemoAnswer,
  IdentityAnswer,
  IdentityLawyerForm,
  type IdentityType,
  IdentityUserBody,
  LegalLoginAnswer,
  LegalLoginBody,
  RegisterAnswer,
  RegisterBody,
  VerifyEmailAnswer,
  VerifyEmailBody,
} from '../../schema/dto/legal';
import { DEMO_LAWYER_WORKSPACE, DEMO_USER_WORKSPACE } from '../../schema/dto/legal-catalog';
import { clientIp } from '../client-ip';
import { clientActor, lawyerActor } from '../legal-actors';
import { authenticated, authSecret } from '../middleware/auth';
import { marketplacePerson } from '../middleware/legal';
import { checkUserPassword, USER_TOKEN_TTL_SECONDS } from '../sign-in';
import type { AppEnv } from '../types';
import { bearer, errors, json, jsonBody, maxBodyBytes, publicBaseUrl, publicRoute } from './support';

/**
 * The marketplace's accounts (SPEC D1–D3): registration, the emailed verification, sign-in by email,
 * the choice of identity (a lawyer uploads their licence) and the demo workspaces. No answer says
 * whether an address is registered: registering answers alike, and an unverified address cannot sign in
 * because its user does not exist until it is verified.
 */
const tags = ['legal-accounts'];
const DEMO_TOKEN_TTL_SECONDS = 2 * 3600;

export function workspaceUrl(
  accountType: AccountType,
  workspaceId: string,
  chosen: IdentityType | null = null,
): string {
  if (accountType === 'user') return `/user/${workspaceId}`;
  if (accountType === 'pending') return `/legal?step=identity${chosen ? `&as=${chosen}` : ''}`;
  return `/legal/${workspaceId}`;
}

const refusedSignIn = () =>
  new AppError(
    401,
    'INVALID_CREDENTIALS',
    'wrong email or password, or the email is not verified yet (open the link in the verification mail)',
  );

const register = createRoute({
  method: 'post',
  path: '/api/legal/auth/register',
  tags,
  summary:
    'Register by email; a verification link is mailed (the answer is the same for a registered address)',
  security: publicRoute,
  request: { body: jsonBody(RegisterBody) },
  responses: {
    201: json(RegisterAnswer, 'Registered; verify the email next'),
    400: errors[400],
    429: errors[429],
  },
});

const verifyEmail = createRoute({
  method: 'post',
  path: '/api/legal/auth/verify-email',
  tags,
  summary: "Verify the email with the link's token; the account then chooses its identity",
  security: publicRoute,
  request: { body: jsonBody(VerifyEmailBody) },
  responses: { 200: json(VerifyEmailAnswer), 400: errors[400], 410: errors[410], 429: errors[429] },
});

const login = createRoute({
  method: 'post',
  path: '/api/legal/auth/login',
  tags,
  summary: 'Sign in by email: the token, the account type and the workspace URL',
  security: publicRoute,
  request: { body: jsonBody(LegalLoginBody) },
  responses: {
    200: json(LegalLoginAnswer),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    429: errors[429],
  },
});

const MULTIPART_OVERHEAD = 64 * 1024;

/**
 * Reads a multipart body of at most the licence's size (plus the form's own bytes) and hands the
 * parsed form to the validator, so an oversized upload is refused before anything is kept.
 */
const boundedUpload = createMiddleware<AppEnv>(async (c, next) => {
  const type = c.req.header('content-type') ?? '';
  if (type.toLowerCase().startsWith('multipart/form-data')) await readForm(c, type);
  await next();
});

async function readForm(c: Context<AppEnv>, type: string): Promise<void> {
  const limit = MAX_LICENCE_BYTES + MULTIPART_OVERHEAD;
  const declared = Number(c.req.header('content-length') ?? Number.NaN);
  if (declared > limit) throw tooLarge();
  const body = await readAtMost(c.req.raw, limit);
  try {
    c.req.bodyCache.formData = await new Response(body, { headers: { 'content-type': type } }).formData();
  } catch {
    throw new AppError(400, 'MALFORMED_REQUEST', 'the multipart body could not be read', {
      fields: [{ path: 'body', message: 'unreadable multipart body', rule: 'malformed' }],
    });
  }
}

async function readAtMost(request: Request, limit: number): Promise<Uint8Array> {
  const reader = request.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

const identity = createRoute({
  method: 'post',
  path: '/api/legal/auth/identity',
  tags,
  summary:
    'Choose an identity: a user (JSON) at once, or a lawyer (multipart: the licence file, PDF/JPEG/PNG ≤ 10 MiB, ' +
    'with certificate.lawyerName, .licenseNumber, .lawFirm, .practiceAreas), who waits for review',
  security: bearer,
  ...maxBodyBytes(MAX_LICENCE_BYTES + MULTIPART_OVERHEAD),
  middleware: [authenticated, marketplacePerson, boundedUpload] as const,
  request: {
    body: {
      required: false,
      content: {
        'application/json': { schema: IdentityUserBody },
        'multipart/form-data': { schema: IdentityLawyerForm },
      },
    },
  },
  responses: {
    200: json(IdentityAnswer),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
    413: errors[413],
    415: errors[415],
  },
});

const demo = (kind: 'lawyer' | 'user') =>
  createRoute({
    method: 'get',
    path: `/api/legal/demo/${kind}`,
    tags,
    summary: `The demo ${kind} workspace: generated data and a token that reads it; every write answers 403 DEMO_READ_ONLY`,
    security: publicRoute,
    responses: { 200: json(DemoAnswer) },
  });

type LawyerForm = z.infer<typeof IdentityLawyerForm>;

async function chooseLawyer(c: Context<AppEnv>, userId: string, form: LawyerForm) {
  const file = form['certificate.file'];
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  const fileType = checkLicenceFile(file.size, head);
  const dir = directory(c.env);
  const certificate = {
    lawyerName: form['certificate.lawyerName'],
    licenseNumber: form['certificate.licenseNumber'],
    lawFirm: form['certificate.lawFirm'],
    practiceAreas: form['certificate.practiceAreas'],
  };
  if (!(await dir.licenseFree(certificate.licenseNumber))) {
    throw new AppError(
      409,
      'LICENSE_NUMBER_TAKEN',
      'body.certificate.licenseNumber: that licence number is registered already',
      {
        fields: [
          {
            path: 'body.certificate.licenseNumber',
            message: 'registered already',
            rule: 'LICENSE_NUMBER_TAKEN',
          },
        ],
      },
    );
  }
  const certificationId = newId('cert');
  const fileKey = `licences/${userId}/${certificationId}`;
  await c.env.LEGAL_FILES.put(fileKey, await file.arrayBuffer(), { httpMetadata: { contentType: fileType } });
  const outcome = await dir.submitCertification(userId, certificate, {
    certificationId,
    fileKey,
    fileType,
    fileSize: file.size,
  });
  if (!outcome.ok) await c.env.LEGAL_FILES.delete(fileKey);
  const session = unwrap(outcome);
  return {
    identitySet: true as const,
    accountType: session.accountType,
    redirectUrl: workspaceUrl(session.accountType, session.workspaceId),
    workspaceId: session.workspaceId,
    certificationId,
  };
}

export const legalAuthRoutes = new OpenAPIHono<AppEnv>()
  .openapi(register, async (c) => {
    const body = c.req.valid('json');
    const token = randomSecret(32);
    const base = publicBaseUrl(c);
    const [passwordHash, tokenHash] = await Promise.all([hashPassword(body.password), sha256Hex(token)]);
    const { userId } = unwrap(
      await directory(c.env).legalRegister({
        email: body.email,
        name: body.fullName,
        passwordHash,
        tokenHash,
        verifyUrl: `${base}/legal?verify=${token}${body.identityType ? `&as=${body.identityType}` : ''}`,
        signInUrl: `${base}/legal`,
        ...(body.identityType ? { identityType: body.identityType } : {}),
      }),
    );
    return c.json(
      {
        userId,
        verificationRequired: true as const,
        message: 'registered: open the link in the mail we sent to verify your email',
      },
      201,
    );
  })
  .openapi(verifyEmail, async (c) => {
    const { token } = c.req.valid('json');
    const { userId, chosenIdentity } = unwrap(await directory(c.env).legalVerify(await sha256Hex(token)));
    return c.json(
      {
        userId,
        emailVerified: true as const,
        chosenIdentity,
        identityOptions: [
          {
            type: 'user' as const,
            name: '普通用户 User',
            description: '寻求法律服务 Looking for legal services',
          },
          {
            type: 'lawyer' as const,
            name: '律师用户 Lawyer',
            description: '提供法律服务，需要律师证认证 Offering legal services; needs a licence check',
          },
        ],
      },
      200,
    );
  })
  .openapi(login, async (c) => {
    const { email, password } = c.req.valid('json');
    const account = await checkUserPassword(c, email, password).catch((err: unknown) => {
      throw err instanceof AppError && err.code === 'INVALID_CREDENTIALS' ? refusedSignIn() : err;
    });
    const session = unwrap(await directory(c.env).legalSignIn(account.id, clientIp(c)));
    const { token, expiresAt } = await signToken(
      { kind: 'user', sub: account.id, username: account.username },
      authSecret(c.env),
      USER_TOKEN_TTL_SECONDS,
    );
    return c.json(
      {
        accessToken: token,
        expiresAt,
        userId: account.id,
        accountType: session.accountType,
        redirectUrl: workspaceUrl(session.accountType, session.workspaceId, session.chosenIdentity),
        workspaceId: session.workspaceId,
      },
      200,
    );
  })
  .openapi(identity, async (c) => {
    const userId = c.get('principal').sub;
    const media = (c.req.header('content-type') ?? '').toLowerCase();
    if (media.startsWith('multipart/form-data'))
      return c.json(await chooseLawyer(c, userId, c.req.valid('form') as LawyerForm), 200);
    const body = c.req.valid('json') as { identityType?: 'user' };
    if (body.identityType !== 'user') {
      throw new AppError(400, 'VALIDATION_FAILED', 'invalid body.identityType', {
        fields: [{ path: 'body.identityType', message: 'required', rule: 'required' }],
      });
    }
    const session = unwrap(await directory(c.env).legalChooseUser(userId));
    return c.json(
      {
        identitySet: true as const,
        accountType: session.accountType,
        redirectUrl: workspaceUrl(session.accountType, session.workspaceId),
        workspaceId: session.workspaceId,
      },
      200,
    );
  })
  .openapi(demo('lawyer'), async (c) => {
    unwrap(await lawyerActor(c.env, DEMO_LAWYER_WORKSPACE).openDemo(DEMO_LAWYER_WORKSPACE));
    return c.json(
      await demoAnswer(c, DEMO_LAWYER_WORKSPACE, '张律师（演示）', `/legal/${DEMO_LAWYER_WORKSPACE}`),
      200,
    );
  })
  .openapi(demo('user'), async (c) => {
    unwrap(await clientActor(c.env, DEMO_USER_WORKSPACE).openDemo(DEMO_USER_WORKSPACE));
    return c.json(
      await demoAnswer(c, DEMO_USER_WORKSPACE, '李先生（演示）', `/user/${DEMO_USER_WORKSPACE}`),
      200,
    );
  });

async function demoAnswer(c: Context<AppEnv>, workspaceId: string, displayName: string, redirectUrl: string) {
  const { token, expiresAt } = await signToken(
    { kind: 'user', sub: workspaceId, username: workspaceId },
    authSecret(c.env),
    DEMO_TOKEN_TTL_SECONDS,
  );
  return {
    isDemo: true as const,
    workspaceId,
    displayName,
    accessToken: token,
    expiresAt,
    redirectUrl,
    limitations: [
      '这是演示账户，数据仅供展示 This is a demo account: its data is for show',
      '无法执行真实操作 Nothing can be changed',
      '注册后可获得完整功能 Register to use everything',
    ],
  };
}
