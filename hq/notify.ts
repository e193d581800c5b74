// The acquirer's payment notifications (Antom paymentNotifyUrl). HQ is the part of the chain the
// internet can reach; it checks the acquirer's signature, keeps the notification for the till that
// made the payment to pull, and answers with the signed SUCCESS the protocol asks for (anything
// else makes Antom resend). A till treats a notification as evidence only and confirms it with its
// own signed inquiry before settling.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { PulledNotification } from '../app/api/hq.ts';
import { contentToSign, signatureHeader, verifyContent } from '../app/acquirer/antom/sign.ts';
import type { Pool } from './db.ts';
import { HqError } from './service.ts';

export const NOTIFY_PATH = '/antom/notify';

/** The merchant's acquirer keys at HQ: the same fields as a till's acquirer section. */
export const HqAcquirer = z.object({
  clientId: z.string().min(1).max(64),
  merchantPrivateKey: z.string().includes('PRIVATE KEY'),
  acquirerPublicKey: z.string().includes('PUBLIC KEY'),
  keyVersion: z.number().int().positive().default(1),
});
export type HqAcquirer = z.infer<typeof HqAcquirer>;

/** Reads SOUQ_HQ_ACQUIRER (a JSON file); without it HQ refuses notifications in words. */
export function loadHqAcquirer(file: string | undefined): HqAcquirer | null {
  if (!file) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`Cannot read the HQ acquirer keys ${file}: ${(err as Error).message}`);
  }
  const parsed = HqAcquirer.safeParse((raw as { acquirer?: unknown }).acquirer ?? raw);
  if (!parsed.success) throw new Error(`${file} is not an acquirer section (clientId, merchantPrivateKey, acquirerPublicKey): ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

const Notification = z
  .object({
    notifyType: z.string().optional(),
    paymentRequestId: z.string().min(1).max(64),
    paymentId: z.string().optional(),
    result: z.object({ resultStatus: z.string(), resultCode: z.string(), resultMessage: z.string().optional() }).partial().optional(),
  })
  .passthrough();

export interface SignedAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const SUCCESS = JSON.stringify({ result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' } });

export async function receiveNotification(
  pool: Pool,
  acquirer: HqAcquirer | null,
  headers: { clientId?: string; requestTime?: string; signature?: string },
  rawBody: string,
  now: () => Date = () => new Date(),
): Promise<SignedAnswer> {
  if (!acquirer) throw new HqError('NOTIFY_NOT_CONFIGURED', 'This HQ has no acquirer keys (SOUQ_HQ_ACQUIRER): it cannot check notifications.', 503);
  const clientId = headers.clientId ?? '';
  const requestTime = headers.requestTime ?? '';
  if (clientId !== acquirer.clientId || !verifyContent(contentToSign(NOTIFY_PATH, clientId, requestTime, rawBody), headers.signature, acquirer.acquirerPublicKey)) {
    throw new HqError('NOTIFY_SIGNATURE_INVALID', 'The notification is not signed by the acquirer this HQ knows: it was ignored.', 401);
  }
  let parsed;
  try {
    parsed = Notification.safeParse(JSON.parse(rawBody));
  } catch {
    parsed = undefined;
  }
  if (!parsed?.success) throw new HqError('INVALID_INPUT', 'The notification is not a payment result.', 400);
  const n = parsed.data;
  // Resent notifications replace the stored one: the latest word on a payment is what matters.
  await pool.query(
    `INSERT INTO hq_notifications (client_id, payment_request_id, notify_type, result_status, result_code, payment_id, body)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (client_id, payment_request_id) DO UPDATE SET received_at = now(), notify_type = excluded.notify_type,
       result_status = excluded.result_status, result_code = excluded.result_code, payment_id = excluded.payment_id, body = excluded.body`,
    [clientId, n.paymentRequestId, n.notifyType ?? null, n.result?.resultStatus ?? null, n.result?.resultCode ?? null, n.paymentId ?? null, rawBody],
  );
  const responseTime = now().toISOString();
  return {
    status: 200,
    headers: {
      'content-type': 'application/json; charset=UTF-8',
      'client-id': clientId,
      'response-time': responseTime,
      signature: signatureHeader(NOTIFY_PATH, clientId, responseTime, SUCCESS, acquirer.merchantPrivateKey, acquirer.keyVersion),
    },
    body: SUCCESS,
  };
}

/** The notifications for the given attempts of one till: only its own ids, under its own client id. */
export async function notificationsFor(pool: Pool, terminalId: string, clientId: string | null, paymentRequestIds: string[]): Promise<PulledNotification[]> {
  const own = paymentRequestIds.filter((id) => id.startsWith(`${terminalId}-`));
  if (!clientId || own.length === 0) return [];
  const { rows } = await pool.query(
    `SELECT payment_request_id, notify_type, result_status, result_code, payment_id, received_at FROM hq_notifications
      WHERE client_id = $1 AND payment_request_id = ANY($2::text[])`,
    [clientId, own],
  );
  return rows.map((r) => ({
    paymentRequestId: r.payment_request_id,
    notifyType: r.notify_type,
    resultStatus: r.result_status,
    resultCode: r.result_code,
    paymentId: r.payment_id,
    receivedAt: new Date(r.received_at).toISOString(),
  }));
}
