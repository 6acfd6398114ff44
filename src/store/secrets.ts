// The store never persists API keys. SessionMetadata has no key field, but it allows extra
// fields, so a key passed there by mistake is dropped here, before it reaches the journal or DB.
import type { SessionMetadata } from '../engine/model';

const SECRET_KEY = /^(api[-_]?key|apikey|secret|client[-_]?secret|password|authorization|(auth|access|bearer)[-_]?token)$/i;

export function scrubSecrets(metadata: SessionMetadata | undefined): SessionMetadata {
  if (!metadata) return {};
  let out: SessionMetadata | undefined;
  for (const k of Object.keys(metadata)) {
    if (SECRET_KEY.test(k)) {
      out ??= { ...metadata };
      delete out[k];
    }
  }
  return out ?? metadata;
}
