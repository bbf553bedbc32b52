/**
 * Schema-driven JSON: caller values → JSON-ready values and back, for every JSON protocol
 * (restJson1 honours `jsonName`; awsJson1_x does not). Default timestamps are epoch seconds.
 */
import { InputValidationError } from "../errors.js";
import { type MemberSchema, type ServiceSchema, type ShapeRef, type StructureSchema, type TimestampFormat, shapeType } from "../schema.js";
import { describe, floatFromJson, floatToJson, formatTimestamp, fromBase64, parseTimestamp, toBase64 } from "./values.js";

export interface JsonOptions {
  useJsonName: boolean;
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
        if (v === undefined || v === null) continue;
        const m = s.members[name];
        out[(opts.useJsonName && m.jsonName) || name] = toJson(schema, m.target, v, opts, `${where}.${name}`, m);
      }
      return out;
    }
    case "union": {
      if (typeof value !== "object" || Array.isArray(value)) throw new InputValidationError(`${where}: expected a union object, got ${describe(value)}`);
      const s = shapes[ref] as StructureSchema;
      const set = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined);
      if (set.length !== 1 || !(set[0] in s.members)) {
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
          if (s.sparse) out[k] = null;
          continue;
        }
        out[k] = toJson(schema, s.value.target, v, opts, `${where}.${k}`, s.value);
      }
      return out;
    }
    case "timestamp":
      return formatTimestamp(value, timestampFormatOf(schema, member, ref) ?? "epoch-seconds", where);
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
      return readMembers(schema, s, value as Record<string, unknown>, opts, where);
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
          if (s.sparse) out[k] = null;
          continue;
        }
        out[k] = fromJson(schema, s.value.target, v, opts, `${where}.${k}`, s.value);
      }
      return out;
    }
    case "timestamp":
      return parseTimestamp(value, timestampFormatOf(schema, member, ref) ?? "epoch-seconds", where);
    case "blob":
      return fromBase64(value, where);
    case "float":
    case "double":
      return floatFromJson(value, where);
    case "bigInteger":
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
