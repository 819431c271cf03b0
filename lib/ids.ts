/** Ids the outside sees: a short type prefix and 128 random bits, so they can be neither guessed nor counted. */
export function newId(prefix: string): string {
  return `${prefix}_${base32(crypto.getRandomValues(new Uint8Array(16)))}`;
}

const B32 = 'abcdefghijklmnopqrstuvwxyz234567';
function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

export function randomSecret(bytes = 32): string {
  return base32(crypto.getRandomValues(new Uint8Array(bytes)));
}
