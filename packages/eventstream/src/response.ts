// paws-style streaming response (modelled on the R SDK paws): the operation's
// plain output members as properties, plus a handler function for the event
// stream member that either maps a function over every event or hands out the
// raw connection for manual reading with streamParser()/readEventMessage().
import { DecodedFrame, type EventMessage } from "./codec.js";
import { EventStreamConnection } from "./connection.js";
import { EventStreamConsumedError } from "./errors.js";
import { type EventDecoder, initialMessageType } from "./events.js";

/**
 * The event-stream member's handler:
 * - `handler(fn)` applies fn to every event in order (awaiting an async fn
 *   before reading the next event) and resolves to the results in event order;
 * - `handler({ connection: true })` returns the connection for manual reads.
 */
export interface EventStreamHandler<E> {
  <R>(fn: (event: E) => R): Promise<Awaited<R>[]>;
  (options: { connection: true }): EventStreamConnection<E>;
}

/**
 * A response with output members `Fields`, the handler under the stream
 * member's name `Member` and under `stream`, iterable with `for await`.
 */
export type EventStreamResponse<Fields, Member extends string, E> = Fields & {
  readonly [K in Member]: EventStreamHandler<E>;
} & {
  readonly stream: EventStreamHandler<E>;
} & AsyncIterable<E>;

/** The next raw message `{ headers, body }`, or null at the end of the stream. */
export function readEventMessage(con: EventStreamConnection<unknown>): Promise<EventMessage | null> {
  return con.readMessage();
}

/**
 * The next decoded event (via the connection's `decode`), or null at the end.
 * Initial request/response messages go to `con.onInitialMessage` when one is
 * set. A decode failure (modeled exception, `error` message...) closes the
 * connection, since the server terminates the stream after one anyway.
 */
export async function streamParser<E>(con: EventStreamConnection<E>): Promise<E | null> {
  const decode = con.decode;
  if (decode === undefined) throw new TypeError("streamParser: the connection has no decode function");
  for (;;) {
    const buffered = bufferedEvent(con);
    if (buffered !== PENDING) return buffered;
    const message = await con.readMessage();
    if (message === null) return null;
    const event = eventOf(con, decode, message);
    if (event !== SKIP) return event;
  }
}

const SKIP: unique symbol = Symbol("skip");

/**
 * The event a message carries, or SKIP for an initial-request/response message handed to
 * `con.onInitialMessage`. A decode failure closes the connection and is rethrown.
 */
function eventOf<E>(con: EventStreamConnection<E>, decode: (message: EventMessage) => E, message: EventMessage): E | typeof SKIP {
  if (con.onInitialMessage !== undefined) {
    const kind = initialMessageType(message);
    if (kind !== undefined) {
      con.onInitialMessage(kind, message);
      return SKIP;
    }
  }
  try {
    return decode(message);
  } catch (err) {
    con.close();
    throw err;
  }
}

const PENDING: unique symbol = Symbol("pending");

/**
 * streamParser without waiting: the next event when its message is already at hand, else PENDING
 * (then streamParser, which awaits, takes over). Saves the promise hops per event while a network
 * read's worth of frames is decoded.
 */
function bufferedEvent<E>(con: EventStreamConnection<E>): E | typeof PENDING {
  const decode = con.decode;
  if (decode === undefined) return PENDING; // streamParser reports it
  const fromFrame = (decode as EventDecoder<E>).frame as ((frame: DecodedFrame) => E) | undefined;
  if (fromFrame !== undefined) {
    // no message object per event: the frame's routing headers and body are enough (DecodedFrame)
    const frame = bufferFrame;
    for (;;) {
      if (!con.readBufferedFrame(frame)) return PENDING;
      const et = frame.eventType;
      if (con.onInitialMessage !== undefined && (et === "initial-response" || et === "initial-request")) {
        const event = eventOf(con, decode, frame.message());
        if (event === SKIP) continue;
        return event;
      }
      try {
        return fromFrame(frame);
      } catch (err) {
        con.close();
        throw err;
      }
    }
  }
  for (;;) {
    const message = con.readBufferedMessage();
    if (message === undefined) return PENDING;
    const event = eventOf(con, decode, message);
    if (event !== SKIP) return event;
  }
}

/** bufferedEvent's frame: it is read and decoded synchronously, so one serves every connection. */
const bufferFrame = new DecodedFrame();

/** Up to this many events, handler results come back as a dense array (at most 512 KB of slots). */
const DENSE_LIMIT = 65_536;

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  v !== null && (typeof v === "object" || typeof v === "function") && typeof (v as { then?: unknown }).then === "function";

/**
 * Builds the response object. `decodeEvent` becomes the connection's decode
 * function. The stream can be consumed once, by exactly one of: handler(fn),
 * handler({ connection: true }), or async iteration.
 */
export function createStreamingResponse<Fields extends object, Member extends string, E>(
  fields: Fields,
  memberName: Member,
  connection: EventStreamConnection<E>,
  decodeEvent: (message: EventMessage) => E,
): EventStreamResponse<Fields, Member, E> {
  connection.decode = decodeEvent;
  let consumedBy: string | undefined;
  const claim = (how: string) => {
    if (consumedBy !== undefined) throw new EventStreamConsumedError(consumedBy);
    consumedBy = how;
  };

  async function mapEvents(fn: (event: E) => unknown): Promise<unknown[]> {
    // Results are kept densely until the first undefined one; after that only
    // defined results are stored with their index, so a handler returning
    // undefined for millions of events allocates nothing per event while
    // streaming. The full-length array is materialised once at the end.
    const values: unknown[] = [];
    let indices: number[] | undefined;
    let n = 0;
    try {
      for (;;) {
        let event = bufferedEvent(connection);
        if (event === PENDING) {
          const next = await streamParser(connection);
          if (next === null) break;
          event = next;
        }
        let r = fn(event);
        if (isThenable(r)) r = await r;
        if (r === undefined) {
          indices ??= Array.from(values, (_, i) => i);
        } else {
          indices?.push(n);
          values.push(r);
        }
        n++;
      }
    } catch (err) {
      connection.close();
      throw err;
    }
    if (indices === undefined) return values;
    // Up to DENSE_LIMIT events the result is a plain dense array. Past it, undefined results stay
    // holes (they read as undefined): millions of real undefined entries would cost 8 bytes per
    // event, 45 MB for a 1 GB stream, which a handler that returns nothing should never pay.
    if (n <= DENSE_LIMIT) {
      const dense = new Array<unknown>(n).fill(undefined);
      for (let k = 0; k < indices.length; k++) dense[indices[k]!] = values[k];
      return dense;
    }
    const out: unknown[] = [];
    for (let k = 0; k < indices.length; k++) out[indices[k]!] = values[k];
    // setting the last index (not `length`) keeps a sparse array sparse
    if (out.length < n) out[n - 1] = undefined;
    return out;
  }

  function handler(arg: unknown): unknown {
    if (typeof arg === "function") {
      try {
        claim("handler(fn)");
      } catch (err) {
        return Promise.reject(err);
      }
      return mapEvents(arg as (event: E) => unknown);
    }
    if (arg !== null && typeof arg === "object" && (arg as { connection?: unknown }).connection === true) {
      claim("handler({ connection: true })");
      return connection;
    }
    throw new TypeError("Event stream handler expects a function or { connection: true }");
  }

  function iterator(): AsyncIterator<E> {
    claim("async iteration");
    return {
      async next(): Promise<IteratorResult<E>> {
        try {
          const buffered = bufferedEvent(connection);
          if (buffered !== PENDING) return { done: false, value: buffered };
          const event = await streamParser(connection);
          return event === null ? { done: true, value: undefined } : { done: false, value: event };
        } catch (err) {
          connection.close();
          throw err;
        }
      },
      // Called when a for-await loop exits early (break, return, throw).
      async return(): Promise<IteratorResult<E>> {
        connection.close();
        return { done: true, value: undefined };
      },
    };
  }

  const response: Record<string | symbol, unknown> = { ...fields, [memberName]: handler };
  // `stream` is an alias and the iterator a protocol hook: non-enumerable so
  // Object.keys / JSON of the response show only the modeled members.
  if (memberName !== "stream") Object.defineProperty(response, "stream", { value: handler, enumerable: false });
  Object.defineProperty(response, Symbol.asyncIterator, { value: iterator, enumerable: false });
  return response as EventStreamResponse<Fields, Member, E>;
}
