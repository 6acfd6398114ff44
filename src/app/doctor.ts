// `doctor`'s verdict on a store, shared by every front end that shows it: the JSON shape, the one
// line per session, and the exit code (0 all healthy, 1 damage found or left).
import type { SqlSessionStore, StoreHealth } from '../store';

export async function examineStore(store: SqlSessionStore, opts: { repair: boolean }): Promise<StoreHealth> {
  return opts.repair ? store.repair() : store.health();
}

export function healthy(h: StoreHealth): boolean {
  return h.db === 'ok' && h.sessions.every((s) => s.state !== 'damaged');
}

export function doctorJson(h: StoreHealth) {
  return {
    store: h.file,
    db: h.db,
    healthy: healthy(h),
    sessions: h.sessions.map((s) => ({ session_id: s.id, state: s.state, detail: s.detail || null })),
    set_aside: h.asides,
  };
}

export function doctorLines(h: StoreHealth): string[] {
  const out = [`store ${h.file}: database ${h.db}`];
  for (const s of h.sessions) out.push(`${s.id}  ${s.state}${s.detail ? `: ${s.detail}` : ''}`);
  if (!h.sessions.length) out.push('no sessions');
  for (const f of h.asides) out.push(`set aside (kept for you, never deleted): ${f}`);
  const damaged = h.sessions.filter((s) => s.state === 'damaged').length;
  out.push(healthy(h) ? 'healthy' : `${damaged} damaged session(s)${h.db === 'ok' ? '' : ', database damaged'}; \`microfactory doctor --repair\` rebuilds what can be rebuilt`);
  return out;
}
