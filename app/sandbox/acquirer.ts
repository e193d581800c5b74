// What the sandbox acquirer answers, apart from HTTP: Antom's in-store semantics (ACQUIRER.md) over
// the sandbox ledger. Each call is one IMMEDIATE transaction, so a reply is only ever produced for
// a state that is already committed — which is what lets the fault injector drop it afterwards.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { z } from 'zod';
import { cancelCutoff } from '../domain/time.ts';
import { writeTx } from '../journal/tx.ts';
import type { CodeRow, LedgerDb, PaymentRow, RefundRow } from './ledger.ts';
import { magicFor, type MagicAmount } from './magic.ts';

export type ResultStatus = 'S' | 'F' | 'U';

export interface Reply {
  result: { resultStatus: ResultStatus; resultCode: string; resultMessage: string };
  [field: string]: unknown;
}

export interface AcquirerOptions {
  /** The sandbox clock (epoch ms): tests move it to pass a code's life or the cancel cut-off. */
  now: () => number;
  codeTtlMs: number;
  cancelCutoffMinutes: number;
  /** The URL of the wallet page for an order token (the order code's QR content). */
  orderUrl: (token: string) => string;
}

const MESSAGES: Record<string, string> = {
  SUCCESS: 'Success',
  PAYMENT_IN_PROCESS: 'The payment is being processed',
  UNKNOWN_EXCEPTION: 'An unknown exception occurred',
  REQUEST_TRAFFIC_EXCEED_LIMIT: 'Too many requests, slow down',
  EXPIRED_CODE: 'The payment code has expired',
  INVALID_CODE: 'The payment code is not valid',
  INVALID_PAYMENT_CODE: 'The payment code is not valid or has been used',
  ORDER_IS_CLOSED: 'The order is closed',
  ORDER_NOT_EXIST: 'The order does not exist',
  ORDER_IS_CANCELED: 'The order has been cancelled',
  ORDER_STATUS_INVALID: 'The order is not in a state that allows this',
  CANCEL_WINDOW_EXCEED: 'The cancel window has passed: refund instead',
  REFUND_AMOUNT_EXCEED: 'The total refunded would exceed the amount paid',
  REFUND_WINDOW_EXCEED: 'The refund window has passed',
  REPEAT_REQ_INCONSISTENT: 'Same request id with a different request body',
  PARAM_ILLEGAL: 'Illegal parameters',
  CURRENCY_NOT_SUPPORT: 'The currency is not supported',
  USER_BALANCE_NOT_ENOUGH: "The customer's balance is not enough",
  USER_AMOUNT_EXCEED_LIMIT: "The amount exceeds the customer's limit",
  PAYMENT_AMOUNT_EXCEED_LIMIT: 'The amount exceeds the payment limit',
  PAYMENT_COUNT_EXCEED_LIMIT: 'Too many payments for this customer',
  USER_STATUS_ABNORMAL: "The customer's account is restricted",
  USER_NOT_EXIST: 'The customer account does not exist',
  USER_KYC_NOT_QUALIFIED: 'The customer has not completed identity checks',
  USER_PAYMENT_VERIFICATION_FAILED: 'The customer failed payment verification',
  VERIFY_TIMES_EXCEED_LIMIT: 'Too many verification attempts',
  RISK_REJECT: 'Rejected for risk reasons',
  FRAUD_REJECT: 'Rejected as suspected fraud',
  SUSPECTED_RISK: 'Suspected risk',
  INVALID_SIGNATURE: 'The request signature does not verify',
  KEY_NOT_FOUND: 'No public key is registered for this client',
  CLIENT_INVALID: 'The client id is not valid',
  ACCESS_DENIED: 'Access denied',
  INVALID_CONTRACT: 'The merchant contract is not valid',
  MERCHANT_NOT_REGISTERED: 'The merchant is not registered',
  PROCESS_FAIL: 'Processing failed',
  SYSTEM_ERROR: 'System error',
};

export function result(resultStatus: ResultStatus, resultCode: string): Reply['result'] {
  return { resultStatus, resultCode, resultMessage: MESSAGES[resultCode] ?? resultCode };
}

const reply = (resultStatus: ResultStatus, resultCode: string, fields: Record<string, unknown> = {}): Reply => ({
  result: result(resultStatus, resultCode),
  ...fields,
});

// ---- request schemas: anything else is PARAM_ILLEGAL, with the first problem in the message ----

const id64 = z.string().min(1).max(64);
const Amount = z.object({ currency: z.string().length(3), value: z.union([z.string().regex(/^\d+$/), z.number().int()]) });
const PayRequest = z.object({
  productCode: z.literal('IN_STORE_PAYMENT'),
  paymentRequestId: id64,
  paymentAmount: Amount,
  paymentMethod: z.object({ paymentMethodType: z.string().min(1), paymentMethodId: z.string().max(128).optional() }),
  paymentFactor: z.object({ inStorePaymentScenario: z.enum(['PaymentCode', 'OrderCode']) }),
  order: z.object({
    orderAmount: Amount.optional(),
    orderDescription: z.string().min(1).max(256),
    referenceOrderId: z.string().max(64).optional(),
    merchant: z.object({
      referenceMerchantId: z.string().min(1).max(64),
      merchantName: z.string().min(1).max(256),
      merchantMCC: z.string().optional(),
      store: z.object({ referenceStoreId: z.string().min(1).max(64), storeName: z.string().max(256).optional() }).optional(),
    }),
    env: z.object({ storeTerminalId: z.string().optional(), storeTerminalRequestTime: z.string().optional() }).optional(),
  }),
  paymentExpiryTime: z.string().optional(),
  paymentNotifyUrl: z.string().optional(),
});
const ByPayment = z.object({ paymentRequestId: id64.optional(), paymentId: id64.optional() }).refine((b) => b.paymentRequestId || b.paymentId, {
  message: 'paymentRequestId or paymentId is required',
});
const RefundRequest = z.object({ refundRequestId: id64, paymentId: id64, refundAmount: Amount, refundReason: z.string().max(256).optional() });
const ByRefund = z.object({ refundRequestId: id64.optional(), refundId: id64.optional() }).refine((b) => b.refundRequestId || b.refundId, {
  message: 'refundRequestId or refundId is required',
});

function paramIllegal(error: z.ZodError): Reply {
  const issue = error.issues[0];
  const where = issue?.path.join('.') || 'body';
  return { result: { resultStatus: 'F', resultCode: 'PARAM_ILLEGAL', resultMessage: `Illegal parameter ${where}: ${issue?.message ?? 'invalid'}` } };
}

/** Key order and whitespace do not make two bodies different; any value does. */
export function bodyHash(body: unknown): string {
  return createHash('sha256').update(canonical(body)).digest('hex');
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Antom's times are ISO-8601 in UTC+8. */
export function isoUtc8(ms: number): string {
  return `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

function digits(n: number): string {
  let s = '';
  while (s.length < n) s += String(randomInt(0, 1_000_000_000)).padStart(9, '0');
  return s.slice(0, n);
}

export function maskCode(code: string): string {
  return code.length <= 8 ? '…' : `${code.slice(0, 4)}…${code.slice(-4)}`;
}

/** Indicative AED→CNY rate of the sandbox wallet, in hundredths (1.94). Integer maths only. */
const CNY_PER_AED_HUNDREDTHS = 194;

export class SandboxAcquirer {
  constructor(
    private readonly db: LedgerDb,
    private readonly opts: AcquirerOptions,
  ) {}

  now(): number {
    return this.opts.now();
  }

  // ---- clients ----

  registerClient(clientId: string, publicKey: string): void {
    this.tx(() =>
      this.db
        .prepare(
          `INSERT INTO clients (client_id, public_key, registered_ms) VALUES (?, ?, ?)
           ON CONFLICT (client_id) DO UPDATE SET public_key = excluded.public_key, registered_ms = excluded.registered_ms`,
        )
        .run(clientId, publicKey, Date.now()),
    );
  }

  clientKey(clientId: string): string | undefined {
    const row = this.db.prepare('SELECT public_key FROM clients WHERE client_id = ?').get(clientId) as { public_key: string } | undefined;
    return row?.public_key;
  }

  // ---- wallet ----

  /** A fresh 24-digit payment code starting 28, single use, alive for codeTtlMs. */
  mintCode(pspName = 'ALIPAY_CN'): { code: string; expiresAt: string; pspName: string } {
    const now = this.now();
    const code = `28${digits(22)}`;
    const customerId = `13${digits(1)}****${digits(4)}`;
    this.tx(() =>
      this.db
        .prepare('INSERT INTO codes (code, psp_name, customer_id, minted_ms, expires_ms) VALUES (?, ?, ?, ?, ?)')
        .run(code, pspName, customerId, now, now + this.opts.codeTtlMs),
    );
    return { code, expiresAt: new Date(now + this.opts.codeTtlMs).toISOString(), pspName };
  }

  orderByToken(token: string): PaymentRow | undefined {
    return this.tx(() => {
      const row = this.db.prepare('SELECT * FROM payments WHERE order_token = ?').get(token) as PaymentRow | undefined;
      return row ? this.settle(row) : undefined;
    });
  }

  /** The "customer" confirms an order code in the wallet: money moves once. */
  walletPay(token: string): { ok: true; payment: PaymentRow } | { ok: false; code: 'ORDER_NOT_EXIST' | 'ORDER_IS_CLOSED' | 'ORDER_ALREADY_PAID'; message: string } {
    return this.tx(() => {
      const found = this.db.prepare('SELECT * FROM payments WHERE order_token = ?').get(token) as PaymentRow | undefined;
      if (!found) return { ok: false as const, code: 'ORDER_NOT_EXIST' as const, message: 'No order has this code' };
      const row = this.settle(found);
      if (row.status === 'SUCCESS') return { ok: false as const, code: 'ORDER_ALREADY_PAID' as const, message: 'This order is already paid' };
      if (row.status !== 'PROCESSING') return { ok: false as const, code: 'ORDER_IS_CLOSED' as const, message: 'This order is closed or has expired' };
      const now = this.now();
      this.db
        .prepare(`UPDATE payments SET status = 'SUCCESS', result_code = 'SUCCESS', paid_ms = ?, psp_name = 'ALIPAY_CN', customer_id = ? WHERE client_id = ? AND payment_request_id = ?`)
        .run(now, `13${digits(1)}****${digits(4)}`, row.client_id, row.payment_request_id);
      this.charge(row, now);
      return { ok: true as const, payment: this.payment(row.client_id, row.payment_request_id)! };
    });
  }

  // ---- Antom calls ----

  pay(clientId: string, raw: unknown, opts: { forceUnknown?: boolean } = {}): Reply {
    const parsed = PayRequest.safeParse(raw);
    if (!parsed.success) return paramIllegal(parsed.error);
    const req = parsed.data;
    if (req.paymentAmount.currency !== 'AED') return reply('F', 'CURRENCY_NOT_SUPPORT');
    const minor = Number(req.paymentAmount.value);
    if (!Number.isSafeInteger(minor) || minor <= 0) return reply('F', 'PARAM_ILLEGAL');
    if (req.order.orderAmount && (String(req.order.orderAmount.value) !== String(req.paymentAmount.value) || req.order.orderAmount.currency !== req.paymentAmount.currency)) {
      return { result: { resultStatus: 'F', resultCode: 'PARAM_ILLEGAL', resultMessage: 'Illegal parameter order.orderAmount: must equal paymentAmount' } };
    }
    const scenario = req.paymentFactor.inStorePaymentScenario;
    const code = req.paymentMethod.paymentMethodId;
    if (scenario === 'PaymentCode' && !code) {
      return { result: { resultStatus: 'F', resultCode: 'PARAM_ILLEGAL', resultMessage: 'Illegal parameter paymentMethod.paymentMethodId: required for PaymentCode' } };
    }
    const hash = bodyHash(raw);

    return this.tx(() => {
      const existing = this.payment(clientId, req.paymentRequestId);
      if (existing) {
        if (existing.body_hash !== hash) return reply('F', 'REPEAT_REQ_INCONSISTENT');
        return this.payReplyFromState(this.settle(existing));
      }
      const now = this.now();
      const base = {
        client_id: clientId,
        payment_request_id: req.paymentRequestId,
        body_hash: hash,
        scenario,
        amount_minor: minor,
        currency: req.paymentAmount.currency,
        payment_id: `${new Date(now).toISOString().slice(0, 10).replace(/-/g, '')}1940108001${digits(17)}`,
        created_ms: now,
        code_masked: code ? maskCode(code) : null,
        merchant_name: req.order.merchant.merchantName,
      };
      const tombstone = this.db.prepare('SELECT 1 FROM tombstones WHERE client_id = ? AND payment_request_id = ?').get(clientId, req.paymentRequestId);
      if (tombstone) {
        this.insertPayment({ ...base, status: 'FAIL', result_code: 'ORDER_IS_CLOSED' });
        return reply('F', 'ORDER_IS_CLOSED', { paymentRequestId: req.paymentRequestId });
      }

      const magic = magicFor(minor);
      if (magic && magic.behaviour === 'fail') {
        this.insertPayment({ ...base, status: 'FAIL', result_code: magic.resultCode });
        return reply('F', magic.resultCode, { paymentRequestId: req.paymentRequestId });
      }
      if (magic && magic.behaviour === 'unknown_not_registered') return reply('U', magic.resultCode);
      if (magic && magic.behaviour === 'unknown_then_fail') {
        this.insertPayment({ ...base, status: 'FAIL', result_code: 'USER_BALANCE_NOT_ENOUGH' });
        return reply('U', magic.resultCode);
      }

      if (scenario === 'OrderCode') return this.createOrder(base, req.paymentExpiryTime, now, magic, opts.forceUnknown ?? false);

      const codeRow = this.db.prepare('SELECT * FROM codes WHERE code = ?').get(code) as CodeRow | undefined;
      let codeFailure: string | undefined;
      if (!codeRow || codeRow.used_by !== null) codeFailure = 'INVALID_PAYMENT_CODE';
      else if (now >= codeRow.expires_ms) codeFailure = 'EXPIRED_CODE';
      if (codeFailure || !codeRow) {
        this.insertPayment({ ...base, status: 'FAIL', result_code: codeFailure ?? 'INVALID_PAYMENT_CODE' });
        return reply('F', codeFailure ?? 'INVALID_PAYMENT_CODE', { paymentRequestId: req.paymentRequestId });
      }
      this.db.prepare('UPDATE codes SET used_by = ? WHERE code = ?').run(req.paymentRequestId, code);
      const customer = { psp_name: codeRow.psp_name, customer_id: codeRow.customer_id };
      if (magic && magic.behaviour === 'unknown_forever') {
        this.insertPayment({ ...base, ...customer, status: 'PROCESSING', result_code: 'PAYMENT_IN_PROCESS' });
        return reply('U', magic.resultCode);
      }
      this.insertPayment({ ...base, ...customer, status: 'SUCCESS', result_code: 'SUCCESS', paid_ms: now });
      const row = this.payment(clientId, req.paymentRequestId)!;
      this.charge(row, now);
      if (magic && magic.behaviour === 'unknown_then_success') return reply('U', magic.resultCode);
      if (opts.forceUnknown) return reply('U', 'PAYMENT_IN_PROCESS');
      return this.payReplyFromState(row);
    });
  }

  inquiry(clientId: string, raw: unknown): Reply {
    const parsed = ByPayment.safeParse(raw);
    if (!parsed.success) return paramIllegal(parsed.error);
    return this.tx(() => {
      const found = this.findPayment(clientId, parsed.data);
      if (!found) return reply('F', 'ORDER_NOT_EXIST');
      const row = this.settle(found);
      return reply('S', 'SUCCESS', {
        paymentStatus: row.status,
        paymentResultCode: row.status === 'CANCELLED' ? 'ORDER_IS_CLOSED' : row.result_code,
        paymentResultMessage: MESSAGES[row.status === 'CANCELLED' ? 'ORDER_IS_CLOSED' : row.result_code] ?? row.result_code,
        ...this.paymentFields(row),
      });
    });
  }

  cancel(clientId: string, raw: unknown): Reply {
    const parsed = ByPayment.safeParse(raw);
    if (!parsed.success) return paramIllegal(parsed.error);
    return this.tx(() => {
      const now = this.now();
      const found = this.findPayment(clientId, parsed.data);
      if (!found) {
        // A pay that arrives after its cancel must not charge: remember the id.
        if (parsed.data.paymentRequestId) {
          this.db
            .prepare('INSERT OR IGNORE INTO tombstones (client_id, payment_request_id, at_ms) VALUES (?, ?, ?)')
            .run(clientId, parsed.data.paymentRequestId, now);
        }
        return reply('F', 'ORDER_NOT_EXIST');
      }
      const row = this.settle(found);
      const ids = { paymentRequestId: row.payment_request_id, paymentId: row.payment_id };
      if (row.status === 'CANCELLED') return reply('S', 'SUCCESS', { ...ids, cancelTime: isoUtc8(row.cancelled_ms ?? now) });
      if (now > cancelCutoff(new Date(row.created_ms), this.opts.cancelCutoffMinutes).getTime()) return reply('F', 'CANCEL_WINDOW_EXCEED', ids);
      const refunded = this.db.prepare(`SELECT COUNT(*) AS n FROM refunds WHERE payment_id = ? AND status = 'SUCCESS'`).get(row.payment_id) as { n: number };
      if (refunded.n > 0) return reply('F', 'ORDER_STATUS_INVALID', ids);
      const reversed = row.status === 'SUCCESS' ? row.amount_minor : 0;
      this.db
        .prepare(`UPDATE payments SET status = 'CANCELLED', cancelled_ms = ?, reversed_minor = ? WHERE client_id = ? AND payment_request_id = ?`)
        .run(now, reversed, row.client_id, row.payment_request_id);
      return reply('S', 'SUCCESS', { ...ids, cancelTime: isoUtc8(now) });
    });
  }

  refund(clientId: string, raw: unknown): Reply {
    const parsed = RefundRequest.safeParse(raw);
    if (!parsed.success) return paramIllegal(parsed.error);
    const req = parsed.data;
    const minor = Number(req.refundAmount.value);
    if (!Number.isSafeInteger(minor) || minor <= 0) return reply('F', 'PARAM_ILLEGAL');
    const hash = bodyHash(raw);
    return this.tx(() => {
      const existing = this.db.prepare('SELECT * FROM refunds WHERE client_id = ? AND refund_request_id = ?').get(clientId, req.refundRequestId) as RefundRow | undefined;
      if (existing) {
        if (existing.body_hash !== hash) return reply('F', 'REPEAT_REQ_INCONSISTENT');
        return this.refundReply(existing);
      }
      const found = this.findPayment(clientId, { paymentId: req.paymentId });
      if (!found) return reply('F', 'ORDER_NOT_EXIST');
      const payment = this.settle(found);
      const now = this.now();
      let failure: string | undefined;
      if (req.refundAmount.currency !== payment.currency) failure = 'CURRENCY_NOT_SUPPORT';
      else if (payment.status === 'CANCELLED') failure = 'ORDER_IS_CANCELED';
      else if (payment.status !== 'SUCCESS') failure = 'ORDER_STATUS_INVALID';
      else if (now - (payment.paid_ms ?? payment.created_ms) > 365 * 86_400_000) failure = 'REFUND_WINDOW_EXCEED';
      else if (this.refundedMinor(payment.payment_id) + minor > payment.amount_minor) failure = 'REFUND_AMOUNT_EXCEED';
      const row: RefundRow = {
        client_id: clientId,
        refund_request_id: req.refundRequestId,
        body_hash: hash,
        payment_request_id: payment.payment_request_id,
        payment_id: payment.payment_id,
        amount_minor: minor,
        currency: req.refundAmount.currency,
        status: failure ? 'FAIL' : 'SUCCESS',
        result_code: failure ?? 'SUCCESS',
        refund_id: failure ? null : `${new Date(now).toISOString().slice(0, 10).replace(/-/g, '')}1940108002${digits(17)}`,
        created_ms: now,
      };
      this.db
        .prepare(
          `INSERT INTO refunds (client_id, refund_request_id, body_hash, payment_request_id, payment_id, amount_minor, currency, status, result_code, refund_id, created_ms)
           VALUES (@client_id, @refund_request_id, @body_hash, @payment_request_id, @payment_id, @amount_minor, @currency, @status, @result_code, @refund_id, @created_ms)`,
        )
        .run(row);
      return this.refundReply(row);
    });
  }

  inquiryRefund(clientId: string, raw: unknown): Reply {
    const parsed = ByRefund.safeParse(raw);
    if (!parsed.success) return paramIllegal(parsed.error);
    const row = (
      parsed.data.refundRequestId
        ? this.db.prepare('SELECT * FROM refunds WHERE client_id = ? AND refund_request_id = ?').get(clientId, parsed.data.refundRequestId)
        : this.db.prepare('SELECT * FROM refunds WHERE client_id = ? AND refund_id = ?').get(clientId, parsed.data.refundId)
    ) as RefundRow | undefined;
    if (!row) return reply('F', 'ORDER_NOT_EXIST');
    return reply('S', 'SUCCESS', {
      refundStatus: row.status,
      refundResultCode: row.result_code,
      refundRequestId: row.refund_request_id,
      ...(row.refund_id ? { refundId: row.refund_id } : {}),
      paymentId: row.payment_id,
      refundAmount: { currency: row.currency, value: String(row.amount_minor) },
      refundTime: isoUtc8(row.created_ms),
    });
  }

  // ---- internals ----

  /** The ledger is shared by every process on the machine (app, CLI, scripts): one way to write it. */
  private tx<T>(fn: () => T): T {
    return writeTx(this.db, fn);
  }

  private payment(clientId: string, paymentRequestId: string): PaymentRow | undefined {
    return this.db.prepare('SELECT * FROM payments WHERE client_id = ? AND payment_request_id = ?').get(clientId, paymentRequestId) as PaymentRow | undefined;
  }

  private findPayment(clientId: string, by: { paymentRequestId?: string; paymentId?: string }): PaymentRow | undefined {
    if (by.paymentRequestId) return this.payment(clientId, by.paymentRequestId);
    return this.db.prepare('SELECT * FROM payments WHERE client_id = ? AND payment_id = ?').get(clientId, by.paymentId) as PaymentRow | undefined;
  }

  private insertPayment(p: Partial<PaymentRow> & Pick<PaymentRow, 'client_id' | 'payment_request_id' | 'status' | 'result_code'>): void {
    this.db
      .prepare(
        `INSERT INTO payments (client_id, payment_request_id, body_hash, scenario, amount_minor, currency, status, result_code, payment_id, created_ms,
                               paid_ms, psp_name, customer_id, code_masked, order_token, order_expires_ms, merchant_name)
         VALUES (@client_id, @payment_request_id, @body_hash, @scenario, @amount_minor, @currency, @status, @result_code, @payment_id, @created_ms,
                 @paid_ms, @psp_name, @customer_id, @code_masked, @order_token, @order_expires_ms, @merchant_name)`,
      )
      .run({ paid_ms: null, psp_name: null, customer_id: null, code_masked: null, order_token: null, order_expires_ms: null, ...p });
  }

  private charge(row: PaymentRow, now: number): void {
    this.db.prepare('INSERT INTO charges (client_id, payment_request_id, amount_minor, at_ms) VALUES (?, ?, ?, ?)').run(row.client_id, row.payment_request_id, row.amount_minor, now);
  }

  private refundedMinor(paymentId: string): number {
    return (this.db.prepare(`SELECT COALESCE(SUM(amount_minor), 0) AS s FROM refunds WHERE payment_id = ? AND status = 'SUCCESS'`).get(paymentId) as { s: number }).s;
  }

  private createOrder(
    base: Omit<PaymentRow, 'status' | 'result_code' | 'paid_ms' | 'cancelled_ms' | 'reversed_minor' | 'psp_name' | 'customer_id' | 'order_token' | 'order_expires_ms'>,
    paymentExpiryTime: string | undefined,
    now: number,
    magic: MagicAmount | undefined,
    forceUnknown: boolean,
  ): Reply {
    const requested = paymentExpiryTime ? Date.parse(paymentExpiryTime) : NaN;
    const expires = Number.isFinite(requested) && requested > now ? Math.min(requested, now + 30 * 60_000) : now + 3 * 60_000;
    const token = randomBytes(12).toString('base64url');
    this.insertPayment({ ...base, status: 'PROCESSING', result_code: 'PAYMENT_IN_PROCESS', order_token: token, order_expires_ms: expires });
    // The order exists either way; a U here is "the QR was made but the reply was lost".
    if (magic || forceUnknown) return reply('U', magic?.resultCode ?? 'PAYMENT_IN_PROCESS');
    return this.payReplyFromState(this.payment(base.client_id, base.payment_request_id)!);
  }

  /** Lazily closes an order code whose time is up. */
  private settle(row: PaymentRow): PaymentRow {
    if (row.scenario === 'OrderCode' && row.status === 'PROCESSING' && row.order_expires_ms !== null && this.now() >= row.order_expires_ms) {
      this.db
        .prepare(`UPDATE payments SET status = 'FAIL', result_code = 'ORDER_IS_CLOSED' WHERE client_id = ? AND payment_request_id = ? AND status = 'PROCESSING'`)
        .run(row.client_id, row.payment_request_id);
      return { ...row, status: 'FAIL', result_code: 'ORDER_IS_CLOSED' };
    }
    return row;
  }

  private payReplyFromState(row: PaymentRow): Reply {
    const order = row.scenario === 'OrderCode' ? { orderCodeForm: this.orderCodeForm(row) } : {};
    switch (row.status) {
      case 'SUCCESS':
        return reply('S', 'SUCCESS', { ...this.paymentFields(row), ...order });
      case 'PROCESSING':
        return row.scenario === 'OrderCode' ? reply('S', 'SUCCESS', { ...this.paymentFields(row), ...order }) : reply('U', 'PAYMENT_IN_PROCESS');
      case 'FAIL':
        return reply('F', row.result_code, { paymentRequestId: row.payment_request_id });
      case 'CANCELLED':
        return reply('F', 'ORDER_IS_CLOSED', { paymentRequestId: row.payment_request_id });
      default: {
        const never: never = row.status;
        throw new Error(`Unknown payment status ${String(never)}`);
      }
    }
  }

  private orderCodeForm(row: PaymentRow) {
    return {
      expireTime: isoUtc8(row.order_expires_ms ?? row.created_ms),
      codeDetails: [{ codeValue: this.opts.orderUrl(row.order_token ?? ''), codeValueType: 'QRCODE', displayType: 'TEXT' }],
    };
  }

  private paymentFields(row: PaymentRow): Record<string, unknown> {
    const amount = { currency: row.currency, value: String(row.amount_minor) };
    const fields: Record<string, unknown> = {
      paymentRequestId: row.payment_request_id,
      paymentId: row.payment_id,
      paymentAmount: amount,
      paymentCreateTime: isoUtc8(row.created_ms),
    };
    if (row.paid_ms !== null && (row.status === 'SUCCESS' || row.status === 'CANCELLED')) {
      fields.paymentTime = isoUtc8(row.paid_ms);
      const cny = Math.floor((row.amount_minor * CNY_PER_AED_HUNDREDTHS + 50) / 100);
      fields.actualPaymentAmount = { currency: 'CNY', value: String(cny) };
      fields.paymentQuote = { quoteCurrencyPair: 'AED/CNY', quotePrice: '1.94' };
    }
    if (row.psp_name) fields.pspCustomerInfo = { pspName: row.psp_name, displayCustomerId: row.customer_id ?? '' };
    return fields;
  }

  private refundReply(row: RefundRow): Reply {
    if (row.status === 'FAIL') return reply('F', row.result_code, { refundRequestId: row.refund_request_id, paymentId: row.payment_id });
    return reply('S', 'SUCCESS', {
      refundRequestId: row.refund_request_id,
      refundId: row.refund_id,
      paymentId: row.payment_id,
      refundAmount: { currency: row.currency, value: String(row.amount_minor) },
      refundTime: isoUtc8(row.created_ms),
    });
  }
}
