import type { DrizzleSqliteDODatabase } from 'drizzle-orm/durable-sqlite';
import { type CaseType, DEMO_USER_WORKSPACE } from '../../../schema/dto/legal-catalog';
import * as schema from '../../../schema/legal-client';
import { serviceFeeFen } from '../fees';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type NewCase = typeof schema.clientCases.$inferInsert;

/** The demo user's cases, made relative to `now` so the workspace always looks recent (SPEC D3). */
export function demoClientCases(now: number): NewCase[] {
  const base = (
    id: string,
    caseType: CaseType,
    practiceArea: string,
    amountFen: number,
    description: string,
    createdAt: number,
  ): NewCase => ({
    id,
    caseType,
    practiceArea,
    amountFen,
    description,
    serviceFeeFen: serviceFeeFen(caseType, amountFen),
    orderId: `demo-order-${id}`,
    status: 'dispatching',
    createdAt,
    updatedAt: createdAt,
    paidAt: createdAt + HOUR,
  });
  return [
    {
      ...base(
        'demo-case-003',
        'debt_collection',
        'debt',
        38_000_00,
        '供货货款逾期三个月未付 Supplier invoice three months overdue',
        now - 9 * DAY,
      ),
      status: 'completed',
      lawyerName: '张律师（演示）',
      lawFirm: '演示律师事务所',
      assignedAt: now - 9 * DAY + 2 * HOUR,
      completedAt: now - 2 * DAY,
      outcome: 'success',
      stars: 5,
      reviewedAt: now - DAY,
    },
    {
      ...base(
        'demo-case-004',
        'contract_review',
        'contract',
        0,
        '审查一份房屋租赁合同 Review a flat lease',
        now - 2 * DAY,
      ),
      status: 'assigned',
      lawyerName: '张律师（演示）',
      lawFirm: '演示律师事务所',
      assignedAt: now - 2 * DAY + 3 * HOUR,
    },
    {
      ...base(
        'demo-case-005',
        'lawyer_letter',
        'labor',
        12_000_00,
        '拖欠工资催告 Unpaid wages notice',
        now - 5 * HOUR,
      ),
      dispatchState: 'pooled',
      dispatchSeq: 2,
    },
  ];
}

/** Fills the demo actor once; later calls find it filled and change nothing. */
export function seedDemoClient(db: DrizzleSqliteDODatabase<typeof schema>, workspaceId: string, now: number) {
  if (db.select().from(schema.client).get()) return null;
  db.insert(schema.client)
    .values({
      id: 1,
      userId: DEMO_USER_WORKSPACE,
      workspaceId,
      name: '李先生（演示）',
      email: 'demo-user@example.invalid',
      demo: true,
      createdAt: now - 30 * DAY,
    })
    .run();
  for (const row of demoClientCases(now)) db.insert(schema.clientCases).values(row).run();
  return null;
}
