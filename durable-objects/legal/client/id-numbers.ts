/**
 * The check characters of the numbers a debtor is known by, so a mistyped digit is refused at upload:
 * - the resident identity card number (GB 11643-1999): 17 digits and an ISO 7064 MOD 11-2 check
 *   character, a digit or X; a 15-digit card (issued before 1999) has none;
 * - the unified social credit code (GB 32100-2015): 17 characters of a 31-character alphabet and a
 *   MOD 31 check character.
 */
const CARD_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CARD_CHECKS = '10X98765432';
const CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

const OLD_CARD = /^\d{15}$/;
const CARD = /^\d{17}[\dX]$/;
const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** The check character of a card number's first 17 digits. */
export function cardCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * CARD_WEIGHTS[i]!;
  return CARD_CHECKS[sum % 11]!;
}

/** The check character of a credit code's first 17 characters. */
export function creditCodeCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CODE_ALPHABET.indexOf(first17[i]!) * CODE_WEIGHTS[i]!;
  return CODE_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** A 15-digit card number, or an 18-character card number or credit code whose check character matches. */
export function validIdNumber(id: string): boolean {
  if (OLD_CARD.test(id)) return true;
  const check = id.slice(17);
  // An all-digit credit code exists too: an 18-digit number passes as either.
  if (CARD.test(id) && cardCheckCharacter(id) === check) return true;
  return CREDIT_CODE.test(id) && creditCodeCheckCharacter(id) === check;
}
