// Message -> typed event, following the Smithy event-stream binding rules.
// Protocol-agnostic: everything protocol- or service-specific (body format,
// shapes, modeled error classes) comes in through the EventModel interface.
import type { EventMessage, HeaderValue } from "./codec.js";
import { EventStreamProtocolError, EventStreamServiceError } from "./errors.js";

export interface EventModel {
  /** event-stream union members: member name -> its target (a structure name, or rarely another type) */
  events: Record<string, { target: string }>;
  /** members of a structure by target name; each may carry eventHeader / eventPayload */
  structure(
    target: string,
  ): { members: Record<string, { target: string; eventHeader?: true; eventPayload?: true }> } | undefined;
  /** the type of a target: "structure" | "union" | "blob" | "string" | "boolean" | "integer" | "long" | "timestamp" | ... */
  typeOf(target: string): string;
  /** the protocol's body parser (JSON for restJson1, CBOR, XML later): parse `body` as the shape `target` */
  parseBody(target: string, body: Uint8Array): unknown;
  /** build the modeled error named by `:exception-type` (member name of the union, whose target is an error structure) */
  modeledError(memberName: string, fields: Record<string, unknown>, message: EventMessage): Error;
}

/** An event-stream union value whose `:event-type` the model does not know (kept, not dropped). */
export interface UnknownEvent {
  $unknown: [eventType: string, message: EventMessage];
}

export type InitialMessageType = "initial-request" | "initial-response";

/** The string value of a header, or undefined if absent or not a string header. */
export function headerString(message: EventMessage, name: string): string | undefined {
  const h = Object.hasOwn(message.headers, name) ? message.headers[name] : undefined;
  return h?.type === "string" ? h.value : undefined;
}

/**
 * Recognises the initial-request / initial-response messages some protocols
 * (RPC-style, e.g. awsJson1_x) send before the first real event. They carry
 * the operation's non-stream members, not a union member, so the caller must
 * route them separately instead of passing them to decodeEvent.
 */
export function initialMessageType(message: EventMessage): InitialMessageType | undefined {
  const mt = headerString(message, ":message-type");
  if (mt !== undefined && mt !== "event") return undefined;
  const et = headerString(message, ":event-type");
  return et === "initial-request" || et === "initial-response" ? et : undefined;
}

export function isInitialMessage(message: EventMessage): boolean {
  return initialMessageType(message) !== undefined;
}

/**
 * Decodes one message into `{ [eventType]: value }`.
 * - `event`: the union member named by `:event-type`; unknown names give
 *   `{ $unknown: [eventType, message] }`.
 * - `exception`: throws `model.modeledError(...)` for a modeled member,
 *   otherwise an EventStreamServiceError (messageType "exception").
 * - `error`: throws an EventStreamServiceError with `:error-code` / `:error-message`.
 * - anything else (missing or unknown `:message-type`, event without
 *   `:event-type`): EventStreamProtocolError.
 */
export function decodeEvent<E = Record<string, unknown>>(model: EventModel, message: EventMessage): E | UnknownEvent {
  const messageType = headerString(message, ":message-type");
  switch (messageType) {
    case "event": {
      const eventType = headerString(message, ":event-type");
      if (eventType === undefined) throw new EventStreamProtocolError("Event message without an :event-type header");
      const member = Object.hasOwn(model.events, eventType) ? model.events[eventType] : undefined;
      if (member === undefined) return { $unknown: [eventType, message] };
      return { [eventType]: memberValue(model, member.target, message) } as E;
    }
    case "exception": {
      const exceptionType = headerString(message, ":exception-type");
      if (exceptionType === undefined) throw new EventStreamProtocolError("Exception message without an :exception-type header");
      const member = Object.hasOwn(model.events, exceptionType) ? model.events[exceptionType] : undefined;
      if (member !== undefined) {
        const value = memberValue(model, member.target, message);
        const fields = value !== null && typeof value === "object" && !(value instanceof Uint8Array) ? (value as Record<string, unknown>) : { value };
        throw model.modeledError(exceptionType, fields, message);
      }
      throw new EventStreamServiceError(
        exceptionType,
        `Unmodeled event stream exception "${exceptionType}"${bodySnippet(message.body)}`,
        message,
        "exception",
      );
    }
    case "error": {
      const code = headerString(message, ":error-code") ?? "UnknownError";
      const text = headerString(message, ":error-message") ?? code;
      throw new EventStreamServiceError(code, text, message, "error");
    }
    default:
      throw new EventStreamProtocolError(
        messageType === undefined
          ? "Message without a :message-type header"
          : `Unknown :message-type "${messageType}" (expected event, exception or error)`,
      );
  }
}

/** A decode function bound to a model, the shape createStreamingResponse wants. */
export function eventDecoder<E = Record<string, unknown>>(model: EventModel): (message: EventMessage) => E | UnknownEvent {
  return (message) => decodeEvent<E>(model, message);
}

/** Value of one union member: a structure built from headers + body, or a bare payload. */
function memberValue(model: EventModel, target: string, message: EventMessage): unknown {
  const shape = model.typeOf(target) === "structure" ? model.structure(target) : undefined;
  if (shape === undefined) return payloadValue(model, target, message.body);
  const out: Record<string, unknown> = {};
  let payloadMember: [string, string] | undefined;
  let hasBodyMembers = false;
  for (const [name, m] of Object.entries(shape.members)) {
    if (m.eventHeader) {
      // own properties only: a member named e.g. "constructor" must not read Object.prototype
      const h = Object.hasOwn(message.headers, name) ? message.headers[name] : undefined;
      if (h !== undefined) out[name] = headerToMember(model.typeOf(m.target), h);
    } else if (m.eventPayload) {
      payloadMember = [name, m.target];
    } else {
      hasBodyMembers = true;
    }
  }
  if (payloadMember !== undefined) {
    const v = payloadValue(model, payloadMember[1], message.body);
    if (v !== undefined) out[payloadMember[0]] = v;
  } else if (hasBodyMembers && message.body.length > 0) {
    // The body is the structure minus its header members; headers win on a clash.
    const parsed = model.parseBody(target, message.body);
    if (parsed !== null && typeof parsed === "object") {
      for (const [k, v] of Object.entries(parsed)) if (!Object.hasOwn(out, k)) out[k] = v;
    }
  }
  return out;
}

/** An eventPayload member (or a non-structure union member) bound to the raw body. */
function payloadValue(model: EventModel, target: string, body: Uint8Array): unknown {
  switch (model.typeOf(target)) {
    case "blob":
      return body;
    case "string":
    case "enum":
      return new TextDecoder().decode(body);
    default:
      // structure / union / document...: the protocol's codec. An empty body means "absent".
      return body.length > 0 ? model.parseBody(target, body) : undefined;
  }
}

/**
 * Converts a header to its member's type. Header wire types and member types
 * usually agree; the conversions cover the cases where they legitimately differ
 * (e.g. a timestamp sent as epoch milliseconds in a long).
 * `long` members become a number when exactly representable, else stay bigint.
 */
function headerToMember(memberType: string, h: HeaderValue): unknown {
  const v = h.value;
  switch (memberType) {
    case "timestamp":
      if (v instanceof Date) return v;
      if (typeof v === "bigint") return new Date(Number(v));
      if (typeof v === "number" || typeof v === "string") return new Date(v);
      return v;
    case "blob":
      if (v instanceof Uint8Array) return v;
      if (typeof v === "string") return new TextEncoder().encode(v);
      return v;
    case "string":
    case "enum":
      return typeof v === "string" ? v : v instanceof Date ? v.toISOString() : String(v);
    case "long":
    case "bigInteger":
      if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v;
      return v;
    case "byte":
    case "short":
    case "integer":
    case "intEnum":
      return typeof v === "bigint" ? Number(v) : v;
    case "boolean":
      return typeof v === "string" ? v === "true" : v;
    default:
      return v instanceof Date || v instanceof Uint8Array ? v : typeof v === "bigint" && Number.isSafeInteger(Number(v)) ? Number(v) : v;
  }
}

function bodySnippet(body: Uint8Array): string {
  if (body.length === 0) return "";
  const s = new TextDecoder().decode(body.subarray(0, 512));
  return `: ${s}${body.length > 512 ? "..." : ""}`;
}
