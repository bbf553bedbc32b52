/**
 * Flexible checksums (`aws.protocols#httpChecksum`), as AWS's SDKs implement them.
 *
 * Requests: an operation with the trait gets an `x-amz-checksum-<alg>` header (base64 of the big-endian
 * digest of the body as sent) when the model requires one (`requestChecksumRequired`) or, with
 * `requestChecksumCalculation: "when_supported"` (the default), whenever the operation has a
 * `requestAlgorithmMember`. The algorithm is the one that member names (CRC32, CRC32C, CRC64NVME, SHA1,
 * SHA256), CRC32 when unset; a defaulted algorithm is also sent in the member's header
 * (`x-amz-sdk-checksum-algorithm: CRC32`), as AWS's SDKs do. A checksum header already on the request
 * (the caller set `ChecksumSHA256`, ...) is never replaced, and nothing is added then.
 *
 * Streaming bodies (a `Readable`) are sent `aws-chunked` with the checksum in a trailer
 * (`content-encoding: aws-chunked`, `x-amz-trailer`, `x-amz-decoded-content-length`,
 * `x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER`) when their length is known (a
 * `Content-Length`, e.g. S3 PutObject's `ContentLength`). A stream of unknown length cannot be sent so
 * (S3 requires `x-amz-decoded-content-length`): it gets no checksum when the checksum was only the
 * default, and an `InputValidationError` when the caller asked for an algorithm or the model requires one.
 *
 * Responses: with the operation's `requestValidationModeMember` set to `ENABLED` in the input (filled in
 * when `responseChecksumValidation` is `"when_supported"`, the default, and the caller left it unset),
 * the first of the trait's `responseAlgorithms` whose `x-amz-checksum-<alg>` header the response has is
 * checked against the body: a buffered body before it is parsed, a streaming one (S3 GetObject's `Body`)
 * as it is read, erroring at its end. A mismatch is a `ChecksumMismatchError`. Multipart composite
 * checksums (`<base64>-<parts>`) are not checksums of the body and are skipped.
 *
 * `smithy.api#httpChecksumRequired` (without a flexible checksum): a `Content-MD5` of a buffered body.
 *
 * An opt-in feature (see features.ts): a generated package whose model has either trait imports `checksums`.
 */
import type { Hash } from "node:crypto";
import type { Readable, TransformCallback } from "node:stream";
import { builtin } from "../builtins.js";
import { type Env, getProfile, getProfileString, type Profile } from "../config/profile.js";
import { crc32c, Crc64Nvme } from "../crc.js";
import { InputValidationError } from "../errors.js";
import type { ChecksumFeature } from "../features.js";
import type { HttpRequest } from "../http/types.js";
import type { OperationSchema, ServiceSchema, StructureSchema } from "../schema.js";

const { createHash } = builtin("node:crypto");
/** `node:stream`, which only streaming bodies need (and `node:zlib` only CRC32): loaded when used. */
const stream = () => builtin("node:stream");

export const CHECKSUM_ALGORITHMS = ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];
export const DEFAULT_CHECKSUM_ALGORITHM: ChecksumAlgorithm = "CRC32";

/** `requestChecksumCalculation` / `responseChecksumValidation` values. */
export type ChecksumWhen = "when_supported" | "when_required";

/** The `aws.protocols#httpChecksum` trait as the schema carries it. */
export interface HttpChecksumTrait {
  requestAlgorithmMember?: string;
  requestChecksumRequired?: boolean;
  requestValidationModeMember?: string;
  responseAlgorithms?: string[];
}

/** An incremental checksum. */
export interface Checksum {
  update(data: Uint8Array): void;
  /** The digest, big-endian; once. */
  digest(): Uint8Array;
}

export function isChecksumAlgorithm(a: unknown): a is ChecksumAlgorithm {
  return typeof a === "string" && (CHECKSUM_ALGORITHMS as readonly string[]).includes(a);
}

/** The header that carries a checksum of this algorithm: `x-amz-checksum-crc32`, ... */
export function checksumHeader(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

class Crc32Checksum implements Checksum {
  #c = 0;
  constructor(private readonly fn: (d: Uint8Array, c: number) => number) {}
  update(data: Uint8Array): void {
    this.#c = this.fn(data, this.#c);
  }
  digest(): Uint8Array {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, this.#c >>> 0);
    return out;
  }
}

class HashChecksum implements Checksum {
  readonly #h: Hash;
  constructor(name: string) {
    this.#h = createHash(name);
  }
  update(data: Uint8Array): void {
    this.#h.update(data);
  }
  digest(): Uint8Array {
    return new Uint8Array(this.#h.digest());
  }
}

export function createChecksum(algorithm: ChecksumAlgorithm): Checksum {
  switch (algorithm) {
    case "CRC32": {
      const { crc32 } = builtin("node:zlib");
      return new Crc32Checksum((d, c) => crc32(d, c));
    }
    case "CRC32C":
      return new Crc32Checksum(crc32c);
    case "CRC64NVME":
      return new Crc64Nvme();
    case "SHA1":
      return new HashChecksum("sha1");
    case "SHA256":
      return new HashChecksum("sha256");
  }
}

const toBytes = (data: Uint8Array | string): Uint8Array => (typeof data === "string" ? Buffer.from(data, "utf8") : data);
const base64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("base64");

/** The checksum of `data` as its header carries it (base64 of the big-endian digest). */
export function computeChecksum(algorithm: ChecksumAlgorithm, data: Uint8Array | string): string {
  const c = createChecksum(algorithm);
  c.update(toBytes(data));
  return base64(c.digest());
}

/** A response body whose checksum is not the one its header gives. */
export class ChecksumMismatchError extends Error {
  override name = "ChecksumMismatchError";
  constructor(
    readonly algorithm: ChecksumAlgorithm,
    /** the header's value */
    readonly expected: string,
    /** the checksum of the body received */
    readonly actual: string,
    readonly header: string = checksumHeader(algorithm),
  ) {
    super(`response checksum mismatch: ${header} is ${expected}, but the body's ${algorithm} is ${actual}`);
  }
}

// ---------------------------------------------------------------------------------------------------
// settings

export interface ChecksumSettings {
  requestChecksumCalculation: ChecksumWhen;
  responseChecksumValidation: ChecksumWhen;
}

function parseWhen(value: string, source: string): ChecksumWhen {
  const v = value.trim().toLowerCase();
  if (v === "when_supported" || v === "when_required") return v;
  throw new InputValidationError(`${source}: ${JSON.stringify(value)} is not one of when_supported, when_required`);
}

/**
 * Each setting from the client config, else its environment variable (`AWS_REQUEST_CHECKSUM_CALCULATION`,
 * `AWS_RESPONSE_CHECKSUM_VALIDATION`), else the profile (`request_checksum_calculation`,
 * `response_checksum_validation`), else `when_supported`. Values are case-insensitive.
 */
export function resolveChecksumSettings(options: {
  requestChecksumCalculation?: string;
  responseChecksumValidation?: string;
  env: Env;
  profile?: string;
}): ChecksumSettings {
  let profile: Profile | undefined;
  const one = (configured: string | undefined, name: string, envVar: string, profileKey: string): ChecksumWhen => {
    if (configured !== undefined) return parseWhen(configured, name);
    const e = options.env[envVar];
    if (e) return parseWhen(e, envVar);
    profile ??= getProfile({ profile: options.profile, env: options.env }).properties;
    const p = getProfileString(profile, profileKey);
    if (p) return parseWhen(p, `${profileKey} in the shared config`);
    return "when_supported";
  };
  return {
    requestChecksumCalculation: one(options.requestChecksumCalculation, "requestChecksumCalculation", "AWS_REQUEST_CHECKSUM_CALCULATION", "request_checksum_calculation"),
    responseChecksumValidation: one(options.responseChecksumValidation, "responseChecksumValidation", "AWS_RESPONSE_CHECKSUM_VALIDATION", "response_checksum_validation"),
  };
}

// ---------------------------------------------------------------------------------------------------
// requests

/**
 * Before serialisation: with `responseChecksumValidation: "when_supported"`, the operation's
 * `requestValidationModeMember` (S3 GetObject's `ChecksumMode`) is set to `ENABLED` when the caller left
 * it unset, so the service returns its checksums. Returns the input, or a copy when it changed.
 */
export function prepareChecksumInput(op: OperationSchema, input: Record<string, unknown>, settings: ChecksumSettings): Record<string, unknown> {
  const trait = op.httpChecksum as HttpChecksumTrait | undefined;
  const mode = trait?.requestValidationModeMember;
  if (!mode || settings.responseChecksumValidation !== "when_supported") return input;
  if (input[mode] !== undefined && input[mode] !== null) return input;
  return { ...input, [mode]: "ENABLED" };
}

/** The header a structure member is bound to, if any. */
function memberHeader(schema: ServiceSchema, op: OperationSchema, member: string): string | undefined {
  if (op.input === "Unit") return undefined;
  const shape = schema.shapes[op.input] as StructureSchema | undefined;
  return shape?.members[member]?.httpHeader?.toLowerCase();
}

/** A request header that is a checksum (`x-amz-checksum-crc32`, ...; not `-mode`, `-type`, `-algorithm`). */
function hasChecksumHeader(headers: Record<string, string>): boolean {
  for (const h of Object.keys(headers)) {
    const m = /^x-amz-checksum-(.+)$/i.exec(h);
    if (m && !["mode", "type", "algorithm"].includes(m[1].toLowerCase())) return true;
  }
  return false;
}

/**
 * After serialisation (and compression): adds the request checksum the operation calls for. `input` is
 * the serialised input (for the algorithm member); `request` is changed in place.
 */
export function applyRequestChecksum(schema: ServiceSchema, op: OperationSchema, opName: string, input: Record<string, unknown>, request: HttpRequest, settings: ChecksumSettings): void {
  const trait = op.httpChecksum as HttpChecksumTrait | undefined;
  if (!trait || op.inputEventStream) return; // an input event stream's frames carry their own checksums
  const required = trait.requestChecksumRequired === true;
  const member = trait.requestAlgorithmMember;
  if (!required && !member) return;
  if (hasChecksumHeader(request.headers)) return; // the caller's own checksum
  const chosen = member ? input[member] : undefined;
  let algorithm: ChecksumAlgorithm;
  let defaulted = false;
  if (chosen !== undefined && chosen !== null) {
    if (!isChecksumAlgorithm(chosen)) {
      throw new InputValidationError(`${opName}.${member}: checksum algorithm ${JSON.stringify(chosen)} is not supported; use one of ${CHECKSUM_ALGORITHMS.join(", ")}`);
    }
    algorithm = chosen;
  } else if (required || settings.requestChecksumCalculation === "when_supported") {
    algorithm = DEFAULT_CHECKSUM_ALGORITHM;
    defaulted = true;
  } else {
    return;
  }
  const body = request.body;
  const headerName = checksumHeader(algorithm);
  const algorithmHeader = member ? memberHeader(schema, op, member) : undefined;
  if (body === undefined || typeof body === "string" || body instanceof Uint8Array) {
    request.headers[headerName] = computeChecksum(algorithm, body ?? new Uint8Array(0));
  } else {
    const length = request.headers["content-length"];
    if (length === undefined) {
      if (defaulted && !required) return; // documented fallback: no checksum for a stream of unknown length
      throw new InputValidationError(
        `${opName}: a ${algorithm} checksum of a streaming body of unknown length cannot be sent (aws-chunked needs its decoded length); ` +
          `give the body's length (ContentLength) or a Uint8Array / string body`,
      );
    }
    request.body = awsChunked(body as Readable | AsyncIterable<Uint8Array>, algorithm);
    const encoding = request.headers["content-encoding"];
    request.headers["content-encoding"] = encoding ? `${encoding},aws-chunked` : "aws-chunked";
    request.headers["transfer-encoding"] = "chunked";
    request.headers["x-amz-decoded-content-length"] = length;
    request.headers["x-amz-content-sha256"] = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
    request.headers["x-amz-trailer"] = headerName;
    delete request.headers["content-length"];
  }
  if (defaulted && algorithmHeader && request.headers[algorithmHeader] === undefined) request.headers[algorithmHeader] = algorithm;
}

/** S3 refuses an aws-chunked chunk under 8 KiB unless it is the last one (`InvalidChunkSizeError`). */
export const MIN_AWS_CHUNK = 8192;

/**
 * The `aws-chunked` content encoding with the checksum as a trailer: each chunk as
 * `<hex length>\r\n<bytes>\r\n`, then `0\r\n`, `x-amz-checksum-<alg>:<base64>\r\n`, `\r\n`.
 * Source chunks smaller than {@link MIN_AWS_CHUNK} are joined until they reach it (larger ones pass as
 * they are), so a stream of small pieces is not refused by S3.
 */
export function awsChunked(source: Readable | AsyncIterable<Uint8Array>, algorithm: ChecksumAlgorithm): Readable {
  async function* encode(): AsyncGenerator<Uint8Array> {
    const checksum = createChecksum(algorithm);
    let pending: Uint8Array[] = [];
    let size = 0;
    function* frame(): Generator<Uint8Array> {
      const bytes = pending.length === 1 ? pending[0] : Buffer.concat(pending, size);
      checksum.update(bytes);
      yield Buffer.from(`${size.toString(16)}\r\n`);
      yield bytes;
      yield Buffer.from("\r\n");
      pending = [];
      size = 0;
    }
    for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
      const bytes = toBytes(chunk);
      if (bytes.byteLength === 0) continue;
      pending.push(bytes);
      size += bytes.byteLength;
      if (size >= MIN_AWS_CHUNK) yield* frame();
    }
    if (size > 0) yield* frame();
    yield Buffer.from(`0\r\n${checksumHeader(algorithm)}:${base64(checksum.digest())}\r\n\r\n`);
  }
  return stream().Readable.from(encode(), { objectMode: false });
}

// ---------------------------------------------------------------------------------------------------
// responses

export interface ResponseChecksum {
  algorithm: ChecksumAlgorithm;
  header: string;
  /** the header's value */
  expected: string;
}

/** Composite checksums of multipart objects (`<base64>-<parts>`) are no checksum of the body. */
const isComposite = (v: string): boolean => /-\d+$/.test(v);

/**
 * The response checksum to validate, if validation is on for this call (the input's validation-mode
 * member is `ENABLED`) and the response has a usable one.
 */
export function responseChecksumToValidate(op: OperationSchema, input: Record<string, unknown>, headers: Record<string, string>): ResponseChecksum | undefined {
  const trait = op.httpChecksum as HttpChecksumTrait | undefined;
  const mode = trait?.requestValidationModeMember;
  if (!mode || input[mode] !== "ENABLED") return undefined;
  for (const algorithm of trait!.responseAlgorithms ?? []) {
    if (!isChecksumAlgorithm(algorithm)) continue;
    const header = checksumHeader(algorithm);
    const expected = headers[header];
    if (expected === undefined || expected === "") continue;
    if (isComposite(expected)) continue;
    return { algorithm, header, expected };
  }
  return undefined;
}

/** Throws a `ChecksumMismatchError` when a buffered body does not match. */
export function verifyChecksum(body: Uint8Array, v: ResponseChecksum): void {
  const actual = computeChecksum(v.algorithm, body);
  if (actual !== v.expected) throw new ChecksumMismatchError(v.algorithm, v.expected, actual, v.header);
}

/**
 * The body, checked as it is read: the bytes pass through unchanged, and the stream errors with a
 * `ChecksumMismatchError` at its end when they do not match. Destroying the returned stream destroys
 * the source (and so frees the connection).
 */
export function validatingStream(source: Readable, v: ResponseChecksum): Readable {
  const checksum = createChecksum(v.algorithm);
  const { Transform, pipeline } = stream();
  const check = new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
      checksum.update(chunk);
      cb(null, chunk);
    },
    flush(cb: TransformCallback) {
      const actual = base64(checksum.digest());
      cb(actual === v.expected ? null : new ChecksumMismatchError(v.algorithm, v.expected, actual, v.header));
    },
  });
  return pipeline(source, check, () => {});
}

// ---------------------------------------------------------------------------------------------------

/** The feature `Client` calls through (see features.ts). */
export const checksums: ChecksumFeature = {
  resolveSettings: resolveChecksumSettings,
  prepareInput: prepareChecksumInput,
  applyToRequest(schema, op, opName, input, request, settings) {
    if (op.httpChecksum) applyRequestChecksum(schema, op, opName, input, request, settings);
    const body = request.body;
    const buffered = typeof body === "string" || body instanceof Uint8Array;
    if (op.httpChecksumRequired && request.headers["content-md5"] === undefined && buffered) {
      request.headers["content-md5"] = createHash("md5").update(body).digest("base64");
    }
  },
  checkBody(op, input, headers, body) {
    const check = op.httpChecksum ? responseChecksumToValidate(op, input, headers) : undefined;
    if (check) verifyChecksum(body, check);
  },
  checkStream(op, input, headers, body) {
    const check = op.httpChecksum ? responseChecksumToValidate(op, input, headers) : undefined;
    return check ? validatingStream(body, check) : body;
  },
};
