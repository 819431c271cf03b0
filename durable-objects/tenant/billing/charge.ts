/** Prices in 1/1000 fen per core-hour and per GB-hour (1 GB = 1024 MB). */
export interface Rates {
  coreHourMilliFen: number;
  memoryGbHourMilliFen: number;
  storageGbHourMilliFen: number;
}

/** ¥0.10 per core-hour, ¥0.05 per GB-hour of memory, ¥0.0005 per GB-hour of storage. */
export const DEFAULT_RATES: Rates = {
  coreHourMilliFen: 10_000,
  memoryGbHourMilliFen: 5_000,
  storageGbHourMilliFen: 50,
};

export interface Metered {
  durationSeconds: number;
  cpuCores: number;
  memoryMB: number;
  storageMB: number;
}

const MILLI_FEN_SECONDS_PER_FEN_HOUR_MB = 1000n * 3600n * 1024n;

/**
 * The charge in whole fen, rounded half up, computed exactly: seconds × (cores × core rate + GB × GB rates)
 * in integer arithmetic (BigInt, so large durations and rates never lose precision).
 */
export function chargeFen(usage: Metered, rates: Rates): number {
  const perSecond =
    BigInt(usage.cpuCores) * BigInt(rates.coreHourMilliFen) * 1024n +
    BigInt(usage.memoryMB) * BigInt(rates.memoryGbHourMilliFen) +
    BigInt(usage.storageMB) * BigInt(rates.storageGbHourMilliFen);
  const numerator = BigInt(usage.durationSeconds) * perSecond;
  return Number(
    (numerator * 2n + MILLI_FEN_SECONDS_PER_FEN_HOUR_MB) / (2n * MILLI_FEN_SECONDS_PER_FEN_HOUR_MB),
  );
}

/** A user in arrears (欠费: no positive balance) gets no device (requirement E2). */
export function balanceVerdict(balanceFen: number | null): { hasBalance: boolean; reason?: string } {
  if (balanceFen === null) return { hasBalance: false, reason: 'NO_WALLET' };
  if (balanceFen <= 0) return { hasBalance: false, reason: 'INSUFFICIENT_BALANCE' };
  return { hasBalance: true };
}

export type BalanceCheck =
  | { answered: true; hasBalance: boolean; balanceFen: number }
  | { answered: false; error: string };

/** What allocation does with a balance check: billing that cannot answer is decided by BILLING_ALLOW_ON_ERROR. */
export function admission(
  check: BalanceCheck,
  allowOnError: boolean,
): 'allow' | 'no-balance' | 'billing-unavailable' {
  if (!check.answered) return allowOnError ? 'allow' : 'billing-unavailable';
  return check.hasBalance ? 'allow' : 'no-balance';
}
