import { directory } from '../../lib/actors';
import type { Task } from './registry';

export const HISTORY_RETENTION_DAYS = 90;

/** Keeps 90 days of task history and delivered cross-actor messages (SPEC F1). */
export const historyRetention: Task = {
  name: 'history-retention',
  description: 'Deletes task history and delivered messages older than 90 days',
  cron: '30 3 * * *',
  timezone: 'Asia/Shanghai',
  async handler({ env, now }) {
    const before = now - HISTORY_RETENTION_DAYS * 86_400_000;
    const deleted = await directory(env).pruneHistory(before);
    return { before: new Date(before).toISOString(), deleted };
  },
};
