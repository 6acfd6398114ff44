// `microfactory doctor`: checks the store session by session and, with --repair, rebuilds what can
// be rebuilt (store/health.ts). Exit 0 when all is healthy, 1 when damage was found or is left.
import { doctorJson, doctorLines, examineStore, healthy } from '../../app/doctor';
import { parse } from '../args';
import { COMMAND_FLAGS } from '../commandFlags';
import type { CliContext } from '../context';
import { help } from './run';

const HELP = `microfactory doctor [--repair] [--json]

  Checks the session store: the database, each session's steps against its totals, the segment
  files it references, and files earlier recoveries set aside. One line per session: ok, damaged
  (what), or recovered (what). --repair rebuilds what can be rebuilt. Exit 0 healthy, 1 damage.`;

export async function doctorCommand(argv: string[], cli: CliContext): Promise<number> {
  const v = parse(argv, COMMAND_FLAGS.doctor);
  if (v.help) return help(HELP);
  const store = await cli.store();
  const h = await examineStore(store, { repair: v.repair === true });
  process.stdout.write((v.json === true ? JSON.stringify(doctorJson(h)) : doctorLines(h).join('\n')) + '\n');
  return healthy(h) ? 0 : 1;
}
