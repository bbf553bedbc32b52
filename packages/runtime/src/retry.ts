/**
 * Standard-mode retries, as AWS's SDKs define them: up to `maxAttempts` (default 3) for throttling
 * and transient (5xx, network) errors; exponential backoff with full jitter (base 100 ms, 500 ms for
 * throttling, capped at 20 s); and a retry quota shared by the client's calls, so an outage does not
 * multiply the load on the service.
 */
import { NetworkError, RequestTimeoutError, ServiceException } from "./errors.js";

const THROTTLING_CODES = new Set([
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "RequestThrottledException",
  "TooManyRequestsException",
  "ProvisionedThroughputExceededException",
  "TransactionInProgressException",
  "RequestLimitExceeded",
  "BandwidthLimitExceeded",
  "LimitExceededException",
  "RequestThrottled",
  "SlowDown",
  "PriorRequestNotComplete",
  "EC2ThrottledException",
]);

const TRANSIENT_CODES = new Set(["RequestTimeout", "RequestTimeoutException", "InternalError", "ServiceUnavailable", "ServiceUnavailableException"]);
const TRANSIENT_STATUS = new Set([500, 502, 503, 504]);

export type RetryKind = "throttling" | "transient" | undefined;

/** Why an error may be retried, or undefined when it may not. */
export function retryKind(err: unknown, modeledRetryable?: { throttling?: boolean }): RetryKind {
  if (err instanceof NetworkError || err instanceof RequestTimeoutError) return "transient";
  if (err instanceof ServiceException) {
    const status = err.$metadata.httpStatusCode ?? 0;
    if (modeledRetryable) return modeledRetryable.throttling ? "throttling" : "transient";
    if (status === 429 || THROTTLING_CODES.has(err.name)) return "throttling";
    if (TRANSIENT_STATUS.has(status) || TRANSIENT_CODES.has(err.name)) return "transient";
  }
  return undefined;
}

export interface RetryOptions {
  maxAttempts: number;
  /** ms; the backoff after attempt n is random(0, min(maxBackoff, base * 2^(n-1))); default 100, 500 for throttling */
  baseDelay?: number;
  maxBackoff?: number;
  random?: () => number;
}

const QUOTA_MAX = 500;
const RETRY_COST = 5;
const TIMEOUT_COST = 10;
const SUCCESS_REFUND = 1;

/** One per client: the retry quota is shared by all of its calls. */
export class RetryStrategy {
  private quota = QUOTA_MAX;
  readonly maxAttempts: number;
  private readonly base: number;
  private readonly throttlingBase: number;
  private readonly cap: number;
  private readonly random: () => number;

  constructor(opts: RetryOptions) {
    if (!Number.isInteger(opts.maxAttempts) || opts.maxAttempts < 1) throw new RangeError(`maxAttempts must be a positive integer, got ${opts.maxAttempts}`);
    this.maxAttempts = opts.maxAttempts;
    this.base = opts.baseDelay ?? 100;
    this.throttlingBase = opts.baseDelay ?? 500;
    this.cap = opts.maxBackoff ?? 20_000;
    this.random = opts.random ?? Math.random;
  }

  /**
   * The delay before the next attempt, or undefined to give up. Takes its cost from the quota, which
   * `onSuccess` refills.
   */
  nextDelay(attempt: number, kind: RetryKind, err: unknown, maxAttempts = this.maxAttempts): number | undefined {
    if (!kind || attempt >= maxAttempts) return undefined;
    const cost = err instanceof RequestTimeoutError ? TIMEOUT_COST : RETRY_COST;
    if (this.quota < cost) return undefined;
    this.quota -= cost;
    const base = kind === "throttling" ? this.throttlingBase : this.base;
    return Math.floor(this.random() * Math.min(this.cap, base * 2 ** (attempt - 1)));
  }

  /**
   * A call succeeded: a first-try success adds 1 to the quota; a success after retries gives back
   * what the last retry took (10 when it followed a timeout, else 5). `lastError` is the error that
   * last retry followed.
   */
  onSuccess(retried: boolean, lastError?: unknown): void {
    const refund = !retried ? SUCCESS_REFUND : lastError instanceof RequestTimeoutError ? TIMEOUT_COST : RETRY_COST;
    this.quota = Math.min(QUOTA_MAX, this.quota + refund);
  }

  get availableQuota(): number {
    return this.quota;
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason instanceof Error ? signal!.reason : Object.assign(new Error("The operation was aborted"), { name: "AbortError" }));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
