/**
 * `@org/eventstream`, loaded by the first call of an operation that streams events, not when a service
 * package is imported. Most services have no event streams, and a program that only makes plain calls
 * should not pay for loading the codec (~2 ms of a cold start). `Client.send` awaits `loadEventStream()`
 * before such a call; from then on the runtime's event-stream code reads the module synchronously.
 */
import type * as EventStream from "@org/eventstream";

type EventStreamModule = typeof EventStream;

let loaded: EventStreamModule | undefined;
let loading: Promise<EventStreamModule> | undefined;

/** Loads `@org/eventstream` once; every later call gets the same promise. */
export function loadEventStream(): Promise<EventStreamModule> {
  return (loading ??= import("@org/eventstream").then((m) => (loaded = m)));
}

/** The loaded module; only code that runs after a streaming call's `loadEventStream()` may ask. */
export function eventStreamModule(): EventStreamModule {
  if (loaded === undefined) throw new Error("internal: @org/eventstream is used before a streaming call loaded it");
  return loaded;
}

/**
 * `streamParser` as generated packages export it: the next decoded event of a connection from
 * `stream({ connection: true })`. The call that made the connection has loaded the codec, so this
 * adds no wait per event.
 */
export const streamParser: EventStreamModule["streamParser"] = (con) => (loaded ? loaded.streamParser(con) : loadEventStream().then((m) => m.streamParser(con)));

/** `readEventMessage` as generated packages export it: the next raw message of a connection. */
export const readEventMessage: EventStreamModule["readEventMessage"] = (con) =>
  loaded ? loaded.readEventMessage(con) : loadEventStream().then((m) => m.readEventMessage(con));
