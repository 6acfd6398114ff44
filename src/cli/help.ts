// `microfactory help [--topic T] [--format text|json]`: narrative help per command, and the same
// facts as JSON for supervising tools. The flag lists are built from the tables the commands
// parse with, so the help cannot promise a flag the parser rejects, or forget one.
import { UsageError } from '../app/options';
import { own as ownKey } from '../engine/own';
import { HELP_FLAG, parse, str, type Options } from './args';
import { COMMAND_FLAGS } from './commandFlags';
import { FLAG_DOCS } from './flagDocs';
import { GLOBAL_FLAGS } from './globals';

interface Topic {
  summary: string;
  usage: string;
  /** Paragraphs a person reads before the flag list. */
  narrative: string;
  flags: Options;
}

export const OVERVIEW_COMMANDS = `  run         start a session            resume      continue a paused or interrupted one
  status      list or inspect sessions   export      one JSON line per step
  archive     hide a session from lists  unarchive   show it again (status --all lists both)
  delete      remove a session for good (--yes)
  subprocess  solve and vote one step    plan        k_min and expected cost (paper Eq. 14, 18)
  check       why a response is (not) red-flagged
  domains     validate config.yaml and list its domains
  estimate    a model's per-step error rate on random Hanoi steps, and the k and cost it implies
  serve       HTTP API and live events (SSE) for dashboards
  mcp         an MCP server on stdio, for agents (Copilot, Claude Code, Cline)
  doctor      check the session store, one line per session; --repair rebuilds what it can
  help        this help; help --topic run|status|resume|delete|subprocess|serve|mcp|doctor [--format json]`;

const TOPICS: Record<string, Topic> = {
  overview: {
    summary: 'long tasks as many tiny voted steps (MAKER)',
    usage: 'microfactory [global flags] <command> [options]      (--help on any command)',
    narrative: `${OVERVIEW_COMMANDS}

Global flags go before or after the command. Config: --config FILE, else ./config.yaml in the
current folder, else the bundled one. Every run also writes a full debug log to
$MICROFACTORY_HOME/logs/session-<id>.log; sessions live in $MICROFACTORY_HOME/sessions.sqlite3
(default home ~/.microfactory).
Example: microfactory run --domain hanoi --disks 10 --llm-provider simulated --error-rate 0.01`,
    flags: GLOBAL_FLAGS,
  },
  run: {
    summary: 'start a session',
    usage: 'microfactory run --domain NAME [--prompt TEXT] [options]',
    narrative: `Runs a task as many small steps. Each step is sampled several times, red-flagged samples
are drawn again, and a step is decided once one answer leads every other by k votes. A code
run applies each winning change to the repository (--repo-path, or -o/--output-dir as the
original tool called it) and runs the domain's verifier. Exit codes: 0 completed, 3 paused
for a human, 1 failed, 2 usage or config error, 130 cancelled (Ctrl-C; resumable).`,
    flags: COMMAND_FLAGS.run,
  },
  resume: {
    summary: 'continue a paused, cancelled or interrupted session',
    usage: 'microfactory resume --session-id ID [--approve | --reject [--feedback TEXT] | --edit FILE | --skip] [--approve-rest] [--no-step-by-step] [--force] [run options to override]',
    narrative: `Continues a session where it stopped, with the options it was started with unless you
override them. --approve accepts the candidate a pause asked about; --reject discards it and
resamples (--feedback TEXT tells the solver why); --edit FILE approves your own answer instead;
--skip completes the step without its work; --approve-rest stops step-by-step pauses for the rest
of the decomposition and --no-step-by-step for the rest of the session. A session another live process runs (its lease: pid, host, heartbeat) is refused with
exit 2; one whose process died (killed, crashed: status says "interrupted") is taken over. --force
overrides a lease that still looks live (a host whose clock or pids cannot be trusted). Exit codes as for run.`,
    flags: COMMAND_FLAGS.resume,
  },
  status: {
    summary: 'list or inspect sessions',
    usage: 'microfactory status [--session-id ID] [--json] [--limit N] [--steps N] [--all]',
    narrative: `Without --session-id: the most recent sessions (--limit, default 20), archived ones only
with --all. With it: the session's metrics, wait state, options and its steps (--steps, default 200).`,
    flags: COMMAND_FLAGS.status,
  },
  delete: {
    summary: 'remove a session for good',
    usage: 'microfactory delete ID --yes [--json]',
    narrative: `Removes the session, its steps and samples, its journal records and its segment files, and
says how many of each. --yes confirms. A session a live process runs is refused (cancel it first).
Exit codes: 0 deleted, 2 unknown session, no --yes, or running.`,
    flags: COMMAND_FLAGS.delete,
  },
  archive: {
    summary: 'hide a session from the lists',
    usage: 'microfactory archive ID [--json]',
    narrative: `Hides the session from \`status\`, serve's and MCP's lists and the editor's Sessions view;
\`status --all\` (and the view's Show Archived) still list it, and \`unarchive ID\` brings it back.
Nothing else changes: it can still be inspected, exported and resumed. A running session is refused.`,
    flags: COMMAND_FLAGS.archive,
  },
  unarchive: {
    summary: 'show an archived session in the lists again',
    usage: 'microfactory unarchive ID [--json]',
    narrative: 'Undoes `archive ID`.',
    flags: COMMAND_FLAGS.unarchive,
  },
  subprocess: {
    summary: 'solve and vote one step, print JSON',
    usage: 'microfactory subprocess --domain D --step TEXT [--context-json JSON] [--apply] [run options]',
    narrative: `For supervising agents that use Microfactory as a tool: solves one step (no decomposition),
votes, and prints {session_id, status, winner, candidates, tally, metrics, change_set,
wait_state}. Nothing is written to the repository unless --apply is given.`,
    flags: COMMAND_FLAGS.subprocess,
  },
  serve: {
    summary: 'HTTP API and live events (SSE) over the session store',
    usage: 'microfactory serve [--bind 127.0.0.1] [--port 8080] [--limit 25] [--poll-interval-ms 1000] [--token T] [--allow-origin URL ...]',
    narrative: `Serves the sessions in the shapes \`status --json\` prints, starts and resumes runs, and
streams engine events as Server-Sent Events. Runs until SIGINT/SIGTERM, then cancels its runs
so they can be resumed. Listening on anything but loopback needs --token.

Endpoints:
    GET  /health
    GET  /sessions?limit=N&offset=M&status=running,paused      {"sessions": [...]} (limit: --limit; all=1: archived too)
    GET  /sessions/stream?limit=N...    Server-Sent Events: the same JSON every --poll-interval-ms
    GET  /sessions/ID?offset=&limit=                          like status --session-id ID --json
    GET  /sessions/ID/steps?parent=&offset=&limit=            (parent= or parent=null: root steps)
    GET  /sessions/ID/steps/STEP   GET /sessions/ID/steps/STEP/samples
    GET  /sessions/ID/export                                  NDJSON, like microfactory export
    POST /sessions          {"prompt", "domain", ...run options}         -> 202 {"session_id"}
    POST /sessions/ID/resume {"approve"|"reject"|"skip": true, "feedback", "edit", "approveRest",
         "force", ...}                                       -> 202 (paused, failed,
         cancelled, interrupted), 409 while another process holds it ("force" overrides), else 400
    POST /sessions/ID/cancel                                  (runs this server started)
    GET  /events?session=ID&types=a,b   Server-Sent Events: engine events of this server's
         runs, session_updated for changes made by other processes; Last-Event-ID replays.`,
    flags: COMMAND_FLAGS.serve,
  },
  mcp: {
    summary: 'an MCP server on stdio, for agents',
    usage: 'microfactory mcp [--untrusted] [--max-runs 4]',
    narrative: `Speaks the Model Context Protocol on stdin/stdout (logs go to stderr), over the same
session store as the other commands. Tools: run, status, resume, cancel, vote, plan, estimate,
export. Resources: microfactory://session/{id} (paged by ?cursor=) and
microfactory://session/{id}/step/{n}. A paused session tells the client what a human must decide
(the candidate's diff, the allowed decisions). Runs until the client closes stdin, then cancels
its runs so they can be resumed. --untrusted (the editor passes it in Restricted Mode): nothing
is written, no verifier runs, and approving a candidate that writes files is refused.`,
    flags: COMMAND_FLAGS.mcp,
  },
  doctor: {
    summary: 'check the session store; --repair rebuilds what can be rebuilt',
    usage: 'microfactory doctor [--repair] [--json]',
    narrative: `Checks the store: the database, each session's steps against its own totals, the segment
files it references, and files earlier recoveries set aside. Prints one line per session: ok,
damaged (what), or recovered (what). --repair reads sessions back out of moved-aside database
files, replays set-aside journals, and clears the note of sessions found whole. Exit codes:
0 healthy, 1 damage found or left, 2 usage.`,
    flags: COMMAND_FLAGS.doctor,
  },
};

export const HELP_TOPICS = Object.keys(TOPICS);

/** The JSON for supervising tools; its shape is a contract: topic, summary, usage, description, flags, global_flags. */
export function topicJson(name: string) {
  const t = topicOf(name);
  return {
    topic: name,
    summary: t.summary,
    usage: t.usage,
    description: t.narrative,
    flags: flagList(name === 'overview' ? {} : { ...t.flags, ...HELP_FLAG }, name),
    global_flags: flagList(GLOBAL_FLAGS),
  };
}

export function topicText(name: string): string {
  const t = topicOf(name);
  const rows = (flags: Options, topic?: string) => flagList(flags, topic).map((f) => {
    const names = `${f.short ? `-${f.short}, ` : '    '}--${f.name}${f.value ? ` ${f.value}` : ''}`;
    const dflt = f.default !== null && f.default !== undefined && f.default !== false ? ` (default ${String(f.default)})` : '';
    return `  ${names.padEnd(34)} ${f.description}${dflt}`;
  });
  const own = name === 'overview' ? [] : ['', 'flags:', ...rows(t.flags, name)];
  return [`microfactory ${name === 'overview' ? '' : `${name} `}— ${t.summary}`, '', `usage: ${t.usage}`, '', t.narrative, ...own, '', 'global flags (before or after the command):', ...rows(GLOBAL_FLAGS)].join('\n');
}

export async function helpCommand(argv: string[]): Promise<number> {
  // `help run` reads as naturally as `help --topic run`.
  const args = argv[0] !== undefined && !argv[0].startsWith('-') ? ['--topic', ...argv] : argv;
  const v = parse(args, { topic: { type: 'string' }, format: { type: 'string' } });
  const topic = str(v.topic) ?? 'overview';
  const format = str(v.format) ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, got '${format}'`);
  process.stdout.write((format === 'json' ? JSON.stringify(topicJson(topic), null, 2) : topicText(topic)) + '\n');
  return 0;
}

function topicOf(name: string): Topic {
  const t = ownKey(TOPICS, name);
  if (!t) throw new UsageError(`unknown help topic '${name}'; topics: ${HELP_TOPICS.join(', ')}`);
  return t;
}

/** A flag's doc: the topic's own line where one flag name means two things (status and serve --limit). */
function flagList(flags: Options, topic?: string) {
  return Object.entries(flags).map(([name, o]) => {
    const doc = ownKey(FLAG_DOCS, `${topic}.${name}`) ?? ownKey(FLAG_DOCS, name);
    return {
      name,
      short: o.short ?? null,
      type: o.type,
      repeatable: o.multiple === true,
      value: doc?.value ?? null,
      description: doc?.description ?? '',
      default: doc?.default ?? (o.type === 'boolean' ? false : null),
    };
  });
}
