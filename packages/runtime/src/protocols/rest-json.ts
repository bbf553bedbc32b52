/**
 * aws.protocols#restJson1: HTTP bindings from the shared binding module, JSON bodies honouring
 * `jsonName`, errors named by `x-amzn-errortype`, `code` or `__type`.
 */
import type { HttpRequest } from "../http/types.js";
import { type ServiceSchema, type StructureSchema, shapeType } from "../schema.js";
import { bindRequest, readHttpBindings, readPayloadMember } from "./http-binding.js";
import { FALLBACK, compileFromJson, fillDefaults, fromJson, parseJson, readMembers, toJson } from "./json-codec.js";
import type { ErrorInfo, Protocol, RequestContext, ResponseContext } from "./protocol.js";
import { toBytes } from "./values.js";

const OPTS = { useJsonName: true };

export const restJson1: Protocol = {
  name: "restJson1",

  serializeRequest(ctx: RequestContext): HttpRequest {
    const { schema, op, opName, endpoint } = ctx;
    const input = ctx.input;
    const { request, bodyMembers, payloadMember } = bindRequest(schema, op, input, endpoint, opName);
    const shape = op.input === "Unit" ? undefined : (schema.shapes[op.input] as StructureSchema);
    if (payloadMember && shape) {
      const m = shape.members[payloadMember];
      const v = input[payloadMember];
      const type = shapeType(schema, m.target);
      const media = (schema.shapes[m.target] as { mediaType?: string } | undefined)?.mediaType;
      if (type === "blob") {
        if (v !== undefined && v !== null) {
          request.body = isStream(v) ? (v as HttpRequest["body"]) : toBytes(v, `${opName}.${payloadMember}`);
          request.headers["content-type"] ??= media ?? "application/octet-stream";
        }
      } else if (type === "string") {
        if (v !== undefined && v !== null) {
          request.body = String(v);
          request.headers["content-type"] ??= media ?? "text/plain";
        }
      } else if (type === "union" && (schema.shapes[m.target] as { streaming?: true }).streaming) {
        request.headers["content-type"] = "application/vnd.amazon.eventstream";
      } else if (v !== undefined && v !== null) {
        request.body = JSON.stringify(toJson(schema, m.target, v, OPTS, `${opName}.${payloadMember}`, m));
        request.headers["content-type"] ??= media ?? "application/json";
      } else if (type === "structure") {
        // an unset structure payload is sent as an empty object
        request.body = "{}";
        request.headers["content-type"] ??= media ?? "application/json";
      }
    } else if (bodyMembers.length) {
      const body: Record<string, unknown> = {};
      for (const name of bodyMembers) {
        const v = input[name];
        if (v === undefined || v === null) continue;
        const m = shape!.members[name];
        body[m.jsonName ?? name] = toJson(schema, m.target, v, OPTS, `${opName}.${name}`, m);
      }
      request.body = JSON.stringify(body);
      request.headers["content-type"] = "application/json";
    }
    return request;
  },

  parseResponse(ctx: ResponseContext): Record<string, unknown> {
    const { schema, op, status, headers, body } = ctx;
    const out: Record<string, unknown> = {};
    if (op.output === "Unit") return out;
    const shape = schema.shapes[op.output] as StructureSchema;
    readHttpBindings(schema, shape, status, headers, out);
    const payloadMember = readPayloadMember(schema, op, shape, body, out, (m, bytes, name) => fromJson(schema, m.target, parseJson(bytes), OPTS, name, m));
    if (payloadMember !== undefined) return payloadMember === op.outputEventStream ? out : fillDefaults(schema, shape, out);
    if (body.length) {
      const json = parseJson(body);
      if (json && typeof json === "object") {
        const bodyOnly = bodyMembersOf(shape);
        readMembers(schema, bodyOnly, json as Record<string, unknown>, OPTS, op.output, out);
      }
    }
    return op.outputEventStream ? out : fillDefaults(schema, shape, out);
  },

  parseError(ctx: ResponseContext): ErrorInfo {
    const { headers, body } = ctx;
    let json: Record<string, unknown> = {};
    if (body.length) {
      try {
        const v = JSON.parse(Buffer.from(body).toString("utf8"));
        if (v && typeof v === "object") json = v;
      } catch {
        // not JSON (a proxy's HTML page, say): the status code still tells the caller what happened
      }
    }
    const raw = headers["x-amzn-errortype"] ?? (json.code as string | undefined) ?? (json.__type as string | undefined);
    return { code: raw ? sanitizeErrorCode(String(raw)) : undefined, body: json };
  },

  readErrorFields(schema: ServiceSchema, shape: StructureSchema, ctx: ResponseContext, info: ErrorInfo): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    readHttpBindings(schema, shape, ctx.status, ctx.headers, out);
    readMembers(schema, bodyMembersOf(shape), info.body as Record<string, unknown>, OPTS, "error", out);
    return out;
  },

  parseEventBody(schema: ServiceSchema, target: string, body: Uint8Array): unknown {
    return restJson1.parseEventBodyRange!(schema, target, body, 0, body.length);
  },

  parseEventBodyRange(schema: ServiceSchema, target: string, bytes: Uint8Array, start: number, end: number): unknown {
    if (start === end) return {};
    const json = parseJson(bytes, start, end);
    // the shape's converter, compiled once; FALLBACK (a value it does not take as is) -> fromJson
    const value = eventBodyConverter(schema, target)(json);
    return value === FALLBACK ? fromJson(schema, target, json, OPTS, target) : value;
  },

  serializeEventBody(schema: ServiceSchema, target: string, value: unknown): Uint8Array {
    return utf8(JSON.stringify(toJson(schema, target, value, OPTS, target)));
  },

  eventContentType: "application/json",
};

const utf8Encoder = new TextEncoder();
const utf8 = (s: string): Uint8Array => utf8Encoder.encode(s);

/** `aws.protocols#ValidationException:http://...` → `ValidationException` */
export function sanitizeErrorCode(raw: string): string {
  let s = raw;
  const colon = s.indexOf(":");
  if (colon >= 0) s = s.slice(0, colon);
  const hash = s.indexOf("#");
  if (hash >= 0) s = s.slice(hash + 1);
  return s.trim();
}

/** Event-body converters by target, per schema (compiled on first use). */
const eventConverters = new WeakMap<ServiceSchema, Map<string, (value: unknown) => unknown>>();
let lastSchema: ServiceSchema | undefined;
let lastTarget: string | undefined;
let lastConverter: ((value: unknown) => unknown) | undefined;
function eventBodyConverter(schema: ServiceSchema, target: string): (value: unknown) => unknown {
  // a stream's events come one after another, mostly of one type: skip the two lookups
  if (schema === lastSchema && target === lastTarget) return lastConverter!;
  let bySchema = eventConverters.get(schema);
  if (!bySchema) eventConverters.set(schema, (bySchema = new Map()));
  let conv = bySchema.get(target);
  if (!conv) {
    try {
      conv = compileFromJson(schema, target, OPTS);
    } catch {
      conv = () => FALLBACK; // a schema the compiler cannot read: fromJson reports it, per message
    }
    bySchema.set(target, conv);
  }
  lastSchema = schema;
  lastTarget = target;
  lastConverter = conv;
  return conv;
}

function isStream(v: unknown): boolean {
  return !!v && typeof v === "object" && (typeof (v as { pipe?: unknown }).pipe === "function" || Symbol.asyncIterator in (v as object));
}

/** The structure restricted to members that travel in the body, cached per shape. */
const bodyShapes = new WeakMap<StructureSchema, StructureSchema>();
function bodyMembersOf(shape: StructureSchema): StructureSchema {
  let s = bodyShapes.get(shape);
  if (!s) {
    const members: StructureSchema["members"] = {};
    for (const name in shape.members) {
      const m = shape.members[name];
      // httpLabel / httpQuery mean nothing in a response: those members travel in the body
      if (m.httpHeader === undefined && m.httpPrefixHeaders === undefined && !m.httpResponseCode && !m.httpPayload) members[name] = m;
    }
    s = { ...shape, members };
    bodyShapes.set(shape, s);
  }
  return s;
}

