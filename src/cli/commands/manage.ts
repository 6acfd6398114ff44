// `microfactory delete ID --yes`, `archive ID`, `unarchive ID`: a person tidying the session list.
// The rules (a running session is refused) are app/sessionAdmin.ts's, shared with the editor.
import { UsageError } from '../../app/options';
import { deleteSession, removalText, setArchived } from '../../app/sessionAdmin';
import { parse, str } from '../args';
import { COMMAND_FLAGS } from '../commandFlags';
import type { CliContext } from '../context';
import { topicText } from '../help';
import { help } from './run';

type Verb = 'delete' | 'archive' | 'unarchive';

/** The session named first (`delete ID`) or by --session-id, and the flags; checked before the store opens. */
function target(verb: Verb, argv: string[]) {
  const positional = argv[0] !== undefined && !argv[0].startsWith('-') ? argv[0] : undefined;
  const v = parse(positional ? argv.slice(1) : argv, COMMAND_FLAGS[verb]);
  const id = positional ?? str(v['session-id']);
  return { v, id };
}

async function manage(verb: Verb, argv: string[], cli: CliContext): Promise<number> {
  const { v, id } = target(verb, argv);
  if (v.help) return help(topicText(verb));
  if (!id) throw new UsageError(`which session? \`microfactory ${verb} ID\` (\`microfactory status --all\` lists them)`);
  if (verb === 'delete' && v.yes !== true) throw new UsageError(`delete removes session ${id} and everything stored of it for good; add --yes to confirm`);
  const store = await cli.store();
  const json = v.json === true;
  if (verb === 'delete') {
    const removed = await deleteSession(store, id);
    process.stdout.write(json ? `${JSON.stringify({ session_id: id, deleted: true, removed: { steps: removed.steps, samples: removed.samples, segment_files: removed.segmentFiles } })}\n` : `deleted session ${id}: ${removalText(removed)}\n`);
    return 0;
  }
  const s = await setArchived(store, id, verb === 'archive');
  process.stdout.write(json ? `${JSON.stringify({ session_id: id, archived: !!s.archived })}\n` : `${s.archived ? 'archived' : 'unarchived'} session ${id}${s.archived ? ' (`microfactory status --all` still lists it)' : ''}\n`);
  return 0;
}

export const deleteCommand = (argv: string[], cli: CliContext) => manage('delete', argv, cli);
export const archiveCommand = (argv: string[], cli: CliContext) => manage('archive', argv, cli);
export const unarchiveCommand = (argv: string[], cli: CliContext) => manage('unarchive', argv, cli);
