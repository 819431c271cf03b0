import type { Outcome } from '../../lib/errors';
import type {
  PaymentConfirmAnswer,
  PaymentConfirmation,
  PaymentOrder,
  PaymentViewer,
} from '../../schema/dto/payments';

/** What every actor that sells something answers, so the payments route reaches any of them the same way. */
export interface PaymentOwner {
  paymentOrder(id: string, viewer: PaymentViewer): Outcome<PaymentOrder>;
  confirmPayment(id: string, confirmation: PaymentConfirmation): Promise<Outcome<PaymentConfirmAnswer>>;
}
