// Shared test helpers: a reference encoder we did not write (@smithy/eventstream-codec),
// chunk splitters, and a raw frame builder for crafting malformed-but-CRC-valid frames.
import { EventStreamCodec, Int64 } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import { crc32 } from "node:zlib";
import type { HeaderValue, EventMessage } from "../src/codec.js";
import type { EventModel } from "../src/events.js";

export const smithy = new EventStreamCodec(toUtf8, fromUtf8);

type SmithyHeaders = Parameters<typeof smithy.encode>[0]["headers"];

export function bigintToInt64(v: bigint): Int64 {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigInt64(0, v);
  return new Int64(b);
}

export function int64ToBigint(v: Int64): bigint {
  return new DataView(v.bytes.buffer, v.bytes.byteOffset, 8).getBigInt64(0);
}

/** Our typed headers -> smithy's header form. */
export function toSmithyHeaders(h: Record<string, HeaderValue>): SmithyHeaders {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(h)) {
    out[k] = v.type === "long" ? { type: "long", value: bigintToInt64(v.value) } : { type: v.type, value: v.value };
  }
  return out as SmithyHeaders;
}

/** smithy's header form -> our typed headers. */
export function fromSmithyHeaders(h: SmithyHeaders): Record<string, HeaderValue> {
  const out: Record<string, HeaderValue> = {};
  for (const [k, v] of Object.entries(h)) {
    const hv = v as { type: string; value: unknown };
    if (hv.type === "long") out[k] = { type: "long", value: int64ToBigint(hv.value as Int64) };
    else if (hv.type === "binary") out[k] = { type: "binary", value: new Uint8Array(hv.value as Uint8Array) };
    else out[k] = hv as HeaderValue;
  }
  return out;
}

/** Encodes with the reference (smithy) encoder. */
export function smithyEncode(m: EventMessage): Uint8Array {
  return smithy.encode({ headers: toSmithyHeaders(m.headers), body: m.body });
}

export const utf8 = (s: string) => new TextEncoder().encode(s);
export const text = (b: Uint8Array) => new TextDecoder().decode(b);

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Deterministic PRNG so random splits are reproducible (seed printed on failure via the test name). */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}

export type SplitMode = "whole" | "bytes" | "random";

/** Splits `bytes` into chunks: one chunk, 1-byte chunks, or random sizes (1..max). */
export function split(bytes: Uint8Array, mode: SplitMode, seed = 42, max = 64): Uint8Array[] {
  if (mode === "whole") return [bytes];
  if (mode === "bytes") return Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
  const r = rng(seed);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; ) {
    const n = 1 + Math.floor(r() * max);
    out.push(bytes.subarray(i, i + n));
    i += n;
  }
  return out;
}

/**
 * Builds a frame from raw pieces with *correct* CRCs, so tests can reach the
 * length and header validation behind the checksums.
 */
export function rawFrame(opts: { totalLength?: number; headersLength: number; headers: Uint8Array; body?: Uint8Array }): Uint8Array {
  const body = opts.body ?? new Uint8Array(0);
  const actual = 16 + opts.headers.length + body.length;
  const out = new Uint8Array(actual);
  const v = new DataView(out.buffer);
  v.setUint32(0, opts.totalLength ?? actual);
  v.setUint32(4, opts.headersLength);
  v.setUint32(8, crc32(out.subarray(0, 8)));
  out.set(opts.headers, 12);
  out.set(body, 12 + opts.headers.length);
  v.setUint32(actual - 4, crc32(out.subarray(0, actual - 4)));
  return out;
}

/** One header of every type, with edge values. */
export function allHeaderTypes(): Record<string, HeaderValue> {
  return {
    ":event-type": { type: "string", value: "Everything" },
    "bool-true": { type: "boolean", value: true },
    "bool-false": { type: "boolean", value: false },
    "byte-min": { type: "byte", value: -128 },
    "byte-max": { type: "byte", value: 127 },
    "short-min": { type: "short", value: -32768 },
    "short-max": { type: "short", value: 32767 },
    "int-min": { type: "integer", value: -2147483648 },
    "int-max": { type: "integer", value: 2147483647 },
    "long-min": { type: "long", value: -(2n ** 63n) },
    "long-max": { type: "long", value: 2n ** 63n - 1n },
    "long-small": { type: "long", value: -42n },
    "bin-empty": { type: "binary", value: new Uint8Array(0) },
    bin: { type: "binary", value: Uint8Array.of(0, 1, 2, 254, 255) },
    "str-empty": { type: "string", value: "" },
    "str-unicode": { type: "string", value: "héllo ☃ 𝄞" },
    "str-long": { type: "string", value: "x".repeat(32767) },
    ts: { type: "timestamp", value: new Date("2024-02-29T12:34:56.789Z") },
    "ts-negative": { type: "timestamp", value: new Date(-1234567) },
    uuid: { type: "uuid", value: "01020304-0506-0708-090a-0b0c0d0e0f10" },
  };
}

// ---- a small protocol-agnostic model (JSON bodies) for the event tests ----

export class ModeledError extends Error {
  constructor(
    readonly memberName: string,
    readonly fields: Record<string, unknown>,
    readonly eventMessage: EventMessage,
  ) {
    super(`modeled ${memberName}: ${String(fields.message ?? "")}`);
    this.name = memberName;
  }
}

type Members = Record<string, { target: string; eventHeader?: true; eventPayload?: true }>;
const structures: Record<string, Members> = {
  StatsEvent: {
    id: { target: "String", eventHeader: true },
    at: { target: "Timestamp", eventHeader: true },
    flag: { target: "Boolean", eventHeader: true },
    raw: { target: "Blob", eventHeader: true },
    count: { target: "Integer", eventHeader: true },
    big: { target: "Long", eventHeader: true },
    huge: { target: "Long", eventHeader: true },
    name: { target: "String" },
    bytes: { target: "Long" },
  },
  RecordsEvent: { seq: { target: "Integer", eventHeader: true }, payload: { target: "Blob", eventPayload: true } },
  TextEvent: { text: { target: "String", eventPayload: true } },
  DetailsEvent: { details: { target: "Details", eventPayload: true } },
  Details: { a: { target: "Integer" }, b: { target: "String" } },
  EndEvent: {},
  /** body members only, like every ConverseStream event */
  PlainEvent: { name: { target: "String" }, bytes: { target: "Long" } },
  BadRequestException: { message: { target: "String" }, reason: { target: "String", eventHeader: true } },
};
const types: Record<string, string> = {
  String: "string",
  Timestamp: "timestamp",
  Boolean: "boolean",
  Blob: "blob",
  Integer: "integer",
  Long: "long",
  ...Object.fromEntries(Object.keys(structures).map((k) => [k, "structure"])),
};

/** Records parseBody calls so tests can check what was parsed as which shape. */
export function testModel(): EventModel & { parsed: string[] } {
  const parsed: string[] = [];
  return {
    parsed,
    events: {
      Stats: { target: "StatsEvent" },
      Records: { target: "RecordsEvent" },
      Text: { target: "TextEvent" },
      Details: { target: "DetailsEvent" },
      End: { target: "EndEvent" },
      RawBlob: { target: "Blob" },
      Plain: { target: "PlainEvent" },
      BadRequest: { target: "BadRequestException" },
    },
    structure: (t) => (structures[t] ? { members: structures[t]! } : undefined),
    typeOf: (t) => types[t] ?? "unknown",
    parseBody(target, body) {
      parsed.push(target);
      return JSON.parse(new TextDecoder().decode(body));
    },
    modeledError: (member, fields, message) => new ModeledError(member, fields, message),
  };
}

/** Headers of an `event` message. */
export function eventHeaders(eventType: string, extra: Record<string, HeaderValue> = {}): Record<string, HeaderValue> {
  return {
    ":message-type": { type: "string", value: "event" },
    ":event-type": { type: "string", value: eventType },
    ":content-type": { type: "string", value: "application/json" },
    ...extra,
  };
}

/** A Records event (seq header + blob payload), encoded by smithy. */
export function recordFrame(seq: number, payload: Uint8Array = utf8(`record-${seq}`)): Uint8Array {
  return smithyEncode({ headers: eventHeaders("Records", { seq: { type: "integer", value: seq } }), body: payload });
}

export function exceptionFrame(type: string, body: unknown, extra: Record<string, HeaderValue> = {}): Uint8Array {
  return smithyEncode({
    headers: {
      ":message-type": { type: "string", value: "exception" },
      ":exception-type": { type: "string", value: type },
      ":content-type": { type: "string", value: "application/json" },
      ...extra,
    },
    body: utf8(JSON.stringify(body)),
  });
}

export function errorFrame(code: string, message: string): Uint8Array {
  return smithyEncode({
    headers: {
      ":message-type": { type: "string", value: "error" },
      ":error-code": { type: "string", value: code },
      ":error-message": { type: "string", value: message },
    },
    body: new Uint8Array(0),
  });
}
