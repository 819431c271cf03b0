import { env, runDurableObjectAlarm, runInDurableObject, SELF } from 'cloudflare:test';
import { expect } from 'vitest';
import type { LawyerActor } from '../durable-objects/lawyer/lawyer';
import type { LegalClientActor } from '../durable-objects/legal/client/client-actor';
import type { DispatchActor } from '../durable-objects/legal/dispatch/dispatch-actor';
import type { MarketplaceActor } from '../durable-objects/legal/legal-actor';
import { signBody } from '../lib/webhook-signature';
import { localParts, zonedToEpoch } from '../lib/zoned';
import { MARKETPLACE_TIME_ZONE, PRACTICE_AREAS, type PracticeArea } from '../schema/dto/legal-catalog';
import { checkContract } from './contract';
import { BASE, call, PASSWORD, unique } from './helpers';
import { mailTo } from './platform-helpers';

/** Shared steps of the marketplace tests: people register, verify, choose who they are, and pay. */

export const PAYMENT_SECRET = 'test-payment-webhook-secret';

export const lawyerStub = (userId: string) => env.LAWYER.get(env.LAWYER.idFromName(userId));
export const clientStub = (userId: string) => env.LEGAL_CLIENT.get(env.LEGAL_CLIENT.idFromName(userId));
export const dispatchStub = (area: PracticeArea) => env.DISPATCH.get(env.DISPATCH.idFromName(area));

/** Everyone the helpers made: the marketplace actors whose messages `settle` waits for. */
const people = new Set<string>();

/** Makes `settle` wait for this client actor's messages too (a company's, named by its id). */
export function followClient(name: string): void {
  people.add(name);
}

/** Messages due in one marketplace actor after it delivered what it could (joining a delivery under way). */
async function dueAfterFlush(stub: DurableObjectStub): Promise<number> {
  return runInDurableObject(stub, async (instance) => {
    const actor = instance as unknown as Marketplace;
    const dueBefore = due(actor);
    await actor.flushOutbox();
    return dueBefore + due(actor);
  });
}

type Marketplace = MarketplaceActor<Record<string, unknown>>;

const due = (actor: Marketplace) =>
  actor.outboxEntries('pending').filter((m) => m.nextAttemptAt <= actor.now()).length;

/**
 * Waits until the marketplace is quiet: the actors answer before they deliver, so a test reads another
 * actor's side of a change once every message it set off (and every message those set off) arrived.
 * Quiet means two rounds over every actor in which none had a message due.
 */
export async function settle(): Promise<void> {
  const stubs: DurableObjectStub[] = PRACTICE_AREAS.map((area) => dispatchStub(area) as DurableObjectStub);
  for (const userId of people)
    stubs.push(lawyerStub(userId) as DurableObjectStub, clientStub(userId) as DurableObjectStub);
  let quietRounds = 0;
  for (let round = 0; quietRounds < 2; round++) {
    if (round >= 100) throw new Error('marketplace messages still due after 100 rounds');
    let waiting = 0;
    for (const stub of stubs) waiting += await dueAfterFlush(stub);
    quietRounds = waiting === 0 ? quietRounds + 1 : 0;
  }
}

/** A valid PDF header and some bytes: enough for the upload's content check. */
export const PDF = new TextEncoder().encode(
  '%PDF-1.7\n% licence scan\n1 0 obj << >> endobj\ntrailer\n%%EOF\n',
);
export const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82,
]);

export const newEmail = (prefix = 'p') => `${unique(prefix)}@example.com`;

export async function register(email: string, fullName = 'Li Ming', password = PASSWORD) {
  return call('POST', '/api/legal/auth/register', { body: { email, password, fullName } });
}

/** The token of the newest verification mail to `email`. */
export async function verificationToken(admin: string, email: string): Promise<string> {
  const mail = (await mailTo(admin, email)).find((m) => m.kind === 'legal.verify_email');
  expect(mail, `no verification mail to ${email}`).toBeDefined();
  return /verify=([a-z2-7]+)/.exec(mail!.text)![1]!;
}

export async function legalLogin(email: string, password = PASSWORD) {
  return call('POST', '/api/legal/auth/login', { body: { email, password } });
}

/** Registers, verifies and signs in: a person who has not chosen their identity yet. */
export async function verifiedPerson(admin: string, name = 'Li Ming') {
  const email = newEmail();
  const registered = await register(email, name);
  expect(registered.status).toBe(201);
  const verified = await call('POST', '/api/legal/auth/verify-email', {
    body: { token: await verificationToken(admin, email) },
  });
  expect(verified.status).toBe(200);
  const login = await legalLogin(email);
  expect(login.status).toBe(200);
  people.add(login.body.userId);
  return {
    email,
    userId: login.body.userId as string,
    token: login.body.accessToken as string,
    login: login.body,
  };
}

/** A signed-in marketplace user with their workspace open. */
export async function marketplaceUser(admin: string) {
  const person = await verifiedPerson(admin, 'Wang Fang');
  const chosen = await call('POST', '/api/legal/auth/identity', {
    token: person.token,
    body: { identityType: 'user' },
  });
  expect(chosen.status).toBe(200);
  return { ...person, workspaceId: chosen.body.workspaceId as string };
}

/** A certificate's fields; null leaves a field out of the form. */
export interface Certificate {
  lawyerName?: string | null;
  licenseNumber?: string | null;
  lawFirm?: string | null;
  practiceAreas?: string[];
  file?: Uint8Array | null;
  fileName?: string;
  fileType?: string;
}

let licenses = 0;
/** A licence number no other test uses. */
export const newLicense = () =>
  `11010${Date.now().toString().slice(-8)}${(licenses++).toString().padStart(4, '0')}`;

/** A multipart request to the identity route, as a browser's form would send it. */
export async function submitLawyer(
  token: string,
  cert: Certificate = {},
  extra: Record<string, string> = {},
) {
  const form = new FormData();
  form.set('identityType', 'lawyer');
  if (cert.lawyerName !== null) form.set('certificate.lawyerName', cert.lawyerName ?? 'Zhang Wei');
  if (cert.licenseNumber !== null) form.set('certificate.licenseNumber', cert.licenseNumber ?? newLicense());
  if (cert.lawFirm !== null) form.set('certificate.lawFirm', cert.lawFirm ?? 'Jinghua Law Firm');
  for (const area of cert.practiceAreas ?? ['debt', 'contract'])
    form.append('certificate.practiceAreas', area);
  if (cert.file !== null) {
    form.set(
      'certificate.file',
      new File([cert.file ?? PDF], cert.fileName ?? 'licence.pdf', {
        type: cert.fileType ?? 'application/pdf',
      }),
    );
  }
  for (const [k, v] of Object.entries(extra)) form.set(k, v);
  return send('POST', '/api/legal/auth/identity', { token, body: form });
}

/** A raw request (any body), checked against the OpenAPI contract like `call`. */
export async function send(
  method: string,
  path: string,
  options: { token?: string; body?: BodyInit; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const res = await SELF.fetch(`${BASE}${path}`, { method, headers, body: options.body });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  checkContract(method, path, res.status, res.headers.get('content-type'), json);
  return { status: res.status, body: json, headers: res.headers, text };
}

/** A certified lawyer: registered, verified, licence uploaded and approved by `admin`. */
export async function certifiedLawyer(admin: string, cert: Certificate = {}) {
  const person = await verifiedPerson(admin, cert.lawyerName ?? 'Zhang Wei');
  const submitted = await submitLawyer(person.token, cert);
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  const approved = await call(
    'POST',
    `/api/admin/lawyer-certifications/${submitted.body.certificationId}/approve`,
    {
      token: admin,
    },
  );
  expect(approved.status).toBe(200);
  return {
    ...person,
    certificationId: submitted.body.certificationId as string,
    workspaceId: submitted.body.workspaceId,
  };
}

/** Confirms an order as the payment provider would: the notice signed with the shared secret. */
export async function providerConfirms(orderId: string, amountFen: number, secret = PAYMENT_SECRET) {
  const body = JSON.stringify({ orderId, amountFen, providerRef: `prov-${orderId.slice(-6)}` });
  return send('POST', `/api/payments/${orderId}/confirm`, {
    body,
    headers: { 'content-type': 'application/json', 'x-payment-signature': await signBody(secret, body) },
  });
}

/** Publishes a task as `user` and pays it through the provider: the case goes to dispatch. */
export async function paidTask(
  token: string,
  task: { caseType?: string; practiceArea?: string; amountFen?: number; description?: string } = {},
) {
  const published = await call('POST', '/api/legal/tasks', {
    token,
    body: {
      caseType: task.caseType ?? 'debt_collection',
      practiceArea: task.practiceArea ?? 'debt',
      amountFen: task.amountFen ?? 1_000_00,
      description: task.description ?? 'Unpaid invoice from a supplier',
    },
  });
  expect(published.status, JSON.stringify(published.body)).toBe(201);
  const paid = await providerConfirms(published.body.order.id, published.body.order.amountFen);
  expect(paid.status, JSON.stringify(paid.body)).toBe(200);
  return published.body.case.id as string;
}

export async function lawyerCases(token: string, status?: string) {
  await settle();
  const res = await call('GET', `/api/legal/lawyers/me/cases${status ? `?status=${status}` : ''}`, { token });
  expect(res.status).toBe(200);
  return res.body.items as any[];
}

export async function me(token: string) {
  await settle();
  const res = await call('GET', '/api/legal/lawyers/me', { token });
  expect(res.status).toBe(200);
  return res.body;
}

/** Moves the clock of a marketplace actor; its alarms and `now()` follow. */
export async function shiftLawyerClock(userId: string, ms: number) {
  await settle();
  await runInDurableObject(lawyerStub(userId), (actor: LawyerActor) => {
    actor.timeShiftMs = ms;
  });
}

/** 10:00 (or `hour`) in Shanghai on the next `weekday` (0 Sunday … 6 Saturday) at least a day from now: never today. */
export function nextWeekday(weekday: number, hour = 10): number {
  for (let k = 1; ; k++) {
    const p = localParts(Date.now() + k * 86_400_000, MARKETPLACE_TIME_ZONE);
    if (new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay() === weekday)
      return zonedToEpoch(p.year, p.month, p.day, MARKETPLACE_TIME_ZONE, hour);
  }
}

/** Sets a lawyer actor's clock to `at`, so that what depends on the day does not depend on the day a test runs. */
export async function setLawyerNow(userId: string, at: number) {
  await shiftLawyerClock(userId, at - Date.now());
}

export async function shiftDispatchClock(area: PracticeArea, ms: number) {
  await settle();
  await runInDurableObject(dispatchStub(area), (actor: DispatchActor) => {
    actor.timeShiftMs = ms;
  });
}

export async function shiftClientClock(userId: string, ms: number) {
  await settle();
  await runInDurableObject(clientStub(userId), (actor: LegalClientActor) => {
    actor.timeShiftMs = ms;
  });
}

export async function runLawyerAlarm(userId: string) {
  await settle();
  const ran = await runDurableObjectAlarm(lawyerStub(userId));
  await settle();
  return ran;
}

/** The lawyer's points ledger, newest first, once the marketplace is quiet. */
export const ledgerOf = (token: string) =>
  settle().then(() =>
    call('GET', '/api/legal/lawyers/me/points?pageSize=200', { token }).then((r) => r.body.items as any[]),
  );

/** Buys a month of `plan` for the lawyer and has the provider confirm it. */
export async function buyMembership(token: string, plan: 'professional' | 'enterprise') {
  const { order } = (await call('POST', '/api/legal/lawyers/me/membership', { token, body: { plan } })).body;
  expect((await providerConfirms(order.id, order.amountFen)).status).toBe(200);
  await settle();
}

/** A task of `area` published and paid by the client, offered to and accepted by the lawyer. */
export async function acceptedCaseOf(
  clientToken: string,
  token: string,
  area: PracticeArea,
  amountFen = 1_000_00,
  caseType = 'debt_collection',
) {
  const caseId = await paidTask(clientToken, { practiceArea: area, amountFen, caseType });
  const [offer] = await lawyerCases(token, 'offered');
  expect(offer.caseId).toBe(caseId);
  const accepted = await call('POST', `/api/legal/cases/${caseId}/accept`, { token });
  expect(accepted.status).toBe(200);
  return { caseId, accepted: accepted.body };
}
