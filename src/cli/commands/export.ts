// `microfactory export`: one JSON line per step, page by page, so a million-step session streams.
import { UsageError } from '../../app/options';
import { parse, str } from '../args';
import type { CliContext } from '../context';
import { exportLine } from '../output';
import { writeOut } from '../pipes';
import { help } from './run';

export async function exportCommand(argv: string[], cli: CliContext): Promise<number> {
  const v = parse(argv, { 'session-id': { type: 'string' } });
  if (v.help) return help('microfactory export --session-id ID   (JSON lines: id, parent, description, status, winner, output, votes, margin)');
  const id = str(v['session-id']);
  if (!id) throw new UsageError('export needs --session-id');
  const store = await cli.store();
  if (!store.getSession(id)) throw new UsageError(`no session ${id}`);
  const page = 5000;
  for (let offset = 0; ; offset += page) {
    const steps = store.getSteps(id, { offset, limit: page });
    let chunk = '';
    for (const st of steps) {
      chunk += JSON.stringify(exportLine(st)) + '\n';
    }
    if (chunk && !(await writeOut(chunk))) break;
    if (steps.length < page) break;
  }
  return 0;
}
