// Layering settings, flags and stored metadata with object spreads: a key present but undefined
// would override the value below it with nothing, so the layers drop such keys first.

/** `o` without its undefined-valued keys. */
export function definedOnly<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
