// What each flag means, by flag name, for `help` (text and JSON). Only words live here: which
// flags exist and their types come from the parsers' own tables (commandFlags.ts, globals.ts),
// and a unit test fails when a parser knows a flag this table does not describe.

export interface FlagDoc {
  description: string;
  /** The value's placeholder in usage text (N, FILE, ...); booleans have none. */
  value?: string;
  /** The default when the flag is absent; null when it comes from config.yaml or there is none. */
  default?: string | number | boolean | null;
}

export const FLAG_DOCS: Record<string, FlagDoc> = {
  help: { description: 'show this help' },
  // global
  verbose: { description: 'every engine event and log line with a timestamp, on stderr (debug level)' },
  'log-json': { description: 'structured logs on stdout: one JSON object per engine event, model call and log line, then the run summary' },
  pretty: { description: 'indented JSON for --log-json and --inspect payloads (the default)' },
  compact: { description: 'one JSON object per line for --log-json and --inspect payloads' },
  inspect: { value: 'MODE', description: 'replace the normal output with the LLM traffic: ops (one line per call), payloads (request/response JSON, keys redacted), messages (transcript), files (<file> paths an answer proposes)' },
  // run and resume
  prompt: { value: 'TEXT', description: 'the task (for hanoi, any text)' },
  domain: { value: 'NAME', description: 'a domain from config.yaml (code, analysis, hanoi, ...)' },
  config: { value: 'FILE', description: 'config.yaml to use (default: ./config.yaml if there is one, else the bundled one)', default: null },
  'llm-provider': { value: 'NAME', description: 'simulated, scripted, noisy-coder, openai, anthropic, gemini, grok or openai-compatible', default: 'simulated' },
  'llm-model': { value: 'NAME', description: 'model for agents whose config names no provider', default: null },
  'api-key': { value: 'KEY', description: 'key for --llm-provider (else the environment, then ~/.env); never stored or printed' },
  'base-url': { value: 'URL', description: 'endpoint for --llm-provider (e.g. http://localhost:11434/v1 for Ollama)' },
  samples: { value: 'N', description: 'samples per vote (default: the domain\'s agents in config.yaml)', default: null },
  k: { value: 'N', description: 'votes the winner must lead by (default: config.yaml)', default: null },
  'adaptive-k': { description: 'move k by one from its base on the recent vote margins', default: false },
  sampling: { value: 'MODE', description: 'separate (one request per vote), batched (a round of votes in one request with n choices) or after-first (the first vote alone at its temperature, the rest batched); default: each agent\'s sampling in config.yaml', default: null },
  vote: { value: 'RULE', description: 'ahead-by-k (the paper\'s rule: lead the runner-up by k) or first-to-k (first to k votes); default: the domain\'s vote_rule', default: null },
  'max-concurrent-llm': { value: 'N', description: 'model calls in flight at once', default: 4 },
  'repo-path': { value: 'DIR', description: 'repository a code run changes (default: the current folder)', default: null },
  'output-dir': { value: 'DIR', description: 'the original tool\'s name for --repo-path: the folder a code run writes its <file> blocks into; created if missing; not together with a different --repo-path' },
  'dry-run': { description: 'probe a real provider once, then run without writing files or running the verifier (the session is still stored)', default: false },
  'step-by-step': { description: 'pause after each decomposition and solution', default: false },
  'human-low-margin-threshold': { value: 'N', description: 'pause for a human when a vote\'s margin is at most N (0 disables)', default: null },
  'human-red-flag-threshold': { value: 'N', description: 'pause after N red flags on one step (0 disables)', default: null },
  'human-resample-threshold': { value: 'N', description: 'pause after N resamples on one step (0 disables)', default: null },
  'budget-usd': { value: 'X', description: 'pause before a call would spend past X dollars', default: null },
  'warn-usd': { value: 'X', description: 'say so once when the session has spent X dollars, and go on (below --budget-usd; config: limits.warn_usd)', default: null },
  'max-step-usd': { value: 'X', description: 'pause a race that would spend more than X dollars on one step (config: limits.max_cost_per_step)', default: null },
  disks: { value: 'N', description: 'hanoi: number of disks (1-30)', default: null },
  'error-rate': { value: 'P', description: 'simulated model: probability of a wrong answer', default: null },
  seed: { value: 'N', description: 'random seed of the simulated model, and of sampling for agents that set seed/top_k/top_p/min_p (the local model)', default: null },
  'latency-ms': { value: 'MS', description: 'simulated model: latency per call', default: null },
  'known-fixes': { value: 'FILE', description: 'noisy-coder model: JSON of the tasks and known fixes it recognizes (npm run bench:code writes one)' },
  'fix-rate': { value: 'P', description: 'noisy-coder model: probability that a solver answer is the known fix', default: 0.5 },
  'judge-rate': { value: 'Q', description: 'noisy-coder model: probability that a discriminator names the right option', default: 0.8 },
  script: { value: 'FILE', description: 'responses for --llm-provider scripted (YAML or JSON, per role)' },
  'allow-dirty': { description: 'git: accept a repository with uncommitted changes', default: false },
  commit: { description: 'git: commit each applied step', default: false },
  'timeout-ms': { value: 'MS', description: 'per-call timeout of a real provider', default: 120000 },
  json: { description: 'print the result as JSON on stdout', default: false },
  quiet: { description: 'no progress display', default: false },
  'session-id': { value: 'ID', description: 'the session to act on (`microfactory status` lists them)' },
  approve: { description: 'resume: accept the candidate the pause asked about' },
  reject: { description: 'resume: discard the paused candidate and resample' },
  feedback: { value: 'TEXT', description: 'resume: reject with this reason; the solver\'s next prompt gets it ({{human_feedback}}); implies --reject' },
  edit: { value: 'FILE', description: 'resume: approve your own answer instead of the candidate (FILE holds it in the solver\'s format, e.g. <file path="..."> blocks); recorded as human-edited' },
  skip: { description: 'resume: skip the paused step (tree flow): it completes without its work, nothing is written' },
  'approve-rest': { description: 'resume: approve, and pause no more step by step in the rest of this decomposition' },
  'no-step-by-step': { description: 'resume: stop pausing after each step from now on (the session keeps it)' },
  force: { description: 'resume: override another process\'s lease that still looks live (a killed run needs no --force)', default: false },
  // status
  limit: { value: 'N', description: 'status: how many recent sessions to list', default: 20 },
  steps: { value: 'N', description: 'status --session-id: how many steps to show', default: 200 },
  all: { description: 'status: list archived sessions too', default: false },
  // delete
  yes: { description: 'delete: confirm; the session and everything stored of it are removed for good', default: false },
  // doctor
  repair: { description: 'doctor: rebuild what can be rebuilt', default: false },
  // subprocess
  step: { value: 'TEXT', description: 'the one step to solve and vote' },
  'context-json': { value: 'JSON', description: 'extra template variables; for chain domains {"state": ..., "previous_move": ...}' },
  apply: { description: 'write the winning change to the repository (by default nothing is written)', default: false },
  // serve
  bind: { value: 'ADDR', description: 'interface to listen on (the original\'s name for --host); other than loopback needs --token', default: '127.0.0.1' },
  host: { value: 'HOST', description: 'interface to listen on (same as --bind)', default: '127.0.0.1' },
  port: { value: 'N', description: 'port to listen on; 0 picks a free one', default: 8080 },
  'serve.limit': { value: 'N', description: 'sessions GET /sessions and /sessions/stream list when the request names no limit', default: 25 },
  'poll-interval-ms': { value: 'MS', description: 'how often /sessions/stream sends a snapshot (at least 200)', default: 1000 },
  token: { value: 'T', description: 'require "Authorization: Bearer T" (or set MICROFACTORY_SERVE_TOKEN)' },
  'allow-origin': { value: 'URL', description: 'answer browser requests from this origin with CORS headers (repeatable)' },
  'allow-remote-keys': { description: 'accept "apiKey" and non-local "baseUrl" in request bodies', default: false },
  'max-runs': { value: 'N', description: 'runs at once; more get 429', default: 4 },
  // mcp
  untrusted: { description: 'an untrusted workspace: write nothing, run no verifier, refuse approving a write', default: false },
  'mcp.max-runs': { value: 'N', description: 'runs at once; more are a tool error', default: 4 },
};
