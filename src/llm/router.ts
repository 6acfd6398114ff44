// The one LlmClient a session uses. It dispatches each request by `request.provider`, so
// every agent role can name its own provider and model, and puts the session-wide
// behaviour around every call, outermost first:
//   limiter (--max-concurrent-llm)  →  budget reservation + pricing  →  retry/timeout  →  provider
// Provider clients are created on first use, so a session that only uses `simulated`
// never needs an API key.
import { LlmConfigError, type Clock, type LlmClient, type LlmRequest, type LlmResponse, type Logger, type Random } from '../engine/ports';
import { AccountingClient, type UsageEvent, type UsageTotals } from './accounting';
import { BudgetGuard } from './budget';
import { ChoiceMemory } from './choiceMemory';
import { resolveApiKey, type KeyLookup, type KeySource } from './keys';
import { Limiter, withLimiter } from './limiter';
import { BUILTIN_PROVIDERS, PROVIDERS, isBuiltinProvider } from './providerInfo';
import { createProviderClient } from './providers';
import type { PricingTable } from './pricing';
import { redactError } from './redact';
import { RetryingClient, type RetryOptions } from './retry';

export interface LlmRouterOptions {
  /** Explicit keys by provider; the CLI puts --api-key under the provider it was given for. */
  apiKeys?: Partial<Record<string, string>>;
  /** Base URLs by provider (--base-url); unset ones use the official endpoint. Required for openai-compatible. */
  baseUrls?: Partial<Record<string, string>>;
  /** VS Code SecretStorage in the editor; consulted after apiKeys, before the environment. */
  keyLookup?: KeyLookup;
  /** Defaults to process.env / os.homedir(); tests pass their own. */
  env?: Record<string, string | undefined>;
  homeDir?: string;
  /** --max-concurrent-llm (default 4); ignored when `limiter` is given. */
  maxConcurrent?: number;
  limiter?: Limiter;
  /** Timeout and backoff settings; clock/random/logger default to the ones below. */
  retry?: RetryOptions;
  clock?: Clock;
  random?: Random;
  logger?: Logger;
  /** --budget-usd; no budget when undefined. */
  budgetUsd?: number;
  /** What the session already spent (on resume), USD. */
  spentUsd?: number;
  /** config.yaml `pricing`: $ per million tokens by model, over the built-in table. */
  pricing?: PricingTable;
  onUsage?: (event: UsageEvent) => void;
  /** Every call once it ends, answered or failed: the CLI's --inspect and session log tap here. */
  onCall?: (call: LlmCall) => void;
  /** Extra clients by provider name, e.g. { simulated, scripted }. Same as register(). */
  clients?: Record<string, LlmClient>;
}

/** One finished model call as the router saw it; `error` is already redacted. */
export interface LlmCall {
  request: LlmRequest;
  response?: LlmResponse;
  error?: string;
  /** Wall time including the limiter's queue and retries, ms. */
  elapsedMs: number;
}

export interface RegisterOptions {
  /** Run the client's calls through the retry/timeout layer too (default true). */
  retry?: boolean;
}

export interface ProviderDescription {
  provider: string;
  baseUrl?: string;
  /** Where the key came from ('flag', 'secret-storage', 'env', 'dotenv', 'placeholder'); undefined for registered clients. Never the key itself. */
  keySource?: KeySource;
  keyVariable?: string;
}

export interface LlmRouter extends LlmClient {
  /** Adds (or replaces) a client under a provider name, e.g. 'simulated' or 'scripted'. */
  register(name: string, client: LlmClient, opts?: RegisterOptions): void;
  /** Every provider name this router accepts. */
  providers(): string[];
  /** Resolves a provider's key and URL without calling it (for `run --dry-run`); throws LlmConfigError when unusable. */
  /** A registered client's own check of a model (LlmClient.prepare): a local model file and its package. */
  prepareModel(provider: string, model: string): Promise<void>;
  describe(provider: string): Promise<ProviderDescription>;
  choices(request: Pick<LlmRequest, 'provider' | 'model'>): number;
  readonly limiter: Limiter;
  readonly budget?: BudgetGuard;
  totals(): UsageTotals;
}

interface Resolved {
  client: LlmClient;
  description: ProviderDescription;
}

export function createLlmRouter(opts: LlmRouterOptions = {}): LlmRouter {
  return new Router(opts);
}

class Router implements LlmRouter {
  readonly limiter: Limiter;
  readonly budget?: BudgetGuard;
  private readonly registered = new Map<string, LlmClient>();
  /** Each registered client's own answer to choices() (the retry wrapper around it has none). */
  private readonly registeredChoices = new Map<string, LlmClient['choices']>();
  private readonly choiceMemory: ChoiceMemory;
  private readonly builtins = new Map<string, Promise<Resolved>>();
  /** Every key this router has seen, so none can leak through an error message. */
  private readonly secrets = new Set<string>();
  private readonly retryOptions: RetryOptions;
  private readonly accounting: AccountingClient;
  private readonly pipeline: LlmClient;

  constructor(private readonly opts: LlmRouterOptions) {
    this.limiter = opts.limiter ?? new Limiter(opts.maxConcurrent ?? 4);
    if (opts.budgetUsd !== undefined) {
      this.budget = new BudgetGuard({ budgetUsd: opts.budgetUsd, spentUsd: opts.spentUsd, pricing: opts.pricing, logger: opts.logger });
    }
    this.retryOptions = { clock: opts.clock, random: opts.random, logger: opts.logger, ...opts.retry };
    this.choiceMemory = new ChoiceMemory(opts.logger);
    for (const key of Object.values(opts.apiKeys ?? {})) if (key) this.secrets.add(key);
    for (const [name, client] of Object.entries(opts.clients ?? {})) this.register(name, client);
    const dispatch: LlmClient = { complete: (request, signal) => this.dispatch(request, signal) };
    this.accounting = new AccountingClient(dispatch, { pricing: opts.pricing, budget: this.budget, onUsage: opts.onUsage, logger: opts.logger });
    this.pipeline = withLimiter(this.accounting, this.limiter);
  }

  async complete(request: LlmRequest, signal?: AbortSignal): Promise<LlmResponse> {
    // Only timed when someone listens: this is the hot path of a million-step chain.
    const started = this.opts.onCall ? performance.now() : 0;
    try {
      const response = await this.pipeline.complete(request, signal);
      this.report({ request, response, elapsedMs: performance.now() - started });
      return response;
    } catch (err) {
      const clean = redactError(err, this.secrets);
      this.report({ request, error: clean instanceof Error ? clean.message : String(clean), elapsedMs: performance.now() - started });
      throw clean;
    }
  }

  /** Every call passes here, so one tap sees all traffic; a broken listener never fails a call. */
  private report(call: LlmCall): void {
    if (!this.opts.onCall) return;
    try {
      this.opts.onCall(call);
    } catch (err) {
      this.opts.logger?.warn(`call listener failed: ${String(err)}`);
    }
  }

  register(name: string, client: LlmClient, opts: RegisterOptions = {}): void {
    this.registered.set(name, opts.retry === false ? client : new RetryingClient(client, this.retryOptions));
    this.registeredChoices.set(name, client.choices?.bind(client));
  }

  /** n-sampling: a registered client says itself; a built-in provider as its server has shown (choiceMemory.ts). */
  choices(request: Pick<LlmRequest, 'provider' | 'model'>): number {
    if (this.registered.has(request.provider)) return this.registeredChoices.get(request.provider)?.(request) ?? 1;
    if (!isBuiltinProvider(request.provider)) return 1;
    return this.choiceMemory.max(request.provider, this.baseUrlOf(request.provider), request.model);
  }

  private baseUrlOf(provider: keyof typeof PROVIDERS): string | undefined {
    return this.opts.baseUrls?.[provider] || PROVIDERS[provider].defaultBaseUrl;
  }

  providers(): string[] {
    return [...new Set([...BUILTIN_PROVIDERS, ...this.registered.keys()])];
  }

  /** A registered client's own check of a model (see LlmClient.prepare); others need none. */
  async prepareModel(provider: string, model: string): Promise<void> {
    await this.registered.get(provider)?.prepare?.(model);
  }

  async describe(provider: string): Promise<ProviderDescription> {
    if (this.registered.has(provider)) return { provider };
    try {
      return (await this.resolve(provider)).description;
    } catch (err) {
      throw redactError(err, this.secrets);
    }
  }

  totals(): UsageTotals {
    return this.accounting.totals();
  }

  private dispatch(request: LlmRequest, signal?: AbortSignal): Promise<LlmResponse> {
    const own = this.registered.get(request.provider);
    // Not async: a registered client's promise is passed on as is, without another hop.
    if (own) return own.complete(request, signal);
    return this.resolve(request.provider).then((r) => this.choiceMemory.complete(r.client, request, r.description.baseUrl, signal));
  }

  /** The built-in provider's client, created once; a failed resolution is not cached, so fixing the key and retrying works. */
  private resolve(provider: string): Promise<Resolved> {
    if (!isBuiltinProvider(provider)) {
      return Promise.reject(new LlmConfigError(`Unknown LLM provider "${provider}": known providers are ${this.providers().join(', ')}`));
    }
    let pending = this.builtins.get(provider);
    if (!pending) {
      pending = this.create(provider);
      this.builtins.set(provider, pending);
      pending.catch(() => this.builtins.delete(provider));
    }
    return pending;
  }

  private async create(provider: keyof typeof PROVIDERS): Promise<Resolved> {
    const key = await resolveApiKey(provider, { apiKey: this.opts.apiKeys?.[provider], keyLookup: this.opts.keyLookup, env: this.opts.env, homeDir: this.opts.homeDir });
    // The keyless placeholder is no secret; redacting it would only garble messages.
    if (key.source !== 'placeholder') this.secrets.add(key.key);
    const baseUrl = this.baseUrlOf(provider);
    // The SDK's timeout is only a backstop behind ours, so it never fires first.
    const timeoutMs = this.retryOptions.timeoutMs ?? 120_000;
    const client = createProviderClient(provider, { apiKey: key.key, baseUrl, sdkTimeoutMs: timeoutMs + 5_000 });
    return {
      client: new RetryingClient(client, { ...this.retryOptions, baseUrl }),
      description: { provider, baseUrl, keySource: key.source, keyVariable: key.variable },
    };
  }
}
