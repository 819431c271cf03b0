import { and, desc, eq, inArray } from 'drizzle-orm';
import { AppError, type Outcome, toOutcome } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { iso } from '../../lib/iso';
import * as schema from '../../schema/directory';
import type {
  FapiaoRequest,
  FapiaoRequestBody,
  FapiaoStatus,
  InvoiceSettlement,
  PaymentProof,
  ProofStatus,
} from '../../schema/dto/invoice-payments';
import type { PaymentConfirmation, PaymentViewer } from '../../schema/dto/payments';
import { view as orderView, type PaymentOrderRow, type PaymentOrders } from '../payments/orders';
import type { DirectoryHost, Operator } from './host';
import {
  orderEffect,
  requireFapiaoAllowed,
  requireOpenFapiao,
  requirePayable,
  requirePendingProof,
} from './invoice-settlement';
import type { Invoices } from './invoices';
import type { Requester } from './plan-changes';
import { settlementMails } from './settlement-mails';

const { invoices, paymentOrders, paymentProofs, fapiaoRequests, tenants } = schema;
type InvoiceRow = typeof invoices.$inferSelect;
type ProofRow = typeof paymentProofs.$inferSelect;
type FapiaoRow = typeof fapiaoRequests.$inferSelect;

export const INVOICE_PURPOSE = 'platform_invoice';

export interface ProofFile {
  proofId: string;
  fileKey: string;
  fileType: string;
  fileSize: number;
  note: string | null;
}
export type ProofDecision = { accept: true } | { accept: false; reason: string };
export type FapiaoDecision = { issue: true; fapiaoNumber: string } | { issue: false; reason: string };

export type InvoicePaymentsHost = Pick<
  DirectoryHost,
  'db' | 'now' | 'write' | 'requireCompany' | 'mailTenant' | 'logOperation' | 'platformName'
>;

/**
 * How companies settle the platform's invoices (issue #22 item 2): a payment order the Directory keeps
 * beside the invoice (so the order is paid and the invoice settled in one transaction), a payment proof
 * a platform administrator accepts or rejects, and fapiao requests.
 */
export class InvoicePayments {
  constructor(
    private readonly host: InvoicePaymentsHost,
    private readonly orders: PaymentOrders,
    private readonly invoiceBook: Pick<Invoices, 'recordPayment'>,
  ) {}

  private get db() {
    return this.host.db;
  }

  /** The open order for the invoice, or a new one for its total; the company's admins only. */
  startPayment(tenantId: string, invoiceId: string, requester: Requester) {
    return this.host.write(() => {
      const invoice = this.companyInvoice(tenantId, invoiceId, requester);
      requirePayable(invoice);
      const open = this.openOrder(invoice.id);
      if (open) return orderView(open);
      return orderView(
        this.orders.create({
          purpose: INVOICE_PURPOSE,
          subject: { invoiceId: invoice.id },
          description: `${invoice.number} (${invoice.period})`,
          ownerUserId: requester.id,
          amountFen: invoice.totalFen,
        }),
      );
    });
  }

  paymentOrder(id: string, viewer: PaymentViewer) {
    return toOutcome(() => this.orders.get(id, viewer));
  }

  /** The order is marked paid and its invoice settled in one transaction; a repeat changes nothing. */
  confirmPayment(id: string, confirmation: PaymentConfirmation) {
    return this.host.write(() =>
      this.orders.confirm(id, confirmation, (order) => {
        if (order.purpose !== INVOICE_PURPOSE)
          throw new AppError(409, 'UNKNOWN_PURCHASE', `nothing here sells ${order.purpose}`);
        const { invoiceId } = order.subject as { invoiceId: string };
        const invoice = this.requireInvoice(invoiceId);
        if (orderEffect(invoice, order.amountFen) === 'surplus') return;
        this.invoiceBook.recordPayment(
          invoice.id,
          { paymentMethod: 'payment_order', paymentReference: order.id },
          null,
        );
      }),
    );
  }

  /** Stores the record of a proof whose file the route put in R2 already. */
  submitProof(
    tenantId: string,
    invoiceId: string,
    file: ProofFile,
    requester: Requester,
  ): Promise<Outcome<PaymentProof>> {
    return this.host.write(() => {
      const invoice = this.companyInvoice(tenantId, invoiceId, requester);
      requirePayable(invoice);
      const row = this.db
        .insert(paymentProofs)
        .values({
          id: file.proofId,
          invoiceId,
          tenantId,
          fileKey: file.fileKey,
          fileType: file.fileType,
          fileSize: file.fileSize,
          note: file.note,
          uploadedBy: requester.id,
          status: 'pending',
          createdAt: this.host.now(),
        })
        .returning()
        .get();
      return proofView(row, invoice);
    });
  }

  /** Accepting settles the invoice (a transfer, referenced by the proof); rejecting mails the reason. */
  reviewProof(proofId: string, decision: ProofDecision, operator: Operator): Promise<Outcome<PaymentProof>> {
    return this.host.write(() => {
      const proof = this.requireProof(proofId);
      requirePendingProof(proof);
      const invoice = this.requireInvoice(proof.invoiceId);
      if (decision.accept) {
        this.invoiceBook.recordPayment(
          invoice.id,
          { paymentMethod: 'bank_transfer', paymentReference: proof.id },
          operator,
        );
      } else {
        const company = this.host.requireCompany(proof.tenantId);
        this.host.mailTenant(
          company,
          settlementMails.proofRejected({
            company,
            number: invoice.number,
            reason: decision.reason,
            platform: this.host.platformName(),
          }),
        );
      }
      const reviewed = this.db
        .update(paymentProofs)
        .set({
          status: decision.accept ? 'accepted' : 'rejected',
          reason: decision.accept ? null : decision.reason,
          reviewedBy: operator.adminId,
          reviewedAt: this.host.now(),
        })
        .where(eq(paymentProofs.id, proof.id))
        .returning()
        .get()!;
      this.host.logOperation(operator, proof.tenantId, `invoice.proof_${reviewed.status}`, {
        proofId: proof.id,
        invoiceId: invoice.id,
        number: invoice.number,
      });
      return proofView(reviewed, this.requireInvoice(invoice.id));
    });
  }

  /** The proof's file key, for the admin download. */
  proofFile(proofId: string): Outcome<{ fileKey: string; fileType: string }> {
    return toOutcome(() => {
      const proof = this.requireProof(proofId);
      return { fileKey: proof.fileKey, fileType: proof.fileType };
    });
  }

  requestFapiao(
    tenantId: string,
    invoiceId: string,
    body: FapiaoRequestBody,
    requester: Requester,
  ): Promise<Outcome<FapiaoRequest>> {
    return this.host.write(() => {
      const invoice = this.companyInvoice(tenantId, invoiceId, requester);
      const earlier = this.db
        .select({ status: fapiaoRequests.status })
        .from(fapiaoRequests)
        .where(eq(fapiaoRequests.invoiceId, invoiceId))
        .all()
        .map((r) => r.status);
      requireFapiaoAllowed(invoice, earlier);
      const row = this.db
        .insert(fapiaoRequests)
        .values({
          id: newId('fpq'),
          invoiceId,
          tenantId,
          ...body,
          status: 'requested',
          requestedBy: requester.id,
          createdAt: this.host.now(),
        })
        .returning()
        .get();
      return fapiaoView(row, invoice);
    });
  }

  decideFapiao(
    requestId: string,
    decision: FapiaoDecision,
    operator: Operator,
  ): Promise<Outcome<FapiaoRequest>> {
    return this.host.write(() => {
      const request = this.db.select().from(fapiaoRequests).where(eq(fapiaoRequests.id, requestId)).get();
      if (!request) throw new AppError(404, 'FAPIAO_REQUEST_NOT_FOUND', 'no fapiao request with that id');
      requireOpenFapiao(request);
      const invoice = this.requireInvoice(request.invoiceId);
      const decided = this.db
        .update(fapiaoRequests)
        .set({
          status: decision.issue ? 'issued' : 'rejected',
          fapiaoNumber: decision.issue ? decision.fapiaoNumber : null,
          reason: decision.issue ? null : decision.reason,
          decidedBy: operator.adminId,
          decidedAt: this.host.now(),
        })
        .where(eq(fapiaoRequests.id, requestId))
        .returning()
        .get()!;
      const company = this.host.requireCompany(request.tenantId);
      this.host.mailTenant(
        company,
        settlementMails.fapiaoDecided({
          company,
          number: invoice.number,
          fapiaoNumber: decided.fapiaoNumber,
          reason: decided.reason,
          platform: this.host.platformName(),
        }),
      );
      this.host.logOperation(operator, request.tenantId, `invoice.fapiao_${decided.status}`, {
        requestId,
        invoiceId: invoice.id,
        number: invoice.number,
      });
      return fapiaoView(decided, invoice);
    });
  }

  /** Each of the company's invoices with its open order, latest proof and latest fapiao request. */
  settlements(tenantId: string, requester: Requester): Outcome<{ items: InvoiceSettlement[] }> {
    return toOutcome(() => {
      requireCompanyAdmin(requester);
      const rows = this.db.select().from(invoices).where(eq(invoices.tenantId, tenantId)).all();
      const ids = rows.map((r) => r.id);
      const proofs = latestBy(
        this.db.select().from(paymentProofs).where(inArray(paymentProofs.invoiceId, ids)).all(),
      );
      const fapiaos = latestBy(
        this.db.select().from(fapiaoRequests).where(inArray(fapiaoRequests.invoiceId, ids)).all(),
      );
      const items = rows.map((invoice) => {
        const order = invoice.status === 'paid' ? undefined : this.openOrder(invoice.id);
        const proof = proofs.get(invoice.id);
        const fapiao = fapiaos.get(invoice.id);
        return {
          invoiceId: invoice.id,
          order: order ? orderView(order) : null,
          proof: proof ? proofView(proof, invoice) : null,
          fapiao: fapiao ? fapiaoView(fapiao, invoice) : null,
        };
      });
      return { items };
    });
  }

  /** Proofs waiting for review (or with the status asked for), oldest first, for the admin page. */
  listProofs(status: ProofStatus = 'pending'): { items: PaymentProof[] } {
    const rows = this.db
      .select({ p: paymentProofs, i: invoices })
      .from(paymentProofs)
      .innerJoin(invoices, eq(invoices.id, paymentProofs.invoiceId))
      .where(eq(paymentProofs.status, status))
      .orderBy(paymentProofs.createdAt)
      .limit(200)
      .all();
    return { items: rows.map(({ p, i }) => proofView(p, i)) };
  }

  listFapiaoRequests(status: FapiaoStatus = 'requested'): { items: FapiaoRequest[] } {
    const rows = this.db
      .select({ f: fapiaoRequests, i: invoices })
      .from(fapiaoRequests)
      .innerJoin(invoices, eq(invoices.id, fapiaoRequests.invoiceId))
      .where(eq(fapiaoRequests.status, status))
      .orderBy(fapiaoRequests.createdAt)
      .limit(200)
      .all();
    return { items: rows.map(({ f, i }) => fapiaoView(f, i)) };
  }

  private openOrder(invoiceId: string): PaymentOrderRow | undefined {
    return this.db
      .select()
      .from(paymentOrders)
      .where(and(eq(paymentOrders.purpose, INVOICE_PURPOSE), eq(paymentOrders.status, 'pending')))
      .orderBy(desc(paymentOrders.createdAt))
      .all()
      .find((o) => (o.subject as { invoiceId?: string }).invoiceId === invoiceId);
  }

  /** An invoice of this company (another company's is "not found"), for one of its admins. */
  private companyInvoice(tenantId: string, invoiceId: string, requester: Requester): InvoiceRow {
    requireCompanyAdmin(requester);
    const row = this.db
      .select()
      .from(invoices)
      .where(and(eq(invoices.id, invoiceId), eq(invoices.tenantId, tenantId)))
      .get();
    if (!row) throw new AppError(404, 'INVOICE_NOT_FOUND', 'no invoice with that id');
    const company = this.db
      .select({ deletedAt: tenants.deletedAt })
      .from(tenants)
      .where(eq(tenants.id, tenantId))
      .get();
    if (company?.deletedAt) throw new AppError(404, 'INVOICE_NOT_FOUND', 'no invoice with that id');
    return row;
  }

  private requireInvoice(id: string): InvoiceRow {
    const row = this.db.select().from(invoices).where(eq(invoices.id, id)).get();
    if (!row) throw new AppError(404, 'INVOICE_NOT_FOUND', 'no invoice with that id');
    return row;
  }

  private requireProof(id: string): ProofRow {
    const row = this.db.select().from(paymentProofs).where(eq(paymentProofs.id, id)).get();
    if (!row) throw new AppError(404, 'PROOF_NOT_FOUND', 'no payment proof with that id');
    return row;
  }
}

function requireCompanyAdmin(requester: Requester): void {
  if (requester.kind === 'admin' || requester.role === 'admin') return;
  throw new AppError(
    403,
    'TENANT_ADMIN_REQUIRED',
    "only a company administrator may settle the company's invoices",
  );
}

/** The newest row per invoice. */
function latestBy<T extends { invoiceId: string; createdAt: number }>(rows: T[]): Map<string, T> {
  const latest = new Map<string, T>();
  for (const row of rows) {
    const seen = latest.get(row.invoiceId);
    if (!seen || seen.createdAt <= row.createdAt) latest.set(row.invoiceId, row);
  }
  return latest;
}

function proofView(row: ProofRow, invoice: InvoiceRow): PaymentProof {
  return {
    id: row.id,
    invoiceId: row.invoiceId,
    invoiceNumber: invoice.number,
    companyId: row.tenantId,
    fileType: row.fileType,
    fileSize: row.fileSize,
    note: row.note,
    status: row.status,
    reason: row.reason,
    createdAt: iso(row.createdAt),
    reviewedAt: iso(row.reviewedAt),
  };
}

function fapiaoView(row: FapiaoRow, invoice: InvoiceRow): FapiaoRequest {
  return {
    id: row.id,
    invoiceId: row.invoiceId,
    invoiceNumber: invoice.number,
    companyId: row.tenantId,
    title: row.title,
    taxNumber: row.taxNumber,
    type: row.type,
    status: row.status,
    fapiaoNumber: row.fapiaoNumber,
    reason: row.reason,
    createdAt: iso(row.createdAt),
    decidedAt: iso(row.decidedAt),
  };
}
