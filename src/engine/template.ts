// Prompt rendering. Handlebars with NO HTML escaping: prompts carry code and `<file path="…">`
// blocks that must reach the model verbatim (the original escaped them into `&lt;file…`).
import Handlebars from 'handlebars';

const hb = Handlebars.create();
hb.registerHelper('json', (v: unknown) => JSON.stringify(v));
hb.registerHelper('inc', (v: number) => Number(v) + 1);
hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);

const cache = new Map<string, Handlebars.TemplateDelegate>();

export function compile(source: string): Handlebars.TemplateDelegate {
  let t = cache.get(source);
  if (!t) {
    t = hb.compile(source, { noEscape: true, strict: false });
    cache.set(source, t);
  }
  return t;
}

export function render(source: string, vars: Record<string, unknown>): string {
  return compile(source)(vars);
}

/**
 * A render function that renders again only when a variable the template uses changed. A chain
 * renders its system prompt every step from variables that never change (e.g. the disk count):
 * rendering it once is the same text, minus a Handlebars call per step. Only plain names with
 * primitive values are compared; a template that reaches further (this, ../, @root, partials)
 * or a variable holding an object is simply rendered each time.
 */
export function memoRenderer(source: string): (vars: Record<string, unknown>) => string {
  const names = templateNames(source);
  let last: unknown[] | undefined;
  let text = '';
  return (vars) => {
    if (!names) return render(source, vars);
    const values = names.map((n) => vars[n]);
    if (values.some((v) => v !== null && (typeof v === 'object' || typeof v === 'function'))) {
      last = undefined;
      return render(source, vars);
    }
    if (!last || values.some((v, i) => v !== last![i])) {
      text = render(source, vars);
      last = values;
    }
    return text;
  };
}

const namesCache = new Map<string, string[] | undefined>();

/**
 * Top-level variable names a template reads, or undefined when that cannot be told for sure.
 * A helper's name is not a variable: `{{#each options}}` reads `options`, not `each`.
 */
export function templateNames(source: string): string[] | undefined {
  if (namesCache.has(source)) return namesCache.get(source);
  const names = new Set<string>();
  let sure = true;
  const walk = (node: unknown): void => {
    if (!sure || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const n = node as { type?: string; parts?: string[]; depth?: number; data?: boolean; original?: string; path?: unknown; params?: unknown[]; hash?: unknown };
    if (n.type === 'PartialStatement' || n.type === 'PartialBlockStatement' || n.type === 'DecoratorBlock' || n.type === 'Decorator') sure = false;
    if (n.type === 'PathExpression') {
      if (n.data ? /^@root\b/.test(n.original ?? '') : n.depth !== 0 || !n.parts?.length) sure = false;
      else if (!n.data) names.add(n.parts![0]);
      return;
    }
    const helperCall = n.path !== undefined && ((n.params?.length ?? 0) > 0 || n.hash !== undefined);
    for (const [k, v] of Object.entries(n)) if (k !== 'loc' && !(helperCall && k === 'path')) walk(v);
  };
  let result: string[] | undefined;
  try {
    walk(hb.parse(source));
    result = sure ? [...names] : undefined;
  } catch {
    result = undefined;
  }
  namesCache.set(source, result);
  return result;
}

/** Throws a readable error if the template does not compile (used by config validation). */
export function precompileCheck(source: string): void {
  hb.precompile(source, { noEscape: true });
}
