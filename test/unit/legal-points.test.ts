import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DECLINES_TO_SUSPEND,
  declineChange,
  declinePenalty,
  MIN_PRIORITY_TENTHS,
  pointsFor,
  priorityWeightTenths,
  responseAction,
  reviewAction,
  SUSPENSION_MS,
  suspensionAfterDecline,
} from '../../durable-objects/lawyer/points';
import { LEVELS, MEMBERSHIP_PLANS, POINT_ACTIONS, POINT_RULES } from '../../schema/dto/legal-catalog';

describe('the seed rule table (D6)', () => {
  it('is the seed BASE_POINT_RULES, value for value', () => {
    expect(POINT_RULES).toEqual({
      case_complete_success: 100,
      case_complete_fail: -30,
      case_high_value: 200,
      case_fast_completion: 50,
      review_5star: 200,
      review_4star: 100,
      review_3star: 0,
      review_2star: -150,
      review_1star: -300,
      online_hour: 5,
      quick_response: 50,
      weekend_work: 20,
      ai_credit_used: 3,
      payment_100yuan: 100,
      referral_lawyer: 1000,
      case_declined: -30,
      late_response: -20,
      client_complaint: -200,
    });
  });
});

describe('pointsFor (D6)', () => {
  it('multiplies rewards by the membership and leaves penalties as they are', () => {
    expect(pointsFor('case_complete_success', 'free')).toEqual({
      action: 'case_complete_success',
      base: 100,
      multiplier: 1,
      result: 100,
      plan: 'free',
    });
    expect(pointsFor('case_complete_success', 'professional').result).toBe(200);
    expect(pointsFor('review_5star', 'enterprise').result).toBe(600);
    expect(pointsFor('late_response', 'enterprise')).toMatchObject({ base: -20, multiplier: 1, result: -20 });
    expect(pointsFor('review_3star', 'enterprise')).toMatchObject({ base: 0, multiplier: 1, result: 0 });
    expect(pointsFor('ai_credit_used', 'professional', 4)).toMatchObject({
      base: 12,
      multiplier: 2,
      result: 24,
    });
  });

  it('for every rule and membership: result = base × multiplier for rewards, base for the rest', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...POINT_ACTIONS),
        fc.constantFrom(...MEMBERSHIP_PLANS),
        fc.integer({ min: 1, max: 5 }),
        (action, plan, units) => {
          const change = pointsFor(action, plan, units);
          expect(change.base).toBe(POINT_RULES[action] * units);
          if (change.base > 0) expect(change.result).toBe(change.base * change.multiplier);
          else expect(change.result).toBe(change.base);
          expect(Math.sign(change.result)).toBe(Math.sign(change.base));
        },
      ),
    );
  });
});

describe('declines (D7)', () => {
  it('costs 30, +20 above ¥50 000, +10 from level 7, +10 per earlier decline in the week', () => {
    expect(declinePenalty(1_000_00, 1, 0)).toBe(30);
    expect(declinePenalty(50_000_00, 1, 0)).toBe(30);
    expect(declinePenalty(50_000_01, 1, 0)).toBe(50);
    expect(declinePenalty(0, 6, 0)).toBe(30);
    expect(declinePenalty(0, 7, 0)).toBe(40);
    expect(declinePenalty(0, 1, 3)).toBe(60);
    expect(declinePenalty(60_000_00, 9, 2)).toBe(80);
  });

  it('is never multiplied, whatever the membership', () => {
    for (const plan of MEMBERSHIP_PLANS) {
      expect(declineChange(plan, 60_000_00, 7, 1)).toEqual({
        action: 'case_declined',
        base: -70,
        multiplier: 1,
        result: -70,
        plan,
      });
    }
  });

  it('lowers the priority weight by 0.1 a decline, never below 0.1', () => {
    expect(priorityWeightTenths(LEVELS[0]!, 0)).toBe(10);
    expect(priorityWeightTenths(LEVELS[0]!, 3)).toBe(7);
    expect(priorityWeightTenths(LEVELS[0]!, 40)).toBe(MIN_PRIORITY_TENTHS);
    expect(priorityWeightTenths(LEVELS[9]!, 2)).toBe(38);
  });

  it('suspends for exactly 24 hours at the fifth decline in the window, mailing once', () => {
    const now = 1_800_000_000_000;
    expect(suspensionAfterDecline(DECLINES_TO_SUSPEND - 1, now, null)).toEqual({
      suspendedUntil: null,
      started: false,
    });
    expect(suspensionAfterDecline(DECLINES_TO_SUSPEND, now, null)).toEqual({
      suspendedUntil: now + SUSPENSION_MS,
      started: true,
    });
    // Declining an offer made before the suspension extends it without a second notice.
    expect(suspensionAfterDecline(6, now + 1000, now + SUSPENSION_MS)).toEqual({
      suspendedUntil: now + 1000 + SUSPENSION_MS,
      started: false,
    });
    // A suspension that ended long ago starts anew.
    expect(suspensionAfterDecline(5, now, now - 1)).toEqual({
      suspendedUntil: now + SUSPENSION_MS,
      started: true,
    });
  });
});

describe('responses and reviews (D6, D8)', () => {
  it('within the hour is quick, later is late', () => {
    expect(responseAction(0, 3_600_000)).toBe('quick_response');
    expect(responseAction(0, 3_600_001)).toBe('late_response');
  });

  it('stars map onto the review rules', () => {
    expect([1, 2, 3, 4, 5].map((s) => reviewAction(s as 1))).toEqual([
      'review_1star',
      'review_2star',
      'review_3star',
      'review_4star',
      'review_5star',
    ]);
  });
});
