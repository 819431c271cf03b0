import { AppError, fieldError, type Outcome, toOutcome } from '../../../lib/errors';
import { newId } from '../../../lib/ids';
import { iso } from '../../../lib/iso';
import {
  conditionProblem,
  type Rule,
  type RuleCreate,
  type RuleListQuery,
  type RuleUpdate,
} from '../../../schema/dto/cards';
import type { Page } from '../../../schema/dto/common';
import type { Caller } from '../access';
import type { FeeLedger } from './fee-ledger';
import type { CardScope } from './scope';

interface RuleRow {
  id: string;
  ruleName: string;
  feeType: Rule['feeType'];
  baseFeeFen: number;
  waiverConditionValue: number | null;
  waiverPeriodMonths: number;
  description: string | null;
  cardCount: number;
  createdAt: number;
  updatedAt: number;
  [column: string]: SqlStorageValue;
}

const RULE_SELECT = `SELECT r.id, r.rule_name AS ruleName, r.fee_type AS feeType, r.base_fee_fen AS baseFeeFen,
  r.waiver_condition_value AS waiverConditionValue, r.waiver_period_months AS waiverPeriodMonths,
  r.description, (SELECT count(*) FROM cards c WHERE c.rule_id = r.id) AS cardCount,
  r.created_at AS createdAt, r.updated_at AS updatedAt FROM card_fee_rules r`;

const view = (r: RuleRow): Rule => ({
  id: r.id,
  ruleName: r.ruleName,
  feeType: r.feeType,
  baseFeeFen: r.baseFeeFen,
  waiverConditionValue: r.waiverConditionValue,
  waiverPeriodMonths: r.waiverPeriodMonths,
  description: r.description,
  cardCount: r.cardCount,
  createdAt: iso(r.createdAt),
  updatedAt: iso(r.updatedAt),
});

/**
 * The company's annual-fee rules (SPEC C1): every member reads them to pick one for a card; only its
 * administrators write them. A rule in use cannot be deleted; a changed rule applies at once to the
 * open fees of its cards (their amounts stay what was billed).
 */
export class FeeRules {
  constructor(
    private readonly scope: CardScope,
    private readonly fees: FeeLedger,
  ) {}

  private row(id: string): RuleRow | undefined {
    return this.scope.sql.exec<RuleRow>(`${RULE_SELECT} WHERE r.id = ?`, id).toArray()[0];
  }

  private require(id: string): RuleRow {
    const row = this.row(id);
    if (!row) throw new AppError(404, 'RULE_NOT_FOUND', 'no annual-fee rule with that id');
    return row;
  }

  create(caller: Caller, input: RuleCreate): Promise<Outcome<Rule>> {
    return this.scope.host.write(() => {
      this.scope.who(caller, 'admin');
      const now = this.scope.host.now();
      const id = newId('rule');
      this.scope.sql.exec(
        `INSERT INTO card_fee_rules (id, rule_name, fee_type, base_fee_fen, waiver_condition_value,
           waiver_period_months, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        id,
        input.ruleName,
        input.feeType,
        input.baseFeeFen,
        input.waiverConditionValue ?? null,
        input.waiverPeriodMonths,
        input.description || null,
        now,
        now,
      );
      return view(this.require(id));
    });
  }

  list(caller: Caller, query: RuleListQuery): Outcome<Page<Rule>> {
    return toOutcome(() => {
      this.scope.who(caller);
      const bySeed = query.skip !== undefined || query.limit !== undefined;
      const pageSize = bySeed ? (query.limit ?? 100) : query.pageSize;
      const offset = bySeed ? (query.skip ?? 0) : (query.page - 1) * query.pageSize;
      const where = query.feeType ? 'WHERE r.fee_type = ?1' : 'WHERE ?1 IS NULL';
      const total = this.scope.sql
        .exec<{ n: number }>(`SELECT count(*) AS n FROM card_fee_rules r ${where}`, query.feeType ?? null)
        .one().n;
      const items = this.scope.sql
        .exec<RuleRow>(
          `${RULE_SELECT} ${where} ORDER BY r.created_at, r.id LIMIT ?2 OFFSET ?3`,
          query.feeType ?? null,
          pageSize,
          offset,
        )
        .toArray()
        .map(view);
      return { items, total, page: Math.floor(offset / pageSize) + 1, pageSize };
    });
  }

  get(caller: Caller, id: string): Outcome<Rule> {
    return toOutcome(() => {
      this.scope.who(caller);
      return view(this.require(id));
    });
  }

  update(caller: Caller, id: string, patch: RuleUpdate): Promise<Outcome<Rule>> {
    return this.scope.host.write(() => {
      const who = this.scope.who(caller, 'admin');
      const before = this.require(id);
      const merged = {
        ruleName: patch.ruleName ?? before.ruleName,
        feeType: patch.feeType ?? before.feeType,
        baseFeeFen: patch.baseFeeFen ?? before.baseFeeFen,
        waiverConditionValue:
          patch.waiverConditionValue !== undefined
            ? patch.waiverConditionValue
            : patch.feeType === 'rigid'
              ? null
              : before.waiverConditionValue,
        waiverPeriodMonths: patch.waiverPeriodMonths ?? before.waiverPeriodMonths,
        description: patch.description !== undefined ? patch.description || null : before.description,
      };
      const problem = conditionProblem(merged.feeType, merged.waiverConditionValue);
      if (problem)
        throw fieldError(
          400,
          'VALIDATION_FAILED',
          'body.waiverConditionValue',
          problem.message,
          problem.rule,
        );
      this.scope.sql.exec(
        `UPDATE card_fee_rules SET rule_name = ?, fee_type = ?, base_fee_fen = ?, waiver_condition_value = ?,
           waiver_period_months = ?, description = ?, updated_at = ? WHERE id = ?`,
        merged.ruleName,
        merged.feeType,
        merged.baseFeeFen,
        merged.waiverConditionValue,
        merged.waiverPeriodMonths,
        merged.description,
        this.scope.host.now(),
        id,
      );
      this.fees.termsChanged(who.profile, 'c.rule_id = ?', id);
      return view(this.require(id));
    });
  }

  delete(caller: Caller, id: string): Promise<Outcome<{ id: string; deleted: true }>> {
    return this.scope.host.write(() => {
      this.scope.who(caller, 'admin');
      const row = this.require(id);
      if (row.cardCount > 0) {
        throw new AppError(
          409,
          'RULE_IN_USE',
          `the rule is used by ${row.cardCount} card(s): move them to another rule first`,
          {
            cards: row.cardCount,
          },
        );
      }
      this.scope.sql.exec('DELETE FROM card_fee_rules WHERE id = ?', id);
      return { id, deleted: true as const };
    });
  }
}
