/**
 * When a device user is told something (issue #22 item 7), as pure rules: that an allocation ends in
 * ten minutes, once per expiry time; and that their available balance fell below the company's
 * threshold, once per crossing (told again only after it was back at or above the threshold).
 */

export const EXPIRY_NOTICE_MS = 10 * 60_000;
export const EXPIRY_NOTICE_JOB = 'allocation-expiry-notice';

/**
 * When to tell the user an allocation ending at `expiresAt` ends soon: ten minutes before; never for
 * one that has ten minutes or less left now (the user has just booked or extended it).
 */
export function expiryNoticeAt(expiresAt: number, now: number): number | null {
  const at = expiresAt - EXPIRY_NOTICE_MS;
  return at > now ? at : null;
}

/** What a change of the available balance means for the low-balance notice. */
export function lowBalanceChange(
  availableFen: number,
  thresholdFen: number | null,
  noticed: boolean,
): 'notice' | 'clear' | 'none' {
  const below = thresholdFen !== null && availableFen < thresholdFen;
  if (below) return noticed ? 'none' : 'notice';
  return noticed ? 'clear' : 'none';
}
