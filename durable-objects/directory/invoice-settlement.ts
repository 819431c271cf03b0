/**
 * When an invoice may be settled, and how its payment proofs and fapiao requests move (issue #22 item 2).
 * Pure; the InvoicePayments module applies them inside the Directory's transactions.
 */
import { AppError, fieldError } from '../../lib/errors';
import { sniffLicenceType } from '../legal/licence-file';

type InvoiceStatus = 'pending' | 'paid' | 'overdue' | 'cancelled';
type ProofStatus = 'pending' | 'accepted' | 'rejected';
type FapiaoStatus = 'requested' | 'issued' | 'rejected';

/** An invoice can be paid (online or by proof) while it is pending or overdue. */
export function requirePayable(invoice: { number: string; status: InvoiceStatus }): void {
  if (invoice.status === 'paid')
    throw new AppError(409, 'INVOICE_ALREADY_PAID', `invoice ${invoice.number} is paid already`);
  if (invoice.status === 'cancelled')
    throw new AppError(409, 'INVOICE_CANCELLED', `invoice ${invoice.number} is cancelled`);
}

/**
 * What a paid payment order does to its invoice: settles it when it is still payable and the amounts
 * agree; otherwise the money is on the order (never lost) and the invoice is left as it is, for finance
 * to refund (`surplus`).
 */
export function orderEffect(
  invoice: { status: InvoiceStatus; totalFen: number },
  orderAmountFen: number,
): 'settle' | 'surplus' {
  const payable = invoice.status === 'pending' || invoice.status === 'overdue';
  return payable && invoice.totalFen === orderAmountFen ? 'settle' : 'surplus';
}

/** A proof is reviewed once: accepted or rejected from pending only. */
export function requirePendingProof(proof: { id: string; status: ProofStatus }): void {
  if (proof.status !== 'pending')
    throw new AppError(
      409,
      'PROOF_ALREADY_REVIEWED',
      `payment proof ${proof.id} was ${proof.status} already`,
    );
}

/** A fapiao request is decided once: issued or rejected from requested only. */
export function requireOpenFapiao(request: { id: string; status: FapiaoStatus }): void {
  if (request.status !== 'requested')
    throw new AppError(
      409,
      'FAPIAO_ALREADY_DECIDED',
      `fapiao request ${request.id} was ${request.status} already`,
    );
}

/**
 * One fapiao per invoice: a new request is refused for a cancelled invoice or while another request is
 * open or issued; after a rejection the company may ask again (with corrected details).
 */
export function requireFapiaoAllowed(
  invoice: { number: string; status: InvoiceStatus },
  earlier: FapiaoStatus[],
): void {
  if (invoice.status === 'cancelled')
    throw new AppError(409, 'INVOICE_CANCELLED', `invoice ${invoice.number} is cancelled`);
  if (earlier.some((s) => s !== 'rejected'))
    throw new AppError(
      409,
      'FAPIAO_ALREADY_REQUESTED',
      `a fapiao for invoice ${invoice.number} is requested already`,
    );
}

export const MAX_PROOF_BYTES = 10 * 1024 * 1024;
const PROOF_FIELD = 'body';

/** A payment proof is a PDF, JPEG or PNG (by its first bytes) of at most 10 MiB; answers its real type. */
export function checkProofFile(size: number, head: Uint8Array): string {
  if (size === 0) throw fieldError(400, 'FILE_EMPTY', PROOF_FIELD, 'the file is empty');
  if (size > MAX_PROOF_BYTES)
    throw fieldError(
      413,
      'FILE_TOO_LARGE',
      PROOF_FIELD,
      `a payment proof may be at most ${MAX_PROOF_BYTES} bytes`,
    );
  const type = sniffLicenceType(head);
  if (!type)
    throw fieldError(
      415,
      'FILE_TYPE_NOT_ALLOWED',
      PROOF_FIELD,
      'a payment proof must be a PDF, JPEG or PNG file',
    );
  return type;
}
