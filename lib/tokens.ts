import { hmacKey } from './hmac';

/**
 * Signed, expiring bearer tokens: `base64url(claims).base64url(HMAC-SHA256)`.
 * Verification is one HMAC over a few bytes; a token verified once is remembered (see `verified`).
 */
export type Principal =
  | { kind: 'admin'; sub: string; username: string; role: AdminRole }
  | {
      kind: 'user';
      sub: string;
      username: string;
      /** An API key acting for its creator: a tenant's, or a lawyer's own (checked by their actor). */
      apiKey?: string;
    };

export type AdminRole = 'super_admin' | 'sales' | 'finance' | 'support';
export type Claims = Principal & { exp: number; iat: number };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function b64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

function fromB64url(text: string): Uint8Array<ArrayBuffer> {
  const padded = text.replaceAll('-', '+').replaceAll('_', '/') + '==='.slice((text.length + 3) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

export async function signToken(principal: Principal, secret: string, ttlSeconds: number, now = Date.now()) {
  const iat = Math.floor(now / 1000);
  const claims: Claims = { ...principal, iat, exp: iat + ttlSeconds };
  const body = b64url(encoder.encode(JSON.stringify(claims)));
  const sig = new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(body)));
  return { token: `${body}.${b64url(sig)}`, expiresAt: new Date(claims.exp * 1000).toISOString() };
}

/**
 * Tokens whose signature this isolate has checked, with their claims. A client sends the same token
 * with every request; decoding it and computing its HMAC again each time was a good part of what an
 * authenticated request cost. A signature, once valid under a secret, stays valid under it, so only
 * the expiry is checked again on every use. Oldest entries go first when the map is full.
 */
const verified = new Map<string, { secret: string; claims: Readonly<Claims> }>();
const VERIFIED_LIMIT = 2000;

function remember(token: string, secret: string, claims: Claims): Readonly<Claims> {
  if (verified.size >= VERIFIED_LIMIT) verified.delete(verified.keys().next().value as string);
  const frozen = Object.freeze(claims);
  verified.set(token, { secret, claims: frozen });
  return frozen;
}

/** The claims of a valid, unexpired token; undefined for anything else. */
export async function verifyToken(
  token: string,
  secret: string,
  now = Date.now(),
): Promise<Readonly<Claims> | undefined> {
  const known = verified.get(token);
  let claims: Readonly<Claims> | undefined = known?.secret === secret ? known.claims : undefined;
  if (!claims) {
    const checked = await checkSignature(token, secret);
    if (!checked) return undefined;
    claims = remember(token, secret, checked);
  }
  return claims.exp * 1000 > now ? claims : undefined;
}

/** The claims of a token signed with `secret`, expired or not. */
async function checkSignature(token: string, secret: string): Promise<Claims | undefined> {
  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return undefined;
  const body = token.slice(0, dot);
  let sig: Uint8Array<ArrayBuffer>;
  try {
    sig = fromB64url(token.slice(dot + 1));
  } catch {
    return undefined;
  }
  const ok = await crypto.subtle.verify('HMAC', await hmacKey(secret), sig, encoder.encode(body));
  if (!ok) return undefined;
  try {
    const claims = JSON.parse(decoder.decode(fromB64url(body))) as Claims;
    return typeof claims.exp === 'number' ? claims : undefined;
  } catch {
    return undefined;
  }
}
