const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

/**
 * The HMAC-SHA256 key of `secret`, imported once per isolate: importing costs more than signing a
 * token or a payment notice, and the secrets are few and fixed.
 */
export function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    keys.set(secret, key);
  }
  return key;
}
