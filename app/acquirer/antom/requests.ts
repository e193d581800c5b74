// The exact JSON bodies of Antom's in-store calls (ACQUIRER.md). Each builder serialises once:
// the string it returns is what the journal stores, what gets signed and what goes on the wire,
// so a retry resends the identical bytes and the acquirer's idempotency check sees the same body.
import type { Money } from '../../domain/money.ts';
import { dubaiIso } from '../../domain/time.ts';
import { RequestError, type PayRequest, type RefundRequest } from '../port.ts';

export type { PayScenario } from '../port.ts';
export { RequestError } from '../port.ts';

/** The port's pay request: everything Antom's pay body is built from. */
export type PayInput = PayRequest;

const REQUEST_ID = /^[A-Za-z0-9_-]{1,64}$/;

function requestId(id: string, what: string): string {
  if (!REQUEST_ID.test(id)) throw new RequestError('REQUEST_ID_INVALID', `${what} must be 1–64 letters, digits, "_" or "-"`);
  return id;
}

/** `{ currency, value }` with value a string of minor units, as Antom expects. */
export function wireAmount(m: Money): { currency: string; value: string } {
  if (!Number.isSafeInteger(m.minor) || m.minor <= 0) throw new RequestError('AMOUNT_INVALID', `An amount sent to the acquirer must be a positive whole number of minor units (got ${m.minor})`);
  return { currency: m.currency, value: String(m.minor) };
}

function text(value: string, what: string, max: number): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw new RequestError('FIELD_INVALID', `${what} must be 1–${max} characters`);
  }
  return value;
}

export function payBody(input: PayInput): string {
  const { config } = input;
  const amount = wireAmount(input.amount);
  let paymentMethod: Record<string, string>;
  switch (input.scenario) {
    case 'PaymentCode':
      if (!input.code) throw new RequestError('CODE_MISSING', 'A payment-code payment needs the scanned code');
      paymentMethod = { paymentMethodType: 'CONNECT_WALLET', paymentMethodId: input.code };
      break;
    case 'OrderCode':
      if (input.code) throw new RequestError('CODE_UNEXPECTED', 'An order-code payment carries no customer code');
      paymentMethod = { paymentMethodType: 'CONNECT_WALLET' };
      break;
    default: {
      const never: never = input.scenario;
      throw new RequestError('FIELD_INVALID', `Unknown payment scenario ${String(never)}`);
    }
  }
  // Key order follows Antom's documentation (and the shared test vector): nothing depends on it
  // but a person diffing a journalled body against the docs.
  const body = {
    productCode: 'IN_STORE_PAYMENT',
    paymentRequestId: requestId(input.paymentRequestId, 'paymentRequestId'),
    paymentAmount: amount,
    paymentMethod,
    paymentFactor: { inStorePaymentScenario: input.scenario },
    order: {
      orderAmount: amount,
      orderDescription: text(input.orderDescription, 'orderDescription', 256),
      referenceOrderId: text(input.referenceOrderId, 'referenceOrderId', 64),
      merchant: {
        referenceMerchantId: config.merchant.referenceMerchantId,
        merchantName: config.merchant.merchantName,
        merchantMCC: config.merchant.merchantMCC,
        store: {
          referenceStoreId: config.store.referenceStoreId,
          storeName: config.store.storeName,
          storeMCC: config.store.storeMCC,
        },
      },
      env: {
        storeTerminalId: config.terminalId,
        storeTerminalRequestTime: dubaiIso(input.now),
      },
    },
    // Set explicitly: left out, the acquirer picks its own (longer) expiry and an unknown payment
    // stays open longer than the cashier waits.
    paymentExpiryTime: dubaiIso(new Date(input.now.getTime() + config.payment.paymentExpiryMinutes * 60_000)),
    ...(input.paymentNotifyUrl ? { paymentNotifyUrl: input.paymentNotifyUrl } : {}),
  };
  return JSON.stringify(body);
}

export function inquiryBody(paymentRequestId: string): string {
  return JSON.stringify({ paymentRequestId: requestId(paymentRequestId, 'paymentRequestId') });
}

export function cancelBody(paymentRequestId: string): string {
  return JSON.stringify({ paymentRequestId: requestId(paymentRequestId, 'paymentRequestId') });
}

export type RefundInput = RefundRequest;

export function refundBody(input: RefundInput): string {
  const body: Record<string, unknown> = {
    refundRequestId: requestId(input.refundRequestId, 'refundRequestId'),
    paymentId: text(input.paymentId, 'paymentId', 64),
    refundAmount: wireAmount(input.amount),
  };
  if (input.reason !== undefined && input.reason !== '') body.refundReason = text(input.reason, 'refundReason', 256);
  return JSON.stringify(body);
}

export function refundInquiryBody(refundRequestId: string): string {
  return JSON.stringify({ refundRequestId: requestId(refundRequestId, 'refundRequestId') });
}
