/**
 * smithy.protocols#rpcv2Json (Smithy RPC v2 JSON): `POST {prefix}/service/{Service}/operation/{Operation}`
 * with `Smithy-Protocol: rpc-v2-json`, the input as a JSON body (member names as modeled, timestamps
 * always epoch seconds, bigInteger / bigDecimal as JSON strings). Errors are named by the body's
 * `__type` alone; a response without `Smithy-Protocol: rpc-v2-json` is malformed and judged by its
 * status code only.
 */
import type { HttpRequest } from "../http/types.js";
import type { ServiceSchema, ShapeRef, StructureSchema } from "../schema.js";
import { errorBody, errorFields, initialResponse, inputJson, isQueryCompatible, jsonBytes, parseOutput, stringField, withQueryCompatibility } from "./aws-json.js";
import { parseJson } from "./json-codec.js";
import { fromJson, type JsonOptions, toJson } from "./json-codec.js";
import type { ErrorInfo, Protocol, RequestContext, ResponseContext } from "./protocol.js";
import { sanitizeErrorCode } from "./rest-json.js";

const OPTS: JsonOptions = { useJsonName: false, ignoreTimestampFormat: true, bigNumbersAsStrings: true };
const PROTOCOL_HEADER = "rpc-v2-json";
const EVENT_STREAM = "application/vnd.amazon.eventstream";

/** The response came from an rpcv2Json service: it echoes the `Smithy-Protocol` header. */
function wellFormed(ctx: ResponseContext): boolean {
  return ctx.headers["smithy-protocol"]?.trim() === PROTOCOL_HEADER;
}

export const rpcv2Json: Protocol = {
  name: "rpcv2Json",

  serializeRequest(ctx: RequestContext): HttpRequest {
    const { schema, op, opName, endpoint } = ctx;
    const headers: Record<string, string> = {
      "smithy-protocol": PROTOCOL_HEADER,
      accept: op.outputEventStream ? EVENT_STREAM : "application/json",
    };
    if (isQueryCompatible(schema)) headers["x-amzn-query-mode"] = "true";
    const request: HttpRequest = {
      method: "POST",
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      ...(endpoint.port !== undefined ? { port: endpoint.port } : {}),
      path: `${endpoint.path}/service/${encodeURIComponent(serviceName(schema))}/operation/${encodeURIComponent(opName)}`,
      query: {},
      headers,
    };
    // no input (Unit): no body and no Content-Type
    if (op.input !== "Unit") {
      if (op.inputEventStream) {
        headers["content-type"] = EVENT_STREAM;
      } else {
        headers["content-type"] = "application/json";
        request.body = JSON.stringify(inputJson(schema, op.input, ctx.input, undefined, OPTS, opName));
      }
    }
    return request;
  },

  parseResponse(ctx: ResponseContext): Record<string, unknown> {
    if (!wellFormed(ctx)) throw new TypeError(`the response has no "Smithy-Protocol: ${PROTOCOL_HEADER}" header, so it is not an rpcv2Json response`);
    return parseOutput(ctx, OPTS);
  },

  parseError(ctx: ResponseContext): ErrorInfo {
    // a malformed response is judged by its status code alone: no code, no body
    if (!wellFormed(ctx)) return { code: undefined, body: {} };
    const json = errorBody(ctx.body);
    // only `__type` names the error (`code`, `Code` and X-Amzn-ErrorType must not)
    const raw = stringField(json, "__type");
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

  eventContentType: "application/json",

  serializeInitialRequest(schema: ServiceSchema, inputRef: ShapeRef, input: Record<string, unknown>, streamMember: string): Uint8Array {
    return jsonBytes(inputJson(schema, inputRef, input, streamMember, OPTS, `${inputRef} (initial-request)`));
  },
};

/** The service's shape name, without its namespace. */
function serviceName(schema: ServiceSchema): string {
  const hash = schema.name.indexOf("#");
  return hash >= 0 ? schema.name.slice(hash + 1) : schema.name;
}
