import type { ActorBinding } from '../lib/env';
import { AppError, type Outcome, toOutcome } from '../lib/errors';
import { newId } from '../lib/ids';

/** A cross-actor message as it travels: the receiver applies each idempotency key at most once. */
export interface Envelope<P = unknown> {
  key: string;
  type: string;
  payload: P;
  from: string;
  /** The sender applies the replies the answer carries (see `sendOrReply`). */
  takesReplies?: boolean;
}

/** A message riding back in an answer; its payload is JSON text, which the RPC types can carry. */
export interface Reply {
  key: string;
  type: string;
  payload: string;
  from: string;
}

/** A receiver's answer to one message: applied before (a duplicate), and what it replied. */
export interface Receipt {
  duplicate: boolean;
  replies?: Reply[];
}

/** Applies a message; runs inside the receiver's storage transaction, so it must be synchronous. */
export type MessageHandler = (payload: never, envelope: Envelope) => void;
/** Runs a due job; a throw reschedules it with backoff. */
export type JobHandler = (key: string, payload: unknown) => void | Promise<void>;

export interface Message {
  to: { binding: ActorBinding; name: string };
  type: string;
  payload: unknown;
  /** Defaults to a fresh id; give a business key to make sending itself idempotent. */
  key?: string;
}

export const NO_TYPES: ReadonlySet<string> = new Set();

/** `message` as it rides back in an answer from actor `from`. */
export function replyOf(message: Message, from: string): Reply {
  return {
    key: message.key ?? newId('msg'),
    type: message.type,
    payload: JSON.stringify(message.payload ?? null),
    from,
  };
}

/** Forgets delivered messages and seen idempotency keys older than `before`; answers how many rows went. */
export function forgetMessagesBefore(sql: SqlStorage, before: number): number {
  const sent = sql
    .exec(`DELETE FROM _outbox WHERE status = 'delivered' AND created_at < ? RETURNING id`, before)
    .toArray().length;
  const seen = sql
    .exec('DELETE FROM _inbox WHERE received_at < ? RETURNING idempotency_key', before)
    .toArray().length;
  return sent + seen;
}

/** What the inbox needs from its actor. */
export interface InboxHost {
  sql(): SqlStorage;
  tx<T>(fn: () => T): T;
  now(): number;
  /** The actor's own id, which its replies carry as `from`. */
  id(): string;
  handlers(): Record<string, MessageHandler>;
  /** Message types whose handlers are idempotent by themselves: no idempotency record for them. */
  selfIdempotent(): ReadonlySet<string>;
  /** The replies to a message applied before, for a sender that takes replies. */
  replayFor(envelope: Envelope): Reply[];
}

/**
 * An actor's incoming messages: each idempotency key applied at most once, in its own savepoint, and the
 * replies a handler gives the sender collected for the answer.
 */
export class Inbox {
  /** While a message from a sender that takes replies is applied: who sent it, and the replies so far. */
  private answering: { from: string; replies: Reply[] } | null = null;

  constructor(private readonly host: InboxHost) {}

  /** A refusal, whatever threw it, answers as data: the sender keeps the message and retries. */
  apply(envelope: Envelope): Outcome<Receipt> {
    try {
      return this.applyInTransaction(envelope);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { ok: false, error: { status: 503, code: 'MESSAGE_NOT_APPLIED', message } };
    }
  }

  /**
   * Keeps `message` as a reply when it goes to the sender of the message being applied (`addressOf`
   * names an actor as `from` does) and that sender takes replies; false when it must be sent instead.
   */
  reply(message: Message, addressOf: (to: Message['to']) => string): boolean {
    const answering = this.answering;
    if (!answering || addressOf(message.to) !== answering.from) return false;
    answering.replies.push(replyOf(message, this.host.id()));
    return true;
  }

  private applyInTransaction(envelope: Envelope): Outcome<Receipt> {
    return toOutcome(() =>
      this.host.tx(() => {
        // The key is recorded first, in one statement that also says whether it was seen; a handler that
        // throws rolls the record back with everything else.
        const first =
          this.host.selfIdempotent().has(envelope.type) ||
          this.host
            .sql()
            .exec(
              `INSERT INTO _inbox (idempotency_key, type, received_at) VALUES (?, ?, ?)
               ON CONFLICT (idempotency_key) DO NOTHING RETURNING 1`,
              envelope.key,
              envelope.type,
              this.host.now(),
            )
            .toArray().length > 0;
        if (!first) {
          const replies = envelope.takesReplies ? this.host.replayFor(envelope) : [];
          return replies.length > 0 ? { duplicate: true, replies } : { duplicate: true };
        }
        const handler = this.host.handlers()[envelope.type];
        if (!handler) throw new AppError(422, 'UNKNOWN_MESSAGE', `no handler for message ${envelope.type}`);
        const answering = envelope.takesReplies ? { from: envelope.from, replies: [] as Reply[] } : null;
        this.answering = answering;
        try {
          (handler as (payload: unknown, envelope: Envelope) => void)(envelope.payload, envelope);
        } finally {
          this.answering = null;
        }
        return answering?.replies.length
          ? { duplicate: false, replies: answering.replies }
          : { duplicate: false };
      }),
    );
  }
}
