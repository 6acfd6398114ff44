// `verifier: auto`: a fixture repository per ecosystem, each detected with its reason, the
// precedence when several apply, and a repository with none (a clear message, no verification).
import assert from 'node:assert/strict';
import { detectVerifier } from '../../../src/workspace/detectVerifier';
import { createWorkspace } from '../../../src/workspace/workspace';
import { makeTempDir, writeFiles } from '../../support/fixtures';
import { testDomain } from './helpers';

async function detect(files: Record<string, string>) {
  const dir = makeTempDir('mf-detect-');
  try {
    writeFiles(dir.path, files);
    return await detectVerifier(dir.path);
  } finally {
    dir.cleanup();
  }
}

const PKG = (test?: string) => JSON.stringify({ name: 'x', scripts: test === undefined ? {} : { test } });

describe('workspace: verifier: auto', () => {
  it('a package.json test script: npm, or pnpm / yarn by their lockfile', async () => {
    assert.deepEqual(await detect({ 'package.json': PKG('jest') }), { command: 'npm test --silent', reason: 'package.json has a test script (jest)' });
    assert.equal((await detect({ 'package.json': PKG('vitest run'), 'pnpm-lock.yaml': '' }))?.command, 'pnpm test');
    assert.equal((await detect({ 'package.json': PKG('mocha'), 'yarn.lock': '' }))?.command, 'yarn test');
  });

  it("npm init's placeholder script, an unparsable package.json and no script count as none", async () => {
    assert.equal(await detect({ 'package.json': PKG('echo "Error: no test specified" && exit 1') }), undefined);
    assert.equal(await detect({ 'package.json': '{ not json' }), undefined);
    assert.equal(await detect({ 'package.json': PKG() }), undefined);
  });

  it('a Makefile test target (not a variable named test)', async () => {
    assert.deepEqual(await detect({ Makefile: 'all:\n\tcc x.c\n\ntest: all\n\t./run-tests\n' }), { command: 'make test', reason: 'Makefile has a test target' });
    assert.equal(await detect({ Makefile: 'test := 1\nall:\n\techo\n' }), undefined);
  });

  it('cargo test for Cargo.toml, go test ./... for go.mod', async () => {
    assert.deepEqual(await detect({ 'Cargo.toml': '[package]\nname = "x"\n', 'src/lib.rs': '' }), { command: 'cargo test', reason: 'Cargo.toml (a Rust crate)' });
    assert.deepEqual(await detect({ 'go.mod': 'module x\n', 'x_test.go': '' }), { command: 'go test ./...', reason: 'go.mod (a Go module)' });
  });

  it('pytest from its config files, conftest.py or test file names, with the repository virtualenv when it has one', async () => {
    const py = /^(python3?|\.venv\/bin\/python) -m pytest -q$/;
    for (const [files, reason] of [
      [{ 'pytest.ini': '[pytest]\n' }, 'pytest.ini'],
      [{ 'pyproject.toml': '[project]\nname="x"\n\n[tool.pytest.ini_options]\naddopts="-q"\n' }, 'pyproject.toml has [tool.pytest]'],
      [{ 'setup.cfg': '[tool:pytest]\n' }, 'setup.cfg has [tool:pytest]'],
      [{ 'tox.ini': '[pytest]\n' }, 'tox.ini has [pytest]'],
      [{ 'conftest.py': '' }, 'conftest.py'],
      [{ 'src/calc.py': '', 'tests/unit/test_calc.py': '' }, 'Python tests (tests/unit/test_calc.py)'],
      [{ 'calc_test.py': '' }, 'Python tests (calc_test.py)'],
    ] as [Record<string, string>, string][]) {
      const found = await detect(files);
      assert.equal(found?.reason, reason, JSON.stringify(files));
      assert.match(found!.command, py);
    }
    assert.equal((await detect({ 'pytest.ini': '', '.venv/bin/python': '' }))?.command, '.venv/bin/python -m pytest -q');
    assert.equal(await detect({ 'pyproject.toml': '[project]\nname="x"\n', 'calc.py': '' }), undefined, 'Python without tests is not a pytest project');
  });

  it("the project's own entry points win: package.json, then a Makefile, over marker files", async () => {
    assert.equal((await detect({ 'package.json': PKG('node --test'), Makefile: 'test:\n\tx\n', 'pytest.ini': '' }))?.command, 'npm test --silent');
    assert.equal((await detect({ Makefile: 'test:\n\tcargo test --all\n', 'Cargo.toml': '' }))?.command, 'make test');
  });

  it('none found: the workspace says what it looked for and verifies nothing; a configured command is used as written', async () => {
    const dir = makeTempDir('mf-detect-none-');
    try {
      writeFiles(dir.path, { 'notes.txt': 'hello' });
      const ws = await createWorkspace({ repoPath: dir.path, domain: testDomain({ verifier: { command: 'auto', auto: true, timeoutMs: 5000 } }), canWrite: true });
      assert.equal(ws.verifier?.command, undefined);
      assert.match(ws.verifier!.reason, /^verifier: auto found no test command \(looked for a package\.json test script, .*pytest.*\); changes are applied without verification/);
      assert.equal(await ws.verify(1), undefined);
      const set = await createWorkspace({ repoPath: dir.path, domain: testDomain({ verifier: { command: 'exit 3', timeoutMs: 5000 } }), canWrite: true });
      assert.deepEqual(set.verifier, { command: 'exit 3', detected: false, reason: 'set in config.yaml' });
      assert.equal((await set.verify(1))?.exitCode, 3);
    } finally {
      dir.cleanup();
    }
  });

  it('auto detected: verify runs the detected command', async () => {
    const dir = makeTempDir('mf-detect-run-');
    try {
      writeFiles(dir.path, { Makefile: 'test:\n\t@echo detected-and-ran\n' });
      const ws = await createWorkspace({ repoPath: dir.path, domain: testDomain({ verifier: { command: 'auto', auto: true, timeoutMs: 10_000 } }), canWrite: true });
      const r = await ws.verify(1);
      assert.equal(r?.command, 'make test');
      assert.match(r!.output, /detected-and-ran/);
    } finally {
      dir.cleanup();
    }
  });
});
