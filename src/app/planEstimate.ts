// Reading stored `estimate --json` results for `plan --estimate` and `plan --compare`. An
// estimate is written to stdout (`estimate --json > gpt-4.1-mini.json`); nothing else stores it,
// so `plan` takes the files, or folders of them, that the user kept.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readBoundedText } from '../config/readBounded';
import { UsageError } from './options';

export interface StoredEstimate {
  file: string;
  /** The model the estimate measured ('' in results written before the field existed). */
  model: string;
  errorRate: number;
  flagRate: number;
  tokensIn: number;
  tokensOut: number;
  steps: number;
  repeat: number;
  systematicShare: number;
  randomErrorRate: number;
}

/** One `estimate --json` result; a file that is missing or is not one is a one-line usage error naming it. */
export function readEstimate(file: string): StoredEstimate {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readBoundedText(file, '--estimate')) as Record<string, unknown>;
  } catch (e) {
    throw new UsageError(`--estimate ${file}: ${(e as Error).message}`);
  }
  const n = (x: unknown, what: string): number => {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new UsageError(`--estimate ${file}: not an \`estimate --json\` result (${what} is missing)`);
    return x;
  };
  const at = (o: unknown, key: string): unknown => (o && typeof o === 'object' ? (o as Record<string, unknown>)[key] : undefined);
  const errorRate = n(at(raw.error_rate, 'rate'), 'error_rate.rate');
  const lab = raw.lab;
  return {
    file, model: typeof raw.model === 'string' ? raw.model : '',
    errorRate, flagRate: n(at(raw.red_flag_rate, 'rate'), 'red_flag_rate.rate'), tokensIn: n(raw.tokens_in, 'tokens_in'), tokensOut: n(raw.tokens_out, 'tokens_out'),
    steps: n(at(raw.task, 'steps'), 'task.steps'), repeat: lab ? n(at(lab, 'repeat'), 'lab.repeat') : 1,
    systematicShare: lab ? n(at(lab, 'systematic_share'), 'lab.systematic_share') : 0, randomErrorRate: lab ? n(at(lab, 'random_error_rate'), 'lab.random_error_rate') : errorRate,
  };
}

/**
 * The estimates named by `--estimate a.json,b.json,dir/`, by model: a folder stands for its
 * *.json files. Two results for one model are an error rather than a silent pick.
 */
export function readEstimates(spec: string): Map<string, StoredEstimate> {
  const byModel = new Map<string, StoredEstimate>();
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    for (const file of expand(part)) {
      const e = readEstimate(file);
      if (!e.model) throw new UsageError(`--estimate ${file}: the result names no model (run \`microfactory estimate --json\` again to record it)`);
      const seen = byModel.get(e.model);
      if (seen) throw new UsageError(`--estimate: two results for ${e.model} (${seen.file} and ${file}); keep one`);
      byModel.set(e.model, e);
    }
  }
  return byModel;
}

function expand(path: string): string[] {
  let dir = false;
  try {
    dir = statSync(path).isDirectory();
  } catch {
    return [path]; // readEstimate names the missing file
  }
  if (!dir) return [path];
  return readdirSync(path).filter((f) => f.endsWith('.json')).sort().map((f) => join(path, f));
}
