// `format`: the domain's strict parser. A sample it cannot parse is discarded, not repaired.
import type { RedFlagHit } from '../model';
import type { Draft, RedFlagger } from './types';

export class FormatFlagger implements RedFlagger {
  readonly name = 'format';
  constructor(private readonly parse: (text: string) => unknown) {}

  check(d: Draft): RedFlagHit | null {
    try {
      this.parse(d.text);
      return null;
    } catch (e) {
      return { flagger: this.name, reason: (e as Error).message };
    }
  }
}
