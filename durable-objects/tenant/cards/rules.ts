import { AppError } from '../../../lib/errors';
import type { CardLang, FeeType, WaiverStatus } from '../../../schema/dto/cards';
import {
  anniversary,
  type Day,
  dayNumber,
  daysBetween,
  fromDayNumber,
  maxDay,
  parseDay,
  shiftMonths,
} from './dates';

/**
 * When a card's annual fee falls due, which purchases count towards waiving it, how far along the
 * holder is, and which status changes a fee record may make (SPEC C1–C5). Pure: the fee records
 * module, the daily sweep, the alarm and the pages all ask these functions, so each question has
 * exactly one answer.
 */

export interface RuleTerms {
  feeType: FeeType;
  /** A count, fen or points by type; null for rigid. */
  waiverConditionValue: number | null;
  waiverPeriodMonths: number;
}

/** C3: the first fee falls due on the first anniversary of the activation. */
export function firstFeeYear(activationDate: Day): number {
  return parseDay(activationDate).year + 1;
}

/** C3: the fee of `feeYear` is due on the activation's anniversary in that year (29 Feb → 28 Feb in common years). */
export function dueDateOf(activationDate: Day, feeYear: number): Day {
  return anniversary(activationDate, feeYear);
}

/**
 * The fee year a card is in on `today`: the year of the first due date on or after today. Before the
 * first anniversary that is the first fee year; on a due date itself, that date's year (it is due today).
 */
export function feeYearOn(activationDate: Day, today: Day): number {
  const year = Math.max(firstFeeYear(activationDate), parseDay(today).year);
  return dueDateOf(activationDate, year) >= today ? year : year + 1;
}

/**
 * C4: the assessment window of the fee of `feeYear`, as days `[start, end)`: the `waiverPeriodMonths`
 * months before the due date, counted on the activation's day of the month, but never before the
 * activation. The due date itself opens the next year's window, so twelve-month windows of
 * consecutive years share no day and miss none (29 February activations included).
 */
export function assessmentWindow(
  activationDate: Day,
  feeYear: number,
  periodMonths: number,
): { start: Day; end: Day } {
  return {
    start: maxDay(activationDate, shiftMonths(activationDate, feeYear, -periodMonths)),
    end: dueDateOf(activationDate, feeYear),
  };
}

/** Fees that waive themselves once the purchases meet the condition; points wait for the holder, rigid never. */
export function waivesItself(feeType: FeeType): boolean {
  return feeType === 'transaction_count' || feeType === 'transaction_amount';
}

/** What the condition is measured in for this type: purchases, fen, or the points balance. */
export function progressOf(
  feeType: FeeType,
  facts: { count: number; sumFen: number; points: number },
): number {
  switch (feeType) {
    case 'transaction_count':
      return facts.count;
    case 'transaction_amount':
      return facts.sumFen;
    case 'points_exchange':
      return facts.points;
    case 'rigid':
      return 0;
  }
}

/** C4: rigid is never waivable; the others are once the progress reaches the condition. */
export function isConditionMet(
  terms: Pick<RuleTerms, 'feeType' | 'waiverConditionValue'>,
  progress: number,
): boolean {
  if (terms.feeType === 'rigid' || terms.waiverConditionValue === null) return false;
  return progress >= terms.waiverConditionValue;
}

const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Fen as yuan with thousands separators, the fen shown only when there are any: ¥32,000 and ¥320.50. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const cents = abs % 100;
  const whole = thousands(Math.floor(abs / 100));
  return `${sign}¥${whole}${cents ? `.${String(cents).padStart(2, '0')}` : ''}`;
}

/** C4: the progress as a person reads it, in the page's language: "8/12 笔", "¥32,000 / ¥50,000". */
export function progressDescription(
  terms: Pick<RuleTerms, 'feeType' | 'waiverConditionValue'>,
  progress: number,
  lang: CardLang,
): string {
  const required = terms.waiverConditionValue ?? 0;
  switch (terms.feeType) {
    case 'rigid':
      return lang === 'zh' ? '刚性年费，不可减免' : 'rigid fee, never waived';
    case 'transaction_count':
      return lang === 'zh'
        ? `${thousands(progress)}/${thousands(required)} 笔`
        : `${thousands(progress)}/${thousands(required)} transactions`;
    case 'transaction_amount':
      return `${yuan(progress)} / ${yuan(required)}`;
    case 'points_exchange':
      return lang === 'zh'
        ? `${thousands(progress)}/${thousands(required)} 积分`
        : `${thousands(progress)}/${thousands(required)} points`;
  }
}

/** Days from `today` until the due date: 0 on the day, negative once past. */
export function daysRemaining(today: Day, dueDate: Day): number {
  return daysBetween(today, dueDate);
}

const MAX_ESTIMATE_DAYS = 36_525;

/**
 * The day the condition is met if purchases go on at the pace of the window so far (days elapsed
 * counting today). Null when it cannot be told: rigid and points fees, no purchase yet, the window
 * already closed, or a pace that needs more than a century. A condition already met answers the day it was checked.
 */
export function estimatedDate(
  terms: Pick<RuleTerms, 'feeType' | 'waiverConditionValue'>,
  window: { start: Day; end: Day },
  today: Day,
  progress: number,
): Day | null {
  if (!waivesItself(terms.feeType) || terms.waiverConditionValue === null) return null;
  if (today < window.start || today >= window.end) return null;
  if (progress >= terms.waiverConditionValue) return today;
  if (progress <= 0) return null;
  const elapsed = daysBetween(window.start, today) + 1;
  // Whole days, rounded up: both factors are far below 2⁵³ (≤ 731 days × 10¹²).
  const days = Math.ceil((elapsed * terms.waiverConditionValue) / progress);
  // A pace that needs more than a century tells nothing (and would leave the calendar's range).
  if (days > MAX_ESTIMATE_DAYS) return null;
  return fromDayNumber(dayNumber(window.start) + days - 1);
}

/** C5: waived ÷ total in percent, rounded half up to two decimals, from exact fen (800 of 2 800 → 28.57). */
export function waiverRate(waivedFen: number, totalFen: number): number {
  if (totalFen <= 0) return 0;
  const hundredths = Math.floor((waivedFen * 10_000 * 2 + totalFen) / (2 * totalFen));
  return hundredths / 100;
}

export type FeeEvent = 'waive' | 'pay' | 'lapse';

/** C3: pending → waived, paid or overdue; an overdue fee can still be paid or waived; waived and paid are final. */
export const TRANSITIONS: Record<WaiverStatus, Partial<Record<FeeEvent, WaiverStatus>>> = {
  pending: { waive: 'waived', pay: 'paid', lapse: 'overdue' },
  overdue: { waive: 'waived', pay: 'paid' },
  waived: {},
  paid: {},
};

export function canMove(from: WaiverStatus, event: FeeEvent): boolean {
  return TRANSITIONS[from][event] !== undefined;
}

/** The status `event` leads to, or a refusal naming what the fee is and what it allows. */
export function transition(from: WaiverStatus, event: FeeEvent): WaiverStatus {
  const to = TRANSITIONS[from][event];
  if (to === undefined) {
    throw new AppError(
      409,
      'INVALID_STATUS_TRANSITION',
      `a ${from} fee cannot be ${event === 'pay' ? 'paid' : event === 'waive' ? 'waived' : 'made overdue'}`,
      {
        status: from,
        event,
        allowed: Object.keys(TRANSITIONS[from]),
      },
    );
  }
  return to;
}

/** Open fees still move: their progress is kept current and they may still be waived or paid. */
export function isOpen(status: WaiverStatus): boolean {
  return status === 'pending' || status === 'overdue';
}
