import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { escapeText, feeCalendar, foldLine, triggerOf } from '../../durable-objects/tenant/cards/calendar';

const encoder = new TextEncoder();
const octets = (s: string) => encoder.encode(s).length;

/** The content lines of an iCalendar text, unfolded (RFC 5545 §3.1). */
const unfold = (text: string) => text.replace(/\r\n /g, '').split('\r\n');

describe('iCalendar text', () => {
  it('escapes backslashes, semicolons, commas and line breaks', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('folds long lines at 75 octets without splitting a character, and unfolds to the original', () => {
    const line = `SUMMARY:${'年费到期：招商银行 经典白金卡'.repeat(8)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => octets(p) <= 75)).toBe(true);
    expect(parts.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
    expect(foldLine('SHORT:x')).toBe('SHORT:x');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const f = foldLine(`X:${text}`);
        expect(f.split('\r\n').every((p) => octets(p) <= 75)).toBe(true);
        expect(f.replace(/\r\n /g, '')).toBe(`X:${text}`);
      }),
    );
  });

  it('writes alarm triggers relative to the start of the due day', () => {
    expect(triggerOf(30, 9)).toBe('-P29DT15H');
    expect(triggerOf(1, 9)).toBe('-PT15H');
    expect(triggerOf(0, 9)).toBe('PT9H');
    expect(triggerOf(0, 0)).toBe('P0D');
    expect(triggerOf(2, 0)).toBe('-P2D');
    expect(triggerOf(0, 9.5)).toBe('PT9H30M');
    expect(triggerOf(0, 0.5)).toBe('PT30M');
  });

  it('is a calendar an RFC 5545 parser reads back: events, dates, alarms, CRLF line ends', () => {
    const text = feeCalendar({
      name: '信用卡年费 · 华东, 钢铁',
      timeZone: 'Asia/Shanghai',
      stamp: Date.UTC(2025, 2, 10, 4, 5, 6),
      events: [
        {
          uid: 'fee_1@keel',
          day: '2025-06-15',
          summary: '年费到期: 招商银行 经典白金卡 (1234) ¥300',
          description: `招商银行 经典白金卡 (1234)\n2025 · ¥300\n减免进度: 8/12 笔; ${'很长的说明'.repeat(20)}`,
          alarms: [
            { daysBefore: 30, hour: 9, description: '年费 30 天后到期' },
            { daysBefore: 0, hour: 9, description: '年费今日到期' },
          ],
        },
        { uid: 'fee_2@keel', day: '2025-12-31', summary: 'Annual fee paid', description: 'x', alarms: [] },
      ],
    });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text.split('\r\n').every((l) => octets(l) <= 75)).toBe(true);
    const lines = unfold(text);
    expect(lines).toContain('DTSTART;VALUE=DATE:20250615');
    expect(lines).toContain('DTEND;VALUE=DATE:20260101');
    expect(lines).toContain('DTSTAMP:20250310T040506Z');
    expect(lines).toContain('X-WR-CALNAME:信用卡年费 · 华东\\, 钢铁');

    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    expect(events.map((e) => e.uid)).toEqual(['fee_1@keel', 'fee_2@keel']);
    expect(events[0]!.startDate.toString()).toBe('2025-06-15');
    expect(events[0]!.startDate.isDate).toBe(true);
    expect(events[0]!.summary).toBe('年费到期: 招商银行 经典白金卡 (1234) ¥300');
    expect(events[0]!.description).toContain('减免进度: 8/12 笔; 很长的说明');
    const alarms = events[0]!.component.getAllSubcomponents('valarm');
    expect(alarms.map((a) => a.getFirstPropertyValue('trigger')!.toString())).toEqual(['-P29DT15H', 'PT9H']);
    expect(events[1]!.component.getAllSubcomponents('valarm')).toEqual([]);
  });
});
