// The original tool's global flags (-v/--verbose, --log-json with --pretty/--compact, --inspect
// MODE). Users put them before or after the command name, so they are taken out of argv here,
// wherever they stand, before the command's own strict parser sees the rest.
import { UsageError } from '../app/options';
import type { Options } from './args';

export const INSPECT_MODES = ['ops', 'payloads', 'messages', 'files'] as const;
export type InspectMode = (typeof INSPECT_MODES)[number];

export interface GlobalFlags {
  verbose: boolean;
  logJson: boolean;
  /** One JSON object per line (--compact) instead of indented ones (--pretty, the default). */
  compact: boolean;
  inspect?: InspectMode;
}

/** The table `help` documents; splitGlobals below is its parser. */
export const GLOBAL_FLAGS: Options = {
  verbose: { type: 'boolean', short: 'v' },
  'log-json': { type: 'boolean' },
  pretty: { type: 'boolean' },
  compact: { type: 'boolean' },
  inspect: { type: 'string' },
};

const LONG = new Map(Object.entries(GLOBAL_FLAGS).flatMap(([name, o]) => [[`--${name}`, name], ...(o.short ? [[`-${o.short}`, name]] : [])] as [string, string][]));

/**
 * Removes the global flags from argv. `valueFlags` are the command flags that take a value, so
 * in `--prompt -v` the `-v` stays the prompt's value. Everything after `--` is left alone.
 */
export function splitGlobals(argv: string[], valueFlags: ReadonlySet<string>): { argv: string[]; globals: GlobalFlags } {
  const rest: string[] = [];
  const seen = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    const [head, inline] = splitInline(token);
    const name = LONG.get(head);
    if (!name) {
      rest.push(token);
      // The next token is this flag's value, whatever it looks like.
      if (inline === undefined && head.startsWith('--') && valueFlags.has(head.slice(2)) && i + 1 < argv.length) rest.push(argv[++i]);
      continue;
    }
    if (GLOBAL_FLAGS[name].type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      seen.set(name, true);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('-')) throw new UsageError(`--${name} needs a value: one of ${INSPECT_MODES.join(', ')}`);
    seen.set(name, value);
  }
  return { argv: rest, globals: validate(seen) };
}

function validate(seen: Map<string, string | true>): GlobalFlags {
  const inspect = seen.get('inspect');
  if (typeof inspect === 'string' && !(INSPECT_MODES as readonly string[]).includes(inspect)) {
    throw new UsageError(`--inspect must be one of ${INSPECT_MODES.join(', ')}, got '${inspect}'`);
  }
  if (seen.has('pretty') && seen.has('compact')) throw new UsageError('--pretty and --compact exclude each other');
  // Both would write their own stream to stdout; interleaved, neither could be parsed.
  if (inspect !== undefined && seen.has('log-json')) throw new UsageError('--inspect and --log-json both replace stdout; choose one');
  return { verbose: seen.has('verbose'), logJson: seen.has('log-json'), compact: seen.has('compact'), inspect: inspect as InspectMode | undefined };
}

function splitInline(token: string): [string, string | undefined] {
  const eq = token.indexOf('=');
  return token.startsWith('--') && eq > 0 ? [token.slice(0, eq), token.slice(eq + 1)] : [token, undefined];
}
