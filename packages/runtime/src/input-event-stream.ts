/**
 * Input event streams: the request body of an operation whose input has an event-stream member.
 *
 * The caller gives that member as an `AsyncIterable` (or an array / iterable) of events. Each event is
 * encoded with `@org/eventstream`'s `encodeEvent` (the protocol serialises bodies) into one
 * `application/vnd.amazon.eventstream` frame. RPC protocols first send the input's other members in
 * an `initial-request` event. When the request is SigV4-signed, every frame is wrapped in a signed
 * envelope — `:date` and `:chunk-signature` headers, the frame as its body — whose signature chains
 * from the previous one, the first from the request's seed signature (the request is signed with
 * `x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-EVENTS`); the stream ends with an envelope whose
 * body is empty. The body is produced lazily, as the transport reads it.
 */
import type { EventEncodeModel, EventMessage } from "@org/eventstream";
import type { Readable } from "node:stream";
import { type SignEventOptions, signEventMessage } from "./auth/sigv4.js";
import { builtin } from "./builtins.js";
import { InputValidationError, NotSupportedError } from "./errors.js";
import { loadEventStream } from "./event-stream-module.js";
import type { Protocol } from "./protocols/protocol.js";
import { type ServiceSchema, type StructureSchema, type UnionSchema, shapeType } from "./schema.js";

export const EVENT_STREAM_CONTENT_TYPE = "application/vnd.amazon.eventstream";
/** The payload hash a request whose body is a signed event stream is signed with. */
export const STREAMING_EVENTS_PAYLOAD = "STREAMING-AWS4-HMAC-SHA256-EVENTS";

/** What a caller may give as an input event-stream member. */
export type InputEvents<E> = AsyncIterable<E> | Iterable<E>;

const models = new WeakMap<UnionSchema, Map<Protocol, EventEncodeModel>>();

/** The encoding model of the event-stream union `unionRef`, with the protocol's body serialiser. */
export function inputEventModel(schema: ServiceSchema, protocol: Protocol, unionRef: string): EventEncodeModel {
  const union = schema.shapes[unionRef] as UnionSchema;
  let byProtocol = models.get(union);
  if (!byProtocol) models.set(union, (byProtocol = new Map()));
  let model = byProtocol.get(protocol);
  if (!model) {
    const serialize = protocol.serializeEventBody;
    if (!serialize || protocol.eventContentType === undefined) {
      throw new NotSupportedError(`${schema.sdkId}: input event streams are not supported yet for the ${protocol.name} protocol`);
    }
    const events: Record<string, { target: string }> = {};
    for (const name in union.members) events[name] = { target: union.members[name].target };
    model = {
      events,
      structure: (target) => {
        const s = schema.shapes[target];
        return s && (s.type === "structure" || s.type === "union") ? (s as StructureSchema) : undefined;
      },
      typeOf: (target) => shapeType(schema, target),
      serializeBody: (target, value) => serialize.call(protocol, schema, target, value),
      contentType: protocol.eventContentType,
      isError: (target) => (schema.shapes[target] as StructureSchema | undefined)?.error !== undefined,
      mediaType: (target) => (schema.shapes[target] as { mediaType?: string } | undefined)?.mediaType,
    };
    byProtocol.set(protocol, model);
  }
  return model;
}

/** The caller's events as an async iterable; anything else is an InputValidationError (thrown before sending). */
export function inputEvents(value: unknown, where: string): AsyncIterable<unknown> | Iterable<unknown> {
  if (value === undefined || value === null) return [];
  if (typeof value === "object" && (Symbol.asyncIterator in value || Symbol.iterator in value) && !(value instanceof Uint8Array) && typeof value !== "string") {
    return value as AsyncIterable<unknown> | Iterable<unknown>;
  }
  throw new InputValidationError(`${where}: an input event stream is an AsyncIterable or an array of events, got ${value === null ? "null" : typeof value}`);
}

/** Signs frames one after another, each signature chained from the previous one. */
export type FrameSigner = (frame: Uint8Array) => Promise<Uint8Array>;

export interface EventSigningOptions extends SignEventOptions {
  /** The request's signature, the first message's prior signature. */
  seedSignature: string;
  /** The clock (default: now); `:date` is whole seconds. */
  now?: () => Date;
}

/**
 * A signer of envelopes: `frame` (an encoded message, or empty for the end of the stream) becomes the
 * body of a message with `:date` (timestamp) and `:chunk-signature` (32 bytes) headers, signed with the
 * `AWS4-HMAC-SHA256-PAYLOAD` algorithm over the prior signature, the `:date` header and the frame.
 */
export function eventFrameSigner(options: EventSigningOptions): FrameSigner {
  let prior = options.seedSignature;
  const now = options.now ?? (() => new Date());
  let chain = Promise.resolve();
  return (frame) => {
    // frames are signed strictly in order, even if called concurrently
    const signed = chain.then(async () => {
      const date = new Date(Math.floor(now().getTime() / 1000) * 1000);
      const { signature } = await signEventMessage({ headers: { ":date": { type: "timestamp", value: date } }, body: frame }, prior, { ...options, signingDate: date });
      prior = signature;
      const { encodeMessage } = await loadEventStream();
      return encodeMessage({
        headers: { ":date": { type: "timestamp", value: date }, ":chunk-signature": { type: "binary", value: new Uint8Array(Buffer.from(signature, "hex")) } },
        body: frame,
      });
    });
    chain = signed.then(
      () => undefined,
      () => undefined,
    );
    return signed;
  };
}

/** The seed signature of a SigV4-signed request: its `Authorization` header's `Signature=`. */
export function seedSignature(headers: Record<string, string>): string | undefined {
  const auth = headers.authorization ?? headers.Authorization;
  return auth ? /Signature=([0-9a-f]{64})/.exec(auth)?.[1] : undefined;
}

export interface InputEventStreamInit {
  schema: ServiceSchema;
  protocol: Protocol;
  /** the event-stream union */
  unionRef: string;
  events: AsyncIterable<unknown> | Iterable<unknown>;
  /** the body of an `initial-request` event sent first (RPC protocols) */
  initialRequest?: Uint8Array;
  /** wraps each frame in a signed envelope and ends the stream with an empty one (SigV4) */
  sign?: FrameSigner;
}

/** The `initial-request` message of RPC protocols. */
export function initialRequestMessage(body: Uint8Array, contentType: string): EventMessage {
  return {
    headers: {
      ":event-type": { type: "string", value: "initial-request" },
      ":message-type": { type: "string", value: "event" },
      ":content-type": { type: "string", value: contentType },
    },
    body,
  };
}

/** The request body's frames, in order: the initial request, one per event, then the signed end. */
export async function* inputEventFrames(init: InputEventStreamInit): AsyncGenerator<Uint8Array> {
  const { encodeEvent, encodeMessage } = await loadEventStream();
  const model = inputEventModel(init.schema, init.protocol, init.unionRef);
  const out = async (message: EventMessage) => {
    const frame = encodeMessage(message);
    return init.sign ? init.sign(frame) : frame;
  };
  if (init.initialRequest) yield await out(initialRequestMessage(init.initialRequest, model.contentType));
  for await (const event of init.events as AsyncIterable<unknown>) {
    yield await out(encodeEvent(model, event as Record<string, unknown>));
  }
  if (init.sign) yield await init.sign(new Uint8Array(0));
}

/** The request body: a readable stream of frames, read as the transport sends them. */
export function inputEventStreamBody(init: InputEventStreamInit): Readable {
  return builtin("node:stream").Readable.from(inputEventFrames(init), { objectMode: false });
}
