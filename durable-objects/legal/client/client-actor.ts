import type { Env } from '../../../lib/env';
import type { ClientCaseQuery, TaskBody } from '../../../schema/dto/legal';
import {
  type CaseAssignedMessage,
  type CaseCompletedMessage,
  type CaseDispatchMessage,
  type ClientOpenMessage,
  LEGAL_MESSAGES,
} from '../../../schema/dto/legal-messages';
import * as schema from '../../../schema/legal-client';
import migrations from '../../../schema/migrations/legal-client/migrations.js';
import type { MessageHandler } from '../../actor';
import type { PaymentOrderRow } from '../../payments/orders';
import type { LegalCaller } from '../access';
import { LegalActor } from '../legal-actor';
import { LegalClient, TASK_PURPOSE } from './client';
import { seedDemoClient } from './demo';

/**
 * One marketplace user (`idFromName(userId)`): their tasks, the payment orders for them and the cases
 * they became. Nothing here is reached by anyone else's request.
 */
export class LegalClientActor extends LegalActor<typeof schema> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, { schema, migrations, owner: 'LEGAL_CLIENT' });
  }

  protected override messages(): Record<string, MessageHandler> {
    return {
      [LEGAL_MESSAGES.clientOpen]: (m: ClientOpenMessage) => this.client.open(m),
      [LEGAL_MESSAGES.dispatch]: (m: CaseDispatchMessage) => this.client.applyDispatch(m),
      [LEGAL_MESSAGES.assigned]: (m: CaseAssignedMessage) => this.client.applyAssigned(m),
      [LEGAL_MESSAGES.completed]: (m: CaseCompletedMessage) => this.client.applyCompleted(m),
    };
  }

  private readonly client = new LegalClient({
    db: this.db,
    now: () => this.now(),
    write: (fn) => this.write(fn),
    send: (message) => this.send(message),
    payments: this.payments,
  });

  protected purchases(): Record<string, (order: PaymentOrderRow) => void> {
    return { [TASK_PURPOSE]: (order) => this.client.applyPaidTask(order) };
  }

  me(caller: LegalCaller) {
    return this.client.me(caller);
  }
  publishTask(caller: LegalCaller, body: TaskBody) {
    return this.client.publishTask(caller, body);
  }
  listCases(caller: LegalCaller, query: ClientCaseQuery) {
    return this.client.listCases(caller, query);
  }
  getCase(caller: LegalCaller, id: string) {
    return this.client.getCase(caller, id);
  }
  review(caller: LegalCaller, id: string, stars: number) {
    return this.client.review(caller, id, stars);
  }

  /** The demo workspace (SPEC D3): generated once, then only ever read. */
  openDemo(workspaceId: string) {
    return this.write(() => seedDemoClient(this.db, workspaceId, this.now()));
  }
}
