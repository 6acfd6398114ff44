// Which errors are the user's to fix (a bad flag, a bad config.yaml, a provider that cannot be
// reached as configured) and which are ours. Every front end draws the same line: the CLI
// prints one line and exits 2, `serve` answers 400; anything else is exit 1 or 500.
import { ConfigError } from '../config/errors';
import { LlmConfigError } from '../engine/ports';
import { UsageError } from './options';

export function isUserError(e: unknown): e is UsageError | ConfigError | LlmConfigError {
  return e instanceof UsageError || e instanceof ConfigError || e instanceof LlmConfigError;
}
