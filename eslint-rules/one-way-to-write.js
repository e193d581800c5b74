// One way to write (STYLE.md): every write to a SQLite file goes through writeTx in
// app/journal/tx.ts, which takes the writer lock up front (BEGIN IMMEDIATE) and gives every caller
// the same words on a locked or full disk. A module with its own `db.transaction()` or a raw
// `BEGIN` is a second way to write: under WAL its read-then-write fails at once with SQLITE_BUSY
// when another process wrote in between.
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Files allowed to open a transaction themselves, and why. */
export const transactionOwners = {
  'app/journal/tx.ts': 'the one helper',
  // Migrations run while the file is opened, before any writer, and tx.ts imports this module.
  'app/store/db.ts': 'schema migrations at open',
};

const TX_STATEMENT = /^\s*(BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\b/i;

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Every write goes through writeTx (app/journal/tx.ts)' },
    schema: [],
    messages: {
      transaction: 'A second way to write: use writeTx (or readTx for a read snapshot) from app/journal/tx.ts instead of .transaction(), so two processes queue for the lock instead of failing with SQLITE_BUSY.',
      raw: 'A raw {{word}} is a second way to write: use writeTx from app/journal/tx.ts.',
    },
  },
  create(context) {
    const filename = context.filename ?? context.getFilename();
    const rel = relative(repoRoot, resolve(filename)).split(sep).join('/');
    if (Object.hasOwn(transactionOwners, rel)) return {};
    return {
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return;
        const name = callee.property.name;
        if (name === 'transaction') {
          context.report({ node, messageId: 'transaction' });
          return;
        }
        if (name !== 'exec' && name !== 'prepare') return;
        const arg = node.arguments[0];
        const text = arg?.type === 'Literal' ? arg.value : arg?.type === 'TemplateLiteral' ? arg.quasis[0]?.value.cooked : undefined;
        const m = typeof text === 'string' ? TX_STATEMENT.exec(text) : null;
        if (m) context.report({ node, messageId: 'raw', data: { word: m[1].toUpperCase() } });
      },
    };
  },
};
