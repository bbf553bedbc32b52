/**
 * Test-case `params` (Smithy node values) → the values a user passes to / gets from the SDK, and a
 * deep comparison that treats NaN, bytes, dates and bigints exactly.
 *
 * Params conventions (Smithy protocol tests): blobs are UTF-8 text, timestamps epoch seconds,
 * floats may be "NaN" / "Infinity" / "-Infinity", documents are plain JSON values.
 * SDK conventions (@org/runtime): blobs Uint8Array, timestamps Date, bigInteger bigint, bigDecimal
 * a number or its decimal text.
 *
 * The IDL loader keeps numbers a double cannot hold exact (integers as bigint, others as
 * ExactDecimal, e.g. `-9223372036854775809`, `0.100000000000000000000001`): bigInteger params get the
 * bigint, bigDecimal params the decimal text as written, every other type the (rounded) double.
 */
import type { MemberSchema, ServiceSchema, StructureSchema } from "@org/runtime";
import { canonicalNumber, ExactDecimal, isExactNumber } from "../../../codegen/src/idl/index.js";

export function shapeTypeOf(schema: ServiceSchema, ref: string): string {
  const prim = new Set(["string", "boolean", "byte", "short", "integer", "long", "float", "double", "bigInteger", "bigDecimal", "blob", "timestamp", "document", "Unit"]);
  if (prim.has(ref)) return ref;
  const s = schema.shapes[ref];
  if (!s) throw new Error(`no shape ${ref}`);
  return s.type === "enum" ? "string" : s.type === "intEnum" ? "integer" : s.type;
}

/** Converts a params value of shape `ref` to the SDK's representation (`expect`: as an expected output, compared by `diff`). */
export function fromParams(schema: ServiceSchema, ref: string, v: unknown, expect = false): unknown {
  if (v === null || v === undefined) return v;
  const type = shapeTypeOf(schema, ref);
  if (isExactNumber(v) && type !== "bigInteger" && type !== "bigDecimal") v = Number(String(v));
  switch (type) {
    case "structure":
    case "union": {
      const s = schema.shapes[ref] as StructureSchema;
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        // a member given as null is unset
        if (x === null) continue;
        const m = s.members[k];
        out[k] = m ? (m.target === "Unit" ? {} : fromParams(schema, m.target, x, expect)) : plainNumbers(x);
      }
      return out;
    }
    case "list": {
      const m = (schema.shapes[ref] as { member: MemberSchema }).member;
      return (v as unknown[]).map((x) => fromParams(schema, m.target, x, expect));
    }
    case "map": {
      const m = (schema.shapes[ref] as { value: MemberSchema }).value;
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = fromParams(schema, m.target, x, expect);
      return out;
    }
    case "timestamp":
      return typeof v === "number" ? new Date(Math.round(v * 1000)) : new Date(v as string);
    case "blob":
      return typeof v === "string" ? new Uint8Array(Buffer.from(v, "utf8")) : v;
    case "float":
    case "double":
      return v === "NaN" ? NaN : v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : v;
    case "bigInteger":
      if (v instanceof ExactDecimal) return integerOf(v) ?? v;
      return typeof v === "number" || typeof v === "string" ? BigInt(v) : v;
    case "bigDecimal": {
      const d = v instanceof ExactDecimal ? v.text : v;
      return expect ? new Decimal(d) : d;
    }
    default:
      return plainNumbers(v);
  }
}

/** An integral exact decimal (`1.0e30`, `100000000000000000000001.0`) as a bigint; undefined when it has a fraction. */
function integerOf(v: ExactDecimal): bigint | undefined {
  const m = /^(-?)(\d+)e(\d+)$/.exec(canonicalNumber(v.text) ?? "");
  return m ? BigInt(m[1] + m[2] + "0".repeat(Number(m[3]))) : undefined;
}

/** A value with every exact number (bigint, ExactDecimal) replaced by its double, as other types and documents take it. */
function plainNumbers(v: unknown): unknown {
  if (isExactNumber(v)) return Number(String(v));
  if (Array.isArray(v)) return v.map(plainNumbers);
  if (v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === "__proto__") Object.defineProperty(out, k, { value: plainNumbers(x), enumerable: true, writable: true, configurable: true });
      else out[k] = plainNumbers(x);
    }
    return out;
  }
  return v;
}

/**
 * An expected bigDecimal: the SDK may hold it as a number or as its decimal text; compared by value,
 * exactly when the SDK gives text (`0.100000000000000000000001` is not `0.1`), else as doubles.
 */
export class Decimal {
  constructor(readonly value: unknown) {}
}

/** Differences between an expected and an actual value, as `path: expected … got …` lines. */
export function diff(expected: unknown, actual: unknown, path = "$", out: string[] = []): string[] {
  if (out.length > 20) return out;
  const show = (x: unknown) => {
    if (x instanceof Uint8Array) return `bytes(${JSON.stringify(Buffer.from(x).toString("utf8").slice(0, 80))})`;
    if (x instanceof Date) return `Date(${Number.isNaN(x.getTime()) ? "invalid" : x.toISOString()})`;
    if (typeof x === "bigint") return `${x}n`;
    if (typeof x === "number") return String(x);
    try {
      return JSON.stringify(x, (_, y) => (typeof y === "bigint" ? `${y}n` : y))?.slice(0, 200) ?? String(x);
    } catch {
      return String(x);
    }
  };
  const fail = () => {
    out.push(`${path}: expected ${show(expected)}, got ${show(actual)}`);
    return out;
  };
  if (expected instanceof Decimal) {
    const same =
      typeof actual === "string"
        ? canonicalNumber(actual) !== undefined && canonicalNumber(actual) === canonicalNumber(String(expected.value))
        : actual !== undefined && Number(actual) === Number(expected.value);
    if (!same) {
      out.push(`${path}: expected the decimal ${String(expected.value)}, got ${show(actual)}`);
    }
    return out;
  }
  if (typeof expected === "number" && typeof actual === "number") {
    if (Number.isNaN(expected) ? !Number.isNaN(actual) : !Object.is(expected, actual) && expected !== actual) return fail();
    return out;
  }
  if (expected instanceof Uint8Array || actual instanceof Uint8Array) {
    if (!(expected instanceof Uint8Array && actual instanceof Uint8Array) || Buffer.compare(Buffer.from(expected), Buffer.from(actual)) !== 0) return fail();
    return out;
  }
  if (expected instanceof Date || actual instanceof Date) {
    if (!(expected instanceof Date && actual instanceof Date) || expected.getTime() !== actual.getTime()) return fail();
    return out;
  }
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual) || expected.length !== actual.length) return fail();
    for (let i = 0; i < expected.length; i++) diff(expected[i], actual[i], `${path}[${i}]`, out);
    return out;
  }
  if (expected && actual && typeof expected === "object" && typeof actual === "object") {
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const keys = new Set([...Object.keys(e), ...Object.keys(a)]);
    for (const k of keys) {
      if (e[k] === undefined && a[k] === undefined) continue;
      diff(e[k], a[k], `${path}.${k}`, out);
    }
    return out;
  }
  if (expected !== actual) return fail();
  return out;
}
