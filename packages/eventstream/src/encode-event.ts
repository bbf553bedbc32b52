// Typed event -> message, the inverse of decodeEvent (events.ts), following the Smithy event-stream
// binding rules: `eventHeader` members become typed headers, an `eventPayload` member is the body
// (raw for a blob or string, serialised otherwise), and the other members are serialised together
// as the body. Protocol-agnostic: the body format comes in through `serializeBody`.
import type { EventMessage, HeaderValue, MessageHeaders } from "./codec.js";
import { EventStreamEncodeError } from "./errors.js";
import type { EventModel, UnknownEvent } from "./events.js";

export interface EventEncodeModel extends Pick<EventModel, "events" | "structure" | "typeOf"> {
  /** the protocol's body serialiser (JSON for restJson1 / awsJson, CBOR for rpcv2Cbor): `value` as the shape `target` */
  serializeBody(target: string, value: unknown): Uint8Array;
  /** `:content-type` of a serialised body (`application/json`, `application/cbor`, ...) */
  contentType: string;
  /** whether a union member's target is a modeled error: it is sent as an `exception` message */
  isError?(target: string): boolean;
  /** `smithy.api#mediaType` of a blob / string payload target, if any (its `:content-type`) */
  mediaType?(target: string): string | undefined;
}

const utf8 = new TextEncoder();

/**
 * Encodes one event `{ [member]: value }` of an event-stream union into a message:
 * - `:message-type: event` and `:event-type: <member>`, or for a member targeting a modeled error
 *   `:message-type: exception` and `:exception-type: <member>`;
 * - `:content-type` when there is a body: `application/octet-stream` for a blob payload, `text/plain`
 *   for a string payload (or their `mediaType`), the protocol's content type for a serialised one;
 * - one header per set `eventHeader` member, typed by the member's type, in the order the event gives them.
 * `{ $unknown: [eventType, message] }` (as decodeEvent returns for unknown events) is sent as that message.
 */
export function encodeEvent(model: EventEncodeModel, event: Record<string, unknown> | UnknownEvent): EventMessage {
  if (event === null || typeof event !== "object") throw new EventStreamEncodeError(`An event must be an object { <member>: value }, got ${describe(event)}`);
  const keys = Object.keys(event).filter((k) => (event as Record<string, unknown>)[k] !== undefined);
  if (keys.length === 1 && keys[0] === "$unknown") {
    const message = (event as UnknownEvent).$unknown?.[1];
    if (!message || typeof message !== "object" || !message.headers) throw new EventStreamEncodeError("$unknown event without a message");
    return message;
  }
  if (keys.length !== 1) {
    throw new EventStreamEncodeError(`An event sets exactly one of ${Object.keys(model.events).join(", ")}; got ${keys.join(", ") || "none"}`);
  }
  const name = keys[0];
  const member = Object.hasOwn(model.events, name) ? model.events[name] : undefined;
  if (member === undefined) throw new EventStreamEncodeError(`Unknown event "${name}": the stream's events are ${Object.keys(model.events).join(", ")}`);
  const value = (event as Record<string, unknown>)[name];
  const isError = model.isError?.(member.target) === true;
  const headers: MessageHeaders = isError
    ? { ":message-type": { type: "string", value: "exception" }, ":exception-type": { type: "string", value: name } }
    : { ":message-type": { type: "string", value: "event" }, ":event-type": { type: "string", value: name } };

  const shape = model.typeOf(member.target) === "structure" ? model.structure(member.target) : undefined;
  if (shape === undefined) {
    // a union member that is not a structure: the value is the payload itself
    const [body, contentType] = payloadBody(model, member.target, value, name);
    if (contentType !== undefined) headers[":content-type"] = { type: "string", value: contentType };
    return { headers, body };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value) || value instanceof Uint8Array) {
    throw new EventStreamEncodeError(`Event "${name}": expected an object, got ${describe(value)}`);
  }
  const fields = value as Record<string, unknown>;
  let payloadMember: [string, string] | undefined;
  let hasBodyMembers = false;
  for (const [m, ms] of Object.entries(shape.members)) {
    if (ms.eventPayload) payloadMember = [m, ms.target];
    else if (!ms.eventHeader) hasBodyMembers = true;
  }
  let body: Uint8Array = new Uint8Array(0);
  let contentType: string | undefined;
  if (payloadMember !== undefined) {
    [body, contentType] = payloadBody(model, payloadMember[1], fields[payloadMember[0]], `${name}.${payloadMember[0]}`);
  } else if (hasBodyMembers) {
    // the body is the structure without its header members
    const rest: Record<string, unknown> = {};
    for (const k of Object.keys(fields)) {
      const ms = Object.hasOwn(shape.members, k) ? shape.members[k] : undefined;
      if (ms && !ms.eventHeader) rest[k] = fields[k];
    }
    body = model.serializeBody(member.target, rest);
    contentType = model.contentType;
  }
  if (contentType !== undefined) headers[":content-type"] = { type: "string", value: contentType };
  // header members in the order the caller gave them
  for (const k of Object.keys(fields)) {
    const ms = Object.hasOwn(shape.members, k) ? shape.members[k] : undefined;
    const v = fields[k];
    if (!ms?.eventHeader || v === undefined || v === null) continue;
    headers[k] = memberToHeader(model.typeOf(ms.target), v, `${name}.${k}`);
  }
  return { headers, body };
}

/** An event encoder bound to a model. */
export function eventEncoder(model: EventEncodeModel): (event: Record<string, unknown> | UnknownEvent) => EventMessage {
  return (event) => encodeEvent(model, event);
}

/** An `eventPayload` member's body and `:content-type`: raw for blob / string, serialised otherwise. */
function payloadBody(model: EventEncodeModel, target: string, value: unknown, where: string): [Uint8Array, string | undefined] {
  const type = model.typeOf(target);
  switch (type) {
    case "blob":
      if (value === undefined || value === null) return [new Uint8Array(0), undefined];
      if (value instanceof Uint8Array) return [value, model.mediaType?.(target) ?? "application/octet-stream"];
      if (typeof value === "string") return [utf8.encode(value), model.mediaType?.(target) ?? "application/octet-stream"];
      throw new EventStreamEncodeError(`${where}: expected a Uint8Array or string, got ${describe(value)}`);
    case "string":
    case "enum":
      if (value === undefined || value === null) return [new Uint8Array(0), undefined];
      if (typeof value !== "string") throw new EventStreamEncodeError(`${where}: expected a string, got ${describe(value)}`);
      return [utf8.encode(value), model.mediaType?.(target) ?? "text/plain"];
    default:
      // structure / union / document...: the protocol's codec; an absent payload is an empty body
      if (value === undefined || value === null) return [new Uint8Array(0), undefined];
      return [model.serializeBody(target, value), model.contentType];
  }
}

/** A header member's value as the header type its member type maps to. */
function memberToHeader(memberType: string, v: unknown, where: string): HeaderValue {
  const fail = (what: string): never => {
    throw new EventStreamEncodeError(`${where}: expected ${what}, got ${describe(v)}`);
  };
  switch (memberType) {
    case "boolean":
      return typeof v === "boolean" ? { type: "boolean", value: v } : fail("a boolean");
    case "byte":
      return typeof v === "number" ? { type: "byte", value: v } : fail("a number");
    case "short":
      return typeof v === "number" ? { type: "short", value: v } : fail("a number");
    case "integer":
    case "intEnum":
      return typeof v === "number" ? { type: "integer", value: v } : fail("a number");
    case "long":
    case "bigInteger":
      if (typeof v === "bigint") return { type: "long", value: v };
      if (typeof v === "number" && Number.isSafeInteger(v)) return { type: "long", value: BigInt(v) };
      return fail("a safe integer or a bigint");
    case "blob":
      if (v instanceof Uint8Array) return { type: "binary", value: v };
      if (typeof v === "string") return { type: "binary", value: utf8.encode(v) };
      return fail("a Uint8Array or string");
    case "string":
    case "enum":
      return typeof v === "string" ? { type: "string", value: v } : fail("a string");
    case "timestamp": {
      const d = v instanceof Date ? v : typeof v === "number" ? new Date(v * 1000) : typeof v === "string" ? new Date(v) : undefined;
      if (d === undefined || Number.isNaN(d.getTime())) return fail("a Date");
      return { type: "timestamp", value: d };
    }
    default:
      throw new EventStreamEncodeError(`${where}: a ${memberType} member cannot be an event header`);
  }
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (v instanceof Uint8Array) return "a Uint8Array";
  return typeof v === "string" ? `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}` : typeof v;
}
