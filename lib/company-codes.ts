/**
 * A company code, as it names a tenant in a subdomain, a `/t/{code}` path or the X-Tenant-Code header:
 * 2–32 lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen.
 */
export const COMPANY_CODE_PATTERN = /^[a-z][a-z0-9-]*[a-z0-9]$/;
export const COMPANY_CODE_LENGTH = { min: 2, max: 32 } as const;

/** Whether `code` could name a company at all (the pattern already asks for two characters). */
export function isCompanyCodeShape(code: string): boolean {
  return code.length <= COMPANY_CODE_LENGTH.max && COMPANY_CODE_PATTERN.test(code);
}

/** Codes no company may take: they name the platform's own hosts and paths. */
export const RESERVED_COMPANY_CODES: ReadonlySet<string> = new Set([
  'www',
  'api',
  'admin',
  'app',
  'docs',
  't',
  'static',
  'mail',
]);
