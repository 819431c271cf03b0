/** The plan catalog of SPEC A2 as shipped; the console makes it editable. Null means unlimited. */
export interface PlanQuotas {
  users: number | null;
  customers: number | null;
  storageMB: number | null;
  apiCallsPerMonth: number | null;
  /** Devices a tenant may hold at once (allocations pending or active). */
  devices: number | null;
}

export const DEFAULT_PLAN_QUOTAS: Record<string, PlanQuotas> = {
  trial: { users: 5, customers: 100, storageMB: 5 * 1024, apiCallsPerMonth: 0, devices: 2 },
  basic: { users: 10, customers: 1000, storageMB: 20 * 1024, apiCallsPerMonth: 0, devices: 10 },
  professional: { users: 50, customers: 5000, storageMB: 100 * 1024, apiCallsPerMonth: 10_000, devices: 50 },
  enterprise: { users: null, customers: null, storageMB: 500 * 1024, apiCallsPerMonth: null, devices: null },
};

export const TRIAL_DAYS = 14;
export const DEFAULT_TIMEZONE = 'Asia/Shanghai';
