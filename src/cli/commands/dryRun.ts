// `run --dry-run` with a real provider: one tiny probe call first, so a wrong key, URL or model
// name shows up before anything else happens.
import type { RunOverrides } from '../../app/api';
import { buildLlm } from '../../app/clients';
import { preflight } from '../../app/preflight';
import { configPathFor } from '../../app/session';
import { getDomain, loadConfig } from '../../config/load';
import { probe } from '../../llm';
import type { CliContext } from '../context';

export async function dryRunProbe(o: RunOverrides, domainName: string, cli: CliContext): Promise<void> {
  const domain = getDomain(loadConfig(configPathFor(o, cli.resourceRoot)), domainName);
  const provider = o.provider!;
  const model = o.model ?? domain.agents.solver?.model ?? 'default';
  // Through the view's tap, so --inspect and the session log show the probe too.
  const llm = buildLlm(o, domain, { log: cli.log, onLlmCall: cli.view.onLlmCall, resourceRoot: cli.resourceRoot });
  await preflight(o, domain, llm);
  const r = await probe(llm, provider, model);
  process.stderr.write(`probe ${provider}/${model}: ${r.latencyMs} ms, ${r.usage.input} tokens in / ${r.usage.output} out, reply: ${r.firstLine.slice(0, 80)}\n`);
}
