// Puts the bundled CLI on the integrated terminal's PATH as `microfactory`: a tiny launcher in
// <globalStorage>/bin that runs dist/cli.js with VS Code's own runtime (process.execPath with
// ELECTRON_RUN_AS_NODE=1, so no system Node is needed) and MICROFACTORY_HOME pointing at the
// extension's store folder, so sessions started in a terminal show up in the Sessions view and
// can be resumed from either side. Written at activation because it is two small files.
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Single-quoted for sh: the only character to escape inside '' is ' itself. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function posixLauncher(execPath: string, cliJs: string, home: string): string {
  return [
    '#!/bin/sh',
    '# Written by the Microfactory extension: runs the bundled CLI on VS Code\'s own runtime',
    '# and shares the extension\'s session store.',
    `MICROFACTORY_HOME=${shQuote(home)}`,
    'ELECTRON_RUN_AS_NODE=1',
    'export MICROFACTORY_HOME ELECTRON_RUN_AS_NODE',
    `exec ${shQuote(execPath)} ${shQuote(cliJs)} "$@"`,
    '',
  ].join('\n');
}

export function windowsLauncher(execPath: string, cliJs: string, home: string): string {
  return ['@echo off', 'setlocal', `set "MICROFACTORY_HOME=${home}"`, 'set "ELECTRON_RUN_AS_NODE=1"', `"${execPath}" "${cliJs}" %*`, ''].join('\r\n');
}

function writeIfChanged(file: string, content: string, mode: number): void {
  try {
    if (fs.readFileSync(file, 'utf8') === content) return;
  } catch {
    // missing: write it
  }
  fs.writeFileSync(file, content, { mode });
  fs.chmodSync(file, mode);
}

/** Writes the launcher and prepends its folder to PATH for new terminals; returns its path. */
export function installTerminalCli(ctx: vscode.ExtensionContext, storeDir: string): string {
  const binDir = path.join(ctx.globalStorageUri.fsPath, 'bin');
  fs.mkdirSync(binDir, { recursive: true });
  const cliJs = path.join(ctx.extensionPath, 'dist', 'cli.js');
  const isWindows = process.platform === 'win32';
  const launcher = path.join(binDir, isWindows ? 'microfactory.cmd' : 'microfactory');
  writeIfChanged(
    launcher,
    isWindows ? windowsLauncher(process.execPath, cliJs, storeDir) : posixLauncher(process.execPath, cliJs, storeDir),
    0o755,
  );
  const env = ctx.environmentVariableCollection;
  env.description = 'Adds the `microfactory` command (the bundled CLI, sharing the extension\'s sessions).';
  // Prepend, so our launcher wins over an older globally installed `microfactory`.
  env.prepend('PATH', binDir + path.delimiter);
  return launcher;
}
