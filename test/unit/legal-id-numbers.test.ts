import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cardCheckCharacter,
  creditCodeCheckCharacter,
  validIdNumber,
} from '../../durable-objects/legal/client/id-numbers';

const CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n });
const codeChars = (n: number) =>
  fc.array(fc.constantFrom(...CODE_ALPHABET), { minLength: n, maxLength: n }).map((c) => c.join(''));
const first17OfCard = digits(17).map((d) => d.join(''));
const first17OfCode = fc
  .tuple(codeChars(2), digits(6), codeChars(9))
  .map(([head, region, body]) => `${head}${region.join('')}${body}`);

describe('debtor id numbers (GB 11643, GB 32100)', () => {
  it('knows published examples', () => {
    expect(validIdNumber('11010519491231002X')).toBe(true);
    expect(validIdNumber('110101199003070011')).toBe(true);
    expect(validIdNumber('91350100M000100Y43')).toBe(true);
    expect(validIdNumber('110101199003070012')).toBe(false);
    expect(validIdNumber('91350100M000100Y44')).toBe(false);
    // A 15-digit card from before 1999 has no check character.
    expect(validIdNumber('110105491231002')).toBe(true);
    expect(validIdNumber('X12')).toBe(false);
  });

  it('accepts a card number with its check character, and refuses it with any one digit changed', () => {
    fc.assert(
      fc.property(first17OfCard, fc.nat(16), fc.integer({ min: 1, max: 9 }), (first17, at, shift) => {
        const id = first17 + cardCheckCharacter(first17);
        expect(validIdNumber(id)).toBe(true);
        const changed = `${id.slice(0, at)}${(Number(id[at]) + shift) % 10}${id.slice(at + 1)}`;
        // MOD 11-2 catches every single-digit error; a card that became a valid credit code by chance is
        // not a card any more, so only the card reading is asked.
        expect(cardCheckCharacter(changed) === changed[17]).toBe(false);
      }),
    );
  });

  it('accepts a credit code with its check character, and refuses it with any one character changed', () => {
    fc.assert(
      fc.property(first17OfCode, fc.nat(16), fc.integer({ min: 1, max: 30 }), (first17, at, shift) => {
        const code = first17 + creditCodeCheckCharacter(first17);
        expect(validIdNumber(code)).toBe(true);
        const replaced = CODE_ALPHABET[(CODE_ALPHABET.indexOf(code[at]!) + shift) % 31]!;
        const changed = `${code.slice(0, at)}${replaced}${code.slice(at + 1)}`;
        expect(creditCodeCheckCharacter(changed) === changed[17]).toBe(false);
      }),
    );
  });
});
