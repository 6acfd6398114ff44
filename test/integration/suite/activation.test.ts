import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import * as path from 'node:path';
import { EXTENSION_ID, report } from './helpers';
import type { MicrofactoryApi } from '../../../src/extension/api';

suite('activation', () => {
  test('is lazy, activates fast and registers every command', async () => {
    const ext = vscode.extensions.getExtension<MicrofactoryApi>(EXTENSION_ID);
    assert.ok(ext);
    // Nothing in the fresh workbench should have activated us: activation is on use only.
    assert.strictEqual(ext.isActive, false, 'activated before anything asked for it');
    const t0 = performance.now();
    const api = await ext.activate();
    const wallMs = performance.now() - t0;
    // What the bundle costs to load alone: a fresh copy, so nothing is cached.
    const copy = path.join(ext.extensionPath, 'dist', `extension-loadtime-${process.pid}.js`);
    fs.copyFileSync(path.join(ext.extensionPath, 'dist', 'extension.js'), copy);
    const l0 = performance.now();
    try {
      require(copy);
    } finally {
      fs.rmSync(copy, { force: true });
    }
    const loadMs = performance.now() - l0;
    report(`activation: activate() ${api.activationMs.toFixed(1)} ms; bundle load ${loadMs.toFixed(0)} ms (${(fs.statSync(path.join(ext.extensionPath, 'dist', 'extension.js')).size / 1e6).toFixed(1)} MB); ext.activate() wall ${wallMs.toFixed(0)} ms`);
    // activate() itself only wires: no store, no engine, no SDK.
    assert.ok(api.activationMs < 150, `activate() took ${api.activationMs} ms`);
    // Generous bound: CI machines are slow and shared; the report line above gives the real number.
    assert.ok(wallMs < 10_000, `loading + activating took ${wallMs} ms`);
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['runTask', 'resumeSession', 'cancelSession', 'openSession', 'approveCandidate', 'rejectCandidate', 'setApiKey', 'showLogs', 'openConfig', 'showDiff']) {
      assert.ok(commands.includes(`microfactory.${id}`), `missing command microfactory.${id}`);
    }
    // sql.js is not loaded by activation: the store file appears only on first use.
    assert.strictEqual(fs.existsSync(api.storePath), false, 'the store was opened during activation');
    report(`host: ${vscode.env.appName} ${vscode.version}, uiKind ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'}, remote ${vscode.env.remoteName ?? '-'}`);
  });

  test('puts a launcher for the bundled CLI on the terminal PATH', async () => {
    const api = await vscode.extensions.getExtension<MicrofactoryApi>(EXTENSION_ID)!.activate();
    const text = fs.readFileSync(api.launcherPath, 'utf8');
    assert.match(text, /ELECTRON_RUN_AS_NODE=1/);
    assert.ok(text.includes(process.execPath), 'launcher does not use VS Code\'s runtime');
    assert.ok(text.includes(api.storeDir), 'launcher does not share the extension store');
    assert.ok(fs.statSync(api.launcherPath).mode & 0o100, 'launcher is not executable');
  });
});
