// The house's import arrows as one ESLint rule, used by `npm run lint` and by the unit suite's
// layers test, so the rule lives in one place. Arrows point one way:
//   engine  <-  adapters (llm, store, workspace, config)  <-  app  <-  front ends (cli, serve, mcp, extension, bench)
// A room may import its own files and any room of a lower layer; rooms of one layer never import
// each other (two adapters, or two front ends: what they share belongs a layer down). The engine
// also may not reach the outside world: no vscode, file system, processes or network.
import { builtinModules } from 'node:module';
import * as path from 'node:path';

export const LAYERS = {
  engine: 0,
  llm: 1,
  store: 1,
  workspace: 1,
  config: 1,
  app: 2,
  cli: 3,
  serve: 3,
  extension: 3,
  bench: 3,
  mcp: 3,
};

// The arrows between front ends: the CLI process hosts `microfactory serve` and `microfactory
// mcp`, so cli may start them; they never reach back into cli.
const HOSTS = { cli: new Set(['serve', 'mcp']) };

// Packages the engine may use: pure computation, no I/O.
const ENGINE_PACKAGES = new Set(['handlebars', 'zod', 'yaml', 'diff']);
const ENGINE_BUILTINS = new Set(['events', 'crypto', 'util']);

/** The room (top folder under src/) a file or resolved import lives in, or undefined outside src/. */
export function roomOf(file, srcDir) {
  const rel = path.relative(srcDir, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const room = rel.split(path.sep)[0];
  return room in LAYERS ? room : undefined;
}

/** Why `spec`, imported by `file`, breaks an arrow; undefined when it is allowed. */
export function arrowProblem(file, spec, srcDir) {
  const from = roomOf(file, srcDir);
  if (!from) return undefined;
  if (spec.startsWith('.')) {
    const to = roomOf(path.resolve(path.dirname(file), spec), srcDir);
    if (!to || to === from) return undefined;
    if (LAYERS[to] > LAYERS[from]) return `${from} must not import ${to} (arrows point from front ends to the engine)`;
    if (LAYERS[to] === LAYERS[from] && !HOSTS[from]?.has(to)) return `${from} must not import ${to}: they are one layer; move what they share a layer down`;
    return undefined;
  }
  if (from !== 'engine') return undefined;
  const bare = spec.replace(/^node:/, '').split('/')[0];
  if (spec === 'vscode') return 'the engine must not import vscode';
  if (builtinModules.includes(bare) || spec.startsWith('node:')) {
    return ENGINE_BUILTINS.has(bare) ? undefined : `the engine must not import '${spec}' (I/O belongs to the adapters, behind the engine's ports)`;
  }
  const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : bare;
  return ENGINE_PACKAGES.has(pkg) ? undefined : `the engine must not import the package '${spec}' (only pure packages: ${[...ENGINE_PACKAGES].join(', ')})`;
}

const rule = {
  meta: { type: 'problem', schema: [{ type: 'object', properties: { srcDir: { type: 'string' } }, additionalProperties: false }], messages: { arrow: '{{problem}}' } },
  create(context) {
    const srcDir = context.options[0]?.srcDir ?? path.join(context.cwd, 'src');
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return;
      const problem = arrowProblem(context.filename, source.value, srcDir);
      if (problem) context.report({ node, messageId: 'arrow', data: { problem } });
    };
    return {
      ImportDeclaration: (n) => check(n, n.source),
      ExportNamedDeclaration: (n) => check(n, n.source),
      ExportAllDeclaration: (n) => check(n, n.source),
      ImportExpression: (n) => check(n, n.source),
      TSImportEqualsDeclaration: (n) => check(n, n.moduleReference?.expression),
      CallExpression: (n) => {
        if (n.callee.type === 'Identifier' && n.callee.name === 'require' && n.arguments[0]?.type === 'Literal') check(n, n.arguments[0]);
      },
    };
  },
};

export default { rules: { arrows: rule } };
