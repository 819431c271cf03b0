/**
 * Mail goes through a provider (SPEC G5). Every message is first written to the Directory's mail
 * outbox with the change that causes it, then handed to the provider; a provider that fails keeps the
 * message queued for a retry, so nothing is lost.
 */
export interface OutgoingMail {
  id: string;
  to: string;
  subject: string;
  text: string;
}

export interface MailProvider {
  readonly name: 'local' | 'http';
  send(mail: OutgoingMail): Promise<void>;
}

/** No provider configured: the outbox itself is the mailbox, shown at /api/admin/mail and in the console. */
export const localOutbox: MailProvider = {
  name: 'local',
  async send() {},
};

export const MAIL_HTTP_TIMEOUT_MS = 10_000;

/**
 * POSTs `{id, to, subject, text}` as JSON to `url` (bearer `token` when given) and counts any 2xx as
 * accepted. The message id travels as `Idempotency-Key`, so a retry after a lost answer is harmless to a
 * provider that honours it.
 */
export function httpMailProvider(url: string, token?: string): MailProvider {
  return {
    name: 'http',
    async send(mail) {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'idempotency-key': mail.id,
      };
      if (token) headers.authorization = `Bearer ${token}`;
      const res = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ id: mail.id, to: mail.to, subject: mail.subject, text: mail.text }),
        signal: AbortSignal.timeout(MAIL_HTTP_TIMEOUT_MS),
      });
      if (!res.ok) {
        const detail = (await res.text().catch(() => '')).slice(0, 200);
        throw new Error(`mail provider answered ${res.status}${detail ? `: ${detail}` : ''}`);
      }
      await res.body?.cancel();
    },
  };
}

export function mailProviderFor(env: { MAIL_HTTP_URL?: string; MAIL_HTTP_TOKEN?: string }): MailProvider {
  return env.MAIL_HTTP_URL ? httpMailProvider(env.MAIL_HTTP_URL, env.MAIL_HTTP_TOKEN) : localOutbox;
}
