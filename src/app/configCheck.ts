// "Is this config.yaml usable?" without running anything: the loader's own check (YAML, schema,
// templates), its one-line ConfigError returned as text. The editor validates on open and on
// save with it; the position inside the line is read by configErrorPosition (configPosition.ts,
// kept apart so the editor reads it without loading the YAML and schema libraries).
import { loadConfig } from '../config/load';
import { ConfigError } from '../config/errors';

/** The ConfigError a load of `path` would throw, as its message; undefined when it loads. */
export function configProblem(path: string): string | undefined {
  try {
    loadConfig(path);
    return undefined;
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
}
