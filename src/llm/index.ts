// The public surface of src/llm for the CLI, the extension and the benchmark.
export { createLlmRouter, type LlmCall, type LlmRouter, type LlmRouterOptions, type ProviderDescription, type RegisterOptions } from './router';
export { probe, type ProbeOptions, type ProbeResult } from './probe';
export { resolveApiKey, homeDotenv, machineKeys, type KeyLookup, type KeyResolveOptions, type ResolvedKey, type KeySource } from './keys';
export { parseDotenv } from './dotenv';
export { BATCH_PRICE_FACTOR, BUILTIN_PRICES, costOf, priceOf, type Cost, type ModelPrice, type PricingTable } from './pricing';
export { BudgetGuard, estimateInputTokens, type BudgetOptions } from './budget';
export { Limiter, withLimiter } from './limiter';
export { RetryingClient, withRetry, type RetryInfo, type RetryOptions } from './retry';
export { AccountingClient, type UsageEvent, type UsageTotals } from './accounting';
export { createProviderClient, type ProviderClientOptions } from './providers';
export { BUILTIN_PROVIDERS, PROVIDERS, keyHint, isBuiltinProvider, type BuiltinProvider, type ProviderInfo } from './providerInfo';
export { LlmRefusedError, LlmUnavailableError, ProviderError } from './errors';
export { redactSecrets } from './redact';
export { systemClock } from './clock';
