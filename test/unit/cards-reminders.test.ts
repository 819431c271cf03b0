import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayNumber, fromDayNumber } from '../../durable-objects/tenant/cards/dates';
import { noticeMail } from '../../durable-objects/tenant/cards/notices';
import {
  closes,
  type Moments,
  NOTICE_KINDS,
  type NoticeKind,
  noticeMoments,
  plan,
  REMINDER_DAYS,
} from '../../durable-objects/tenant/cards/reminders';
import { zonedToEpoch } from '../../lib/zoned';
import type { WaiverStatus } from '../../schema/dto/cards';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const zone = fc.constantFrom('Asia/Shanghai', 'America/New_York', 'Europe/London', 'Pacific/Auckland', 'UTC');
const dueDate = fc.integer({ min: dayNumber('2024-01-01'), max: dayNumber('2030-12-31') }).map(fromDayNumber);

describe('notice moments (C6, C7)', () => {
  it('reminders 30, 15, 7 and 1 days before at 09:00, the due notice on the day, the lapse at the midnight after', () => {
    const m = noticeMoments('2025-06-15', 'Asia/Shanghai');
    const at = (day: string, hour: number) =>
      zonedToEpoch(...(day.split('-').map(Number) as [number, number, number]), 'Asia/Shanghai', hour);
    expect(m.opens['reminder-30']).toBe(at('2025-05-16', 9));
    expect(m.opens['reminder-15']).toBe(at('2025-05-31', 9));
    expect(m.opens['reminder-7']).toBe(at('2025-06-08', 9));
    expect(m.opens['reminder-1']).toBe(at('2025-06-14', 9));
    expect(m.opens.due).toBe(at('2025-06-15', 9));
    expect(m.lapse).toBe(at('2025-06-16', 0));
    expect(m.opens.overdue).toBe(m.lapse);
    // 09:00 in Shanghai is 01:00 UTC.
    expect(new Date(m.opens.due).toISOString()).toBe('2025-06-15T01:00:00.000Z');
    expect(closes(m, 'reminder-30')).toBe(m.opens['reminder-15']);
    expect(closes(m, 'overdue')).toBe(m.lapse + DAY);
  });

  it('open in order in every zone, each window ending where the next begins', () => {
    fc.assert(
      fc.property(dueDate, zone, (due, tz) => {
        const m = noticeMoments(due, tz);
        const opens = NOTICE_KINDS.map((k) => m.opens[k]);
        expect([...opens].sort((a, b) => a - b)).toEqual(opens);
        for (const kind of NOTICE_KINDS.slice(0, -1)) {
          expect(closes(m, kind)).toBe(m.opens[NOTICE_KINDS[NOTICE_KINDS.indexOf(kind) + 1]!]);
        }
        // Whole days apart (give or take a daylight-saving hour).
        for (const [i, days] of REMINDER_DAYS.entries()) {
          const gap = m.opens.due - m.opens[NOTICE_KINDS[i]!];
          expect(Math.abs(gap - days * DAY)).toBeLessThanOrEqual(HOUR);
        }
      }),
    );
  });
});

/** Runs the plan the way the alarm does: at each `nextAt`, applying what it says, until nothing is left. */
function runAlarm(
  m: Moments,
  start: number,
  status: WaiverStatus = 'pending',
  stopAt = Number.POSITIVE_INFINITY,
) {
  const sent: NoticeKind[] = [];
  const log: { at: number; kind: NoticeKind }[] = [];
  let current = status;
  let now = start;
  for (let i = 0; i < 20; i++) {
    const step = plan(m, current, sent, now);
    if (step.lapse) current = 'overdue';
    if (step.send) {
      sent.push(step.send);
      log.push({ at: now, kind: step.send });
    }
    if (step.nextAt === null || step.nextAt > stopAt) break;
    expect(step.nextAt).toBeGreaterThan(now);
    now = step.nextAt;
  }
  return { sent, log, status: current };
}

describe('plan: each notice exactly once, at its moment', () => {
  const m = noticeMoments('2025-06-15', 'Asia/Shanghai');

  it('a fee created long before its due date hears every reminder, the due notice and the overdue one, in order', () => {
    const run = runAlarm(m, m.opens['reminder-30'] - 90 * DAY);
    expect(run.sent).toEqual([...NOTICE_KINDS]);
    expect(run.log.map((l) => l.at)).toEqual(NOTICE_KINDS.map((k) => m.opens[k]));
    expect(run.status).toBe('overdue');
  });

  it('a fee created ten days before its due date hears the 15-day reminder at once, but no late 30-day one', () => {
    const run = runAlarm(m, m.opens.due - 10 * DAY);
    expect(run.sent).toEqual(['reminder-15', 'reminder-7', 'reminder-1', 'due', 'overdue']);
    expect(run.log[0]!.at).toBe(m.opens.due - 10 * DAY);
  });

  it('a waived or paid fee hears nothing and is looked at once more, at the lapse (the next fee year opens)', () => {
    for (const status of ['waived', 'paid'] as const) {
      expect(plan(m, status, [], m.opens['reminder-30'])).toEqual({
        lapse: false,
        send: null,
        nextAt: m.lapse,
      });
      expect(plan(m, status, [], m.lapse)).toEqual({ lapse: false, send: null, nextAt: null });
    }
  });

  it('an overdue fee is told once and then left alone; a late alarm skips notices whose window passed', () => {
    expect(plan(m, 'pending', [], m.lapse + 2 * DAY)).toEqual({ lapse: true, send: null, nextAt: null });
    expect(plan(m, 'overdue', [], m.lapse + HOUR)).toEqual({ lapse: false, send: 'overdue', nextAt: null });
    expect(plan(m, 'overdue', ['overdue'], m.lapse + HOUR).send).toBeNull();
    // Between two windows, nothing to send: only the next one is awaited.
    expect(plan(m, 'pending', ['reminder-30'], m.opens['reminder-30'] + HOUR)).toEqual({
      lapse: false,
      send: null,
      nextAt: m.opens['reminder-15'],
    });
  });

  it('whenever the alarm runs and however often, no notice goes twice and none goes outside its window', () => {
    fc.assert(
      fc.property(
        dueDate,
        zone,
        fc.array(fc.integer({ min: -40 * DAY, max: 4 * DAY }), { minLength: 1, maxLength: 30 }),
        (due, tz, offsets) => {
          const moments = noticeMoments(due, tz);
          const times = offsets.map((o) => moments.opens.due + o).sort((a, b) => a - b);
          const sent: NoticeKind[] = [];
          let status: WaiverStatus = 'pending';
          for (const now of times) {
            const step = plan(moments, status, sent, now);
            if (step.lapse) status = 'overdue';
            if (!step.send) continue;
            expect(sent).not.toContain(step.send);
            expect(now).toBeGreaterThanOrEqual(moments.opens[step.send]);
            expect(now).toBeLessThan(closes(moments, step.send));
            sent.push(step.send);
          }
          expect(new Set(sent).size).toBe(sent.length);
        },
      ),
    );
  });

  it('an alarm that follows nextAt from any start sends exactly the notices whose windows lie ahead', () => {
    fc.assert(
      fc.property(dueDate, zone, fc.integer({ min: -60 * DAY, max: 3 * DAY }), (due, tz, offset) => {
        const moments = noticeMoments(due, tz);
        const start = moments.opens.due + offset;
        const expected = NOTICE_KINDS.filter((k) => closes(moments, k) > start);
        const run = runAlarm(moments, start);
        expect(run.sent).toEqual(expected);
        expect(run.status).toBe('overdue');
      }),
    );
  });

  it('a fee paid part way hears nothing more after the payment', () => {
    const before = runAlarm(m, m.opens['reminder-30'] - DAY, 'pending', m.opens['reminder-7'] - HOUR);
    expect(before.sent).toEqual(['reminder-30', 'reminder-15']);
    expect(plan(m, 'paid', before.sent, m.opens['reminder-7'])).toEqual({
      lapse: false,
      send: null,
      nextAt: m.lapse,
    });
  });
});

describe('notice mails', () => {
  const facts = {
    company: '华东钢铁',
    holder: 'wang',
    issuer: '招商银行',
    cardName: '经典白金卡',
    last4: '1234',
    feeYear: 2025,
    dueDate: '2025-06-15',
    daysLeft: 30,
    feeAmountFen: 30_000,
    progress: { zh: '8/12 笔', en: '8/12 transactions' },
  };

  it('say the card, the fee, the date and the progress, in Chinese then English', () => {
    const mail = noticeMail('reminder-30', facts);
    expect(mail.kind).toBe('annual-fee.reminder-30');
    expect(mail.subject).toContain('30 天后到期');
    expect(mail.subject).toContain('due in 30 days');
    expect(mail.text).toContain('招商银行 经典白金卡（尾号 1234）');
    expect(mail.text).toContain('¥300');
    expect(mail.text).toContain('2025-06-15');
    expect(mail.text).toContain('8/12 笔');
    expect(mail.text).toContain('8/12 transactions');
    expect(mail.text.indexOf('您好')).toBeLessThan(mail.text.indexOf('Hello'));
    expect(mail.text.endsWith('— 华东钢铁')).toBe(true);
  });

  it('each kind has its own subject; the overdue one leaves out the progress, a rigid fee has none', () => {
    const daysLeft = [30, 15, 7, 1, 0, -1];
    const subjects = NOTICE_KINDS.map((k, i) => noticeMail(k, { ...facts, daysLeft: daysLeft[i]! }).subject);
    expect(new Set(subjects).size).toBe(NOTICE_KINDS.length);
    expect(noticeMail('due', facts).text).toContain('未获减免，今日（2025-06-15）到期');
    expect(noticeMail('due', facts).text).toContain('was not waived and is due today');
    expect(noticeMail('overdue', facts).text).toContain('现已逾期');
    expect(noticeMail('overdue', facts).text).not.toContain('8/12');
    expect(noticeMail('reminder-1', { ...facts, progress: null }).text).not.toContain('进度');
    // A reminder sent later in its window says the days really left.
    const late = noticeMail('reminder-15', { ...facts, daysLeft: 10 });
    expect(late.subject).toContain('10 天后到期');
    expect(late.text).toContain('in 10 days');
    expect(addDays(facts.dueDate, -1)).toBe('2025-06-14');
  });
});
