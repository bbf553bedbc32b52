/**
 * Schema-driven JSON: caller values → JSON-ready values and back, for every JSON protocol
 * (restJson1 honours `jsonName`; awsJson1_x does not). Default timestamps are epoch seconds.
 */
import { InputValidationError } from "../errors.js";
import { type MemberSchema, type ServiceSchema, type ShapeRef, type StructureSchema, type TimestampFormat, shapeType } from "../schema.js";
import { describe, floatFromJson, floatToJson, formatTimestamp, fromBase64, parseTimestamp, toBase64 } from "./values.js";

export interface JsonOptions {
  useJsonName: boolean;
  /** rpcv2Json: timestamps are epoch seconds whatever their `timestampFormat` says */
  ignoreTimestampFormat?: boolean;
  /** rpcv2Json: bigInteger and bigDecimal travel as JSON strings, at full precision */
  bigNumbersAsStrings?: boolean;
}

type Shapes = ServiceSchema["shapes"];

function timestampFormatOf(schema: ServiceSchema, m: MemberSchema | undefined, ref: ShapeRef): TimestampFormat | undefined {
  if (m?.timestampFormat) return m.timestampFormat;
  const s = schema.shapes[ref] as { timestampFormat?: TimestampFormat } | undefined;
  return s?.timestampFormat;
}

export function toJson(schema: ServiceSchema, ref: ShapeRef, value: unknown, opts: JsonOptions, where: string, member?: MemberSchema): unknown {
  if (value === null || value === undefined) return value;
  const shapes: Shapes = schema.shapes;
  switch (shapeType(schema, ref)) {
    case "structure": {
      if (typeof value !== "object" || Array.isArray(value)) throw new InputValidationError(`${where}: expected an object, got ${describe(value)}`);
      const s = shapes[ref] as StructureSchema;
      const out: Record<string, unknown> = {};
      for (const name in s.members) {
        const v = (value as Record<string, unknown>)[name];
        const m = s.members[name];
        if (v === undefined || v === null) {
          // a nested structure sends its members' defaults (the top-level input, called without a member, does not)
          if (member !== undefined && m.default !== undefined && m.default !== null && !m.clientOptional) {
            out[(opts.useJsonName && m.jsonName) || name] = toJson(schema, m.target, defaultValue(schema, m), opts, `${where}.${name}`, m);
          }
          continue;
        }
        out[(opts.useJsonName && m.jsonName) || name] = toJson(schema, m.target, v, opts, `${where}.${name}`, m);
      }
      return out;
    }
    case "union": {
      if (typeof value !== "object" || Array.isArray(value)) throw new InputValidationError(`${where}: expected a union object, got ${describe(value)}`);
      const s = shapes[ref] as StructureSchema;
      // a null member is unset, as in a structure
      const set = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined && (value as Record<string, unknown>)[k] !== null);
      if (set.length !== 1 || !Object.hasOwn(s.members, set[0])) {
        throw new InputValidationError(`${where}: a union takes exactly one of ${Object.keys(s.members).join(", ")}; got ${set.join(", ") || "none"}`);
      }
      const m = s.members[set[0]];
      const v = (value as Record<string, unknown>)[set[0]];
      return { [(opts.useJsonName && m.jsonName) || set[0]]: m.target === "Unit" ? {} : toJson(schema, m.target, v, opts, `${where}.${set[0]}`, m) };
    }
    case "list": {
      if (!Array.isArray(value)) throw new InputValidationError(`${where}: expected an array, got ${describe(value)}`);
      const s = shapes[ref] as { member: MemberSchema; sparse?: true };
      return value.map((v, i) => (v === null || v === undefined ? (s.sparse ? null : skipNull(where, i)) : toJson(schema, s.member.target, v, opts, `${where}[${i}]`, s.member)));
    }
    case "map": {
      if (typeof value !== "object" || Array.isArray(value)) throw new InputValidationError(`${where}: expected an object map, got ${describe(value)}`);
      const s = shapes[ref] as { value: MemberSchema; sparse?: true };
      const out: Record<string, unknown> = {};
      for (const k in value as Record<string, unknown>) {
        const v = (value as Record<string, unknown>)[k];
        if (v === null || v === undefined) {
          if (s.sparse) setKey(out, k, null);
          continue;
        }
        setKey(out, k, toJson(schema, s.value.target, v, opts, `${where}.${k}`, s.value));
      }
      return out;
    }
    case "timestamp":
      return formatTimestamp(value, (!opts.ignoreTimestampFormat && timestampFormatOf(schema, member, ref)) || "epoch-seconds", where);
    case "blob":
      return toBase64(value, where);
    case "float":
    case "double":
      if (typeof value !== "number") throw new InputValidationError(`${where}: expected a number, got ${describe(value)}`);
      return floatToJson(value);
    case "byte":
    case "short":
    case "integer":
    case "long":
      if (typeof value === "bigint") return Number(value);
      if (typeof value !== "number") throw new InputValidationError(`${where}: expected a number, got ${describe(value)}`);
      return value;
    case "bigInteger":
    case "bigDecimal":
      if (opts.bigNumbersAsStrings) return bigNumberText(value, shapeType(schema, ref), where);
      // JSON.stringify cannot write a bigint; a safe integer keeps its value as a number
      if (typeof value === "bigint") {
        if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
          throw new InputValidationError(`${where}: ${value} does not fit in a JSON number without losing precision`);
        }
        return Number(value);
      }
      return value;
    default:
      return value;
  }
}

/** Sets a map entry; a `__proto__` key stays an own data property instead of replacing the prototype. */
function setKey(out: Record<string, unknown>, k: string, v: unknown): void {
  if (k === "__proto__") Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  else out[k] = v;
}

function skipNull(where: string, i: number): never {
  throw new InputValidationError(`${where}[${i}]: this list is not sparse and cannot hold null`);
}

/** Member lookup by wire name, built once per structure. */
const wireNames = new WeakMap<object, Map<string, string>>();
function memberByWireName(s: { members: Record<string, MemberSchema> }, opts: JsonOptions): Map<string, string> {
  let m = wireNames.get(s);
  if (!m) {
    m = new Map();
    for (const name in s.members) m.set((opts.useJsonName && s.members[name].jsonName) || name, name);
    wireNames.set(s, m);
  }
  return m;
}
const wireNamesPlain = new WeakMap<object, Map<string, string>>();

export function fromJson(schema: ServiceSchema, ref: ShapeRef, value: unknown, opts: JsonOptions, where: string, member?: MemberSchema): unknown {
  if (value === null || value === undefined) return undefined;
  const shapes = schema.shapes;
  switch (shapeType(schema, ref)) {
    case "structure": {
      if (typeof value !== "object" || Array.isArray(value)) throw new TypeError(`${where}: expected an object, got ${describe(value)}`);
      const s = shapes[ref] as StructureSchema;
      return fillDefaults(schema, s, readMembers(schema, s, value as Record<string, unknown>, opts, where));
    }
    case "union": {
      if (typeof value !== "object" || Array.isArray(value)) throw new TypeError(`${where}: expected an object, got ${describe(value)}`);
      const s = shapes[ref] as StructureSchema;
      const names = opts.useJsonName ? memberByWireName(s, opts) : plainNames(s);
      for (const k in value as Record<string, unknown>) {
        const v = (value as Record<string, unknown>)[k];
        if (v === null || v === undefined || k === "__type") continue;
        const name = names.get(k);
        if (name === undefined) return { $unknown: [k, v] };
        const m = s.members[name];
        return { [name]: m.target === "Unit" ? {} : fromJson(schema, m.target, v, opts, `${where}.${name}`, m) };
      }
      return undefined;
    }
    case "list": {
      if (!Array.isArray(value)) throw new TypeError(`${where}: expected an array, got ${describe(value)}`);
      const s = shapes[ref] as { member: MemberSchema; sparse?: true };
      const out: unknown[] = [];
      for (let i = 0; i < value.length; i++) {
        const v = value[i];
        if (v === null) {
          if (s.sparse) out.push(null);
          continue;
        }
        out.push(fromJson(schema, s.member.target, v, opts, `${where}[${i}]`, s.member));
      }
      return out;
    }
    case "map": {
      if (typeof value !== "object" || Array.isArray(value)) throw new TypeError(`${where}: expected an object, got ${describe(value)}`);
      const s = shapes[ref] as { value: MemberSchema; sparse?: true };
      const out: Record<string, unknown> = {};
      for (const k in value as Record<string, unknown>) {
        const v = (value as Record<string, unknown>)[k];
        if (v === null) {
          if (s.sparse) setKey(out, k, null);
          continue;
        }
        setKey(out, k, fromJson(schema, s.value.target, v, opts, `${where}.${k}`, s.value));
      }
      return out;
    }
    case "timestamp":
      return parseTimestamp(value, (!opts.ignoreTimestampFormat && timestampFormatOf(schema, member, ref)) || "epoch-seconds", where);
    case "blob":
      return fromBase64(value, where);
    case "float":
    case "double":
      return floatFromJson(value, where);
    case "bigInteger":
      if (opts.bigNumbersAsStrings && typeof value === "string") {
        if (!BIG_INTEGER.test(value)) throw new TypeError(`${where}: ${JSON.stringify(value.slice(0, 40))} is not an integer`);
        return BigInt(value);
      }
      return typeof value === "number" ? BigInt(Math.trunc(value)) : value;
    default:
      return value;
  }
}

function plainNames(s: { members: Record<string, MemberSchema> }): Map<string, string> {
  let m = wireNamesPlain.get(s);
  if (!m) {
    m = new Map(Object.keys(s.members).map((k) => [k, k]));
    wireNamesPlain.set(s, m);
  }
  return m;
}

/** Reads a structure's members from a JSON object; keys the schema does not know are ignored. */
export function readMembers(
  schema: ServiceSchema,
  s: StructureSchema,
  obj: Record<string, unknown>,
  opts: JsonOptions,
  where: string,
  out: Record<string, unknown> = {},
): Record<string, unknown> {
  const names = opts.useJsonName ? memberByWireName(s, opts) : plainNames(s);
  for (const k in obj) {
    const name = names.get(k);
    if (name === undefined) continue;
    const v = obj[k];
    if (v === null || v === undefined) continue;
    const m = s.members[name];
    out[name] = fromJson(schema, m.target, v, opts, `${where}.${name}`, m);
  }
  return out;
}

/** A member's `default` (a Smithy node value) as the value a caller passes or gets: bytes, Date, bigint. */
export function defaultValue(schema: ServiceSchema, m: MemberSchema): unknown {
  const d = m.default;
  switch (shapeType(schema, m.target)) {
    case "blob":
      return typeof d === "string" ? fromBase64(d, "default") : d;
    case "timestamp":
      return typeof d === "number" ? new Date(Math.round(d * 1000)) : typeof d === "string" ? new Date(d) : d;
    case "bigInteger":
      return typeof d === "number" || typeof d === "string" ? BigInt(d) : d;
    case "float":
    case "double":
      return typeof d === "string" ? floatFromJson(d, "default") : d;
    default:
      // a fresh copy, so no two outputs share a mutable default ([] or {})
      return d !== null && typeof d === "object" ? structuredClone(d) : d;
  }
}

/** Zero values a client fills in for a required member the service left out (Smithy's error correction). */
function zeroValue(type: string): unknown {
  switch (type) {
    case "boolean":
      return false;
    case "byte":
    case "short":
    case "integer":
    case "long":
    case "float":
    case "double":
    case "bigDecimal":
      return 0;
    case "bigInteger":
      return 0n;
    case "string":
      return "";
    case "timestamp":
      return new Date(0);
    case "blob":
      return new Uint8Array(0);
    case "list":
      return [];
    case "map":
      return {};
    default:
      return undefined;
  }
}

/**
 * Completes a parsed output structure: a member the response left out gets its modeled `default`,
 * and a required member without one gets its type's zero value (error correction), as Smithy asks
 * of clients. Members already set (from the body or HTTP bindings) are kept.
 */
export function fillDefaults(schema: ServiceSchema, s: StructureSchema, out: Record<string, unknown>): Record<string, unknown> {
  for (const name in s.members) {
    if (out[name] !== undefined) continue;
    const m = s.members[name];
    // a streaming payload's default ("") is how Smithy models an optional stream, not a value to fill in
    if ((schema.shapes[m.target] as { streaming?: true } | undefined)?.streaming) continue;
    if (m.default !== undefined && m.default !== null) out[name] = defaultValue(schema, m);
    else if (m.required && !m.clientOptional) {
      const z = zeroValue(shapeType(schema, m.target));
      if (z !== undefined) out[name] = z;
    }
  }
  return out;
}

const BIG_INTEGER = /^-?(0|[1-9]\d*)$/;
const BIG_DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** A bigInteger / bigDecimal as the JSON string rpcv2Json sends (its spec's grammar), at full precision. */
function bigNumberText(value: unknown, type: string, where: string): string {
  let text: string | undefined;
  if (typeof value === "bigint") text = value.toString();
  else if (typeof value === "string") text = value;
  else if (typeof value === "number" && Number.isFinite(value)) {
    if (type === "bigDecimal") text = String(value);
    else if (Number.isInteger(value)) text = BigInt(value).toString();
  }
  if (text === undefined || !(type === "bigInteger" ? BIG_INTEGER : BIG_DECIMAL).test(text)) {
    throw new InputValidationError(`${where}: expected ${type === "bigInteger" ? "an integer" : "a decimal number"} (bigint, number or numeric string), got ${describe(value)}`);
  }
  return text;
}

// ---------------------------------------------------------------- compiled fromJson (event bodies)
//
// `fromJson` re-derives, for every value, facts that depend only on the shape (its type, its members
// by wire name, which members need a default). A stream of small events pays that per message, more
// than the JSON.parse it follows. `compileFromJson` derives them once per shape and returns a function
// giving exactly `fromJson`'s result (same keys, same order, same values, defaults and zero values
// included), without building `where` paths. Anything out of the ordinary — a value of the wrong
// JSON type, a timestamp or blob that does not parse — makes it return FALLBACK, and the caller
// re-runs `fromJson` on the same (unmodified) value, which then throws its usual precise error.

/** Returned by a compiled converter when the value needs `fromJson` itself (normally: to throw). */
export const FALLBACK: unique symbol = Symbol("fromJson fallback");
type Converter = (value: unknown) => unknown;
/** null: the value is returned as is (strings, numbers, booleans, documents...). */
type Conv = Converter | null;

const compiled = new WeakMap<ServiceSchema, Map<string, { fn: Converter | undefined }>>();

/**
 * `fromJson(schema, ref, value, opts, where)` for a top-level value (no member), compiled once per
 * shape and options. Returns FALLBACK when the caller must call `fromJson` itself.
 */
export function compileFromJson(schema: ServiceSchema, ref: ShapeRef, opts: JsonOptions): Converter {
  const c = compileRef(schema, ref, opts, undefined);
  if (c !== null) return c;
  // a plain top-level type: null -> undefined, anything else as is
  return (value) => (value === null ? undefined : value);
}

function compileRef(schema: ServiceSchema, ref: ShapeRef, opts: JsonOptions, member: MemberSchema | undefined): Conv {
  const type = shapeType(schema, ref);
  switch (type) {
    case "structure":
    case "union":
    case "list":
    case "map":
      break;
    case "timestamp":
    case "blob":
    case "float":
    case "double":
    case "bigInteger":
      // conversions: the generic leaf code itself (exact by construction); an error means FALLBACK
      return (value) => {
        if (value === null || value === undefined) return undefined;
        if (typeof value === "number" && (type === "float" || type === "double")) return value;
        try {
          return fromJson(schema, ref, value, opts, "", member);
        } catch {
          return FALLBACK;
        }
      };
    default:
      return null;
  }
  // aggregates: memoised per schema, options and shape (a cell, so recursive shapes work)
  let bySchema = compiled.get(schema);
  if (!bySchema) compiled.set(schema, (bySchema = new Map()));
  const key = `${opts.useJsonName ? 1 : 0}${opts.ignoreTimestampFormat ? 1 : 0}${opts.bigNumbersAsStrings ? 1 : 0}:${ref}`;
  let cell = bySchema.get(key);
  if (cell) return cell.fn ?? ((value) => cell!.fn!(value));
  cell = { fn: undefined };
  bySchema.set(key, cell);
  const shapes = schema.shapes;
  let fn: Converter;
  if (type === "structure") fn = compileStructure(schema, shapes[ref] as StructureSchema, opts);
  else if (type === "union") fn = compileUnion(schema, shapes[ref] as StructureSchema, opts);
  else if (type === "list") {
    const s = shapes[ref] as { member: MemberSchema; sparse?: true };
    const conv = compileRef(schema, s.member.target, opts, s.member);
    const sparse = !!s.sparse;
    fn = (value) => {
      if (value === null || value === undefined) return undefined;
      if (!Array.isArray(value)) return FALLBACK;
      const out: unknown[] = [];
      for (let i = 0; i < value.length; i++) {
        const v = value[i];
        if (v === null) {
          if (sparse) out.push(null);
          continue;
        }
        if (conv === null) out.push(v === undefined ? undefined : v);
        else {
          const c = conv(v);
          if (c === FALLBACK) return FALLBACK;
          out.push(c);
        }
      }
      return out;
    };
  } else {
    const s = shapes[ref] as { value: MemberSchema; sparse?: true };
    const conv = compileRef(schema, s.value.target, opts, s.value);
    const sparse = !!s.sparse;
    fn = (value) => {
      if (value === null || value === undefined) return undefined;
      if (typeof value !== "object" || Array.isArray(value)) return FALLBACK;
      const out: Record<string, unknown> = {};
      for (const k in value as Record<string, unknown>) {
        const v = (value as Record<string, unknown>)[k];
        if (v === null) {
          if (sparse) setKey(out, k, null);
          continue;
        }
        let c: unknown = v;
        if (conv !== null) {
          c = conv(v);
          if (c === FALLBACK) return FALLBACK;
        }
        setKey(out, k, c);
      }
      return out;
    };
  }
  cell.fn = fn;
  return fn;
}

/**
 * `{ [key]: value }`, as fromJson builds a union. V8 builds a computed-key literal through a runtime
 * call (~4x the cost of a store into a fresh object); the store makes the same own data property
 * for every key but "__proto__", which only the literal defines as a property.
 */
function single(key: string, value: unknown): Record<string, unknown> {
  if (key === "__proto__") return { [key]: value };
  const o: Record<string, unknown> = {};
  o[key] = value;
  return o;
}

function MemberTable(): void {}
MemberTable.prototype = Object.create(null);

interface CompiledMember {
  name: string;
  /** lazily compiled (recursive shapes), null once known to be a plain value */
  conv: Conv | undefined;
  member: MemberSchema;
  unit: boolean;
}

/** Wire name -> member, in a prototype-less object (so "constructor" or "__proto__" keys find nothing). */
function memberTable(s: StructureSchema, opts: JsonOptions): Record<string, CompiledMember> {
  // an object whose prototype chain is a bare null-prototype object: no inherited names (so
  // "constructor" or "__proto__" find nothing), yet it stays in V8's fast (non-dictionary) mode
  const table = new (MemberTable as unknown as new () => Record<string, CompiledMember>)();
  // same wire-name resolution as memberByWireName / plainNames (a later member wins a clash, as in a Map)
  for (const name in s.members) {
    const m = s.members[name];
    table[(opts.useJsonName && m.jsonName) || name] = { name, conv: undefined, member: m, unit: m.target === "Unit" };
  }
  return table;
}

function convOf(schema: ServiceSchema, e: CompiledMember, opts: JsonOptions): Conv {
  if (e.conv === undefined) e.conv = compileRef(schema, e.member.target, opts, e.member);
  return e.conv;
}

function compileStructure(schema: ServiceSchema, s: StructureSchema, opts: JsonOptions): Converter {
  const table = memberTable(s, opts);
  // fillDefaults' decisions, made once: [member name, member] for every member it may fill in
  const fills: [string, MemberSchema, string][] = [];
  for (const name in s.members) {
    const m = s.members[name];
    if ((schema.shapes[m.target] as { streaming?: true } | undefined)?.streaming) continue;
    if ((m.default !== undefined && m.default !== null) || (m.required && !m.clientOptional && zeroValue(shapeType(schema, m.target)) !== undefined)) {
      fills.push([name, m, shapeType(schema, m.target)]);
    }
  }
  return (value) => {
    if (value === null || value === undefined) return undefined;
    if (typeof value !== "object" || Array.isArray(value)) return FALLBACK;
    const out: Record<string, unknown> = {};
    for (const k in value as Record<string, unknown>) {
      const e = table[k];
      if (e === undefined) continue;
      const v = (value as Record<string, unknown>)[k];
      if (v === null || v === undefined) continue;
      const conv = e.conv === undefined ? convOf(schema, e, opts) : e.conv;
      if (conv === null) out[e.name] = v;
      else {
        const c = conv(v);
        if (c === FALLBACK) return FALLBACK;
        out[e.name] = c;
      }
    }
    for (let i = 0; i < fills.length; i++) {
      const f = fills[i];
      const name = f[0];
      if (out[name] !== undefined) continue;
      const m = f[1];
      const type = f[2];
      if (m.default !== undefined && m.default !== null) out[name] = defaultValue(schema, m);
      else out[name] = zeroValue(type);
    }
    return out;
  };
}

function compileUnion(schema: ServiceSchema, s: StructureSchema, opts: JsonOptions): Converter {
  const table = memberTable(s, opts);
  return (value) => {
    if (value === null || value === undefined) return undefined;
    if (typeof value !== "object" || Array.isArray(value)) return FALLBACK;
    for (const k in value as Record<string, unknown>) {
      const v = (value as Record<string, unknown>)[k];
      if (v === null || v === undefined || k === "__type") continue;
      const e = table[k];
      if (e === undefined) return { $unknown: [k, v] };
      if (e.unit) return single(e.name, {});
      const conv = e.conv === undefined ? convOf(schema, e, opts) : e.conv;
      if (conv === null) return single(e.name, v);
      const c = conv(v);
      if (c === FALLBACK) return FALLBACK;
      return single(e.name, c);
    }
    return undefined;
  };
}

// Buffer's UTF-8 decoder works on any Uint8Array: no Buffer view to allocate per body.
const utf8Slice = (Buffer.prototype as unknown as { utf8Slice: (this: Uint8Array, start: number, end: number) => string }).utf8Slice;

/** A JSON body (or bytes[start, end) of one), as every JSON protocol reads responses and event bodies. */
export function parseJson(body: Uint8Array, start = 0, end = body.length): unknown {
  const text = utf8Slice.call(body, start, end);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SyntaxError(`response body is not valid JSON: ${(e as Error).message}`);
  }
}
