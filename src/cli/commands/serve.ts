// `microfactory serve`: the HTTP API and live event stream for dashboards (user guide §12,
// "Phase 7"). Runs until SIGINT/SIGTERM, then cancels the runs it started (saved as cancelled,
// resumable) and returns 0; main() closes the store. A second signal quits at once.
import { UsageError } from '../../app/options';
import { checkServeOptions, MIN_POLL_INTERVAL_MS, startServer } from '../../serve/server';
import { num, parse, str } from '../args';
import { COMMAND_FLAGS } from '../commandFlags';
import type { CliContext } from '../context';
import { topicText } from '../help';
import { help } from './run';

export async function serveCommand(argv: string[], cli: CliContext): Promise<number> {
  const v = parse(argv, COMMAND_FLAGS.serve);
  if (v.help) return help(topicText('serve'));
  const token = str(v.token) ?? (process.env.MICROFACTORY_SERVE_TOKEN || undefined);
  // parse() types values as scalars, but a `multiple` flag comes back as an array.
  const origins = (v['allow-origin'] as unknown as string[] | undefined) ?? [];
  for (const o of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(o)) throw new UsageError(`--allow-origin takes an origin like http://localhost:3000 (scheme, host, port; no path), got '${o}'`);
  }
  const bind = str(v.bind);
  const host = str(v.host);
  if (bind !== undefined && host !== undefined && bind !== host) throw new UsageError(`--bind and --host name the same setting; give one (got ${bind} and ${host})`);
  // Every flag is checked before the store is opened: a typo creates nothing.
  const options = {
    host: bind ?? host ?? '127.0.0.1',
    port: num(v.port, 'port', { int: true, min: 0, max: 65535 }) ?? 8080,
    defaultLimit: num(v.limit, 'limit', { int: true, min: 1 }),
    // More than an hour between snapshots is a typo, not a wish.
    pollIntervalMs: num(v['poll-interval-ms'], 'poll-interval-ms', { int: true, min: MIN_POLL_INTERVAL_MS, max: 3_600_000 }),
    token,
    allowedOrigins: origins,
    allowRemoteKeys: v['allow-remote-keys'] === true,
    maxRuns: num(v['max-runs'], 'max-runs', { int: true, min: 1 }),
  };
  checkServeOptions(options);
  const store = await cli.store();
  const server = await startServer({
    ...options,
    store,
    resourceRoot: cli.resourceRoot,
    log: cli.log,
  });
  // One line on stdout that scripts (and the tests) can parse for the actual port.
  process.stdout.write(`microfactory serve: listening on ${server.url}${token ? ' (bearer token required)' : ''}\n`);
  let off = (): unknown => undefined;
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    let signals = 0;
    const onSignal = (s: NodeJS.Signals): void => {
      if (++signals > 1) process.exit(130); // a second signal: the user does not want to wait
      resolve(s);
    };
    process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
    off = () => process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  });
  try {
    const signal = await stopped;
    process.stderr.write(`microfactory serve: ${signal}: stopping (cancelling ${server.runs.count} run(s) so they can be resumed; again to quit at once)\n`);
    await server.close();
  } finally {
    off();
  }
  return 0;
}
