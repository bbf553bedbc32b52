/**
 * smithy.protocols#rpcv2Cbor: `POST /service/{ServiceName}/operation/{OperationName}` with the input as
 * a CBOR map (member names, no jsonName), `smithy-protocol: rpc-v2-cbor`; timestamps as tag 1, blobs
 * as byte strings; errors named by `__type`.
 */
import { InputValidationError } from "../errors.js";
import type { HttpRequest } from "../http/types.js";
import { type MemberSchema, type ServiceSchema, type ShapeRef, type StructureSchema, shapeType } from "../schema.js";
import { isQueryCompatible, queryError, withQueryCompatibility } from "./aws-json.js";
import { CborFloat, decodeCbor, encodeCbor } from "./cbor.js";
import { defaultValue, fillDefaults } from "./json-codec.js";
import type { ErrorInfo, Protocol, RequestContext, ResponseContext } from "./protocol.js";
import { sanitizeErrorCode } from "./rest-json.js";
import { describe, toBytes, toDate } from "./values.js";

export const rpcv2Cbor: Protocol = {
  name: "rpcv2Cbor",

  serializeRequest(ctx: RequestContext): HttpRequest {
    const { schema, op, opName, input, endpoint } = ctx;
    const request: HttpRequest = {
      method: "POST",
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      ...(endpoint.port !== undefined ? { port: endpoint.port } : {}),
      path: `${endpoint.path}/service/${encodeURIComponent(schema.name)}/operation/${encodeURIComponent(opName)}`,
      query: {},
      headers: { "smithy-protocol": "rpc-v2-cbor", accept: "application/cbor" },
    };
    // awsQueryCompatible services are told the client speaks query-compatible errors
    if (isQueryCompatible(schema)) request.headers["x-amzn-query-mode"] = "true";
    // an operation without input sends no body at all; one with input sends at least {}
    if (op.input !== "Unit") {
      if (op.inputEventStream) {
        // the input event stream is the body; the other members go in its initial-request event
        request.headers["content-type"] = "application/vnd.amazon.eventstream";
      } else {
        request.body = encodeCbor(toCbor(schema, op.input, input, opName));
        request.headers["content-type"] = "application/cbor";
      }
    }
    return request;
  },

  parseResponse(ctx: ResponseContext): Record<string, unknown> {
    const { schema, op, body } = ctx;
    if (op.output === "Unit") return {};
    const shape = schema.shapes[op.output] as StructureSchema;
    // an event-stream output's other members are not in this body: no defaults to fill in yet
    if (op.outputEventStream) return body.length ? readOutput(schema, shape, body, op.output) : {};
    // members the response left out get their modeled defaults (and required ones their zero value)
    return fillDefaults(schema, shape, body.length ? readOutput(schema, shape, body, op.output) : {});
  },

  parseError(ctx: ResponseContext): ErrorInfo {
    let body: Record<string, unknown> = {};
    if (ctx.body.length) {
      try {
        const v = decodeCbor(ctx.body);
        if (isObject(v)) body = v;
      } catch {
        // not CBOR (a proxy's page): the status code still tells the caller what happened
      }
    }
    const raw = body.__type;
    // awsQueryCompatible: `x-amzn-query-error` names the error when `__type` names none the model knows
    const info = withQueryCompatibility(ctx, body, typeof raw === "string" && raw ? sanitizeErrorCode(raw) : undefined);
    const message = body.message ?? body.Message;
    return { ...info, ...(typeof message === "string" ? { message } : {}) };
  },

  readErrorFields(schema: ServiceSchema, shape: StructureSchema, ctx: ResponseContext, info: ErrorInfo): Record<string, unknown> {
    const out = isObject(info.body) ? readMembers(schema, shape, info.body, "error") : {};
    // awsQueryCompatible: the legacy query code and type are kept as `Code` and `Type`
    const q = isQueryCompatible(schema) ? queryError(ctx.headers) : undefined;
    if (q) {
      out.Code ??= q.code;
      out.Type ??= q.type;
    }
    return out;
  },

  parseEventBody(schema: ServiceSchema, target: string, body: Uint8Array): unknown {
    return body.length ? fromCbor(schema, target, decodeCbor(body), target) : {};
  },

  serializeEventBody(schema: ServiceSchema, target: string, value: unknown): Uint8Array {
    return encodeCbor(toCbor(schema, target, value, target));
  },

  eventContentType: "application/cbor",

  serializeInitialRequest(schema: ServiceSchema, inputRef: ShapeRef, input: Record<string, unknown>, streamMember: string): Uint8Array {
    return encodeCbor(toCbor(schema, inputRef, { ...input, [streamMember]: undefined }, `${inputRef} (initial-request)`));
  },
};

function readOutput(schema: ServiceSchema, shape: StructureSchema, body: Uint8Array, where: string): Record<string, unknown> {
  const value = decodeCbor(body);
  if (!isObject(value)) throw new TypeError(`${where}: expected a CBOR map, got ${describe(value)}`);
  return readMembers(schema, shape, value, where);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Date);
}

/** Caller value → a value `encodeCbor` writes as the protocol wants. */
export function toCbor(schema: ServiceSchema, ref: ShapeRef, value: unknown, where: string, nested = false): unknown {
  const type = shapeType(schema, ref);
  switch (type) {
    case "structure":
    case "union": {
      if (!isObject(value)) throw new InputValidationError(`${where}: expected an object, got ${describe(value)}`);
      const s = schema.shapes[ref] as StructureSchema;
      const out: Record<string, unknown> = {};
      for (const k in s.members) {
        const m = s.members[k];
        let v = value[k];
        if (v === undefined || v === null) {
          // a nested structure sends its members' defaults (the top-level input does not), as in JSON
          if (!nested || type !== "structure" || m.default === undefined || m.default === null || m.clientOptional) continue;
          v = defaultValue(schema, m);
        }
        out[k] = m.target === "Unit" ? {} : toCbor(schema, m.target, v, `${where}.${k}`, true);
      }
      if (type === "union" && Object.keys(out).length !== 1) {
        throw new InputValidationError(`${where}: a union takes exactly one of ${Object.keys(s.members).join(", ")}; got ${Object.keys(out).join(", ") || "none"}`);
      }
      return out;
    }
    case "list": {
      if (!Array.isArray(value)) throw new InputValidationError(`${where}: expected an array, got ${describe(value)}`);
      const s = schema.shapes[ref] as { member: MemberSchema; sparse?: true };
      return value.map((v, i) => {
        if (v === null || v === undefined) {
          if (s.sparse) return null;
          throw new InputValidationError(`${where}[${i}]: this list is not sparse and cannot hold null`);
        }
        return toCbor(schema, s.member.target, v, `${where}[${i}]`, true);
      });
    }
    case "map": {
      if (!isObject(value)) throw new InputValidationError(`${where}: expected an object map, got ${describe(value)}`);
      const s = schema.shapes[ref] as { value: MemberSchema; sparse?: true };
      const out: Record<string, unknown> = {};
      for (const k in value) {
        const v = value[k];
        const converted = v === null || v === undefined ? (s.sparse ? null : undefined) : toCbor(schema, s.value.target, v, `${where}.${k}`, true);
        if (converted !== undefined) Object.defineProperty(out, k, { value: converted, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case "timestamp":
      return toDate(value, where);
    case "blob":
      return toBytes(value, where);
    case "float":
    case "double":
      if (typeof value !== "number") throw new InputValidationError(`${where}: expected a number, got ${describe(value)}`);
      return new CborFloat(value);
    case "byte":
    case "short":
    case "integer":
    case "long":
    case "bigInteger":
      if (typeof value === "bigint" || Number.isSafeInteger(value)) return value;
      // an integral number past 2^53 is still an integer on the wire, not a float
      if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
      throw new InputValidationError(`${where}: expected an integer, got ${describe(value)}`);
    case "boolean":
      if (typeof value !== "boolean") throw new InputValidationError(`${where}: expected a boolean, got ${describe(value)}`);
      return value;
    case "string":
      if (typeof value !== "string") throw new InputValidationError(`${where}: expected a string, got ${describe(value)}`);
      return value;
    default:
      return value;
  }
}

function readMembers(schema: ServiceSchema, s: StructureSchema, obj: Record<string, unknown>, where: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in obj) {
    const m = s.members[k];
    const v = obj[k];
    if (!m || !Object.hasOwn(s.members, k) || v === null || v === undefined) continue;
    out[k] = fromCbor(schema, m.target, v, `${where}.${k}`);
  }
  return out;
}

/** A decoded CBOR value → the caller's value of shape `ref`. */
export function fromCbor(schema: ServiceSchema, ref: ShapeRef, value: unknown, where: string): unknown {
  if (value === null || value === undefined) return undefined;
  switch (shapeType(schema, ref)) {
    case "structure":
      if (!isObject(value)) throw new TypeError(`${where}: expected a map, got ${describe(value)}`);
      return fillDefaults(schema, schema.shapes[ref] as StructureSchema, readMembers(schema, schema.shapes[ref] as StructureSchema, value, where));
    case "union": {
      if (!isObject(value)) throw new TypeError(`${where}: expected a map, got ${describe(value)}`);
      const s = schema.shapes[ref] as StructureSchema;
      for (const k in value) {
        const v = value[k];
        if (v === null || v === undefined || k === "__type") continue;
        if (!Object.hasOwn(s.members, k)) return { $unknown: [k, v] };
        return { [k]: s.members[k].target === "Unit" ? {} : fromCbor(schema, s.members[k].target, v, `${where}.${k}`) };
      }
      return undefined;
    }
    case "list": {
      if (!Array.isArray(value)) throw new TypeError(`${where}: expected an array, got ${describe(value)}`);
      const s = schema.shapes[ref] as { member: MemberSchema; sparse?: true };
      const out: unknown[] = [];
      value.forEach((v, i) => {
        if (v === null || v === undefined) {
          if (s.sparse) out.push(null);
        } else out.push(fromCbor(schema, s.member.target, v, `${where}[${i}]`));
      });
      return out;
    }
    case "map": {
      if (!isObject(value)) throw new TypeError(`${where}: expected a map, got ${describe(value)}`);
      const s = schema.shapes[ref] as { value: MemberSchema; sparse?: true };
      const out: Record<string, unknown> = {};
      for (const k in value) {
        const v = value[k];
        const converted = v === null || v === undefined ? (s.sparse ? null : undefined) : fromCbor(schema, s.value.target, v, `${where}.${k}`);
        if (converted !== undefined) Object.defineProperty(out, k, { value: converted, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case "timestamp":
      if (value instanceof Date) return value;
      if (typeof value === "number") return new Date(Math.round(value * 1000));
      throw new TypeError(`${where}: expected a timestamp (tag 1), got ${describe(value)}`);
    case "blob":
      if (value instanceof Uint8Array) return value;
      throw new TypeError(`${where}: expected a byte string, got ${describe(value)}`);
    case "float":
    case "double":
    case "byte":
    case "short":
    case "integer":
    case "long":
      if (typeof value === "number") return value;
      if (typeof value === "bigint") return Number(value);
      throw new TypeError(`${where}: expected a number, got ${describe(value)}`);
    case "bigInteger":
      if (typeof value === "bigint") return value;
      if (typeof value === "number") return BigInt(Math.trunc(value));
      throw new TypeError(`${where}: expected an integer, got ${describe(value)}`);
    case "boolean":
      if (typeof value !== "boolean") throw new TypeError(`${where}: expected a boolean, got ${describe(value)}`);
      return value;
    case "string":
      if (typeof value !== "string") throw new TypeError(`${where}: expected a string, got ${describe(value)}`);
      return value;
    default:
      return value;
  }
}
