// Lookups by a name someone else chose (a flag value, a config key, a code fence tag a model
// wrote). A plain object inherits `constructor`, `toString`, `__proto__`, ...: `table[name]`
// would hand back Object.prototype's members for those, and `name in table` would say yes.

/** `table[key]` when the table itself holds `key`, else undefined. */
export function own<V>(table: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}
