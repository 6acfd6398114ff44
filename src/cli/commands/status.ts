// `microfactory status`: recent sessions, one session's detail, or either as JSON.
import { sessionDetailJson, sessionListJson } from '../../app/json';
import { UsageError } from '../../app/options';
import type { SessionRecord } from '../../engine/model';
import type { SessionStore } from '../../engine/ports';
import { num, parse, str } from '../args';
import { COMMAND_FLAGS } from '../commandFlags';
import type { CliContext } from '../context';
import { ago, money, votesText } from '../output';
import { help } from './run';

const HELP = `microfactory status [--session-id ID] [--json] [--limit N] [--steps N]

  Without --session-id: the most recent sessions (--limit, default 20).
  With it: the session's metrics, wait state, options and its steps (--steps, default 200).`;

export async function statusCommand(argv: string[], cli: CliContext): Promise<number> {
  const v = parse(argv, COMMAND_FLAGS.status);
  if (v.help) return help(HELP);
  // Flags are checked before the store is opened, so a typo creates nothing.
  const id = str(v['session-id']);
  const json = v.json === true;
  const sessionLimit = num(v.limit, 'limit', { int: true, min: 1 }) ?? 20;
  const stepLimit = num(v.steps, 'steps', { int: true, min: 0 }) ?? 200;
  const store = await cli.store();
  if (!id) {
    // Only what is cheap for a listing: a segment file shorter than recorded (export, resume and
    // a session's detail read them whole).
    for (const s of store.listSessions({ limit: sessionLimit })) store.verifySession(s.id, { deep: false });
    const sessions = store.listSessions({ limit: sessionLimit });
    if (json) process.stdout.write(JSON.stringify(sessionListJson(sessions)) + '\n');
    else process.stdout.write(listText(sessions) + '\n');
    return 0;
  }
  if (!store.getSession(id)) throw new UsageError(`no session ${id}; \`microfactory status\` lists them`);
  store.verifySession(id, { deep: true });
  const s = store.getSession(id)!;
  if (json) process.stdout.write(JSON.stringify(sessionDetailJson(store, s, { limit: stepLimit })) + '\n');
  else process.stdout.write(detailText(store, s, stepLimit) + '\n');
  return 0;
}

function listText(sessions: SessionRecord[]): string {
  if (sessions.length === 0) return 'no sessions yet: try `microfactory run --domain hanoi --disks 4`';
  const rows = sessions.map((s) => [s.id, statusWord(s), s.domain, `${s.metrics.stepsCompleted}${s.metrics.stepsTotal ? '/' + s.metrics.stepsTotal : ''}`, money(s.metrics.costUsd), ago(s.updatedAt), s.prompt.replace(/\s+/g, ' ').slice(0, 50)]);
  return table([['SESSION', 'STATUS', 'DOMAIN', 'STEPS', 'COST', 'UPDATED', 'PROMPT'], ...rows]);
}

function detailText(store: SessionStore, s: SessionRecord, limit: number): string {
  const m = s.metrics;
  const out = [
    `session ${s.id}`,
    `  status: ${statusWord(s)}   domain: ${s.domain} (${s.flow})   created ${s.createdAt}   updated ${ago(s.updatedAt)}`,
    `  prompt: ${s.prompt}`,
    `  steps: ${m.stepsCompleted}${m.stepsTotal ? '/' + m.stepsTotal : ''}   samples: ${m.samples}   red flags: ${m.redFlags}   resamples: ${m.resamples}   most votes in a step: ${m.maxVotesPerStep}`,
    `  tokens: ${m.tokensIn} in / ${m.tokensOut} out   cost: ${money(m.costUsd)}   wall: ${(m.wallMs / 1000).toFixed(2)} s`,
    `  options: ${JSON.stringify(s.metadata)}`,
  ];
  if (s.waitState) out.push(`  WAITING on step ${s.waitState.stepId || '-'}: ${s.waitState.trigger}: ${s.waitState.details}`, `    resume: microfactory resume --session-id ${s.id} [--approve | --reject]`);
  if (s.error) out.push(`  error: ${s.error}`);
  if (s.damage && s.damage !== s.error) out.push(`  DAMAGED: ${s.damage}`, `    resume: microfactory resume --session-id ${s.id}`);
  const steps = store.getSteps(s.id, { limit });
  if (steps.length) {
    out.push('', table([['STEP', 'STATUS', 'VOTES', 'SAMPLES', 'FLAGS', 'DESCRIPTION'], ...steps.map((st) => [
      '  '.repeat(st.depth) + st.id, st.status, votesText(st.metrics.tally), String(st.metrics.samplesRequested),
      String(Object.values(st.metrics.redFlags).reduce((a, b) => a + b, 0)), st.description.replace(/\s+/g, ' ').slice(0, 60),
    ])]));
    const total = store.countSteps(s.id);
    if (total > steps.length) out.push(`  ... ${total - steps.length} more steps (--steps N, or \`microfactory export\`)`);
  }
  return out.join('\n');
}

/** A session whose stored steps were lost on disk says so where its status is read. */
function statusWord(s: SessionRecord): string {
  return s.damage ? `damaged (${s.status})` : s.status;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n');
}
