// A chain task: "state in -> action + next state out", one LLM step per action (maximal
// decomposition). Step i's winning next state is step i+1's input.
import type { Parser } from '../redflags/types';

export interface ChainTask<S = unknown, O = unknown> {
  readonly name: string;
  totalSteps(): number;
  initialState(): S;
  /** Template variables for a step's prompt. */
  promptVars(state: S, previous: O | undefined, index: number): Record<string, unknown>;
  /** The strict parser: throws on anything malformed (a `format` red flag). */
  parse(text: string): O;
  /** The exact-match vote key of a parsed output. */
  key(output: O): string;
  next(output: O): S;
  isDone(state: S, stepsDone: number): boolean;
  /** After the last step: why the final state is not the goal, or undefined when it is. */
  finalError(state: S): string | undefined;
  encodeState(state: S): string;
  decodeState(encoded: string): S;
}

/** A task's strict parser as the format red flag and the vote read it: the output with its vote key. */
export function sampleParser<S, O>(task: ChainTask<S, O>): Parser {
  return (text) => {
    const output = task.parse(text);
    return { key: task.key(output), output };
  };
}
