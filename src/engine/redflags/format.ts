// `format`: the domain's strict parser. A sample it cannot parse is discarded, not repaired; one
// it can carries its parse on (Draft.parsed), so the vote key comes from this one parse.
import type { RedFlagHit } from '../model';
import type { Draft, Parser, RedFlagger } from './types';

export class FormatFlagger implements RedFlagger {
  readonly name = 'format';
  constructor(private readonly parse: Parser) {}

  check(d: Draft): RedFlagHit | null {
    try {
      d.parsed = this.parse(d.text);
      return null;
    } catch (e) {
      return { flagger: this.name, reason: (e as Error).message };
    }
  }
}
