import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { card, cardsApi, cardsCompany, raw, rule } from '../cards-helpers';
import { addMember, adminToken, BASE, call, companyWithMember } from '../helpers';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

const setting = () => cardsCompany(admin, '2025-05-20');

function events(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      day: event.startDate.toString(),
      summary: event.summary,
      description: event.description,
      alarms: component
        .getAllSubcomponents('valarm')
        .map((a) => a.getFirstPropertyValue('trigger')!.toString()),
    };
  });
}

/** The path of a feed URL the API handed out, as the test worker is reached. */
const pathOf = (url: string) => new URL(url).pathname;

describe('the fee calendar (iCalendar, C6)', () => {
  it("holds the member's due dates, each with an alarm at every reminder still ahead", async () => {
    const s = await setting();
    const count = await rule(s.bossApi, {
      feeType: 'transaction_count',
      waiverConditionValue: 12,
      baseFeeFen: 30_000,
    });
    const rigid = await rule(s.bossApi, { feeType: 'rigid', baseFeeFen: 68_000 });
    const soon = await card(s.api, { annualFeeRuleId: count, activationDate: '2024-06-15', last4: '1111' });
    const later = await card(s.api, { annualFeeRuleId: rigid, activationDate: '2024-09-01', last4: '2222' });
    await card(s.bossApi, { annualFeeRuleId: rigid, activationDate: '2024-09-02', last4: '9999' });
    await s.api.patchRecord(later.currentFee.recordId, { waiverStatus: 'paid', paymentDate: '2025-05-01' });

    const res = await s.api.calendar();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(res.text).toContain('X-WR-CALNAME:信用卡年费 · Company');
    const found = events(res.text);
    expect(found).toEqual([
      {
        uid: `${soon.currentFee.recordId}@keel`,
        day: '2025-06-15',
        summary: '年费到期: 招商银行 经典白金卡 (1111) ¥300',
        description: '招商银行 经典白金卡 (1111)\n2025 · ¥300\n减免进度: 0/12 笔',
        // 20 May: the 30-day reminder (16 May) has passed; 15, 7, 1 days before and the day itself remain.
        alarms: ['-P14DT15H', '-P6DT15H', '-PT15H', 'PT9H'],
      },
      {
        uid: `${later.currentFee.recordId}@keel`,
        day: '2025-09-01',
        summary: '年费已缴: 招商银行 经典白金卡 (2222) ¥680',
        description: '招商银行 经典白金卡 (2222)\n2025 · ¥680',
        alarms: [],
      },
    ]);
    const english = events((await s.api.calendar('en')).text);
    expect(english[0]!.summary).toBe('Annual fee due: 招商银行 经典白金卡 (1111) ¥300');
    expect(english[0]!.description).toContain('Waiver progress: 0/12 transactions');
    // A platform administrator holds no cards and has no calendar.
    const byAdmin = await raw('GET', '/api/annual-fees/calendar.ics', admin, s.code);
    expect(byAdmin.status).toBe(403);
    expect(byAdmin.body.error.code).toBe('USER_REQUIRED');
    expect((await raw('GET', '/api/annual-fees/calendar.ics', null, s.code)).status).toBe(401);
  });

  it('is reachable at a secret link without a token; a new link ends the old one, and so does revoking it', async () => {
    const s = await setting();
    const rigid = await rule(s.bossApi, { feeType: 'rigid' });
    await card(s.api, { annualFeeRuleId: rigid, activationDate: '2024-06-15' });
    expect((await s.api.feed()).body).toEqual({ active: false, createdAt: null, url: null });

    const made = await s.api.rotateFeed();
    expect(made.status).toBe(201);
    expect(made.body.url).toMatch(
      new RegExp(`^${BASE}/t/${s.code}/api/annual-fees/calendar/[a-z2-7]{52}\\.ics$`),
    );
    expect((await s.api.feed()).body).toEqual({ active: true, createdAt: made.body.createdAt, url: null });
    const first = await raw('GET', pathOf(made.body.url), null, null);
    expect(first.status).toBe(200);
    expect(events(first.text).map((e) => e.day)).toEqual(['2025-06-15']);
    expect((await raw('GET', `${pathOf(made.body.url)}?lang=en`, null, null)).text).toContain(
      'Annual fee due',
    );

    const second = (await s.api.rotateFeed()).body.url;
    expect(second).not.toBe(made.body.url);
    const old = await raw('GET', pathOf(made.body.url), null, null);
    expect(old.status).toBe(404);
    expect(old.body.error.code).toBe('CALENDAR_NOT_FOUND');
    expect((await raw('GET', pathOf(second), null, null)).status).toBe(200);

    // Another member's link is their own calendar, never this one's.
    const other = await addMember(admin, s.company.id);
    const theirs = (await cardsApi(other.token, s.code).rotateFeed()).body.url;
    expect(events((await raw('GET', pathOf(theirs), null, null)).text)).toEqual([]);

    // The link works in its own company only, and only in the shape it was given.
    const elsewhere = await companyWithMember(admin);
    const token = pathOf(second).split('/').pop()!;
    expect(
      (await raw('GET', `/t/${elsewhere.code}/api/annual-fees/calendar/${token}`, null, null)).status,
    ).toBe(404);
    const malformed = await raw('GET', `/t/${s.code}/api/annual-fees/calendar/short.ics`, null, null);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.fields[0].path).toBe('param.feed');

    expect((await s.api.revokeFeed()).body).toEqual({ active: false, createdAt: null, url: null });
    expect((await raw('GET', pathOf(second), null, null)).status).toBe(404);
  });

  it('stops answering a member who left the company', async () => {
    const s = await setting();
    const url = (await s.api.rotateFeed()).body.url;
    expect((await raw('GET', pathOf(url), null, null)).status).toBe(200);
    const left = await call('DELETE', `/api/admin/users/${s.member.userId}/companies/${s.company.id}`, {
      token: admin,
    });
    expect(left.status).toBe(200);
    // The membership reaches the company through the Directory's outbox, right after the change.
    const after = await raw('GET', pathOf(url), null, null);
    expect(after.status).toBe(403);
    expect(after.body.error.code).toBe('NOT_A_MEMBER');
  });
});
