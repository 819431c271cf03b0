import type { Env } from '../../../lib/env';
import {
  type LawyerSnapshot,
  LEGAL_MESSAGES,
  type OfferAnswerMessage,
  type PublishedCase,
  type PublishManyMessage,
} from '../../../schema/dto/legal-messages';
import * as schema from '../../../schema/legal-dispatch';
import migrations from '../../../schema/migrations/legal-dispatch/migrations.js';
import type { Envelope, JobHandler, MessageHandler, Reply } from '../../actor';
import { replyOf } from '../../inbox';
import { MarketplaceActor } from '../legal-actor';
import { type AnswerOutcome, clientNews, Dispatcher, POOL_RETRY_JOB } from './dispatcher';

/**
 * An accept, a decline or a lapse applies only while the case is offered to that lawyer, and a lawyer who
 * answered so is never offered the case again: a repeat finds nothing to change, so these skip the
 * idempotency record. A refusal does not: a lawyer who refused for lack of room may be offered the case again.
 */
const SETTLED_ANSWERS: ReadonlySet<string> = new Set([
  LEGAL_MESSAGES.accepted,
  LEGAL_MESSAGES.declined,
  LEGAL_MESSAGES.lapsed,
]);

/**
 * The dispatcher of one practice area (`idFromName(area)`): the lawyer index the lawyers' actors keep
 * current and the area's paid cases. It is reached only by messages from the clients' and lawyers'
 * actors, never by a request, so no company's traffic waits on it and areas dispatch side by side.
 */
export class DispatchActor extends MarketplaceActor<typeof schema> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, { schema, migrations });
  }

  private readonly dispatcher = new Dispatcher({
    db: this.db,
    now: () => this.now(),
    send: (message) => this.send(message),
    sendOrReply: (message) => this.sendOrReply(message),
    schedule: (kind, key, dueAt) => this.schedule(kind, key, dueAt),
  });

  /** A publication delivered again is answered with where its cases stand now. */
  protected override replayFor(envelope: Envelope): Reply[] {
    const caseIds =
      envelope.type === LEGAL_MESSAGES.publish
        ? [(envelope.payload as PublishedCase).caseId]
        : envelope.type === LEGAL_MESSAGES.publishMany
          ? (envelope.payload as PublishManyMessage).cases.map((c) => c.caseId)
          : [];
    const from = this.ctx.id.toString();
    return this.dispatcher
      .standing(caseIds)
      .map(({ clientId, news }) => clientNews(clientId, news))
      .filter((message) => this.addressOf(message.to) === envelope.from)
      .map((message) => replyOf(message, from));
  }

  protected override selfIdempotentMessages(): ReadonlySet<string> {
    return SETTLED_ANSWERS;
  }

  protected override messages(): Record<string, MessageHandler> {
    const answered = (outcome: AnswerOutcome) => (m: OfferAnswerMessage) =>
      this.dispatcher.guard(() => this.dispatcher.answered(m, outcome));
    return {
      [LEGAL_MESSAGES.publish]: (m: PublishedCase) => this.dispatcher.guard(() => this.dispatcher.publish(m)),
      [LEGAL_MESSAGES.publishMany]: (m: PublishManyMessage) =>
        this.dispatcher.guard(() => {
          for (const one of m.cases) this.dispatcher.publish(one);
        }),
      [LEGAL_MESSAGES.snapshot]: (s: LawyerSnapshot) =>
        this.dispatcher.guard(() => this.dispatcher.applySnapshot(s)),
      [LEGAL_MESSAGES.accepted]: answered('accepted'),
      [LEGAL_MESSAGES.declined]: answered('declined'),
      [LEGAL_MESSAGES.lapsed]: answered('lapsed'),
      [LEGAL_MESSAGES.refused]: answered('refused'),
    };
  }

  protected override jobs(): Record<string, JobHandler> {
    return {
      [POOL_RETRY_JOB]: async () => {
        const outcome = await this.write(() => this.dispatcher.guard(() => this.dispatcher.retryPool()));
        if (!outcome.ok) throw new Error(outcome.error.message);
      },
    };
  }

  /** How many of the area's cases are offered, pooled and assigned, and how many lawyers it knows. */
  stats() {
    return this.dispatcher.stats();
  }
}
