// The flag tables of the commands `help` documents. The commands parse with these very tables,
// so `help --format json` cannot list a flag the parser does not know, or miss one it does.
import { RUN_FLAGS, type Options } from './args';

export const COMMAND_FLAGS = {
  run: { ...RUN_FLAGS, prompt: { type: 'string' }, domain: { type: 'string' }, 'output-dir': { type: 'string', short: 'o' } },
  resume: {
    ...RUN_FLAGS,
    'session-id': { type: 'string' },
    approve: { type: 'boolean' },
    reject: { type: 'boolean' },
    feedback: { type: 'string' },
    edit: { type: 'string' },
    skip: { type: 'boolean' },
    'approve-rest': { type: 'boolean' },
    'no-step-by-step': { type: 'boolean' },
    force: { type: 'boolean' },
  },
  status: { 'session-id': { type: 'string' }, json: { type: 'boolean' }, limit: { type: 'string' }, steps: { type: 'string' }, all: { type: 'boolean' } },
  delete: { 'session-id': { type: 'string' }, yes: { type: 'boolean' }, json: { type: 'boolean' } },
  archive: { 'session-id': { type: 'string' }, json: { type: 'boolean' } },
  unarchive: { 'session-id': { type: 'string' }, json: { type: 'boolean' } },
  doctor: { repair: { type: 'boolean' }, json: { type: 'boolean' } },
  subprocess: { ...RUN_FLAGS, domain: { type: 'string' }, step: { type: 'string' }, 'context-json': { type: 'string' }, apply: { type: 'boolean' } },
  serve: {
    bind: { type: 'string' },
    host: { type: 'string' },
    limit: { type: 'string' },
    'poll-interval-ms': { type: 'string' },
    port: { type: 'string' },
    token: { type: 'string' },
    'allow-origin': { type: 'string', multiple: true },
    'allow-remote-keys': { type: 'boolean' },
    'max-runs': { type: 'string' },
  },
  mcp: { untrusted: { type: 'boolean' }, 'max-runs': { type: 'string' } },
} satisfies Record<string, Options>;

/** Flags that take a value, in any command above: their value is never mistaken for a global flag. */
export const VALUE_FLAGS: ReadonlySet<string> = new Set(
  Object.values(COMMAND_FLAGS).flatMap((t) => Object.entries(t as Options).filter(([, o]) => o.type === 'string').map(([n]) => n)),
);
