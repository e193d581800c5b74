// The folder a file lives in is the process it runs in (DESIGN.md, STYLE.md "Borders that fail
// closed"). This rule follows every import to the file it resolves to and judges it by the
// process of that target, so a border cannot be opened by a narrower config block, a new
// sub-folder or a `../..` path: what counts is where the import lands. Packages are judged by
// their kind in ./packages.js; a package nobody classified is refused until someone does.
import { builtinModules } from 'node:module';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageKinds } from './packages.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const builtins = new Set(builtinModules);

/**
 * What each process may import: local processes, package kinds, Node built-ins.
 * `says` is the reason a refused import is given, in words a reviewer can act on.
 */
export const processes = {
  domain: {
    label: 'app/domain',
    says: 'app/domain is pure (it runs in the renderer too)',
    local: ['domain'],
    kinds: ['pure'],
    node: false,
  },
  api: {
    label: 'app/api',
    says: 'app/api is the pure contract the renderer shares',
    local: ['domain', 'api'],
    // The contract names the core's view types as its outputs; `import type` is erased before
    // anything runs, so the renderer never loads a core file through it. Values stay refused.
    typesFrom: ['core'],
    kinds: ['pure'],
    node: false,
  },
  core: {
    label: 'app/',
    says: 'app/ is the terminal core on plain Node: never the shell, the UI or the hardware layer',
    local: ['domain', 'api', 'core'],
    kinds: ['pure', 'sqlite', 'server'],
    node: true,
  },
  cli: {
    // A front end like the Electron main process: it may wire the hardware layer in.
    label: 'app/cli',
    says: 'app/cli is a core front end: never the shell or the UI',
    local: ['domain', 'api', 'core', 'cli', 'native', 'hq'],
    kinds: ['pure', 'sqlite', 'server', 'database'],
    node: true,
  },
  native: {
    label: 'native/',
    says: 'native/ is the hardware layer in the main process: no UI, no shell',
    local: ['domain', 'api', 'core', 'native'],
    kinds: ['pure', 'serial', 'printing'],
    node: true,
  },
  electron: {
    label: 'electron/',
    says: 'electron/ is the shell: it wires app/ and native/, never the UI code',
    local: ['domain', 'api', 'core', 'cli', 'native', 'electron'],
    kinds: ['pure', 'sqlite', 'serial', 'printing', 'server', 'electron'],
    node: true,
  },
  hq: {
    // The chain's head office: plain Node on PostgreSQL, on a server, without the till's shell,
    // UI, hardware or SQLite. It shares the two pure pieces both ends must compute alike.
    label: 'hq/',
    says: 'hq/ is the HQ service on PostgreSQL: app/domain, app/api, the event chain and the acquirer signature only',
    local: ['domain', 'api', 'hq'],
    files: ['app/store/events.ts', 'app/acquirer/antom/sign.ts'],
    kinds: ['pure', 'server', 'database'],
    node: true,
  },
  renderer: {
    label: 'renderer/',
    says: 'renderer/ runs sandboxed in a browser and reaches the core only through the API contract (app/api) and the pure domain (app/domain)',
    local: ['domain', 'api', 'renderer'],
    kinds: ['pure', 'ui'],
    node: false,
  },
  test: {
    label: 'test/',
    says: 'test/ stays inside the repository',
    local: ['domain', 'api', 'core', 'cli', 'native', 'electron', 'renderer', 'hq', 'test', 'tooling'],
    kinds: ['pure', 'sqlite', 'serial', 'printing', 'server', 'database', 'electron', 'ui', 'dev'],
    node: true,
  },
  tooling: {
    label: 'build tooling',
    says: 'build tooling stays inside the repository',
    local: ['domain', 'api', 'core', 'cli', 'native', 'electron', 'renderer', 'hq', 'test', 'tooling'],
    kinds: ['pure', 'sqlite', 'serial', 'printing', 'server', 'database', 'electron', 'ui', 'dev'],
    node: true,
  },
};

const targetLabels = {
  domain: 'app/domain',
  api: 'app/api',
  core: 'the app/ core',
  cli: 'the CLI',
  native: 'the hardware layer native/',
  electron: 'the Electron shell',
  renderer: 'the renderer UI',
  hq: 'the HQ service',
  test: 'test code',
  tooling: 'build tooling',
};

const kindLabels = {
  pure: 'a pure library',
  sqlite: 'the SQLite driver',
  serial: 'serial-port hardware',
  printing: 'the receipt-printer encoder or rasteriser',
  server: 'a network server',
  database: 'a PostgreSQL client',
  electron: 'Electron',
  ui: 'a UI library',
  dev: 'a build or test tool',
};

/** The process of a file, by the folder it lives in; null when it is outside the repository. */
export function processOf(absPath) {
  const rel = relative(repoRoot, absPath).split(sep).join('/');
  if (rel === '..' || rel.startsWith('../') || isAbsolute(rel)) return null;
  const [top, second] = rel.split('/');
  if (top === 'app') {
    if (second === 'domain') return 'domain';
    if (second === 'api') return 'api';
    if (second === 'cli') return 'cli';
    return 'core';
  }
  if (top === 'native' || top === 'electron' || top === 'renderer' || top === 'hq' || top === 'test') return top;
  return 'tooling';
}

/** The npm package a bare specifier names: `react-dom/client` → `react-dom`, `@a/b/c` → `@a/b`. */
export function packageOf(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Each folder is a process: imports are judged by the process of their target' },
    schema: [],
    messages: {
      local: '{{says}}: it may not import {{spec}} ({{target}}).',
      package: '{{says}}: it may not import {{spec}} ({{kind}}).',
      node: '{{says}}: it may not import the Node built-in {{spec}}.',
      unknown: 'Uncategorized dependency "{{name}}": classify it in eslint-rules/packages.js (which processes may load it) before importing it.',
      outside: '{{spec}} lies outside the repository: copy what the project needs into it (a clone must work alone).',
    },
  },
  create(context) {
    const filename = context.filename ?? context.getFilename();
    const from = processOf(resolve(filename));
    if (from === null) return {};
    const me = processes[from];

    function typeOnly(node) {
      if (node.importKind === 'type' || node.exportKind === 'type') return true;
      const specifiers = node.specifiers ?? [];
      return specifiers.length > 0 && specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type');
    }

    function check(node, source) {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      // Vite's `?raw` / `?url` suffixes do not change which file is loaded.
      const spec = source.value.replace(/\?.*$/, '');
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const absolute = resolve(dirname(filename), spec);
        const target = processOf(absolute);
        const file = relative(repoRoot, absolute).split(sep).join('/');
        if (target === null) {
          context.report({ node, messageId: 'outside', data: { spec } });
        } else if (!me.local.includes(target) && !me.files?.includes(file) && !(typeOnly(node) && me.typesFrom?.includes(target))) {
          context.report({ node, messageId: 'local', data: { says: me.says, spec, target: targetLabels[target] } });
        }
        return;
      }
      if (spec.startsWith('node:') || builtins.has(spec)) {
        if (!me.node) context.report({ node, messageId: 'node', data: { says: me.says, spec } });
        return;
      }
      const name = packageOf(spec);
      const kind = packageKinds[name];
      if (kind === undefined) {
        context.report({ node, messageId: 'unknown', data: { name } });
      } else if (!me.kinds.includes(kind)) {
        context.report({ node, messageId: 'package', data: { says: me.says, spec, kind: kindLabels[kind] } });
      }
    }

    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      // `import x = require('…')` and `typeof import('…')` reach a file just the same.
      TSExternalModuleReference: (node) => check(node, node.expression),
      TSImportType: (node) => check(node, node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument),
    };
  },
};
