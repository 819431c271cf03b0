import { z } from '@hono/zod-openapi';
import {
  IsoTime,
  integer,
  listOf,
  matching,
  multilineText,
  NOTHING_TO_UPDATE,
  queryInteger,
  REQUIRED,
  text,
} from './common';

/**
 * Card annual fees (SPEC C): the vocabulary the routes, the pages and the module's rules share. The
 * rules import it from here, never the other way round.
 */

export const FEE_TYPES = ['rigid', 'transaction_count', 'transaction_amount', 'points_exchange'] as const;
export type FeeType = (typeof FEE_TYPES)[number];

export const WAIVER_STATUSES = ['pending', 'waived', 'paid', 'overdue'] as const;
export type WaiverStatus = (typeof WAIVER_STATUSES)[number];

/** The languages a progress description is written in (the console's). */
export const CARD_LANGS = ['zh', 'en'] as const;
export type CardLang = (typeof CARD_LANGS)[number];

export const DEFAULT_PERIOD_MONTHS = 12;
export const MAX_PERIOD_MONTHS = 24;
/** ¥1 000 000: no card's annual fee comes near it. */
export const MAX_FEE_FEN = 100_000_000;
/** A count, an amount in fen or points; 10¹² keeps every product the rules form below 2⁵³. */
export const MAX_CONDITION = 1_000_000_000_000;
/** ¥100 000 000 in one purchase. */
export const MAX_TRANSACTION_FEN = 10_000_000_000;
export const MAX_POINTS = 1_000_000_000_000;
/** Items in one batch (cards, transactions, fee records). */
export const MAX_BATCH = 1000;
/** A card statement: 1 MiB is tens of thousands of rows, far more than a month of any card. */
export const MAX_STATEMENT_BYTES = 1024 * 1024;
export const MAX_STATEMENT_ROWS = 10_000;
export const MAX_DESCRIPTION = 200;
export const MIN_FEE_YEAR = 1990;
export const MAX_FEE_YEAR = 2199;

export const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` naming a day that exists (no 30 February), in the years fees can fall in. */
export function isCalendarDate(value: string): boolean {
  const m = DATE_PATTERN.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < MIN_FEE_YEAR - 100 || year > MAX_FEE_YEAR) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

export const CalendarDate = text()
  .refine(isCalendarDate, {
    message: 'must be a date YYYY-MM-DD that exists',
    params: { rule: 'invalid_format', format: 'date' },
  })
  .openapi({ format: 'date', example: '2025-03-15' });

/** The language a progress description is written in, as a query parameter. */
export const Lang = z
  .enum(CARD_LANGS)
  .default('zh')
  .openapi({ description: 'the language of `progressDescription` (Chinese by default)' });

/**
 * Why a rule's condition value does not fit its type, or null: every type but rigid needs one, and a
 * rigid fee has none. Asked by the create body and by the actor of a merged update.
 */
export function conditionProblem(
  feeType: FeeType,
  value: number | null | undefined,
): { message: string; rule: string } | null {
  if (feeType === 'rigid')
    return value == null ? null : { message: 'a rigid fee has no waiver condition', rule: 'not_allowed' };
  return value == null ? { message: REQUIRED, rule: 'required' } : null;
}

const ruleFields = {
  ruleName: text().trim().min(1).max(100).openapi({ example: '刷卡次数免年费-标准' }),
  feeType: z.enum(FEE_TYPES),
  baseFeeFen: integer(1, MAX_FEE_FEN).openapi({ example: 20_000 }),
  waiverConditionValue: integer(1, MAX_CONDITION)
    .nullable()
    .optional()
    .openapi({
      description:
        'transaction_count: transactions; transaction_amount: fen spent; points_exchange: points. ' +
        'Required for every type but rigid, which has none.',
      example: 12,
    }),
  waiverPeriodMonths: integer(1, MAX_PERIOD_MONTHS).openapi({
    description: 'the assessment window, in months up to the due date (default 12)',
    example: 12,
  }),
  description: multilineText().trim().max(500).nullable().optional(),
};

const conditionFits = (
  rule: { feeType?: FeeType; waiverConditionValue?: number | null },
  ctx: z.RefinementCtx,
) => {
  if (!rule.feeType) return;
  const problem = conditionProblem(rule.feeType, rule.waiverConditionValue);
  if (problem)
    ctx.addIssue({
      code: 'custom',
      path: ['waiverConditionValue'],
      message: problem.message,
      params: problem,
    });
};

export const RuleCreate = z
  .object({ ...ruleFields, waiverPeriodMonths: ruleFields.waiverPeriodMonths.default(DEFAULT_PERIOD_MONTHS) })
  .strict()
  .superRefine(conditionFits)
  .openapi('AnnualFeeRuleCreate');
export type RuleCreate = z.infer<typeof RuleCreate>;

export const RuleUpdate = z
  .object({
    ruleName: ruleFields.ruleName.optional(),
    feeType: ruleFields.feeType.optional(),
    baseFeeFen: ruleFields.baseFeeFen.optional(),
    waiverConditionValue: ruleFields.waiverConditionValue,
    waiverPeriodMonths: ruleFields.waiverPeriodMonths.optional(),
    description: ruleFields.description,
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, NOTHING_TO_UPDATE)
  .openapi('AnnualFeeRuleUpdate', {
    description:
      'Fee records already created keep their fee; open ones are checked again under the changed condition',
  });
export type RuleUpdate = z.infer<typeof RuleUpdate>;

export const Rule = z
  .object({
    id: z.string(),
    ruleName: z.string(),
    feeType: z.enum(FEE_TYPES),
    baseFeeFen: z.number().int(),
    waiverConditionValue: z.number().int().nullable(),
    waiverPeriodMonths: z.number().int(),
    description: z.string().nullable(),
    cardCount: z
      .number()
      .int()
      .openapi({ description: 'cards using the rule; a rule in use cannot be deleted' }),
    createdAt: IsoTime,
    updatedAt: IsoTime,
  })
  .openapi('AnnualFeeRule');
export type Rule = z.infer<typeof Rule>;
export const RuleList = listOf(Rule, 'AnnualFeeRuleList');

export const PageNumber = queryInteger(1, 1_000_000);
export const PageSize = queryInteger(1, 200);

export const RuleListQuery = z.object({
  feeType: z.enum(FEE_TYPES).optional(),
  page: PageNumber.default(1),
  pageSize: PageSize.default(20),
  skip: queryInteger(0, 100_000_000).optional().openapi({ description: "the seed's offset; with limit" }),
  limit: PageSize.optional().openapi({ description: "the seed's page size; with skip" }),
});
export type RuleListQuery = z.infer<typeof RuleListQuery>;

export const LAST4 = /^\d{4}$/;

const cardFields = {
  issuer: text().trim().min(1).max(50).openapi({ example: '招商银行' }),
  name: text().trim().min(1).max(100).openapi({ example: '经典白金卡' }),
  last4: matching(text(), LAST4, 'last4', 'must be exactly four digits').openapi({ example: '1234' }),
  annualFeeRuleId: text().min(1).max(64),
};

const cardCreateFields = {
  userId: text()
    .min(1)
    .max(64)
    .optional()
    .openapi({ description: 'the holder: the caller unless a company administrator names a member' }),
  ...cardFields,
  activationDate: CalendarDate.openapi({ description: "not in the future (the company's time zone)" }),
};

export const CardCreate = z.object(cardCreateFields).strict().openapi('CardCreate');
export type CardCreate = z.infer<typeof CardCreate>;

/**
 * One item, or `{items}` of up to a thousand of them: the batch form of a create. The single item's
 * fields are required as it requires them when no `items` are given, and refused beside them.
 */
function oneOrBatch<T extends z.ZodRawShape>(shape: T, item: z.ZodObject<T>) {
  const keys = Object.keys(shape);
  const optional = Object.fromEntries(keys.map((key) => [key, (shape[key] as z.ZodType).optional()]));
  // Worked out once, not on every request: which fields the single form cannot do without.
  const required = keys.filter((key) => !(shape[key] as z.ZodType).safeParse(undefined).success);
  return z
    .object({ ...optional, items: z.array(item).min(1).max(MAX_BATCH).optional() })
    .strict()
    .superRefine((body: Record<string, unknown>, ctx) => {
      const refuse = (key: string, message: string, rule: string) =>
        ctx.addIssue({ code: 'custom', path: [key], message, params: { rule } });
      if (body.items !== undefined) {
        for (const key of keys)
          if (body[key] !== undefined) refuse(key, 'give one item or items, not both', 'one_of');
        return;
      }
      for (const key of required) if (body[key] === undefined) refuse(key, REQUIRED, 'required');
    }) as unknown as z.ZodType<Partial<z.infer<z.ZodObject<T>>> & { items?: z.infer<z.ZodObject<T>>[] }>;
}

export const CardWrite = oneOrBatch(cardCreateFields, CardCreate).openapi('CardWrite', {
  description: 'One card, or a batch `{items: [...]}` of up to 1 000 (each answering for itself)',
});
export type CardWrite = z.infer<typeof CardWrite>;

export const CardUpdate = z
  .object({
    issuer: cardFields.issuer.optional(),
    name: cardFields.name.optional(),
    last4: cardFields.last4.optional(),
    annualFeeRuleId: cardFields.annualFeeRuleId.optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, NOTHING_TO_UPDATE)
  .openapi('CardUpdate', {
    description:
      'The activation date (and so every due date) never changes: delete the card and add it again. ' +
      'A new rule applies to the open fee records at once; their fee stays.',
  });
export type CardUpdate = z.infer<typeof CardUpdate>;

/** A card's fee of its current fee year (the first due date from today on), as its list shows it. */
export const CurrentFee = z
  .object({
    recordId: z.string(),
    feeYear: z.number().int(),
    dueDate: z.string(),
    feeAmountFen: z.number().int(),
    waiverStatus: z.enum(WAIVER_STATUSES),
    progress: z.number().int(),
    required: z.number().int().nullable(),
    progressDescription: z.string(),
    daysRemaining: z.number().int(),
  })
  .openapi('CardCurrentFee');
export type CurrentFee = z.infer<typeof CurrentFee>;

export const Card = z
  .object({
    id: z.string(),
    userId: z.string(),
    username: z.string().nullable(),
    issuer: z.string(),
    name: z.string(),
    last4: z.string(),
    annualFeeRuleId: z.string(),
    ruleName: z.string(),
    feeType: z.enum(FEE_TYPES),
    activationDate: z.string(),
    pointsBalance: z.number().int(),
    currentFee: CurrentFee.nullable(),
    createdAt: IsoTime,
    updatedAt: IsoTime,
  })
  .openapi('Card');
export type Card = z.infer<typeof Card>;
export const CardList = listOf(Card, 'CardList');

export const CardListQuery = z.object({
  userId: text()
    .min(1)
    .max(64)
    .optional()
    .openapi({ description: "a company administrator's look at one member's cards" }),
  page: PageNumber.default(1),
  pageSize: PageSize.default(50),
  lang: Lang,
});
export type CardListQuery = z.infer<typeof CardListQuery>;
export const LangQuery = z.object({ lang: Lang });

export const BatchOutcome = z
  .object({
    index: z.number().int(),
    ok: z.boolean(),
    id: z.string().optional(),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
  })
  .openapi('CardBatchOutcome');
export type BatchOutcome = z.infer<typeof BatchOutcome>;

export const CardBatchAnswer = z
  .object({ created: z.number().int(), failed: z.number().int(), results: z.array(BatchOutcome) })
  .openapi('CardBatchAnswer');
export type CardBatchAnswer = z.infer<typeof CardBatchAnswer>;

const Amount = integer(1, MAX_TRANSACTION_FEN).openapi({
  description: 'a purchase in fen (refunds and repayments are not purchases)',
  example: 12_800,
});
const Instant = z.iso.datetime({ offset: true }).openapi({ example: '2025-03-01T12:30:00+08:00' });
const Description = text().trim().max(MAX_DESCRIPTION);

export const TransactionCreate = z
  .object({ amountFen: Amount, at: Instant, description: Description.optional() })
  .strict()
  .openapi('CardTransactionCreate');
export type TransactionCreate = z.infer<typeof TransactionCreate>;

/** One transaction, or `{items}` of up to a thousand: both in one transaction of the card's company. */
export const TransactionWrite = oneOrBatch(
  { amountFen: Amount, at: Instant, description: Description.optional() },
  TransactionCreate,
).openapi('CardTransactionWrite', {
  description: 'One transaction `{amountFen, at, description?}` or a batch `{items: [...]}`',
});
export type TransactionWrite = z.infer<typeof TransactionWrite>;

export const Transaction = z
  .object({
    id: z.string(),
    cardId: z.string(),
    amountFen: z.number().int(),
    at: IsoTime,
    occurredOn: z.string().openapi({ description: "the day in the company's time zone" }),
    description: z.string(),
    source: z.enum(['manual', 'import']),
  })
  .openapi('CardTransaction');
export type Transaction = z.infer<typeof Transaction>;
export const TransactionList = listOf(Transaction, 'CardTransactionList');

/** What a write did to the card's open fee records. */
export const RecordEffect = z
  .object({
    recordId: z.string(),
    feeYear: z.number().int(),
    progress: z.number().int(),
    required: z.number().int().nullable(),
    waiverStatus: z.enum(WAIVER_STATUSES),
    waivedNow: z.boolean(),
  })
  .openapi('FeeRecordEffect');
export type RecordEffect = z.infer<typeof RecordEffect>;

export const TransactionAnswer = z
  .object({
    added: z.number().int(),
    failed: z.number().int(),
    results: z.array(BatchOutcome),
    records: z.array(RecordEffect),
  })
  .openapi('CardTransactionAnswer');
export type TransactionAnswer = z.infer<typeof TransactionAnswer>;

export const RowError = z
  .object({
    line: z.number().int().openapi({ description: 'the line of the file, the header being line 1' }),
    field: z.string().nullable(),
    rule: z.string(),
    message: z.string(),
  })
  .openapi('StatementRowError');
export type RowError = z.infer<typeof RowError>;

export const ImportAnswer = z
  .object({
    imported: z.number().int(),
    skipped: z.number().int().openapi({ description: 'rows already imported before' }),
    rowErrors: z.array(RowError),
    records: z.array(RecordEffect),
  })
  .openapi('StatementImport');
export type ImportAnswer = z.infer<typeof ImportAnswer>;

export const PointsBody = z
  .object({ balance: integer(0, MAX_POINTS) })
  .strict()
  .openapi('CardPoints');
