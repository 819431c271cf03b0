import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_LICENCE_BYTES } from '../../durable-objects/legal/licence-file';
import { adminToken, call, platformAdmin } from '../helpers';
import {
  certifiedLawyer,
  legalLogin,
  marketplaceUser,
  me,
  newLicense,
  PDF,
  PNG,
  send,
  submitLawyer,
  verifiedPerson,
} from '../legal-helpers';
import { mailTo } from '../platform-helpers';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

async function storedFiles(userId: string) {
  return (await env.LEGAL_FILES.list({ prefix: `licences/${userId}/` })).objects.length;
}

describe('licence upload (D2)', () => {
  it('stores the file in R2, queues the request and makes the person a pending lawyer', async () => {
    const person = await verifiedPerson(admin, 'Zhang Wei');
    const license = newLicense();
    const res = await submitLawyer(person.token, {
      licenseNumber: ` ${license.toLowerCase()} `,
      practiceAreas: ['debt'],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ identitySet: true, accountType: 'lawyer_pending' });
    expect(res.body.redirectUrl).toBe(`/legal/${res.body.workspaceId}`);
    expect(await storedFiles(person.userId)).toBe(1);

    const login = await legalLogin(person.email);
    expect(login.body).toMatchObject({
      accountType: 'lawyer_pending',
      redirectUrl: `/legal/${res.body.workspaceId}`,
    });
    const workspace = await me(person.token);
    expect(workspace).toMatchObject({ status: 'pending', workspaceId: res.body.workspaceId });
    expect(workspace.certification.licenseNumber).toBe(license.toUpperCase());

    const queue = await call('GET', '/api/admin/lawyer-certifications?status=pending&pageSize=200', {
      token: admin,
    });
    const entry = queue.body.items.find((c: any) => c.id === res.body.certificationId);
    expect(entry).toMatchObject({
      userId: person.userId,
      email: person.email,
      fileType: 'application/pdf',
      fileSize: PDF.length,
    });

    const file = await send('GET', `/api/admin/lawyer-certifications/${res.body.certificationId}/file`, {
      token: admin,
    });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.text).toBe(new TextDecoder().decode(PDF));

    // Waiting for review: no second request, and no other identity.
    expect((await submitLawyer(person.token)).body.error.code).toBe('CERTIFICATION_PENDING');
    const user = await call('POST', '/api/legal/auth/identity', {
      token: person.token,
      body: { identityType: 'user' },
    });
    expect(user.status).toBe(409);
  });

  it('recognises PNG and JPEG by their bytes, whatever the name says', async () => {
    const person = await verifiedPerson(admin);
    const res = await submitLawyer(person.token, {
      file: PNG,
      fileName: 'scan.pdf',
      fileType: 'application/pdf',
    });
    expect(res.status).toBe(200);
    const cert = await call('GET', `/api/admin/lawyer-certifications/${res.body.certificationId}`, {
      token: admin,
    });
    expect(cert.body.fileType).toBe('image/png');
  });

  it('refuses a file of another type, an empty one or one over 10 MiB before storing anything', async () => {
    const person = await verifiedPerson(admin);
    const exe = await submitLawyer(person.token, {
      file: new TextEncoder().encode('MZ\x90\x00 not a licence'),
      fileName: 'licence.pdf',
    });
    expect(exe.status).toBe(415);
    expect(exe.body.error.details.fields[0].path).toBe('body.certificate.file');
    const html = await submitLawyer(person.token, {
      file: new TextEncoder().encode('<html>%PDF-'),
      fileName: 'x.pdf',
    });
    expect(html.status).toBe(415);
    const empty = await submitLawyer(person.token, { file: new Uint8Array(0) });
    expect(empty.status).toBe(400);
    const big = new Uint8Array(MAX_LICENCE_BYTES + 1);
    big.set(PDF);
    const tooBig = await submitLawyer(person.token, { file: big });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('FILE_TOO_LARGE');
    expect(await storedFiles(person.userId)).toBe(0);
    expect((await me(person.token).catch(() => null)) === null).toBe(true);
  });

  it('names every missing or bad field', async () => {
    const person = await verifiedPerson(admin);
    const res = await submitLawyer(person.token, {
      lawyerName: null,
      licenseNumber: 'no spaces allowed!',
      lawFirm: null,
      practiceAreas: ['astrology'],
      file: null,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields.map((f: any) => f.path).sort()).toEqual([
      'body.certificate.file',
      'body.certificate.lawFirm',
      'body.certificate.lawyerName',
      'body.certificate.licenseNumber',
      'body.certificate.practiceAreas',
    ]);
    expect(await storedFiles(person.userId)).toBe(0);
  });

  it('a licence number belongs to one lawyer; a rejection gives it back', async () => {
    const license = newLicense();
    const first = await verifiedPerson(admin);
    const submitted = await submitLawyer(first.token, { licenseNumber: license });
    expect(submitted.status).toBe(200);
    const second = await verifiedPerson(admin);
    const taken = await submitLawyer(second.token, { licenseNumber: license.toLowerCase() });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('LICENSE_NUMBER_TAKEN');
    expect(taken.body.error.details.fields[0].path).toBe('body.certificate.licenseNumber');
    expect(await storedFiles(second.userId)).toBe(0);

    const rejected = await call(
      'POST',
      `/api/admin/lawyer-certifications/${submitted.body.certificationId}/reject`,
      {
        token: admin,
        body: { reason: 'The scan is unreadable' },
      },
    );
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: 'The scan is unreadable' });
    expect((await submitLawyer(second.token, { licenseNumber: license })).status).toBe(200);
  });
});

describe('review by administrators (D2)', () => {
  it('approval activates the lawyer: free membership for 10 years, level 1, a mail', async () => {
    const lawyer = await certifiedLawyer(admin);
    const workspace = await me(lawyer.token);
    expect(workspace.status).toBe('active');
    expect(workspace.membership).toMatchObject({ plan: 'free', pointMultiplier: 1, monthlyFeeFen: 0 });
    const years =
      (Date.parse(workspace.membership.until) - Date.parse(workspace.certification.approvedAt)) /
      (365.25 * 86_400_000);
    expect(Math.round(years)).toBe(10);
    expect(workspace.level).toMatchObject({ level: 1, priorityWeight: 1 });
    expect(workspace.points).toBe(0);
    const login = await legalLogin(lawyer.email);
    expect(login.body.accountType).toBe('lawyer');
    const mail = (await mailTo(admin, lawyer.email))[0]!;
    expect(mail.kind).toBe('legal.certification_approved');
    expect(mail.text).toContain(`/legal/${lawyer.workspaceId}`);
    const again = await call('POST', `/api/admin/lawyer-certifications/${lawyer.certificationId}/approve`, {
      token: admin,
    });
    expect(again.status).toBe(409);
  });

  it('rejection mails the reason and lets the lawyer upload again', async () => {
    const person = await verifiedPerson(admin);
    const submitted = await submitLawyer(person.token);
    const reason = 'Licence expired in 2020';
    await call('POST', `/api/admin/lawyer-certifications/${submitted.body.certificationId}/reject`, {
      token: admin,
      body: { reason },
    });
    const workspace = await me(person.token);
    expect(workspace).toMatchObject({ status: 'rejected' });
    expect(workspace.certification.rejectionReason).toBe(reason);
    const mail = (await mailTo(admin, person.email))[0]!;
    expect(mail.kind).toBe('legal.certification_rejected');
    expect(mail.text).toContain(reason);
    const retry = await submitLawyer(person.token);
    expect(retry.status).toBe(200);
    expect((await me(person.token)).status).toBe('pending');
  });

  it('only administrators with the right see or decide the queue; bad input is named', async () => {
    const user = await marketplaceUser(admin);
    expect((await call('GET', '/api/admin/lawyer-certifications', { token: user.token })).status).toBe(403);
    const finance = await platformAdmin(admin, 'finance');
    expect((await call('GET', '/api/admin/lawyer-certifications', { token: finance.token })).status).toBe(
      403,
    );
    const support = await platformAdmin(admin, 'support');
    expect((await call('GET', '/api/admin/lawyer-certifications', { token: support.token })).status).toBe(
      200,
    );
    const person = await verifiedPerson(admin);
    const submitted = await submitLawyer(person.token);
    const noReason = await call(
      'POST',
      `/api/admin/lawyer-certifications/${submitted.body.certificationId}/reject`,
      {
        token: support.token,
        body: { reason: '' },
      },
    );
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details.fields[0].path).toBe('body.reason');
    const missing = await call('POST', '/api/admin/lawyer-certifications/cert_nope/approve', {
      token: admin,
    });
    expect(missing.status).toBe(404);
    const badStatus = await call('GET', '/api/admin/lawyer-certifications?status=maybe', { token: admin });
    expect(badStatus.status).toBe(400);
  });
});
