/**
 * What a protocol module provides. The client pipeline calls these in order; a protocol never does
 * I/O, signing or retries, so each one stays a small serialise + parse + error-parse module.
 */
import type { HttpRequest } from "../http/types.js";
import type { OperationSchema, ServiceSchema, ShapeRef, StructureSchema } from "../schema.js";
import type { Endpoint } from "./http-binding.js";

export interface RequestContext {
  schema: ServiceSchema;
  op: OperationSchema;
  opName: string;
  input: Record<string, unknown>;
  endpoint: Endpoint;
}

export interface ResponseContext {
  schema: ServiceSchema;
  op: OperationSchema;
  opName: string;
  status: number;
  headers: Record<string, string>;
  /** the whole body; empty for an event-stream response, whose body is read as a stream */
  body: Uint8Array;
}

export interface ErrorInfo {
  /** the error's shape name as the service sent it, sanitised */
  code: string | undefined;
  /** the parsed error body, for `readErrorFields` */
  body: unknown;
  message?: string;
  /** the request id, when the protocol puts it in the error body (awsQuery, ec2Query, restXml) */
  requestId?: string;
}

export interface Protocol {
  readonly name: string;
  serializeRequest(ctx: RequestContext): HttpRequest;
  parseResponse(ctx: ResponseContext): Record<string, unknown>;
  parseError(ctx: ResponseContext): ErrorInfo;
  /** the members of a modeled error, from the parsed error body and the response headers */
  readErrorFields(schema: ServiceSchema, shape: StructureSchema, ctx: ResponseContext, info: ErrorInfo): Record<string, unknown>;
  /** an event's body (members not bound to event headers) as the shape `target` */
  parseEventBody(schema: ServiceSchema, target: string, body: Uint8Array): unknown;
  /** Optional: parseEventBody of bytes[start, end), without a view per event (see EventModel.parseBodyRange) */
  parseEventBodyRange?(schema: ServiceSchema, target: string, bytes: Uint8Array, start: number, end: number): unknown;
  /**
   * RPC protocols (awsJson1_x, rpcv2Json) send an event-stream output's other members in an
   * `initial-response` event ahead of the events: its body parsed as the output shape `outputRef`,
   * stream member left out. Absent for protocols that bind those members to HTTP headers instead.
   */
  parseInitialResponse?(schema: ServiceSchema, outputRef: ShapeRef, body: Uint8Array): Record<string, unknown>;
  /**
   * Input event streams: an event's body (members not bound to event headers, or its `eventPayload`
   * structure / union) serialised as the shape `target`, the inverse of `parseEventBody`. A protocol
   * without it cannot send input event streams.
   */
  serializeEventBody?(schema: ServiceSchema, target: string, value: unknown): Uint8Array;
  /** The `:content-type` of a body `serializeEventBody` wrote (`application/json`, `application/cbor`, ...). */
  readonly eventContentType?: string;
  /**
   * RPC protocols (awsJson1_x, rpcv2Json, rpcv2Cbor) send an input event stream's other members in an
   * `initial-request` event ahead of the events: the input `inputRef` serialised without its stream
   * member. Absent for protocols that bind those members to the HTTP request instead.
   */
  serializeInitialRequest?(schema: ServiceSchema, inputRef: ShapeRef, input: Record<string, unknown>, streamMember: string): Uint8Array;
}
