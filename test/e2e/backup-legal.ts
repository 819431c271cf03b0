import { expect } from 'vitest';
import { ok } from './backup-platform';
import { type client, waitFor } from './support';

/** The legal marketplace a backup test carries: a certified lawyer holding a paid case, and its client. */

type Api = ReturnType<typeof client>;
export interface Marketplace {
  lawyer: string;
  client: string;
}

const PDF = new TextEncoder().encode('%PDF-1.4\n% licence scan\n%%EOF\n');

/**
 * A lawyer registers, verifies, uploads a licence and is approved; acme's administrator, as a
 * marketplace user, publishes a task an administrator confirms as paid; the lawyer accepts the offer.
 */
export async function seedMarketplace(api: Api, base: string, admin: string): Promise<Marketplace> {
  const email = 'zhang@law.example';
  const password = 'zhang-secret-1';
  ok(await api('POST', '/api/legal/auth/register', { body: { email, password, fullName: '张伟' } }), 201);
  const token = await waitFor(async () => {
    const mails = ok(await api('GET', `/api/admin/mail?to=${email}`, { token: admin })).items;
    return /verify=([a-z2-7]+)/.exec(mails[0].text)![1]!;
  }, 20_000);
  ok(await api('POST', '/api/legal/auth/verify-email', { body: { token } }));
  const lawyer = ok(await api('POST', '/api/legal/auth/login', { body: { email, password } })).accessToken;

  const form = new FormData();
  form.set('identityType', 'lawyer');
  form.set('certificate.lawyerName', '张伟');
  form.set('certificate.licenseNumber', '11101201810012345');
  form.set('certificate.lawFirm', '京华律师事务所');
  form.set('certificate.practiceAreas', 'debt');
  form.set('certificate.file', new File([PDF], 'licence.pdf', { type: 'application/pdf' }));
  const submitted = await fetch(`${base}/api/legal/auth/identity`, {
    method: 'POST',
    headers: { authorization: `Bearer ${lawyer}` },
    body: form,
  });
  expect(submitted.status).toBe(200);
  const { certificationId } = (await submitted.json()) as { certificationId: string };
  ok(await api('POST', `/api/admin/lawyer-certifications/${certificationId}/approve`, { token: admin }));

  const client = ok(
    await api('POST', '/api/legal/auth/login', {
      body: { email: 'boss@acme.example', password: 'boss-password-1' },
    }),
  ).accessToken;
  ok(await api('POST', '/api/legal/auth/identity', { token: client, body: { identityType: 'user' } }));
  const task = ok(
    await api('POST', '/api/legal/tasks', {
      token: client,
      body: {
        caseType: 'debt_collection',
        practiceArea: 'debt',
        amountFen: 300_000,
        description: '货款逾期未付',
      },
    }),
    201,
  );
  ok(await api('POST', `/api/payments/${task.order.id}/confirm`, { token: admin }));
  const offered = await waitFor(async () => {
    const items = ok(await api('GET', '/api/legal/lawyers/me/cases?status=offered', { token: lawyer })).items;
    expect(items).toHaveLength(1);
    return items[0].caseId as string;
  }, 20_000);
  ok(await api('POST', `/api/legal/cases/${offered}/accept`, { token: lawyer }));
  await waitFor(async () => {
    const tasks = ok(await api('GET', '/api/legal/tasks', { token: client })).items;
    expect(tasks[0].status).toBe('assigned');
  }, 20_000);
  return { lawyer, client };
}

/** Every marketplace answer a test compares: the lawyer's, the client's and the administrators'. */
export async function marketplaceAnswers(api: Api, admin: string, people: Marketplace) {
  const out: Record<string, unknown> = {};
  const get = async (path: string, token: string) => {
    const res = await api('GET', path, { token });
    out[`legal ${path}`] = { status: res.status, body: res.body };
    return res.body;
  };
  for (const path of ['/api/legal/lawyers/me', '/api/legal/lawyers/me/points', '/api/legal/lawyers/me/cases'])
    await get(path, people.lawyer);
  await get('/api/legal/users/me', people.client);
  const tasks = await get('/api/legal/tasks', people.client);
  for (const task of tasks.items ?? []) {
    await get(`/api/legal/tasks/${task.id}`, people.client);
    await get(`/api/payments/${task.orderId}`, admin);
  }
  await get('/api/admin/lawyer-certifications?pageSize=200', admin);
  return out;
}
