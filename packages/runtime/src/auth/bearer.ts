/**
 * Bearer-token auth (`smithy.api#httpBearerAuth`): token resolution and request signing.
 *
 * Token sources, in order: the client's `token` option (string, token object or provider) →
 * `AWS_BEARER_TOKEN_<SIGNING NAME>` in the environment (e.g. `AWS_BEARER_TOKEN_BEDROCK` for services
 * whose SigV4 signing name is `bedrock`). Token values never appear in messages, JSON or inspection.
 */
import { inspectCustom } from "../builtins.js";
import type { Env } from "../config/profile.js";
import type { HttpRequest } from "../http/types.js";

export interface BearerTokenInput {
  token: string;
  expiration?: Date;
}

/** A resolved bearer token; the token text is hidden from JSON / inspection / spreading. */
export class BearerToken {
  readonly #token: string;
  declare readonly expiration?: Date;
  declare readonly source?: string;

  constructor(input: BearerTokenInput & { source?: string }) {
    if (typeof input?.token !== "string" || input.token === "") {
      throw new TypeError("Invalid bearer token: token must be a non-empty string");
    }
    if (/[\r\n\0]/.test(input.token)) throw new TypeError("Invalid bearer token: contains a line break or NUL");
    this.#token = input.token;
    if (input.expiration !== undefined) {
      Object.defineProperty(this, "expiration", { value: new Date(input.expiration.getTime()), enumerable: true });
    }
    if (input.source !== undefined) Object.defineProperty(this, "source", { value: input.source, enumerable: true });
    Object.freeze(this);
  }

  get token(): string {
    return this.#token;
  }

  toJSON(): Record<string, unknown> {
    return {
      token: "[redacted]",
      ...(this.expiration ? { expiration: this.expiration.toISOString() } : {}),
      ...(this.source ? { source: this.source } : {}),
    };
  }

  toString(): string {
    return "BearerToken([redacted])";
  }

  [inspectCustom](): string {
    const extra = [this.expiration ? `expiration: ${this.expiration.toISOString()}` : "", this.source ? `source: '${this.source}'` : ""]
      .filter(Boolean)
      .join(", ");
    return `BearerToken { token: [redacted]${extra ? `, ${extra}` : ""} }`;
  }
}

export type BearerTokenOption =
  | string
  | BearerTokenInput
  | (() => string | BearerTokenInput | Promise<string | BearerTokenInput>);

export type BearerTokenProvider = () => Promise<BearerToken>;

/** No bearer token could be found. */
export class TokenMissingError extends Error {
  override readonly name = "TokenMissingError";
  constructor(readonly tried: readonly string[]) {
    super(
      `Could not find a bearer token. Tried: ${tried.join("; ")}. ` +
        "Set the client's `token` option" +
        (tried.some((t) => t.includes("AWS_BEARER_TOKEN_")) ? " or the environment variable named above." : "."),
    );
  }
}

/** `AWS_BEARER_TOKEN_` + the signing name upper-cased, non-alphanumerics turned into `_`. */
export function bearerTokenEnvVar(signingName: string): string {
  return `AWS_BEARER_TOKEN_${signingName.replace(/[^A-Za-z0-9]/g, "_").toUpperCase()}`;
}

const toToken = (v: string | BearerTokenInput, source: string): BearerToken => {
  if (v instanceof BearerToken) return v;
  return typeof v === "string" ? new BearerToken({ token: v, source }) : new BearerToken({ ...v, source });
};

export interface ResolveBearerTokenOptions {
  token?: BearerTokenOption;
  /** The service's SigV4 signing name (e.g. "bedrock"); enables the `AWS_BEARER_TOKEN_*` variable. */
  signingName?: string;
  env?: Env;
}

/** Resolves a bearer token once: config option → `AWS_BEARER_TOKEN_<SIGNING NAME>`. */
export async function resolveBearerToken(options: ResolveBearerTokenOptions = {}): Promise<BearerToken> {
  const env = options.env ?? process.env;
  const tried: string[] = [];
  if (options.token !== undefined && options.token !== null) {
    if (typeof options.token === "function") {
      const v = await options.token();
      if (!v) throw new TokenMissingError(["client config `token` provider: returned nothing"]);
      return toToken(v, "client config (provider)");
    }
    return toToken(options.token, "client config");
  }
  tried.push("client config `token`: not set");
  if (options.signingName) {
    const name = bearerTokenEnvVar(options.signingName);
    const v = env[name];
    if (v) return toToken(v, `env ${name}`);
    tried.push(`environment variable ${name}: not set`);
  }
  throw new TokenMissingError(tried);
}

/** Memoising token provider: resolves once, re-resolves when within `refreshWindowMs` of expiry. */
export function bearerTokenProvider(
  options: ResolveBearerTokenOptions & { refreshWindowMs?: number; now?: () => number } = {},
): BearerTokenProvider {
  const refreshWindowMs = options.refreshWindowMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  let cached: BearerToken | undefined;
  let inFlight: Promise<BearerToken> | undefined;
  return async () => {
    if (cached && (cached.expiration === undefined || cached.expiration.getTime() - now() > refreshWindowMs)) return cached;
    inFlight ??= resolveBearerToken(options)
      .then((t) => (cached = t))
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
}

/** Returns a copy of `request` with `authorization: Bearer <token>` (any existing one replaced). */
export function signBearer(request: HttpRequest, token: BearerToken | string): HttpRequest {
  const value = typeof token === "string" ? new BearerToken({ token }).token : token.token;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.headers)) if (k.toLowerCase() !== "authorization") headers[k] = v;
  headers.authorization = `Bearer ${value}`;
  return { ...request, headers, query: { ...request.query } };
}
