// Runner for machines that can download VS Code (a developer's laptop, a CI with internet):
// @vscode/test-electron downloads a desktop VS Code and runs the SAME suite
// (test/integration/index.ts) in its extension host. Offline, use runInCodeServer instead.
//   npx tsc -p tsconfig.test.json && node out/test/integration/runInElectron.js
// MICROFACTORY_VSCODE_VERSION picks a version (default: stable); on Linux CI wrap it in xvfb-run.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const repoRoot = resolve(__dirname, '..', '..', '..');
  const workspace = mkdtempSync(join(tmpdir(), 'mf-it-workspace-'));
  mkdirSync(join(workspace, 'src'), { recursive: true });
  writeFileSync(join(workspace, 'README.md'), '# integration workspace\n');
  const userData = mkdtempSync(join(tmpdir(), 'mf-it-user-data-'));
  await runTests({
    version: process.env.MICROFACTORY_VSCODE_VERSION || 'stable',
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(repoRoot, 'out', 'test', 'integration', 'index.js'),
    launchArgs: [
      workspace,
      '--user-data-dir', userData,
      '--disable-extensions', // other installed extensions stay out of the way
      '--disable-workspace-trust', // the suite simulates Restricted Mode itself
      '--skip-welcome',
      '--skip-release-notes',
    ],
    extensionTestsEnv: {
      MICROFACTORY_TEST_ARTIFACTS: join(repoRoot, 'test-artifacts'),
      MICROFACTORY_TEST_GREP: process.env.MICROFACTORY_TEST_GREP ?? '',
      OPENAI_API_KEY: '',
      ANTHROPIC_API_KEY: '',
      GEMINI_API_KEY: '',
      XAI_API_KEY: '',
    },
  });
}

main().catch((err) => {
  console.error('[electron] integration suite failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
