// What the `microfactory.*` settings mean, without the editor: RunOverrides from a getter, and
// which config.yaml a folder runs with. settings.ts feeds these from vscode.workspace; the unit
// tests feed plain values. Unset settings (null or empty) stay undefined so that the domain's
// config.yaml decides; the run request's own overrides (a command's arguments) win over both.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunOverrides } from '../app/api';
import { SAMPLING_MODES, definedOnly } from './backend';

/** What a configuration section can answer; a plain function so tests can feed values. */
export type SettingGetter = <T>(key: string) => T | undefined;

function num(get: SettingGetter, key: string): number | undefined {
  const v = get<number | null>(key);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function str(get: SettingGetter, key: string): string | undefined {
  const v = get<string | null>(key);
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function bool(get: SettingGetter, key: string): boolean | undefined {
  const v = get<boolean | null>(key);
  return typeof v === 'boolean' ? v : undefined;
}

export function overridesFromSettings(get: SettingGetter): RunOverrides {
  const thresholds = {
    redFlags: num(get, 'thresholds.redFlags'),
    resamples: num(get, 'thresholds.resamples'),
    lowMargin: num(get, 'thresholds.lowMargin'),
  };
  const o: RunOverrides = {
    provider: str(get, 'provider'),
    model: str(get, 'model'),
    baseUrl: str(get, 'baseUrl'),
    samples: num(get, 'samples'),
    k: num(get, 'k'),
    adaptiveK: bool(get, 'adaptiveK'),
    sampling: SAMPLING_MODES.find((m) => m === str(get, 'sampling')),
    maxConcurrentLlm: num(get, 'maxConcurrentLlm'),
    budgetUsd: num(get, 'budgetUsd'),
    warnUsd: num(get, 'warnUsd'),
    maxStepUsd: num(get, 'maxStepUsd'),
    stepByStep: get<boolean>('stepByStep') === true ? true : undefined,
    allowDirty: get<boolean>('allowDirty') === true ? true : undefined,
    disks: num(get, 'hanoi.disks'),
    errorRate: num(get, 'simulated.errorRate'),
    latencyMs: num(get, 'simulated.latencyMs'),
    timeoutMs: num(get, 'requestTimeoutMs'),
    thresholds: Object.values(thresholds).some((v) => v !== undefined) ? definedOnly(thresholds) : undefined,
  };
  return definedOnly(o);
}

/**
 * The config.yaml a run uses: the `configPath` setting (relative to the folder), else the
 * folder's own config.yaml, else undefined (the bundled one). `folder` is a vscode.Uri's shape.
 */
export function configPathFor(get: SettingGetter, folder: { fsPath: string; scheme: string } | undefined): string | undefined {
  const setting = str(get, 'configPath');
  if (setting) return folder && !path.isAbsolute(setting) ? path.join(folder.fsPath, setting) : setting;
  if (!folder || folder.scheme !== 'file') return undefined;
  const candidate = path.join(folder.fsPath, 'config.yaml');
  return looksLikeMicrofactoryConfig(candidate) ? candidate : undefined;
}

/** "config.yaml" is a common name: only a file with a top-level `domains:` key is ours. */
function looksLikeMicrofactoryConfig(file: string): boolean {
  try {
    return /^domains\s*:/m.test(fs.readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
}
