// The editor activates through dist/extension.js; the store, sql.js, the SDKs and the engine are in
// dist/extension-core.js, loaded on first use (backend.ts). One value import that reaches through
// the store's door (src/store/index.ts) pulls its whole graph, sql.js's loader included, into the
// activation bundle: that is how it once grew from ~73 KB to ~158 KB. This bundles src/extension/main.ts
// the way esbuild.mjs does and checks what went in.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { REPO_ROOT } from '../../support/cliRun';

/** The activation bundle's inputs (repo-relative paths) and its size, built in memory. */
async function activationBundle(): Promise<{ inputs: string[]; bytes: number }> {
  const result = await esbuild.build({
    absWorkingDir: REPO_ROOT,
    entryPoints: { extension: 'src/extension/main.ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // As esbuild.mjs builds the split extension: the core is a separate file beside it.
    external: ['vscode', './extension-core.js'],
    define: { 'process.env.MICROFACTORY_BUNDLED': '"1"', MICROFACTORY_SPLIT_CORE: 'true' },
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const out = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined)!;
  return { inputs: Object.keys(out.inputs).map((f) => path.relative(REPO_ROOT, path.resolve(REPO_ROOT, f)).split(path.sep).join('/')), bytes: out.bytes };
}

describe('extension: the activation bundle stays light', function () {
  this.timeout(60_000);

  it('holds no store, engine runner, SDK or sql.js code, and stays under 150 KB', async () => {
    const { inputs, bytes } = await activationBundle();
    assert.ok(inputs.some((f) => f === 'src/extension/main.ts'), `the build saw no entry: ${inputs.slice(0, 5).join(', ')}`);
    const heavy = inputs.filter((f) => f.startsWith('src/store/') || /node_modules\/(sql\.js|openai|@anthropic-ai|@google)\//.test(f) || f === 'src/engine/runner.ts');
    assert.deepEqual(heavy, [], 'these belong in dist/extension-core.js, behind backend.ts');
    // 76 KB before R2.4; its pause, decision, checkpoint and diagnostics UI is the extension's own code (129 KB
    // unminified), loaded at activation by design. The cap catches a core module or an SDK creeping back in.
    assert.ok(bytes < 150_000, `dist/extension.js would be ${bytes} bytes`);
  });
});
