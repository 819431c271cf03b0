/**
 * Callbacks from an outside provider (the payment provider's "paid" notice) are signed with
 * HMAC-SHA256 over the raw request body under a shared secret, sent as `sha256=<hex>`.
 */
import { hmacKey } from './hmac';
import { equalBytes } from './passwords';

const encoder = new TextEncoder();

async function hmac(secret: string, body: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(body)));
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** The header value a provider sends for `body`. */
export async function signBody(secret: string, body: string): Promise<string> {
  return `sha256=${hex(await hmac(secret, body))}`;
}

/** Whether `header` is the signature of exactly `body` under `secret`, compared in constant time. */
export async function verifyBodySignature(secret: string, body: string, header: string): Promise<boolean> {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!match) return false;
  const given = Uint8Array.from(match[1]!.match(/../g)!, (pair) => Number.parseInt(pair, 16));
  return equalBytes(given, await hmac(secret, body));
}
