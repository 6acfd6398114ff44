// The spend warning must come before the hard cap: a --warn-usd (or a config's limits.warn_usd) at
// or past --budget-usd would never be seen, the budget pausing first. Checked by startRun and
// resumeRun once the domain is known and before a session exists (or runs again): exit 2, naming
// the flag or the config line that set the warning.
import type { DomainConfig } from '../engine/config';
import type { EngineOptions } from '../engine/context';
import type { RunOverrides } from './api';
import { UsageError } from './options';

export function checkSpendMarks(o: RunOverrides, domain: DomainConfig, options: Pick<EngineOptions, 'warnUsd'>): void {
  const warn = options.warnUsd;
  if (warn === undefined || o.budgetUsd === undefined || warn < o.budgetUsd) return;
  const where = o.warnUsd !== undefined ? '--warn-usd' : `${domain.limits.warnUsdAt ?? 'config.yaml'}: limits.warn_usd`;
  throw new UsageError(`${where} (${warn}) must be below --budget-usd (${o.budgetUsd}): the warning comes before the hard cap`);
}
