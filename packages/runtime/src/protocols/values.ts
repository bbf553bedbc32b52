/**
 * Scalar conversions every protocol shares: timestamps in Smithy's three formats, base64 blobs,
 * and the non-finite floats that JSON cannot carry.
 */
import type { TimestampFormat } from "../schema.js";
import { InputValidationError } from "../errors.js";

export function toDate(value: unknown, where: string): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new InputValidationError(`${where}: invalid Date`);
    return value;
  }
  if (typeof value === "number") {
    // NaN, the infinities and out-of-range seconds make an invalid Date that would fail later, unnamed
    const d = new Date(value * 1000);
    if (!Number.isNaN(d.getTime())) return d;
  } else if (typeof value === "string") {
    const d = new Date(value);
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw new InputValidationError(`${where}: expected a timestamp (Date, epoch seconds or ISO 8601 string), got ${describe(value)}`);
}

export function formatTimestamp(value: unknown, format: TimestampFormat, where: string): string | number {
  const d = toDate(value, where);
  switch (format) {
    case "epoch-seconds":
      return Math.round(d.getTime()) / 1000;
    case "http-date":
      return d.toUTCString();
    default: {
      const iso = d.toISOString();
      return iso.endsWith(".000Z") ? iso.slice(0, -5) + "Z" : iso;
    }
  }
}

/** Parses any of Smithy's timestamp formats; `format` only decides how a string is read. */
export function parseTimestamp(value: unknown, format: TimestampFormat | undefined, where: string): Date {
  if (typeof value === "number") {
    const d = new Date(Math.round(value * 1000));
    if (!Number.isNaN(d.getTime())) return d;
  } else if (typeof value === "string") {
    // (Number("") is 0: an empty string is not the epoch)
    if ((format === "epoch-seconds" && value.trim() !== "") || /^-?\d+(\.\d+)?$/.test(value)) {
      const d = new Date(Math.round(Number(value) * 1000));
      if (!Number.isNaN(d.getTime())) return d;
    }
    const d = new Date(value);
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw new TypeError(`${where}: cannot read ${describe(value)} as a timestamp`);
}

export function toBytes(value: unknown, where: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === "string") return Buffer.from(value, "utf8");
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw new InputValidationError(`${where}: expected bytes (Uint8Array or string), got ${describe(value)}`);
}

export function toBase64(value: unknown, where: string): string {
  const b = toBytes(value, where);
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("base64");
}

export function fromBase64(value: unknown, where: string): Uint8Array {
  if (typeof value !== "string") throw new TypeError(`${where}: expected base64 text, got ${describe(value)}`);
  const buf = Buffer.from(value, "base64");
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** JSON numbers for floats, with NaN and the infinities as Smithy's strings. */
export function floatToJson(value: number): number | string {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return "NaN";
  return value > 0 ? "Infinity" : "-Infinity";
}

export function floatFromJson(value: unknown, where: string): number {
  if (typeof value === "number") return value;
  if (value === "NaN") return NaN;
  if (value === "Infinity") return Infinity;
  if (value === "-Infinity") return -Infinity;
  throw new TypeError(`${where}: expected a number, got ${describe(value)}`);
}

/** The kind of a value, for error messages; never the value itself, which may be a secret. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (value instanceof Uint8Array) return "bytes";
  const t = typeof value;
  return t === "object" ? "an object" : t === "undefined" ? "undefined" : `a ${t}`;
}
