import { type Outcome, toOutcome } from '../../lib/errors';
import type { JsonText } from '../../schema/dto/common';
import { type ImportAnswer, type ImportRequest, Restore } from './restore';
import { type BackupPort, SCRATCH_EXPIRY_JOB, Scratch } from './scratch';
import { type ExportPage, type ExportRequest, Snapshots } from './snapshots';

export type { ImportAnswer, ImportRequest } from './restore';
export type { ExportPage, ExportRequest } from './snapshots';
export { SCRATCH_EXPIRY_JOB };

/**
 * Backup and restore of one actor, whatever its tables: the export reads SQLite's own description of
 * them at run time, so a table a module adds is carried without code here. The actor base class hands
 * its RPC methods here in one line each.
 */
export class ActorBackup {
  private readonly scratch: Scratch;
  private readonly snapshots: Snapshots;
  private readonly restore: Restore;

  constructor(private readonly port: BackupPort) {
    this.scratch = new Scratch(port);
    this.snapshots = new Snapshots(port, this.scratch);
    this.restore = new Restore(port, this.scratch);
  }

  exportPage(request: ExportRequest): Outcome<JsonText<ExportPage>> {
    return toOutcome(() => this.snapshots.page(request));
  }

  /**
   * Stages or commits part of an import. A commit re-arms the alarm from the restored jobs and waits
   * until the rows are durable; the caller then restarts the actor so nothing it kept in memory outlives
   * the rows it came from.
   */
  async importRows(request: ImportRequest): Promise<Outcome<ImportAnswer>> {
    const outcome = toOutcome(() => this.port.tx(() => this.restore.apply(request)));
    if (!outcome.ok) {
      if (request.importId && outcome.error.status !== 410) this.restore.abandon(request.importId);
      return outcome;
    }
    if (outcome.value.committed) {
      const storage = this.port.storage();
      const at = this.restore.nextWakeAt();
      if (at === null) await storage.deleteAlarm();
      else await storage.setAlarm(at);
      await storage.sync();
    }
    return outcome;
  }

  /** Sends again what this actor delivered to `target` since `since` (a restored receiver lacks it). */
  async redeliverTo(target: string, since: number): Promise<{ requeued: number }> {
    const requeued = this.port.tx(() => this.restore.requeueDelivered(since, target));
    if (requeued > 0) await this.port.flushOutbox();
    return { requeued };
  }

  /** The expiry job of a snapshot or a staged import. */
  expireScratch(id: string): void {
    this.scratch.expire(id);
  }
}
