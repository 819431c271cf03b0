/**
 * One error shape for the whole platform: thrown inside actors and routes, carried across
 * actor RPC as plain data (RPC loses custom error classes), answered as the error envelope of requirement G3.
 */
export type ErrorStatus =
  | 400
  | 401
  | 402
  | 403
  | 404
  | 409
  | 410
  | 413
  | 415
  | 422
  | 423
  | 429
  | 500
  | 502
  | 503;

export interface ErrorBody {
  status: ErrorStatus;
  code: string;
  message: string;
  details?: unknown;
}

export class AppError extends Error {
  readonly details?: unknown;

  constructor(
    readonly status: ErrorStatus,
    readonly code: string,
    message: string,
    details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
    this.details = withRules(details, code);
  }

  toBody(): ErrorBody {
    return { status: this.status, code: this.code, message: this.message, details: this.details };
  }

  static from(body: ErrorBody): AppError {
    return new AppError(body.status, body.code, body.message, body.details);
  }
}

/**
 * One refused field in `details.fields`: where (`body.name`), why in English, and why as a stable `rule`
 * (zod's issue code, `required`, or one of ours such as `month_order`) with the rule's limits, so a
 * client can say it in its own words and language.
 */
export interface FieldIssue {
  path: string;
  message: string;
  rule: string;
  origin?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  inclusive?: boolean;
}

/** A refusal about one field of the request, shaped like validation errors: `details.fields[FieldIssue]`. */
export const fieldError = (status: ErrorStatus, code: string, path: string, message: string, rule = code) =>
  new AppError(status, code, `${path}: ${message}`, {
    fields: [{ path, message, rule } satisfies FieldIssue],
  });

/** Every field in `details.fields` names a rule; one that names none is refused by the error's own code. */
function withRules(details: unknown, code: string): unknown {
  const fields = (details as { fields?: unknown } | undefined)?.fields;
  if (!Array.isArray(fields) || fields.every((f: { rule?: unknown }) => typeof f.rule === 'string'))
    return details;
  return {
    ...(details as object),
    fields: fields.map((f: Partial<FieldIssue>) => (typeof f.rule === 'string' ? f : { ...f, rule: code })),
  };
}

/** What an actor RPC answers: a value or the error it refused with. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ErrorBody };

export function toOutcome<T>(fn: () => T): Outcome<T> {
  try {
    return { ok: true, value: fn() };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: err.toBody() };
    throw err;
  }
}

export async function toOutcomeAsync<T>(fn: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: err.toBody() };
    throw err;
  }
}

export function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw AppError.from(outcome.error);
}
