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

/** Throws a readable error if the template does not compile (used by config validation). */
export function precompileCheck(source: string): void {
  hb.precompile(source, { noEscape: true });
}
