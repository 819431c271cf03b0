// Steps the marketplace's browser tests share, through the API of the suite's worker.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { type BrowserSuite, pressEnterToSignIn, secret } from './browser';

/** A company on the professional plan (it includes `legal`) with the basic package, and one member signed in by API. */
export async function enterpriseMember(
  suite: BrowserSuite,
  company: { code: string; name: string; industry?: string },
  role: 'admin' | 'member',
) {
  const created = await suite.asAdmin('POST', '/api/admin/companies', { ...company, plan: 'professional' });
  const member = { username: `${company.code}${secret(4)}`, password: `pw-${secret(8)}` };
  const user = await suite.asAdmin('POST', '/api/admin/users', {
    ...member,
    email: `${member.username}@example.com`,
    name: 'Analyst',
  });
  await suite.asAdmin('POST', `/api/admin/users/${user.id}/companies`, { companyId: created.id, role });
  await suite.asAdmin('PUT', `/api/admin/companies/${created.id}/legal-package`, {
    package: 'basic_enterprise',
  });
  const token = (await suite.api('POST', '/api/auth/login', { body: member })).body.token as string;
  return { company: created, member, token };
}

/** The path and query of the verification link mailed to `email`. */
export async function verificationLink(suite: BrowserSuite, email: string): Promise<string> {
  const mails = await suite.asAdmin('GET', `/api/admin/mail?to=${encodeURIComponent(email)}`);
  const mail = mails.items.find((m: { kind: string }) => m.kind === 'legal.verify_email');
  expect(mail, `no verification mail to ${email}`).toBeDefined();
  const link = new URL(/https?:\/\/\S+/.exec(mail.text)![0]);
  return link.pathname + link.search;
}

/** axe finds nothing on `page` once its requests have settled. */
export async function accessible(suite: BrowserSuite, page: Page) {
  await page.waitForLoadState('networkidle');
  expect(await suite.axeViolations(page)).toEqual([]);
}

/** Uploads `csv` as a batch of the company `code` through its API; answers the batch's id. */
export async function uploadBatch(suite: BrowserSuite, code: string, token: string, csv: string) {
  const form = new FormData();
  form.set('file', new File([csv], 'debts.csv'));
  const uploaded = await fetch(`${suite.url}/t/${code}/api/legal/batches`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  expect(uploaded.status, await uploaded.clone().text()).toBe(201);
  return (await uploaded.json()).batchId as string;
}

/** Signs a company member in at /login on `page` and waits for the home page. */
export async function memberSignIn(
  suite: BrowserSuite,
  page: Page,
  member: { username: string; password: string },
) {
  await page.goto(`${suite.url}/login`);
  await page.fill('#signin-username', member.username);
  await page.fill('#signin-password', member.password);
  await pressEnterToSignIn(page, '#signin-password');
  await page.locator('#home-view').waitFor({ state: 'visible' });
}
