/** A user-facing config problem: one line naming file:line:column and the field. Exit code 2, no stack trace. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
