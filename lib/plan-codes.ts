/**
 * The plan codes this isolate knows of, for request validation: the shipped four, plus whatever the
 * Directory's catalog answered last (a middleware refreshes it before company writes). The Directory
 * checks again with the catalog itself, so a stale cache can never let an unknown plan through.
 */
export const SHIPPED_PLAN_CODES = ['trial', 'basic', 'professional', 'enterprise'] as const;
export const PLAN_CODE_PATTERN = /^[a-z][a-z0-9-]{1,31}$/;

let known = new Set<string>(SHIPPED_PLAN_CODES);

export function rememberPlanCodes(codes: readonly string[]): void {
  known = new Set([...SHIPPED_PLAN_CODES, ...codes]);
}

export function isKnownPlanCode(code: string): boolean {
  return known.has(code);
}
