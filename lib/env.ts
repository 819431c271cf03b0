import type { DeviceNodeActor } from '../durable-objects/device-node/device-node';
import type { Directory } from '../durable-objects/directory/directory';
import type { LawyerActor } from '../durable-objects/lawyer/lawyer';
import type { LegalClientActor } from '../durable-objects/legal/client/client-actor';
import type { DispatchActor } from '../durable-objects/legal/dispatch/dispatch-actor';
import type { RateLimiter } from '../durable-objects/rate-limiter/rate-limiter';
import type { TenantActor } from '../durable-objects/tenant/tenant';

export interface Env {
  TENANT: DurableObjectNamespace<TenantActor>;
  DEVICE_NODE: DurableObjectNamespace<DeviceNodeActor>;
  LAWYER: DurableObjectNamespace<LawyerActor>;
  DIRECTORY: DurableObjectNamespace<Directory>;
  RATE_LIMITER: DurableObjectNamespace<RateLimiter>;
  // Legal marketplace: marketplace users, the dispatchers by practice area, licence files.
  LEGAL_CLIENT: DurableObjectNamespace<LegalClientActor>;
  DISPATCH: DurableObjectNamespace<DispatchActor>;
  LEGAL_FILES: R2Bucket;
  /** Companies' payment proofs for the platform's invoices. */
  INVOICE_FILES: R2Bucket;
  /** Shared with the payment provider: its "paid" callbacks are signed with it (HMAC-SHA256 over the body). */
  PAYMENT_WEBHOOK_SECRET?: string;
  ASSETS: Fetcher;
  BASE_DOMAIN: string;
  ENVIRONMENT: string;
  LOG_LEVEL?: string;
  SUPERADMIN_USERNAME?: string;
  SUPERADMIN_PASSWORD?: string;
  SERVICE_TOKEN?: string;
  AUTH_SECRET?: string;
  BILLING_SERVICE_URL?: string;
  BILLING_ALLOW_ON_ERROR?: string;
  /** "off" lifts the per-client rate limits (the benchmark signs in hundreds of users from one address). */
  RATE_LIMITS?: string;
  // Public URL, mail provider, third-party login apps (all optional).
  /** Where people reach the platform (onboarding links, OAuth callbacks); defaults to the request's origin. */
  PUBLIC_BASE_URL?: string;
  /** Set to send mail through an HTTP provider; unset, mail stays in the local outbox. */
  MAIL_HTTP_URL?: string;
  MAIL_HTTP_TOKEN?: string;
  DINGTALK_CLIENT_ID?: string;
  DINGTALK_CLIENT_SECRET?: string;
  WECHAT_APP_ID?: string;
  WECHAT_APP_SECRET?: string;
  FEISHU_APP_ID?: string;
  FEISHU_APP_SECRET?: string;
  /** The providers' server-to-server APIs at `{origin}/{their host}/…` (a sandbox or a test fake). */
  OAUTH_API_ORIGIN?: string;
  // Delivery timings, all optional (see lib/billing-config.ts for the defaults).
  BILLING_TIMEOUT_MS?: string;
  BILLING_TRIES?: string;
  BILLING_RETRY_DELAY_MS?: string;
  BILLING_BREAKER_THRESHOLD?: string;
  BILLING_BREAKER_OPEN_MS?: string;
  BILLING_OUTBOX_MAX_ATTEMPTS?: string;
  BILLING_OUTBOX_BASE_DELAY_MS?: string;
  BILLING_OUTBOX_MAX_DELAY_MS?: string;
  BILLING_BATCH_SIZE?: string;
  NODE_INDEX_TTL_MS?: string;
}

/** Which actor namespace a message or look-up addresses. */
export type ActorBinding = 'TENANT' | 'DEVICE_NODE' | 'LAWYER' | 'DIRECTORY' | 'LEGAL_CLIENT' | 'DISPATCH';
