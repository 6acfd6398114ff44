// Bundles the extension and the CLI into self-contained CommonJS files and copies the WASM
// files they load at run time beside them, so dist/ runs from a folder with no node_modules.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, chmodSync } from 'node:fs';
import { join } from 'node:path';

const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');
const out = 'dist';
mkdirSync(out, { recursive: true });

const entries = [
  { in: 'src/cli/main.ts', out: 'cli', banner: '#!/usr/bin/env node' },
  // The extension is split: a small activation bundle and the core it requires on first use.
  { in: 'src/extension/main.ts', out: 'extension', split: true },
  { in: 'src/extension/backendCore.ts', out: 'extension-core' },
  { in: 'src/bench/hanoi.ts', out: 'bench' },
].filter((e) => existsSync(e.in));

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  minify,
  external: ['vscode'],
  logLevel: 'warning',
  // web-tree-sitter and sql.js look for their .wasm next to the bundle (locateFile points there).
  define: { 'process.env.MICROFACTORY_BUNDLED': '"1"' },
};

function copyWasm() {
  copyFileSync('node_modules/sql.js/dist/sql-wasm.wasm', join(out, 'sql-wasm.wasm'));
  copyFileSync('node_modules/web-tree-sitter/tree-sitter.wasm', join(out, 'tree-sitter.wasm'));
  const grammars = 'node_modules/@vscode/tree-sitter-wasm/wasm';
  mkdirSync(join(out, 'grammars'), { recursive: true });
  for (const f of readdirSync(grammars)) {
    if (f.startsWith('tree-sitter-') && f.endsWith('.wasm')) copyFileSync(join(grammars, f), join(out, 'grammars', f));
  }
}

const builds = entries.map((e) => ({
  ...common,
  ...(e.split ? { external: [...common.external, './extension-core.js'], define: { ...common.define, MICROFACTORY_SPLIT_CORE: 'true' } } : {}),
  entryPoints: { [e.out]: e.in },
  outdir: out,
  banner: e.banner ? { js: e.banner } : undefined,
}));

copyWasm();
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  if (existsSync(join(out, 'cli.js'))) chmodSync(join(out, 'cli.js'), 0o755);
}
