// What HQ believes and refuses: a till whose event log was altered is found out and its events kept
// apart; a push without the till's own credential stores nothing; an acquirer notification that is
// not signed by the acquirer is ignored, a signed one is answered with the signed SUCCESS and only
// brings the till's own inquiry forward; two HQ instances on one database store each event once.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastJson, souq } from '../cli/souq.ts';
import { startCluster, type PgCluster } from './pg.ts';
import { cashSale, makeTill, openTill, runHq, todayDubai } from './support.ts';
import { rowHash, type EventRow } from '../../app/store/events.ts';
import { loadLink } from '../../app/chain/link.ts';
import { hqClient, type HqEvent } from '../../app/chain/client.ts';
import { pullNotifications } from '../../app/chain/push.ts';
import { contentToSign, signatureHeader, verifyContent } from '../../app/acquirer/antom/sign.ts';
import { createAttempt, getAttemptRow, transitionAttempt } from '../../app/journal/attempts.ts';
import { TerminalConfig } from '../../app/settings/schema.ts';
import { createSale, addKeyedLine } from '../../app/sales/repository.ts';
import { money } from '../../app/domain/money.ts';
import { chainTakings, chainTakingsRaw } from '../../hq/service.ts';
import { antomRequests } from '../journal/antom-requests.ts';

let root: string;
let cluster: PgCluster;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'souq-hq-trust-'));
  cluster = await startCluster();
});
afterAll(() => {
  cluster?.stop();
  rmSync(root, { recursive: true, force: true });
});

function sell(dir: string, terminalId: string, n: number): void {
  const db = openTill(dir);
  try {
    for (let i = 0; i < n; i++) cashSale(db, terminalId, 1_000 + i);
  } finally {
    db.close();
  }
}

function events(dir: string, from = 0): HqEvent[] {
  const db = openTill(dir);
  try {
    return (db.prepare('SELECT * FROM events WHERE seq > ? ORDER BY seq').all(from) as EventRow[]).map((r) => ({
      seq: r.seq, at: r.at, type: r.type, subject: r.subject, actor: r.actor, data: r.data, prevHash: r.prev_hash, hash: r.hash,
    }));
  } finally {
    db.close();
  }
}

describe('HQ trusts only what it can check', { timeout: 300_000 }, () => {
  it('a till whose log was edited after the fact is marked tampered, its later events kept apart, its takings left as they were; a clean till next to it is untouched', async () => {
    const url = cluster.createDatabase('tamper');
    const hq = await runHq(url);
    try {
      const bad = makeTill(root, 'tamper-bad', 'T01');
      const good = makeTill(root, 'tamper-good', 'T02');
      for (const d of [bad, good]) expect((await souq(d, ['hq', 'enrol', '--hq', hq.url, '--admin-token', hq.token, '--store', 'DXB'])).code).toBe(0);
      sell(bad, 'T01', 3);
      sell(good, 'T02', 3);
      for (const d of [bad, good]) expect((await souq(d, ['hq', 'push'])).code).toBe(0);
      const before = await chainTakings(hq.pool, todayDubai(), todayDubai());

      sell(bad, 'T01', 2);
      sell(good, 'T02', 2);
      // Someone lowers a sale's total in the till's file, past the append-only triggers.
      const db = openTill(bad);
      const paid = db.prepare("SELECT seq FROM events WHERE type = 'sale.paid' ORDER BY seq DESC LIMIT 1 OFFSET 1").get() as { seq: number };
      const head = (db.prepare('SELECT MAX(seq) AS s FROM events').get() as { s: number }).s;
      db.exec('DROP TRIGGER events_no_update');
      db.prepare("UPDATE events SET data = json_set(data, '$.totalMinor', 1) WHERE seq = ?").run(paid.seq);
      db.close();

      const run = await souq(bad, ['hq', 'push', '--json']);
      expect(run.code).toBe(6);
      expect(run.stderr).toMatch(new RegExp(`altered.*event ${paid.seq} was altered`));
      expect((await souq(good, ['hq', 'push'])).code).toBe(0);

      const { rows } = await hq.pool.query(
        "SELECT t.tampered_seq::int AS seq, t.cursor_seq::int AS cursor, (SELECT count(*)::int FROM hq_quarantine q WHERE q.terminal_id = 'T01') AS kept FROM hq_terminals t WHERE terminal_id = 'T01'",
      );
      expect(rows[0]).toEqual({ seq: paid.seq, cursor: paid.seq - 1, kept: head - paid.seq + 1 });
      const fleet = lastJson(await souq(root, ['hq', 'terminals', '--hq', hq.url, '--admin-token', hq.token, '--json'])) as unknown as { terminalId: string; tampered: boolean; tamperedReason: string }[];
      expect(fleet.find((t) => t.terminalId === 'T01')).toMatchObject({ tampered: true, tamperedReason: `event ${paid.seq} was altered` });
      expect(fleet.find((t) => t.terminalId === 'T02')).toMatchObject({ tampered: false, lagEvents: 0 });
      // The altered sale never reached the takings; the clean till's new sales did.
      const after = await chainTakings(hq.pool, todayDubai(), todayDubai());
      const t = (x: typeof after, id: string) => x.stores[0]!.terminals.find((y) => y.terminalId === id)!;
      expect(t(after, 'T01').sales).toBe(t(before, 'T01').sales);
      expect(t(after, 'T02').sales).toBe(t(before, 'T02').sales + 2);
      // Pushing again changes nothing: a tampered till stays apart until someone looks into it.
      expect((await souq(bad, ['hq', 'push'])).code).toBe(6);
      expect((await hq.pool.query("SELECT count(*)::int AS n FROM hq_events WHERE terminal_id = 'T01'")).rows[0].n).toBe(paid.seq - 1);
    } finally {
      await hq.close();
    }
  });

  it('a till whose whole log was rewritten with fresh hashes is found out by the first event that does not follow what HQ holds', async () => {
    const url = cluster.createDatabase('rewrite');
    const hq = await runHq(url);
    try {
      const dir = makeTill(root, 'rewrite', 'T05');
      expect((await souq(dir, ['hq', 'enrol', '--hq', hq.url, '--admin-token', hq.token, '--store', 'DXB'])).code).toBe(0);
      sell(dir, 'T05', 2);
      expect((await souq(dir, ['hq', 'push'])).code).toBe(0);
      // Rewrite sale 1's total and recompute every hash after it: `souq verify-log` now passes.
      const db = openTill(dir);
      db.exec('DROP TRIGGER events_no_update');
      let prev = '0'.repeat(64);
      for (const r of db.prepare('SELECT * FROM events ORDER BY seq').all() as EventRow[]) {
        const data = r.type === 'sale.paid' && r.seq < 6 ? JSON.stringify({ ...JSON.parse(r.data), totalMinor: 1 }) : r.data;
        const hash = rowHash(prev, { ...r, data });
        db.prepare('UPDATE events SET data = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(data, prev, hash, r.seq);
        prev = hash;
      }
      db.close();
      expect((await souq(dir, ['verify-log'])).code).toBe(0);
      sell(dir, 'T05', 1);
      const run = await souq(dir, ['hq', 'push']);
      expect(run.code).toBe(6);
      expect(run.stderr).toMatch(/differs from the copy HQ received before|does not follow/);
    } finally {
      await hq.close();
    }
  });

  it('events that arrive with a hole before them wait: HQ keeps what follows on from its copy, answers gap, and takes the rest once the missing events come', async () => {
    const url = cluster.createDatabase('gap');
    const hq = await runHq(url);
    try {
      const dir = makeTill(root, 'gap', 'T06');
      expect((await souq(dir, ['hq', 'enrol', '--hq', hq.url, '--admin-token', hq.token, '--store', 'DXB'])).code).toBe(0);
      sell(dir, 'T06', 5); // 20 events
      const link = loadLink(dir);
      const all = events(dir);
      const health = { headSeq: 20, journalQueue: 0 };
      expect(await hqClient.push(link, all.slice(0, 4), health)).toEqual({ status: 'ok', ackSeq: 4 });
      // 9–20 overtook 5–8 on the wire.
      expect(await hqClient.push(link, all.slice(8), health)).toMatchObject({ status: 'gap', ackSeq: 4 });
      // A batch with a hole inside it: 5–6 are stored, 9… wait.
      expect(await hqClient.push(link, [...all.slice(4, 6), ...all.slice(8)], health)).toMatchObject({ status: 'gap', ackSeq: 6 });
      const held = await hq.pool.query("SELECT count(*)::int AS n, max(seq)::int AS m, (SELECT tampered_at FROM hq_terminals WHERE terminal_id = 'T06') AS t FROM hq_events");
      expect(held.rows[0]).toEqual({ n: 6, m: 6, t: null });
      expect(await hqClient.push(link, all.slice(6), health)).toEqual({ status: 'ok', ackSeq: 20 });
      const day = todayDubai();
      expect((await chainTakings(hq.pool, day, day)).total.sales).toBe(5);
    } finally {
      await hq.close();
    }
  });

  it('a push without the till’s own credential (none, or another till’s) is refused and stores nothing; a wrong admin token enrols nothing', async () => {
    const url = cluster.createDatabase('auth');
    const hq = await runHq(url);
    try {
      // It follows --admin-token on a command line: a token that could begin with '-' would read as an option.
      expect(hq.token).toMatch(/^[0-9a-f]{48}$/);
      const a = makeTill(root, 'auth-a', 'T01');
      const b = makeTill(root, 'auth-b', 'T02');
      const refused = await souq(a, ['hq', 'enrol', '--hq', hq.url, '--admin-token', 'guess', '--store', 'DXB']);
      expect(refused.code).toBe(3);
      expect(refused.stderr).toMatch(/admin token is missing or wrong/);
      expect(existsSync(join(a, 'hq.json'))).toBe(false);
      for (const d of [a, b]) {
        const r = await souq(d, ['hq', 'enrol', '--hq', hq.url, '--admin-token', hq.token, '--store', 'DXB']);
        expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      }
      // The same till id in the same store cannot be enrolled twice.
      const twin = makeTill(root, 'auth-twin', 'T01');
      const dup = await souq(twin, ['hq', 'enrol', '--hq', hq.url, '--admin-token', hq.token, '--store', 'DXB']);
      expect(dup.code).toBe(3);
      expect(dup.stderr).toMatch(/already has a till T01/);

      sell(b, 'T02', 1);
      const evs = events(b);
      const linkA = loadLink(a);
      const linkB = loadLink(b);
      const path = `${hq.url}/v1/stores/DXB/terminals/T02/events`;
      const none = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: evs }) });
      expect(none.status).toBe(401);
      await expect(hqClient.push({ ...linkB, credential: linkA.credential }, evs, { headSeq: evs.length, journalQueue: 0 })).rejects.toMatchObject({ code: 'HQ_REFUSED' });
      await expect(hqClient.cursor({ ...linkB, credential: 'x'.repeat(43) })).rejects.toMatchObject({ code: 'HQ_REFUSED' });
      const { rows } = await hq.pool.query('SELECT count(*)::int AS n, (SELECT max(last_contact_at) FROM hq_terminals) AS contact FROM hq_events');
      expect(rows[0]).toEqual({ n: 0, contact: null });
    } finally {
      await hq.close();
    }
  });

  it('an acquirer notification with a bad signature is refused and kept nowhere; a signed one is answered with the signed SUCCESS and brings the till’s next inquiry forward without settling the payment', async () => {
    const keys = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const merchant = keys();
    const acquirer = keys();
    const stranger = keys();
    const clientId = 'CHAIN_CLIENT_01';
    const url = cluster.createDatabase('notify');
    const hq = await runHq(url, { acquirer: { clientId, merchantPrivateKey: merchant.privateKey, acquirerPublicKey: acquirer.publicKey, keyVersion: 1 } });
    try {
      const dir = makeTill(root, 'notify', 'T03');
      const acq = { endpoint: 'https://open-sea-global.alipay.com', clientId, merchantPrivateKey: merchant.privateKey, acquirerPublicKey: acquirer.publicKey };
      writeFileSync(join(dir, 'config.json'), JSON.stringify({ terminalId: 'T03', acquirer: acq }), { mode: 0o600 });
      expect((await souq(dir, ['hq', 'enrol', '--hq', hq.url, '--admin-token', hq.token, '--store', 'DXB'])).code).toBe(0);

      // A payment whose answer was lost: the till does not know if the customer paid.
      const db = openTill(dir);
      const now = new Date();
      const saleId = createSale(db, { terminalId: 'T03', now });
      addKeyedLine(db, saleId, money(2_500), 'Perfume', now);
      const config = TerminalConfig.parse({ terminalId: 'T03' });
      const attempt = createAttempt(db, { saleId, scenario: 'PaymentCode', code: '281234567890123456', now, config, requests: antomRequests('/ams/api/v1/payments/pay') });
      transitionAttempt(db, 'send', { id: attempt.id, from: 'created', now });
      transitionAttempt(db, 'lose_answer', { id: attempt.id, from: 'sent', now, patch: { next_try_at: new Date(now.getTime() + 600_000).toISOString() } });

      const body = JSON.stringify({ notifyType: 'PAYMENT_RESULT', result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' }, paymentRequestId: attempt.id, paymentId: '2026PAY1' });
      const time = new Date().toISOString();
      const post = (signedBy: string) =>
        fetch(`${hq.url}/antom/notify`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'client-id': clientId, 'request-time': time, signature: signatureHeader('/antom/notify', clientId, time, body, signedBy) },
          body,
        });
      const forged = await post(stranger.privateKey);
      expect(forged.status).toBe(401);
      expect((await hq.pool.query('SELECT count(*)::int AS n FROM hq_notifications')).rows[0].n).toBe(0);

      const real = await post(acquirer.privateKey);
      expect(real.status).toBe(200);
      const answer = await real.text();
      expect(JSON.parse(answer)).toEqual({ result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' } });
      const signed = contentToSign('/antom/notify', clientId, real.headers.get('response-time')!, answer);
      expect(verifyContent(signed, real.headers.get('signature'), merchant.publicKey)).toBe(true);

      // Another till may not read this till's notifications, even by asking for the id.
      const other = makeTill(root, 'notify-other', 'T04');
      expect((await souq(other, ['hq', 'enrol', '--hq', hq.url, '--admin-token', hq.token, '--store', 'DXB'])).code).toBe(0);
      expect((await hqClient.notifications(loadLink(other), [attempt.id])).notifications).toEqual([]);

      const pushed = await souq(dir, ['hq', 'push', '--json']);
      expect(pushed.code).toBe(0);
      expect(lastJson(pushed)).toMatchObject({ complete: true, notified: 1 });
      // The app pulls every round: the same notification brings the inquiry forward once only.
      const seen = new Set<string>();
      expect(await pullNotifications(db, loadLink(dir), new Date(), seen)).toEqual([attempt.id]);
      expect(await pullNotifications(db, loadLink(dir), new Date(), seen)).toEqual([]);
      const row = getAttemptRow(db, attempt.id)!;
      expect(row.state).toBe('unknown'); // evidence, not a verdict: the signed inquiry decides
      expect(Date.parse(row.next_try_at!)).toBeLessThanOrEqual(Date.now());
      db.close();
    } finally {
      await hq.close();
    }
  });

  it('two HQ instances on one database, fed the same batches at once, store every event once and agree on the takings', async () => {
    const url = cluster.createDatabase('twohq');
    const one = await runHq(url);
    const two = await runHq(url);
    try {
      expect(two.token).toBe(one.token);
      const dirs = ['TA', 'TB', 'TC'].map((id) => ({ id, dir: makeTill(root, `two-${id}`, id) }));
      for (const { dir } of dirs) expect((await souq(dir, ['hq', 'enrol', '--hq', one.url, '--admin-token', one.token, '--store', 'MOE'])).code).toBe(0);
      for (const { id, dir } of dirs) sell(dir, id, 150);
      await Promise.all(
        dirs.flatMap(({ dir }) => {
          const link = loadLink(dir);
          const all = events(dir);
          const batches = Array.from({ length: Math.ceil(all.length / 100) }, (_, i) => all.slice(i * 100, i * 100 + 100));
          // Every batch goes to both instances at the same time, in order per instance.
          return [one, two].map(async (h) => {
            for (const b of batches) {
              const r = await hqClient.push({ ...link, hqUrl: h.url }, b, { headSeq: all.length, journalQueue: 0 });
              expect(r.status).not.toBe('tampered');
            }
          });
        }),
      );
      for (const { id } of dirs) {
        const { rows } = await one.pool.query('SELECT count(*)::int AS n, count(DISTINCT seq)::int AS d, max(seq)::int AS m FROM hq_events WHERE terminal_id = $1', [id]);
        expect(rows[0]).toEqual({ n: 600, d: 600, m: 600 });
      }
      const day = todayDubai();
      const rolled = await chainTakings(two.pool, day, day);
      const raw = await chainTakingsRaw(one.pool, day, day);
      expect(rolled.stores[0]!.terminals.map(({ terminalId, sales, gross }) => ({ terminalId, sales, gross }))).toEqual(
        raw.map(({ terminalId, sales, gross }) => ({ terminalId, sales, gross })),
      );
      expect(rolled.total.sales).toBe(450);
    } finally {
      await one.close();
      await two.close();
    }
  });
});
