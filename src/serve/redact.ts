// Keys must never appear in anything serve sends: replies, NDJSON exports or SSE frames. The
// store never persists keys and src/llm redacts its errors, but serve also knows secrets of its
// own (the bearer token, keys a client passed with --allow-remote-keys), so every outgoing text
// goes through one Redactor that knows them all, plus the key shapes src/llm recognises.
import { machineKeys } from '../llm/keys';
import { redactSecrets } from '../llm/redact';

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Adds a secret to hide from now on (short values are ignored by redactSecrets). */
  add(secret: string | undefined): void {
    const s = secret?.trim();
    if (s) this.secrets.add(s);
  }

  redact(text: string): string {
    return redactSecrets(text, this.secrets);
  }
}

/** A Redactor primed with the token and every provider key the server could use (environment, then ~/.env). */
export function serverRedactor(token: string | undefined, env: NodeJS.ProcessEnv = process.env): Redactor {
  const r = new Redactor();
  r.add(token);
  for (const key of machineKeys(env)) r.add(key);
  return r;
}
