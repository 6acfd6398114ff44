// What both batch engines do around every SDK call: the error the live clients would throw
// (sdkErrors.ts: status, codes, retry hints), with the key redacted from its message.
import { fromStainlessError, type StainlessErrorClasses } from '../sdkErrors';

export abstract class SdkCalls {
  constructor(
    readonly provider: string,
    private readonly classes: StainlessErrorClasses,
    private readonly apiKey: string,
  ) {}

  protected async call<T>(f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (err) {
      throw fromStainlessError(this.provider, err, this.classes, [this.apiKey]);
    }
  }
}
