// The one LogOutputChannel "Microfactory", adapted to the engine's Logger port. The channel
// has its own level filter (the user picks it in the Output view), so we forward everything.
import * as vscode from 'vscode';
import type { Logger } from '../engine/ports';

export function createLogChannel(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Microfactory', { log: true });
}

export function engineLogger(channel: vscode.LogOutputChannel): Logger {
  return {
    debug: (m) => channel.debug(m),
    info: (m) => channel.info(m),
    warn: (m) => channel.warn(m),
    error: (m) => channel.error(m),
  };
}
