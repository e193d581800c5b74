// A hostile acquirer for tests: a loopback HTTP server with its OWN RSA key pair, which the terminal
// is configured to trust as the acquirer's. It forwards each request unchanged to the real sandbox
// (so money really moves there), then rewrites the reply as a test asks and signs the result
// correctly with its own key. The signature on everything it sends verifies: what it says is the lie.
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signatureHeader } from '../../app/acquirer/antom/sign.ts';

export type Op = 'pay' | 'inquiryPayment' | 'cancel' | 'refund' | 'inquiryRefund';

export interface Exchange {
  op: Op;
  path: string;
  /** The terminal's request body, as sent. */
  request: Record<string, unknown>;
  /** The upstream (sandbox) reply, parsed; null when `forward` was false. */
  reply: Record<string, unknown> | null;
}

/**
 * What to answer: a JSON object (signed by the hostile key), `{ raw, headers }` sent byte for byte
 * (a replay: its headers are sent unchanged), or undefined to pass the upstream reply on (re-signed).
 */
export type Answer = Record<string, unknown> | { raw: string; headers: Record<string, string> } | undefined;

export interface HostileOptions {
  /** The real sandbox's URL (requests are forwarded there). */
  upstream: string;
  /** Whether to forward this request to the sandbox first (default: yes). */
  forward?: (op: Op, request: Record<string, unknown>) => boolean;
  answer: (x: Exchange) => Answer;
}

export interface HostileAcquirer {
  url: string;
  acquirerPublicKey: string;
  /** Every reply it sent, raw, with the headers: material for replays. */
  sent: { op: Op; raw: string; headers: Record<string, string>; request: Record<string, unknown> }[];
  close(): Promise<void>;
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function hostileAcquirer(opts: HostileOptions): Promise<HostileAcquirer> {
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const sent: HostileAcquirer['sent'] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = req.url ?? '/';
      const op = path.split('/').pop() as Op;
      const raw = await readAll(req);
      const request = JSON.parse(raw) as Record<string, unknown>;
      const clientId = String(req.headers['client-id'] ?? '');
      let reply: Record<string, unknown> | null = null;
      if (opts.forward?.(op, request) ?? true) {
        const up = await fetch(`${opts.upstream}${path}`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json; charset=UTF-8',
            'client-id': clientId,
            'request-time': String(req.headers['request-time'] ?? ''),
            signature: String(req.headers.signature ?? ''),
          },
          body: raw,
        });
        reply = JSON.parse(await up.text()) as Record<string, unknown>;
      }
      const answer = opts.answer({ op, path, request, reply });
      let text: string;
      let headers: Record<string, string>;
      if (answer && typeof answer.raw === 'string' && typeof answer.headers === 'object') {
        text = answer.raw;
        headers = { ...(answer.headers as Record<string, string>) };
      } else {
        text = JSON.stringify(answer ?? reply ?? { result: { resultStatus: 'U', resultCode: 'UNKNOWN_EXCEPTION' } });
        const responseTime = String(Date.now());
        headers = { 'client-id': clientId, 'response-time': responseTime, signature: signatureHeader(path, clientId, responseTime, text, keys.privateKey) };
      }
      sent.push({ op, raw: text, headers, request });
      res.writeHead(200, { 'Content-Type': 'application/json; charset=UTF-8', 'Content-Length': Buffer.byteLength(text), ...headers });
      res.end(text);
    })().catch((err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    acquirerPublicKey: keys.publicKey,
    sent,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
