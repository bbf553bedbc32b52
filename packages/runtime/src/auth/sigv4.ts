/**
 * AWS Signature Version 4 through `@smithy/signature-v4`, with node:crypto hashing.
 *
 * Signers are constructed once per (credentials object, region, signing name, uriEscapePath,
 * applyChecksum) and reused; the credentials object is held weakly, so a memoised credentials
 * provider (which returns the same object until refresh) gives a cache hit on every request.
 */
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import type { HttpRequest } from "../http/types.js";

/** Credentials as the signer needs them (a `Credentials` from config/credentials.ts fits). */
export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

const toBuffer = (data: SourceData): Buffer =>
  typeof data === "string"
    ? Buffer.from(data, "utf8")
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

/**
 * SHA-256 (or HMAC-SHA256 when constructed with a secret) implementing smithy's `Checksum`
 * interface on node:crypto. `digest()` resets the instance so it can be reused.
 */
export class Sha256 {
  readonly #secret: Buffer | undefined;
  #hash: Hash | Hmac;

  constructor(secret?: SourceData) {
    this.#secret = secret === undefined ? undefined : toBuffer(secret);
    this.#hash = this.#create();
  }

  #create(): Hash | Hmac {
    return this.#secret ? createHmac("sha256", this.#secret) : createHash("sha256");
  }

  update(chunk: Uint8Array | string): void {
    this.#hash.update(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : toBuffer(chunk));
  }

  digest(): Promise<Uint8Array> {
    const out = this.#hash.digest();
    this.#hash = this.#create();
    return Promise.resolve(new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
  }

  reset(): void {
    this.#hash = this.#create();
  }
}

export interface SignerKey {
  credentials: SigningCredentials;
  region: string;
  signingName: string;
  /** Double-encode the path in the canonical request (true for every service but S3). Default true. */
  uriEscapePath?: boolean;
  /** Add `x-amz-content-sha256` to signed requests. Default true. */
  applyChecksum?: boolean;
}

const signerCache = new WeakMap<object, Map<string, SignatureV4>>();
let signersConstructed = 0;

/** The cached `SignatureV4` for these parameters (constructed on first use). */
export function getSigner(key: SignerKey): SignatureV4 {
  const uriEscapePath = key.uriEscapePath ?? true;
  const applyChecksum = key.applyChecksum ?? true;
  let byCreds = signerCache.get(key.credentials);
  if (!byCreds) {
    byCreds = new Map();
    signerCache.set(key.credentials, byCreds);
  }
  const k = `${key.region}\0${key.signingName}\0${uriEscapePath ? 1 : 0}${applyChecksum ? 1 : 0}`;
  let signer = byCreds.get(k);
  if (!signer) {
    signer = new SignatureV4({
      credentials: key.credentials,
      region: key.region,
      service: key.signingName,
      sha256: Sha256,
      uriEscapePath,
      applyChecksum,
    });
    signersConstructed++;
    byCreds.set(k, signer);
  }
  return signer;
}

/** How many `SignatureV4` instances this module has constructed (for tests / diagnostics). */
export const signerStats = (): { constructed: number } => ({ constructed: signersConstructed });

export interface SignRequestOptions {
  credentials: SigningCredentials;
  region: string;
  signingName: string;
  /** Default: now. */
  signingDate?: Date | number | string;
  /** Sign with `x-amz-content-sha256: UNSIGNED-PAYLOAD` instead of hashing the body. */
  unsignedPayload?: boolean;
  /** See {@link SignerKey.uriEscapePath}. Default true (false for S3). */
  uriEscapePath?: boolean;
  /**
   * Remove `.`/`..`/empty path segments in the canonical path. Defaults to `uriEscapePath`
   * (smithy couples the two: S3 neither normalises nor double-encodes, every other service does both).
   */
  normalizePath?: boolean;
  /** See {@link SignerKey.applyChecksum}. Default true. */
  applyChecksum?: boolean;
  /** Add `x-amz-security-token` after signing instead of signing it (a few services require this). */
  omitSessionToken?: boolean;
  /** Extra headers (lower case) left out of the signature. */
  unsignableHeaders?: ReadonlySet<string>;
}

export interface PresignRequestOptions extends Omit<SignRequestOptions, "unsignedPayload" | "applyChecksum"> {
  /** Seconds the URL stays valid, at most 604800 (7 days). Default 3600. */
  expiresIn?: number;
}

const hexEncode = (c: string): string => `%${c.charCodeAt(0).toString(16).toUpperCase()}`;
/** RFC 3986 percent-encoding of everything but unreserved characters. */
export const uriEscape = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, hexEncode);

/** Removes empty, `.` and `..` segments, as the SigV4 canonical path normalisation does. */
export function normalizeUriPath(path: string): string {
  const out: string[] = [];
  for (const seg of path.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") out.pop();
    else out.push(seg);
  }
  return `${path.startsWith("/") ? "/" : ""}${out.join("/")}${out.length > 0 && path.endsWith("/") ? "/" : ""}`;
}

/**
 * The path to hand to the signer, and whether the signer should escape/normalise it itself.
 * Smithy's `uriEscapePath: true` does normalise+escape, `false` does neither; the two mixed
 * combinations are done here and the signer is told to use the path verbatim.
 */
function canonicalPathPlan(path: string, uriEscapePath: boolean, normalizePath: boolean): { path: string; signerEscapes: boolean } {
  if (uriEscapePath === normalizePath) return { path, signerEscapes: uriEscapePath };
  if (uriEscapePath) return { path: path.split("/").map(uriEscape).join("/"), signerEscapes: false };
  return { path: normalizeUriPath(path), signerEscapes: false };
}

function withHostHeader(request: HttpRequest, pathForSigner: string): HttpRequest {
  const headers = { ...request.headers };
  if (!Object.keys(headers).some((h) => h.toLowerCase() === "host")) {
    const defaultPort = request.protocol === "http:" ? 80 : 443;
    headers.host = request.port && request.port !== defaultPort ? `${request.hostname}:${request.port}` : request.hostname;
  }
  return { ...request, path: pathForSigner, headers, query: { ...request.query } };
}

function toRuntimeRequest(signed: { headers: Record<string, string>; query?: Record<string, unknown> }, original: HttpRequest): HttpRequest {
  const out: HttpRequest = {
    method: original.method,
    protocol: original.protocol,
    hostname: original.hostname,
    path: original.path,
    query: { ...(signed.query as Record<string, string | string[]>) },
    headers: { ...signed.headers },
  };
  if (original.port !== undefined) out.port = original.port;
  if (original.body !== undefined) out.body = original.body;
  return out;
}

const tokenless = new WeakMap<object, SigningCredentials>();
function withoutToken(c: SigningCredentials): SigningCredentials {
  let t = tokenless.get(c);
  if (!t) {
    t = { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey };
    Object.defineProperty(t, "secretAccessKey", { enumerable: false });
    tokenless.set(c, t);
  }
  return t;
}

/**
 * Signs `request` with SigV4 (Authorization header). Returns a new request; the input is not modified.
 * A `host` header is added from `hostname`/`port` when missing, since it must be signed.
 */
export async function signRequest(request: HttpRequest, options: SignRequestOptions): Promise<HttpRequest> {
  const uriEscapePath = options.uriEscapePath ?? true;
  const plan = canonicalPathPlan(request.path, uriEscapePath, options.normalizePath ?? uriEscapePath);
  const prepared = withHostHeader(request, plan.path);
  if (options.unsignedPayload) {
    for (const h of Object.keys(prepared.headers)) if (h.toLowerCase() === "x-amz-content-sha256") delete prepared.headers[h];
    prepared.headers["x-amz-content-sha256"] = "UNSIGNED-PAYLOAD";
  }
  const signer = getSigner({
    credentials: options.credentials,
    region: options.region,
    signingName: options.signingName,
    uriEscapePath: plan.signerEscapes,
    applyChecksum: options.applyChecksum,
  });
  let unsignable = options.unsignableHeaders ? new Set(options.unsignableHeaders) : undefined;
  if (options.omitSessionToken) (unsignable ??= new Set()).add("x-amz-security-token");
  const signed = await signer.sign(prepared, {
    signingDate: options.signingDate ?? new Date(),
    unsignableHeaders: unsignable,
  });
  return toRuntimeRequest(signed, request);
}

/**
 * Presigns `request` (SigV4 query-string auth). `x-amz-*` headers are moved into the query, as
 * smithy's presigner does; the payload is hashed when the body is a string/bytes.
 */
export async function presignRequest(request: HttpRequest, options: PresignRequestOptions): Promise<HttpRequest> {
  const uriEscapePath = options.uriEscapePath ?? true;
  const plan = canonicalPathPlan(request.path, uriEscapePath, options.normalizePath ?? uriEscapePath);
  const prepared = withHostHeader(request, plan.path);
  const token = options.credentials.sessionToken;
  const omit = options.omitSessionToken && token !== undefined;
  const signer = getSigner({
    credentials: omit ? withoutToken(options.credentials) : options.credentials,
    region: options.region,
    signingName: options.signingName,
    uriEscapePath: plan.signerEscapes,
  });
  let signed;
  try {
    signed = await signer.presign(prepared, {
      signingDate: options.signingDate ?? new Date(),
      expiresIn: options.expiresIn ?? 3600,
      unsignableHeaders: options.unsignableHeaders ? new Set(options.unsignableHeaders) : undefined,
    });
  } catch (e) {
    throw e instanceof Error ? e : new Error(String(e));
  }
  const out = toRuntimeRequest(signed, request);
  if (omit) out.query["X-Amz-Security-Token"] = token;
  return out;
}

type SmithySignMessage = SignatureV4["signMessage"];
/** An event-stream message as smithy's signer takes it (`{ headers, body }`). */
export type SignableEventMessage = Parameters<SmithySignMessage>[0]["message"];
export type SignedEventMessage = Awaited<ReturnType<SmithySignMessage>>;

export interface SignEventOptions {
  credentials: SigningCredentials;
  region: string;
  signingName: string;
  signingDate?: Date | number | string;
}

/**
 * Signs one event-stream message (`AWS4-HMAC-SHA256-PAYLOAD` chain) for input event streams.
 * `priorSignature` is the hex signature of the previous message (the request's seed signature first).
 * Returns the message and its hex signature; the caller wraps it with `:chunk-signature`/`:date`.
 */
export async function signEventMessage(
  message: SignableEventMessage,
  priorSignature: string,
  options: SignEventOptions,
): Promise<SignedEventMessage> {
  const signer = getSigner({ credentials: options.credentials, region: options.region, signingName: options.signingName });
  const signingDate = options.signingDate ?? new Date();
  return signer.signMessage(
    { message, priorSignature },
    { signingDate, signingRegion: options.region, signingService: options.signingName },
  );
}
