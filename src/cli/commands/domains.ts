// `microfactory domains`: validates a config and lists its domains with their agents and models.
import { listDomains } from '../../app/session';
import { configFlag, parse } from '../args';
import type { CliContext } from '../context';
import { help } from './run';

export async function domainsCommand(argv: string[], cli: CliContext): Promise<number> {
  const v = parse(argv, { config: { type: 'string' }, json: { type: 'boolean' } });
  if (v.help) return help('microfactory domains [--config FILE] [--json]');
  const domains = await listDomains(configFlag(v), cli.resourceRoot);
  if (v.json) {
    process.stdout.write(JSON.stringify({ domains }) + '\n');
    return 0;
  }
  for (const d of domains) {
    process.stdout.write(`${d.name}  (${d.flow} flow, ${d.vote} vote)${d.description ? `  ${d.description}` : ''}\n`);
    for (const [role, a] of Object.entries(d.agents)) {
      process.stdout.write(`  ${role.padEnd(28)} ${a.provider ? a.provider + '/' : ''}${a.model}  samples=${a.samples} k=${a.k}\n`);
    }
  }
  return 0;
}
