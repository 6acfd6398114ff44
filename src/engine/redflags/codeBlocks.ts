// Finds the code in an answer: <file path="..."> blocks (language from the extension), else fenced
// blocks (language from the fence tag, else the configured one), else the whole answer.
import { own } from '../own';

export interface CodePiece {
  language: string;
  code: string;
  label: string;
}

const EXTENSIONS: Record<string, string> = {
  py: 'python', rs: 'rust', js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript',
  ts: 'typescript', mts: 'typescript', cts: 'typescript', tsx: 'tsx', java: 'java', go: 'go',
  c: 'cpp', h: 'cpp', cc: 'cpp', cpp: 'cpp', hpp: 'cpp', cs: 'c-sharp', rb: 'ruby', php: 'php', sh: 'bash', css: 'css',
};

const FENCE_TAGS: Record<string, string> = {
  python: 'python', py: 'python', rust: 'rust', rs: 'rust', javascript: 'javascript', js: 'javascript', node: 'javascript',
  typescript: 'typescript', ts: 'typescript', tsx: 'tsx', java: 'java', go: 'go', golang: 'go',
};

export function languageOfPath(path: string): string | undefined {
  const ext = path.split('.').pop()?.toLowerCase() ?? '';
  return own(EXTENSIONS, ext);
}

export function extractCode(text: string, language: string, scope: 'auto' | 'whole' | 'files' = 'auto'): CodePiece[] {
  if (scope === 'whole') return [{ language, code: text, label: 'answer' }];
  const files: CodePiece[] = [];
  let blocks = 0;
  for (const m of text.matchAll(/<file\s+path\s*=\s*["']([^"']+)["'][^>]*>\n?([\s\S]*?)<\/file>/g)) {
    blocks++;
    const lang = languageOfPath(m[1]);
    // Only files in this flagger's language are its business: a .js file is not bad Python.
    if (lang === language || (language === 'typescript' && lang === 'tsx')) files.push({ language: lang, code: m[2], label: m[1] });
  }
  if (blocks > 0 || scope === 'files') return files;
  const fenced: CodePiece[] = [];
  for (const m of text.matchAll(/^```([\w+-]*)[^\n]*\n([\s\S]*?)^```/gm)) {
    const tag = m[1].toLowerCase();
    const lang = tag ? own(FENCE_TAGS, tag) : language;
    if (lang === language) fenced.push({ language, code: m[2], label: `${tag || language} block` });
  }
  if (fenced.length > 0) return fenced;
  return /```/.test(text) ? [] : [{ language, code: text, label: 'answer' }];
}
