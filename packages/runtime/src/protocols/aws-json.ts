/**
 * aws.protocols#awsJson1_0 and awsJson1_1: every call is `POST /` with `X-Amz-Target: Service.Operation`
 * and the whole input as a JSON body (member names as modeled: no `jsonName`, no HTTP bindings).
 * Errors are named by `x-amzn-errortype`, `code` or `__type`. `awsQueryCompatible` services also
 * send `x-amzn-query-error: Code;Type`, the error's legacy awsQuery code.
 */
import type { HttpRequest } from "../http/types.js";
import { type ServiceSchema, type ShapeRef, type StructureSchema, shapeType } from "../schema.js";
import { fillDefaults, fromJson, type JsonOptions, parseJson, readMembers, toJson } from "./json-codec.js";
import type { ErrorInfo, Protocol, RequestContext, ResponseContext } from "./protocol.js";
import { sanitizeErrorCode } from "./rest-json.js";

const OPTS: JsonOptions = { useJsonName: false };

function awsJson(version: "1.0" | "1.1"): Protocol {
  const contentType = `application/x-amz-json-${version}`;
  return {
    name: version === "1.0" ? "awsJson1_0" : "awsJson1_1",

    serializeRequest(ctx: RequestContext): HttpRequest {
      const { schema, op, opName, endpoint } = ctx;
      const headers: Record<string, string> = {
        "content-type": contentType,
        "x-amz-target": `${schema.name}.${opName}`,
      };
      if (isQueryCompatible(schema)) headers["x-amzn-query-mode"] = "true";
      return {
        method: "POST",
        protocol: endpoint.protocol,
        hostname: endpoint.hostname,
        ...(endpoint.port !== undefined ? { port: endpoint.port } : {}),
        path: `${endpoint.path}/`,
        query: {},
        headers,
        // an input event stream is the body; the other members go in its initial-request event
        ...(op.inputEventStream
          ? { headers: { ...headers, "content-type": EVENT_STREAM } }
          : { body: JSON.stringify(inputJson(schema, op.input, ctx.input, op.inputEventStream, OPTS, opName)) }),
      };
    },

    parseResponse(ctx: ResponseContext): Record<string, unknown> {
      return parseOutput(ctx, OPTS);
    },

    parseError(ctx: ResponseContext): ErrorInfo {
      const json = errorBody(ctx.body);
      const raw = ctx.headers["x-amzn-errortype"] || stringField(json, "code") || stringField(json, "__type");
      return withQueryCompatibility(ctx, json, raw ? sanitizeErrorCode(raw) : undefined);
    },

    readErrorFields(schema: ServiceSchema, shape: StructureSchema, ctx: ResponseContext, info: ErrorInfo): Record<string, unknown> {
      return errorFields(schema, shape, ctx, info, OPTS);
    },

    parseEventBody(schema: ServiceSchema, target: string, body: Uint8Array): unknown {
      return body.length ? fromJson(schema, target, parseJson(body), OPTS, target) : {};
    },

    parseInitialResponse(schema: ServiceSchema, outputRef: ShapeRef, body: Uint8Array): Record<string, unknown> {
      return initialResponse(schema, outputRef, body, OPTS);
    },

    serializeEventBody(schema: ServiceSchema, target: string, value: unknown): Uint8Array {
      return jsonBytes(toJson(schema, target, value, OPTS, target));
    },

    eventContentType: contentType,

    serializeInitialRequest(schema: ServiceSchema, inputRef: ShapeRef, input: Record<string, unknown>, streamMember: string): Uint8Array {
      return jsonBytes(inputJson(schema, inputRef, input, streamMember, OPTS, `${inputRef} (initial-request)`));
    },
  };
}

const EVENT_STREAM = "application/vnd.amazon.eventstream";
const utf8Encoder = new TextEncoder();
/** A JSON value as UTF-8 bytes. */
export function jsonBytes(value: unknown): Uint8Array {
  return utf8Encoder.encode(JSON.stringify(value));
}

export const awsJson1_0: Protocol = awsJson("1.0");
export const awsJson1_1: Protocol = awsJson("1.1");

// ---- shared with rpcv2Json ------------------------------------------------------------------------

/** The input as one JSON object: `{}` for no input or none set; an input event-stream member stays out. */
export function inputJson(
  schema: ServiceSchema,
  inputRef: ShapeRef,
  input: Record<string, unknown>,
  streamMember: string | undefined,
  opts: JsonOptions,
  opName: string,
): Record<string, unknown> {
  if (inputRef === "Unit") return {};
  const value = streamMember === undefined || input[streamMember] === undefined ? input : { ...input, [streamMember]: undefined };
  return toJson(schema, inputRef, value, opts, opName) as Record<string, unknown>;
}

/** The output members from a JSON body; an empty body is no members. */
export function parseOutput(ctx: ResponseContext, opts: JsonOptions): Record<string, unknown> {
  const { schema, op, body } = ctx;
  const out: Record<string, unknown> = {};
  // an event-stream output's body is the stream; its other members come in the initial-response event
  if (op.output === "Unit" || op.outputEventStream) return out;
  const shape = schema.shapes[op.output] as StructureSchema;
  if (!body.length) return fillDefaults(schema, shape, out);
  const json = parseJson(body);
  if (json === null || typeof json !== "object" || Array.isArray(json)) throw new TypeError(`expected a JSON object, got ${Array.isArray(json) ? "an array" : typeof json}`);
  return fillDefaults(schema, shape, readMembers(schema, shape, json as Record<string, unknown>, opts, op.output, out));
}

/** The members of an event-stream output that travel in its `initial-response` event. */
export function initialResponse(schema: ServiceSchema, outputRef: ShapeRef, body: Uint8Array, opts: JsonOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const shape = schema.shapes[outputRef] as StructureSchema | undefined;
  if (!shape || shape.type !== "structure" || !body.length) return out;
  const json = parseJson(body);
  if (json === null || typeof json !== "object" || Array.isArray(json)) return out;
  readMembers(schema, shape, json as Record<string, unknown>, opts, `${outputRef} (initial-response)`, out);
  for (const name in out) {
    const target = schema.shapes[shape.members[name].target] as { streaming?: true } | undefined;
    if (target?.streaming) delete out[name];
  }
  return out;
}

/** An error body as an object; anything else (a proxy's HTML page, say) is `{}`. */
export function errorBody(body: Uint8Array): Record<string, unknown> {
  if (!body.length) return {};
  try {
    const v: unknown = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8"));
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function stringField(json: Record<string, unknown>, key: string): string | undefined {
  const v = Object.hasOwn(json, key) ? json[key] : undefined;
  return typeof v === "string" && v !== "" ? v : undefined;
}

export function isQueryCompatible(schema: ServiceSchema): boolean {
  return schema.protocolOptions?.awsQueryCompatible === true;
}

/** `x-amzn-query-error: AWS.SimpleQueueService.NonExistentQueue;Sender` → its code and type. */
export function queryError(headers: Record<string, string>): { code: string; type: string } | undefined {
  const h = headers["x-amzn-query-error"];
  if (!h) return undefined;
  const i = h.indexOf(";");
  const code = (i < 0 ? h : h.slice(0, i)).trim();
  return code ? { code, type: i < 0 ? "" : h.slice(i + 1).trim() } : undefined;
}

/**
 * The ErrorInfo, with the awsQueryCompatible rules applied: the modeled error is still the one the
 * body names (`__type`); when the body names none the model knows, the query code picks the error by
 * its `awsQueryError` code, or is the error's code itself.
 */
export function withQueryCompatibility(ctx: ResponseContext, json: Record<string, unknown>, code: string | undefined): ErrorInfo {
  const message = stringField(json, "message") ?? stringField(json, "Message") ?? stringField(json, "errorMessage");
  const q = isQueryCompatible(ctx.schema) ? queryError(ctx.headers) : undefined;
  if (q && (code === undefined || !errorIndex(ctx.schema).byName.has(code))) {
    code = errorIndex(ctx.schema).byQueryCode.get(q.code) ?? q.code;
  }
  return { code, body: json, ...(message !== undefined ? { message } : {}) };
}

/**
 * The modeled error's members from the body. The message member is filled from `message` or `Message`
 * whichever the service sent (services differ in case). With awsQueryCompatible, the legacy query
 * code and type from `x-amzn-query-error` are kept as `Code` and `Type`.
 */
export function errorFields(schema: ServiceSchema, shape: StructureSchema, ctx: ResponseContext, info: ErrorInfo, opts: JsonOptions): Record<string, unknown> {
  const body = (info.body ?? {}) as Record<string, unknown>;
  const out = readMembers(schema, shape, body, opts, "error");
  for (const [member, other] of [
    ["message", "Message"],
    ["Message", "message"],
  ] as const) {
    if (Object.hasOwn(shape.members, member) && out[member] === undefined && shapeType(schema, shape.members[member].target) === "string") {
      const v = stringField(body, other);
      if (v !== undefined) out[member] = v;
    }
  }
  const q = isQueryCompatible(schema) ? queryError(ctx.headers) : undefined;
  if (q) {
    out.Code ??= q.code;
    out.Type ??= q.type;
  }
  return out;
}

interface ErrorIndex {
  /** wire names of the modeled errors */
  byName: Set<string>;
  /** `awsQueryError` code → wire name */
  byQueryCode: Map<string, string>;
}
const errorIndexes = new WeakMap<ServiceSchema, ErrorIndex>();
function errorIndex(schema: ServiceSchema): ErrorIndex {
  let idx = errorIndexes.get(schema);
  if (!idx) {
    idx = { byName: new Set(), byQueryCode: new Map() };
    for (const [name, s] of Object.entries(schema.shapes)) {
      if (s.type !== "structure" || !s.error) continue;
      const wire = s.wireName ?? name;
      idx.byName.add(wire);
      if (s.awsQueryError?.code) idx.byQueryCode.set(s.awsQueryError.code, wire);
    }
    errorIndexes.set(schema, idx);
  }
  return idx;
}

