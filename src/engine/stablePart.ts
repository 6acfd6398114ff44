// The part of a prompt that every step of an agent shares. Providers cache a request's leading
// bytes: OpenAI and Gemini on their own, Anthropic where the request marks them. So a template
// puts what never changes in a run (the rules, the task, the baseline) first and ends it with
// the marker `{{!-- end of stable part --}}`, on a line of its own and outside any block; the
// step's own text follows. The engine renders the part above the marker apart and passes its
// length on (LlmRequest.stablePrefix). A template without the marker (a user's, the original
// tool's) renders as before and marks nothing.
import { memoRenderer } from './template';

const MARKER = /\{\{!--\s*end of stable part\b[\s\S]*?--\}\}/;

/** Per template source: a renderer of its stable part, or null when it has none. */
const renderers = new Map<string, ((vars: Record<string, unknown>) => string) | null>();

function stableRenderer(source: string): ((vars: Record<string, unknown>) => string) | null {
  let r = renderers.get(source);
  if (r !== undefined) return r;
  const at = source.search(MARKER);
  r = at > 0 ? memoRenderer(source.slice(0, at)) : null;
  renderers.set(source, r);
  return r;
}

/**
 * How many leading characters of `prompt` (the whole template rendered with `vars`) are its stable
 * part, or undefined when the template marks none. The rendered part must be a prefix of the
 * prompt: a marker inside a block (whose head does not compile, or renders differently) marks nothing.
 */
export function stablePrefixOf(source: string, vars: Record<string, unknown>, prompt: string): number | undefined {
  const render = stableRenderer(source);
  if (!render) return undefined;
  let stable: string;
  try {
    stable = render(vars);
  } catch {
    renderers.set(source, null);
    return undefined;
  }
  return stable.length > 0 && prompt.startsWith(stable) ? stable.length : undefined;
}
