// Node-side helpers for the e2e project: a tiny API client and polling.
import { createHmac } from 'node:crypto';

export interface Answer {
  status: number;
  body: any;
}

export function client(base: () => string) {
  return async function api(
    method: string,
    path: string,
    options: { token?: string; tenant?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.tenant) headers['x-tenant-code'] = options.tenant;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base()}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {}
    return { status: res.status, body };
  };
}

/** Polls `check` until it passes or `timeoutMs` has gone (a guard against hanging, not a performance bound). */
export async function waitFor<T>(check: () => Promise<T>, timeoutMs: number, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw last;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Runs `fn` over `items`, at most `limit` at a time, answering in order. */
export async function pool<I, O>(
  items: I[],
  limit: number,
  fn: (item: I, index: number) => Promise<O>,
): Promise<O[]> {
  const out: O[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

let seq = 0;
/** A name no other test of the run uses: `prefix`, the time and a counter. */
export const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(seq++).toString(36)}`;

/** `YYYY-MM-DD` in Asia/Shanghai (a company's default time zone), `offsetDays` days from now. */
export const shanghaiDay = (offsetDays = 0) =>
  new Date(Date.now() + offsetDays * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });

/** The payment provider's notice that an order is paid, signed with the worker's webhook secret. */
export async function providerPays(base: string, secret: string, orderId: string, amountFen: number) {
  const body = JSON.stringify({ orderId, amountFen, providerRef: 'e2e' });
  const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  return fetch(`${base}/api/payments/${orderId}/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-payment-signature': signature },
    body,
  });
}
