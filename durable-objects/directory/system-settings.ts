import type { Outcome } from '../../lib/errors';
import * as schema from '../../schema/directory';
import {
  DEFAULT_SYSTEM_CONFIG,
  SystemConfig,
  type SystemConfigPatch,
} from '../../schema/dto/platform-console';
import type { Db, DirectoryHost, Operator } from './host';

const { systemConfig } = schema;

/** What the system settings need from the Directory. */
export type SystemSettingsHost = Pick<DirectoryHost, 'db' | 'now' | 'write' | 'logOperation'>;

/** The platform's system settings: the defaults, overridden key by key by a super admin. */
export class SystemSettings {
  constructor(private readonly host: SystemSettingsHost) {}

  private get db(): Db {
    return this.host.db;
  }

  getConfig(): SystemConfig {
    const out: Record<string, unknown> = { ...DEFAULT_SYSTEM_CONFIG };
    for (const row of this.db.select().from(systemConfig).all()) {
      const field = SystemConfig.shape[row.key as keyof SystemConfig];
      if (field?.safeParse(row.value).success) out[row.key] = row.value;
    }
    return out as SystemConfig;
  }

  async updateConfig(patch: SystemConfigPatch, operator: Operator): Promise<Outcome<SystemConfig>> {
    const outcome = await this.host.write(() => {
      const now = this.host.now();
      for (const [key, value] of Object.entries(patch)) {
        if (value === undefined) continue;
        this.db
          .insert(systemConfig)
          .values({ key, value, updatedAt: now, updatedBy: operator.adminId })
          .onConflictDoUpdate({
            target: systemConfig.key,
            set: { value, updatedAt: now, updatedBy: operator.adminId },
          })
          .run();
      }
      this.host.logOperation(operator, null, 'config.update', patch);
      return null;
    });
    return outcome.ok ? { ok: true, value: this.getConfig() } : outcome;
  }

  platformName(): string {
    return this.getConfig().platformName;
  }
}
