// Message -> typed event, following the Smithy event-stream binding rules.
// Protocol-agnostic: everything protocol- or service-specific (body format,
// shapes, modeled error classes) comes in through the EventModel interface.
import type { DecodedFrame, EventMessage, HeaderValue, MessageHeaders } from "./codec.js";
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
  /**
   * Optional: parseBody of bytes[start, end), so a frame's body needs no view of its own (a typed
   * array per event is a measurable share of decoding small events).
   */
  parseBodyRange?(target: string, bytes: Uint8Array, start: number, end: number): unknown;
  /** build the modeled error named by `:exception-type` (member name of the union, whose target is an error structure) */
  modeledError(memberName: string, fields: Record<string, unknown>, message: EventMessage): Error;
  /**
   * Optional: models with the same `cacheKey` (any object) describe the same events with the same
   * shapes (`events`, `structure` and `typeOf` answer alike), so the per-event-type plans decodeEvent
   * derives from one are reused for the others (e.g. a model made per response, over one schema).
   * Without it, plans are cached per model object.
   */
  cacheKey?: object;
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
      const plan = planFor(model, eventType);
      if (plan === undefined) return { $unknown: [eventType, message] };
      return single(eventType, planValue(model, plan, message.headers, message.body)) as E;
    }
    case "exception": {
      const exceptionType = headerString(message, ":exception-type");
      if (exceptionType === undefined) throw new EventStreamProtocolError("Exception message without an :exception-type header");
      const plan = planFor(model, exceptionType);
      if (plan !== undefined) {
        const value = planValue(model, plan, message.headers, message.body);
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

/**
 * decodeEvent for a frame read with `MessageDecoder.nextInto` (see DecodedFrame): an event whose
 * member takes nothing from the headers is decoded from the routing headers and the body alone;
 * anything else (header members, exceptions, errors, unknown events) builds the message and goes
 * through decodeEvent, so both give the same result.
 */
export function decodeEventFrame<E = Record<string, unknown>>(model: EventModel, frame: DecodedFrame): E | UnknownEvent {
  const eventType = frame.eventType;
  if (frame.messageType === "event" && eventType !== undefined) {
    const plan = planFor(model, eventType);
    if (plan !== undefined && plan.headers.length === 0) {
      if (plan.structure && plan.payload === undefined && model.parseBodyRange !== undefined) {
        // only body members (every ConverseStream event): parse the body where it lies in the frame
        const value = plan.hasBodyMembers && frame.bodyEnd > frame.bodyStart ? bodyObject(model.parseBodyRange(plan.target, frame.bytes, frame.bodyStart, frame.bodyEnd)) : {};
        return single(eventType, value) as E;
      }
      return single(eventType, planValue(model, plan, undefined, frame.body)) as E;
    }
  }
  return decodeEvent<E>(model, frame.message());
}

/** A message -> event function that can also decode a DecodedFrame (what createStreamingResponse wants). */
export interface EventDecoder<E> {
  (message: EventMessage): E | UnknownEvent;
  /** the same decoding from a frame (decodeEventFrame), used on the buffered fast path */
  frame?: (frame: DecodedFrame) => E | UnknownEvent;
}

/** A decode function bound to a model, the shape createStreamingResponse wants. */
export function eventDecoder<E = Record<string, unknown>>(model: EventModel): EventDecoder<E> {
  const decode: EventDecoder<E> = (message) => decodeEvent<E>(model, message);
  decode.frame = (frame) => decodeEventFrame<E>(model, frame);
  return decode;
}

/**
 * What decoding one union member's messages needs, derived once per event type (it depends only
 * on the model): whether the target is a structure, its header members with their types, its
 * payload member, whether other members travel in the body.
 */
interface EventPlan {
  target: string;
  /** the target's structure, or undefined: the whole body is the value (payloadValue) */
  structure: boolean;
  /** [member name, member target, member type (resolved on first use)] */
  headers: [string, string, string | undefined][];
  payload: [string, string, string | undefined] | undefined;
  hasBodyMembers: boolean;
  /** type of a non-structure target (resolved on first use) */
  payloadType: string | undefined;
}

const plans = new WeakMap<object, Map<string, EventPlan>>();

/** The plan of the union member named `name`, or undefined when the model has no such member. */
let lastKey: object | undefined;
let lastPlans: Map<string, EventPlan> | undefined;

function planFor(model: EventModel, name: string): EventPlan | undefined {
  const key = model.cacheKey ?? model;
  let byName: Map<string, EventPlan> | undefined;
  if (key === lastKey) byName = lastPlans!;
  else {
    byName = plans.get(key);
    if (byName === undefined) plans.set(key, (byName = new Map()));
    lastKey = key; // one stream's messages come one after another: skip the WeakMap lookup
    lastPlans = byName;
  }
  let plan = byName.get(name);
  if (plan === undefined) {
    // own properties only: an event named e.g. "constructor" must not read Object.prototype
    const member = Object.hasOwn(model.events, name) ? model.events[name] : undefined;
    if (member === undefined) return undefined; // not cached: a server could send any number of unknown names
    plan = makePlan(model, member.target);
    byName.set(name, plan);
  }
  return plan;
}

function makePlan(model: EventModel, target: string): EventPlan {
  const shape = model.typeOf(target) === "structure" ? model.structure(target) : undefined;
  const plan: EventPlan = { target, structure: shape !== undefined, headers: [], payload: undefined, hasBodyMembers: false, payloadType: undefined };
  if (shape === undefined) return plan;
  for (const name in shape.members) {
    if (!Object.hasOwn(shape.members, name)) continue;
    const m = shape.members[name]!;
    if (m.eventHeader) plan.headers.push([name, m.target, undefined]);
    else if (m.eventPayload) plan.payload = [name, m.target, undefined];
    else plan.hasBodyMembers = true;
  }
  return plan;
}

/**
 * `{ [key]: value }`. V8 builds a computed-key literal through a runtime call (~4x the cost of a
 * store into a fresh object); the store is the same own data property for every key but
 * "__proto__", which only the literal defines as a property.
 */
function single(key: string, value: unknown): Record<string, unknown> {
  if (key === "__proto__") return { [key]: value };
  const o: Record<string, unknown> = {};
  o[key] = value;
  return o;
}

const hasOwn = Object.hasOwn;
const objectProto = Object.prototype;

/**
 * Value of one union member: a structure built from headers + body, or a bare payload. `headers`
 * may be undefined only when the plan has no header members.
 */
function planValue(model: EventModel, plan: EventPlan, headers: MessageHeaders | undefined, body: Uint8Array): unknown {
  if (!plan.structure) return payloadValue(model, plan.target, (plan.payloadType ??= model.typeOf(plan.target)), body);
  const headerMembers = plan.headers;
  if (headerMembers.length === 0 && plan.payload === undefined) {
    // Only body members (the common case, e.g. every ConverseStream event): the value is the parsed
    // body's own members. A fresh plain object from the parser is returned as is; that is exactly
    // the copy the general path below would make of it.
    if (!plan.hasBodyMembers || body.length === 0) return {};
    return bodyObject(model.parseBody(plan.target, body));
  }
  const out: Record<string, unknown> = {};
  for (let i = 0; i < headerMembers.length; i++) {
    const hm = headerMembers[i]!;
    // own properties only: a member named e.g. "constructor" must not read Object.prototype
    const h = hasOwn(headers!, hm[0]) ? headers![hm[0]] : undefined;
    if (h !== undefined) out[hm[0]] = headerToMember((hm[2] ??= model.typeOf(hm[1])), h);
  }
  const pm = plan.payload;
  if (pm !== undefined) {
    const v = payloadValue(model, pm[1], (pm[2] ??= model.typeOf(pm[1])), body);
    if (v !== undefined) out[pm[0]] = v;
  } else if (plan.hasBodyMembers && body.length > 0) {
    copyBody(out, model.parseBody(plan.target, body));
  }
  return out;
}

/** A structure of body members only: the parser's fresh plain object as is, else a copy of its members. */
function bodyObject(parsed: unknown): Record<string, unknown> {
  if (parsed !== null && typeof parsed === "object" && Object.getPrototypeOf(parsed) === objectProto && !hasOwn(parsed, "__proto__")) {
    return parsed as Record<string, unknown>;
  }
  return copyBody({}, parsed);
}

/** The body is the structure minus its header members; headers win on a clash. */
function copyBody(out: Record<string, unknown>, parsed: unknown): Record<string, unknown> {
  if (parsed !== null && typeof parsed === "object") {
    for (const [k, v] of Object.entries(parsed)) if (!hasOwn(out, k)) out[k] = v;
  }
  return out;
}

const textDecoder = new TextDecoder();

/** An eventPayload member (or a non-structure union member) bound to the raw body. */
function payloadValue(model: EventModel, target: string, type: string, body: Uint8Array): unknown {
  switch (type) {
    case "blob":
      return body;
    case "string":
    case "enum":
      return textDecoder.decode(body);
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
