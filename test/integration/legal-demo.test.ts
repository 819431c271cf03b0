import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { adminToken, BASE, call, PASSWORD } from '../helpers';
import { legalLogin, newEmail, verificationToken, verifiedPerson } from '../legal-helpers';
import { mailTo } from '../platform-helpers';

describe('demo workspaces (D3)', () => {
  it('the demo lawyer reads like a real workspace and refuses every write', async () => {
    const demo = await call('GET', '/api/legal/demo/lawyer');
    expect(demo.status).toBe(200);
    expect(demo.body).toMatchObject({
      isDemo: true,
      workspaceId: 'demo-lawyer-001',
      redirectUrl: '/legal/demo-lawyer-001',
    });
    const token = demo.body.accessToken;
    const me = await call('GET', '/api/legal/lawyers/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ demo: true, workspaceId: 'demo-lawyer-001', status: 'active' });
    expect(me.body.membership.plan).toBe('professional');
    expect(me.body.level.level).toBeGreaterThan(1);
    const points = await call('GET', '/api/legal/lawyers/me/points?pageSize=200', { token });
    expect(points.body.items.reduce((sum: number, e: any) => sum + e.result, 0)).toBe(me.body.points);
    const cases = await call('GET', '/api/legal/lawyers/me/cases', { token });
    const offered = cases.body.items.filter((c: any) => c.status === 'offered');
    expect(offered.map((c: any) => c.caseId).sort()).toEqual(['demo-case-001', 'demo-case-002']);

    for (const [path, body] of [
      ['/api/legal/cases/demo-case-001/accept', undefined],
      ['/api/legal/cases/demo-case-001/decline', { reason: 'x' }],
      ['/api/legal/cases/demo-case-006/complete', { outcome: 'success' }],
      ['/api/legal/lawyers/me/membership', { plan: 'enterprise' }],
      ['/api/legal/auth/identity', { identityType: 'user' }],
      [
        '/api/legal/tasks',
        { caseType: 'consultation', practiceArea: 'debt', amountFen: 0, description: 'x' },
      ],
    ] as const) {
      const res = await call('POST', path, { token, body });
      expect(res.status, path).toBe(403);
      expect(res.body.error.code, path).toBe('DEMO_READ_ONLY');
    }
    // Opening the demo again changes nothing: the data is generated once.
    await call('GET', '/api/legal/demo/lawyer');
    expect((await call('GET', '/api/legal/lawyers/me', { token })).body.points).toBe(me.body.points);
  });

  it("the demo lawyer's debt cases carry recovery records whose figures are their sums, read-only", async () => {
    const token = (await call('GET', '/api/legal/demo/lawyer')).body.accessToken;
    const cases = await call('GET', '/api/legal/lawyers/me/cases?pageSize=100', { token });
    const taken = cases.body.items.filter(
      (c: any) => c.caseType === 'debt_collection' && c.status !== 'offered',
    );
    expect(taken.length).toBeGreaterThanOrEqual(2);
    const recordsOf = new Map<string, number>();
    const all: any[] = [];
    for (const kase of taken) {
      const recovery = await call('GET', `/api/legal/cases/${kase.caseId}/recovery`, { token });
      expect(recovery.status).toBe(200);
      const { records } = recovery.body;
      all.push(...records);
      recordsOf.set(kase.caseId, records.length);
      const paid = records.reduce((sum: number, r: any) => sum + (r.amountFen ?? 0), 0);
      const contacts = records.filter((r: any) => r.kind === 'contact');
      expect(recovery.body.recoveredFen).toBe(paid);
      expect(recovery.body.recoveredFen).toBeLessThanOrEqual(kase.amountFen);
      expect(recovery.body.contacts).toBe(contacts.length);
      expect(recovery.body.debtorResponded).toBe(contacts.some((r: any) => r.responded === true));
      for (const r of records) {
        expect(Date.parse(r.at)).toBeGreaterThanOrEqual(Date.parse(kase.respondedAt));
        if (kase.completedAt) expect(Date.parse(r.at)).toBeLessThanOrEqual(Date.parse(kase.completedAt));
      }
      // A case closed as recovered was paid in full; an open one shows what came in so far.
      if (kase.outcome === 'success') expect(paid).toBe(kase.amountFen);
      if (kase.status === 'assigned') expect(paid).toBeGreaterThan(0);
    }
    expect(all.length).toBeGreaterThan(0);
    // The data analysis counts the same records (all from the last days, so within two months).
    const analytics = await call('GET', '/api/legal/lawyers/me/analytics?months=2', { token });
    expect(analytics.status).toBe(200);
    const contactsAll = all.filter((r) => r.kind === 'contact');
    expect(analytics.body.totals).toMatchObject({
      recoveredFen: all.reduce((sum, r) => sum + (r.amountFen ?? 0), 0),
      debtorContacts: contactsAll.length,
      debtorResponses: contactsAll.filter((r) => r.responded === true).length,
    });
    expect(analytics.body.totals.recoveredFen).toBeGreaterThan(0);
    const open = taken.find((c: any) => c.status === 'assigned')!;
    for (const [path, body] of [
      [`/api/legal/cases/${open.caseId}/recovery/contacts`, { responded: true }],
      [`/api/legal/cases/${open.caseId}/recovery/payments`, { amountFen: 100 }],
    ] as const) {
      const res = await call('POST', path, { token, body });
      expect(res.status, path).toBe(403);
      expect(res.body.error.code, path).toBe('DEMO_READ_ONLY');
    }
    const after = await call('GET', `/api/legal/cases/${open.caseId}/recovery`, { token });
    expect(after.body.records).toHaveLength(recordsOf.get(open.caseId)!);
  });

  it('the demo user reads their cases and may not publish, pay or review', async () => {
    const demo = await call('GET', '/api/legal/demo/user');
    expect(demo.body).toMatchObject({
      isDemo: true,
      workspaceId: 'demo-user-001',
      redirectUrl: '/user/demo-user-001',
    });
    const token = demo.body.accessToken;
    const me = await call('GET', '/api/legal/users/me', { token });
    expect(me.body).toMatchObject({
      demo: true,
      cases: { assigned: 1, completed: 1, dispatching: 1, awaiting_payment: 0 },
    });
    const tasks = await call('GET', '/api/legal/tasks', { token });
    expect(tasks.body.items.map((t: any) => t.id).sort()).toEqual([
      'demo-case-003',
      'demo-case-004',
      'demo-case-005',
    ]);
    const review = await call('POST', '/api/legal/cases/demo-case-003/review', { token, body: { stars: 1 } });
    expect(review.status).toBe(403);
    expect(review.body.error.code).toBe('DEMO_READ_ONLY');
    // The demo is nobody's account: it opens no platform session and reaches no company.
    const platform = await SELF.fetch(`${BASE}/api/users/companies`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(platform.status).toBeGreaterThanOrEqual(400);
  });
});

describe('from a demo to a real account (issue 21)', () => {
  it('keeps the identity chosen in the demo through the mailed link and the first sign-in', async () => {
    const admin = await adminToken();
    for (const identityType of ['lawyer', 'user'] as const) {
      const email = newEmail(`demo-${identityType}`);
      const registered = await call('POST', '/api/legal/auth/register', {
        body: { email, password: PASSWORD, fullName: 'Chen Jing', identityType },
      });
      expect(registered.status).toBe(201);
      const mail = (await mailTo(admin, email)).find((m) => m.kind === 'legal.verify_email')!;
      expect(mail.text).toContain(`&as=${identityType}`);
      const verified = await call('POST', '/api/legal/auth/verify-email', {
        body: { token: await verificationToken(admin, email) },
      });
      expect(verified.body).toMatchObject({ emailVerified: true, chosenIdentity: identityType });
      const login = await legalLogin(email);
      expect(login.body).toMatchObject({
        accountType: 'pending',
        redirectUrl: `/legal?step=identity&as=${identityType}`,
      });
    }
    // Registering without a demo asks for the identity as before.
    const plain = await verifiedPerson(admin);
    expect(plain.login.redirectUrl).toBe('/legal?step=identity');
    const bad = await call('POST', '/api/legal/auth/register', {
      body: { email: newEmail(), password: PASSWORD, fullName: 'X', identityType: 'judge' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].path).toBe('body.identityType');
  });
});
