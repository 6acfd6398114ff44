// Where a config.yaml error points, read from the loader's one-line message (pure, light).

export interface ConfigErrorPosition {
  /** 1-based, as the message names them (the editor's are 0-based). */
  line: number;
  col: number;
  /** The message without its "file:line:col: " prefix. */
  text: string;
}

/**
 * Where a ConfigError points, from its "file:line:col: reason" (the config's own file). A message
 * naming no position, or another file (a template it reads), points at line 1 of the config.
 */
export function configErrorPosition(message: string, file: string): ConfigErrorPosition {
  const prefix = `${file}:`;
  if (message.startsWith(prefix)) {
    const m = /^(\d+):(\d+):\s*(.*)$/s.exec(message.slice(prefix.length));
    if (m) return { line: Math.max(1, Number(m[1])), col: Math.max(1, Number(m[2])), text: m[3] };
    return { line: 1, col: 1, text: message.slice(prefix.length).replace(/^\s+/, '') };
  }
  return { line: 1, col: 1, text: message };
}
