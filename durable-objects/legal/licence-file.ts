/**
 * Which licence files are accepted (SPEC D2): PDF, JPEG or PNG, recognised by their first bytes rather
 * than by the name or type the browser claims, and at most 10 MiB. Pure; the route checks before storing.
 */
import { type AppError, fieldError } from '../../lib/errors';

export const MAX_LICENCE_BYTES = 10 * 1024 * 1024;
export const LICENCE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type LicenceType = (typeof LICENCE_TYPES)[number];

const SIGNATURES: [LicenceType, number[]][] = [
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
];

/** The file's type by its first bytes, or null when it is none of the accepted ones. */
export function sniffLicenceType(head: Uint8Array): LicenceType | null {
  for (const [type, magic] of SIGNATURES) {
    if (head.length >= magic.length && magic.every((byte, i) => head[i] === byte)) return type;
  }
  return null;
}

const FILE_FIELD = 'body.certificate.file';

/** Refuses a file that is empty, too large or not a PDF, JPEG or PNG; answers its real type. */
export function checkLicenceFile(size: number, head: Uint8Array): LicenceType {
  if (size === 0) throw fieldError(400, 'FILE_EMPTY', FILE_FIELD, 'the file is empty');
  if (size > MAX_LICENCE_BYTES) throw tooLarge();
  const type = sniffLicenceType(head);
  if (!type) {
    throw fieldError(415, 'FILE_TYPE_NOT_ALLOWED', FILE_FIELD, 'the licence must be a PDF, JPEG or PNG file');
  }
  return type;
}

export function tooLarge(): AppError {
  return fieldError(
    413,
    'FILE_TOO_LARGE',
    FILE_FIELD,
    `the licence file may be at most ${MAX_LICENCE_BYTES} bytes`,
  );
}
