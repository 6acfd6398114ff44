// `microfactory status`: recent sessions, one session's detail, or either as JSON.
import { sessionDetailJson, sessionListJson, sessionSummaryJson } from '../../app/json';
import { statusText } from '../../app/lease';
import { UsageError } from '../../app/options';
import { unfixableDamage } from '../../store';
import type { SessionRecord } from '../../engine/model';
import type { SessionStore } from '../../engine/ports';
import { num, parse, str } from '../args';
import { COMMAND_FLAGS } from '../commandFlags';
import type { CliContext } from '../context';
import { cacheNote, stepVotesLabel } from '../../app/labels';
import { ago, money, table } from '../output';
import { topicText } from '../help';
import { help } from './run';

export async function statusCommand(argv: string[], cli: CliContext): Promise<number> {
  const v = parse(argv, COMMAND_FLAGS.status);
  if (v.help) return help(topicText('status'));
  // Flags are checked before the store is opened, so a typo creates nothing.
  const id = str(v['session-id']);
  const json = v.json === true;
  const sessionLimit = num(v.limit, 'limit', { int: true, min: 1 }) ?? 20;
  // Archived sessions are listed only when asked for (a person archived them to see them less).
  const archived = v.all === true ? undefined : false;
  const stepLimit = num(v.steps, 'steps', { int: true, min: 0 }) ?? 200;
  const store = await cli.store();
  if (!id) {
    // Only what is cheap for a listing: a segment file shorter than recorded (export, resume and
    // a session's detail read them whole).
    for (const s of store.listSessions({ limit: sessionLimit, archived })) store.verifySession(s.id, { deep: false });
    const sessions = store.listSessions({ limit: sessionLimit, archived });
    if (json) process.stdout.write(JSON.stringify(sessionListJson(sessions)) + '\n');
    else process.stdout.write(listText(sessions) + '\n');
    return 0;
  }
  if (!store.getSession(id)) throw new UsageError(`no session ${id}; \`microfactory status\` lists them`);
  // Reads every segment: an unreadable one is moved aside and noted before the detail is shown.
  store.verifySession(id, { deep: true });
  const s = store.getSession(id)!;
  process.stdout.write(detail(store, s, stepLimit, json) + '\n');
  return 0;
}

/** The detail; for a damaged session whose steps cannot be read, what can be shown and why not the rest. */
function detail(store: SessionStore, s: SessionRecord, limit: number, json: boolean): string {
  try {
    return json ? JSON.stringify(sessionDetailJson(store, s, { limit })) : detailText(store, s, limit);
  } catch (err) {
    if (!s.damage) throw err;
    const why = (err as Error).message;
    return json ? JSON.stringify({ ...sessionSummaryJson(s), steps_unreadable: why }) : `${headText(s).join('\n')}\n  steps unreadable: ${why}`;
  }
}

function listText(sessions: SessionRecord[]): string {
  if (sessions.length === 0) return 'no sessions yet: try `microfactory run --domain hanoi --disks 4`';
  const rows = sessions.map((s) => [s.id, `${statusText(s)}${s.damage ? ' (damaged)' : ''}${s.archived ? ' (archived)' : ''}`, s.domain, `${s.metrics.stepsCompleted}${s.metrics.stepsTotal ? '/' + s.metrics.stepsTotal : ''}`, money(s.metrics.costUsd), ago(s.updatedAt), s.prompt.replace(/\s+/g, ' ').slice(0, 50)]);
  const damaged = sessions.filter((s) => s.damage).map((s) => `damaged ${s.id}: ${s.damage}`);
  return [table([['SESSION', 'STATUS', 'DOMAIN', 'STEPS', 'COST', 'UPDATED', 'PROMPT'], ...rows]), ...damaged].join('\n');
}

function detailText(store: SessionStore, s: SessionRecord, limit: number): string {
  const out = headText(s);
  const steps = store.getSteps(s.id, { limit });
  if (steps.length) {
    out.push('', table([['STEP', 'STATUS', 'VOTES', 'SAMPLES', 'FLAGS', 'DESCRIPTION'], ...steps.map((st) => [
      '  '.repeat(st.depth) + st.id, st.status, stepVotesLabel(st), String(st.metrics.samplesRequested),
      String(Object.values(st.metrics.redFlags).reduce((a, b) => a + b, 0)), st.description.replace(/\s+/g, ' ').slice(0, 60),
    ])]));
    const total = store.countSteps(s.id);
    if (total > steps.length) out.push(`  ... ${total - steps.length} more steps (--steps N, or \`microfactory export\`)`);
  }
  return out.join('\n');
}

/** The session's own lines, without its steps. */
function headText(s: SessionRecord): string[] {
  const m = s.metrics;
  const out = [
    `session ${s.id}`,
    `  status: ${statusText(s)}   domain: ${s.domain} (${s.flow})   created ${s.createdAt}   updated ${ago(s.updatedAt)}`,
    `  prompt: ${s.prompt}`,
    `  steps: ${m.stepsCompleted}${m.stepsTotal ? '/' + m.stepsTotal : ''}   samples: ${m.samples}   red flags: ${m.redFlags}   resamples: ${m.resamples}   most votes in a step: ${m.maxVotesPerStep}`,
    `  tokens: ${m.tokensIn} in${cacheNote(m, String)} / ${m.tokensOut} out   cost: ${money(m.costUsd)}   wall: ${(m.wallMs / 1000).toFixed(2)} s`,
    `  options: ${JSON.stringify(s.metadata)}`,
  ];
  if (s.waitState) out.push(`  WAITING on step ${s.waitState.stepId || '-'}: ${s.waitState.trigger}: ${s.waitState.details}`, `    resume: microfactory resume --session-id ${s.id} [--approve | --reject]`);
  if (s.error) out.push(`  error: ${s.error}`);
  if (s.damage) {
    out.push(`  DAMAGED: ${s.damage} (\`microfactory doctor\` tells more)`);
    if (!unfixableDamage(s.damage)) out.push(`    resume re-runs what was lost: microfactory resume --session-id ${s.id}`);
  }
  return out;
}
