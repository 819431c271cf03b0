/**
 * Usage and status alerts (SPEC A10), pure. Each alert has a key naming its condition; the Directory
 * stores keys under a unique index, so a condition that still holds tomorrow is not sent again.
 * A new quota (another plan), a new month (API calls) or a new end date makes a new condition.
 */
export type AlertKind =
  | 'quota_users'
  | 'quota_storage'
  | 'quota_api_calls'
  | 'trial_ending'
  | 'service_ending'
  | 'suspended';

export interface AlertDue {
  key: string;
  kind: AlertKind;
  zh: string;
  en: string;
  detail: Record<string, unknown>;
}

export interface AlertInput {
  subscriptionStatus: string;
  trialEndsAt: number | null;
  serviceEndAt: number | null;
  suspendedAt: number | null;
  usage: { users: number; storageBytes: number; apiCalls: number; month: string };
  quotas: { users: number | null; storageMB: number | null; apiCallsPerMonth: number | null };
  thresholdPercent: number;
  trialNoticeDays: number;
  serviceNoticeDays: number;
  now: number;
}

const DAY = 86_400_000;
const MB = 1024 * 1024;

const reached = (used: number, limit: number | null, percent: number) =>
  limit !== null && limit > 0 && used * 100 >= limit * percent;

const pct = (used: number, limit: number) => Math.floor((used * 100) / limit);

export function alertsDue(input: AlertInput): AlertDue[] {
  const due: AlertDue[] = [];
  const { usage, quotas, thresholdPercent: t } = input;
  const live = input.subscriptionStatus === 'trial' || input.subscriptionStatus === 'active';

  if (live && reached(usage.users, quotas.users, t)) {
    const p = pct(usage.users, quotas.users!);
    due.push({
      key: `quota:users:${quotas.users}`,
      kind: 'quota_users',
      zh: `用户数已达配额的 ${p}%（${usage.users}/${quotas.users}）。`,
      en: `users at ${p}% of quota (${usage.users}/${quotas.users})`,
      detail: { used: usage.users, limit: quotas.users, percent: p },
    });
  }
  const storageLimit = quotas.storageMB === null ? null : quotas.storageMB * MB;
  if (live && reached(usage.storageBytes, storageLimit, t)) {
    const p = pct(usage.storageBytes, storageLimit!);
    due.push({
      key: `quota:storage:${quotas.storageMB}`,
      kind: 'quota_storage',
      zh: `存储已用配额的 ${p}%（${Math.ceil(usage.storageBytes / MB)} MB / ${quotas.storageMB} MB）。`,
      en: `storage at ${p}% of quota (${Math.ceil(usage.storageBytes / MB)} MB of ${quotas.storageMB} MB)`,
      detail: { usedBytes: usage.storageBytes, limitMB: quotas.storageMB, percent: p },
    });
  }
  if (live && reached(usage.apiCalls, quotas.apiCallsPerMonth, t)) {
    const p = pct(usage.apiCalls, quotas.apiCallsPerMonth!);
    due.push({
      key: `quota:apiCalls:${usage.month}:${quotas.apiCallsPerMonth}`,
      kind: 'quota_api_calls',
      zh: `本月（${usage.month}）API 调用已达配额的 ${p}%（${usage.apiCalls}/${quotas.apiCallsPerMonth}）。`,
      en: `API calls in ${usage.month} at ${p}% of quota (${usage.apiCalls}/${quotas.apiCallsPerMonth})`,
      detail: { used: usage.apiCalls, limit: quotas.apiCallsPerMonth, month: usage.month, percent: p },
    });
  }
  if (
    input.subscriptionStatus === 'trial' &&
    input.trialEndsAt !== null &&
    input.trialEndsAt > input.now &&
    input.trialEndsAt - input.now <= input.trialNoticeDays * DAY
  ) {
    const days = Math.ceil((input.trialEndsAt - input.now) / DAY);
    due.push({
      key: `trial-ending:${input.trialEndsAt}`,
      kind: 'trial_ending',
      zh: `试用期将在 ${days} 天内结束（${new Date(input.trialEndsAt).toISOString()}）。`,
      en: `the trial ends in ${days} day(s) (${new Date(input.trialEndsAt).toISOString()})`,
      detail: { endsAt: input.trialEndsAt, days },
    });
  }
  if (
    input.subscriptionStatus === 'active' &&
    input.serviceEndAt !== null &&
    input.serviceEndAt > input.now &&
    input.serviceEndAt - input.now <= input.serviceNoticeDays * DAY
  ) {
    const days = Math.ceil((input.serviceEndAt - input.now) / DAY);
    due.push({
      key: `service-ending:${input.serviceEndAt}`,
      kind: 'service_ending',
      zh: `服务期将在 ${days} 天内结束（${new Date(input.serviceEndAt).toISOString()}）。`,
      en: `the service period ends in ${days} day(s) (${new Date(input.serviceEndAt).toISOString()})`,
      detail: { endsAt: input.serviceEndAt, days },
    });
  }
  if (input.subscriptionStatus === 'suspended' && input.suspendedAt !== null) {
    due.push(suspensionAlert(input.suspendedAt, []));
  }
  return due;
}

/** The alert of an overdue suspension, raised by the overdue sweep and recognised by the alerts sweep. */
export function suspensionAlert(suspendedAt: number, invoiceNumbers: string[]): AlertDue {
  return {
    key: `suspended:${suspendedAt}`,
    kind: 'suspended',
    zh: '因欠费，服务已暂停。',
    en: 'service suspended for non-payment',
    detail: { suspendedAt, invoices: invoiceNumbers },
  };
}
