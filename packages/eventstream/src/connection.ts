// EventStreamConnection: pull-based message reader over a Node Readable
// (normally the http.IncomingMessage of an event-stream response).
//
// Why pull-based: the stream is kept in paused mode and `read()` is called
// only while a readMessage() is waiting for bytes. When the consumer is slow,
// nobody reads, Node's buffer fills to its highWaterMark, the socket stops
// being read, TCP flow control pushes back on the server, and memory stays
// bounded no matter how long the stream is.
import type { Readable } from "node:stream";
import { DecodedFrame, type EventMessage } from "./codec.js";
import { MessageDecoder } from "./decoder.js";
import { EventStreamConnectionError, EventStreamTimeoutError } from "./errors.js";
import type { InitialMessageType } from "./events.js";

export interface EventStreamConnectionOptions<E = unknown> {
  /**
   * Fail a read with EventStreamTimeoutError when no bytes arrive for this
   * long while it waits. Only time spent waiting on the network counts: a slow
   * consumer never times out. Default: no timeout.
   */
  idleTimeoutMs?: number;
  /** Abort: pending and later reads reject with `signal.reason`, and the socket is destroyed. */
  signal?: AbortSignal;
  /** Largest accepted frame (default 16 MiB). */
  maxMessageLength?: number;
  /** message -> event function used by streamParser(); set by createStreamingResponse. */
  decode?: (message: EventMessage) => E;
  /** Receives initial-request/initial-response messages; when set, streamParser() skips them. */
  onInitialMessage?: (type: InitialMessageType, message: EventMessage) => void;
}

type State = "open" | "ended" | "closed" | "failed";

export class EventStreamConnection<E = unknown> {
  /** message -> event function used by streamParser(). */
  decode: ((message: EventMessage) => E) | undefined;
  /** Receives initial-request/initial-response messages (see streamParser). */
  onInitialMessage: ((type: InitialMessageType, message: EventMessage) => void) | undefined;

  private state: State = "open";
  private failure: unknown;
  private readonly decoder: MessageDecoder;
  private readonly idleTimeoutMs: number | undefined;
  private readonly signal: AbortSignal | undefined;
  /** reads are serialised: concurrent readMessage() calls get messages in call order */
  private queue: Promise<unknown> = Promise.resolve();
  private inFlight = 0;
  /** resolves the read currently waiting for stream activity */
  private wake: (() => void) | undefined;
  private eof = false;
  private streamError: unknown;
  private streamClosed = false;
  /** readBufferedMessage() reads into this, then builds the message */
  private scratch: DecodedFrame | undefined;

  constructor(
    readonly stream: Readable,
    options: EventStreamConnectionOptions<E> = {},
  ) {
    this.decoder = new MessageDecoder({ maxMessageLength: options.maxMessageLength });
    this.idleTimeoutMs = options.idleTimeoutMs;
    this.signal = options.signal;
    this.decode = options.decode;
    this.onInitialMessage = options.onInitialMessage;
    // Listeners stay for the stream's life; the error listener in particular
    // must, so a late socket error after close() is never an unhandled 'error'.
    stream.on("readable", this.onActivity);
    stream.on("end", this.onEnd);
    stream.on("error", this.onError);
    stream.on("close", this.onClose);
    if (this.signal?.aborted) this.onAbort();
    else this.signal?.addEventListener("abort", this.onAbort, { once: true });
  }

  /** True until the stream ended, failed or was closed. */
  get isOpen(): boolean {
    return this.state === "open";
  }

  /**
   * The next message, or null once the stream has ended cleanly or the
   * connection was closed. Rejects with EventStreamDecodeError (including
   * EventStreamTruncatedError), EventStreamTimeoutError, EventStreamConnectionError
   * or the abort reason; the failure is sticky for later reads.
   */
  readMessage(): Promise<EventMessage | null> {
    // Fast path: no read in flight and a whole message already buffered (the
    // common case when one network chunk holds many frames): skip the queue.
    if (this.inFlight === 0 && this.state === "open") {
      try {
        const m = this.decoder.next();
        if (m !== null) return Promise.resolve(m);
      } catch (err) {
        this.fail(err);
      }
    }
    this.inFlight++;
    const p = this.queue.then(() => this.readOne()).finally(() => this.inFlight--);
    this.queue = p.catch(() => undefined);
    return p;
  }

  /**
   * The next message if one can be had without waiting: already buffered, or completed by bytes
   * the stream holds right now (read synchronously). Otherwise undefined, and readMessage() (which
   * also reports the end of the stream and failures) is the way to get the next one. Never reorders
   * messages: while a readMessage() is in flight this returns undefined.
   */
  readBufferedMessage(): EventMessage | undefined {
    const frame = (this.scratch ??= new DecodedFrame());
    return this.readBufferedFrame(frame) ? frame.message() : undefined;
  }

  /**
   * readBufferedMessage() into `frame`, without building the message (see DecodedFrame): true when
   * a frame was read, false when none can be had without waiting.
   */
  readBufferedFrame(frame: DecodedFrame): boolean {
    if (this.inFlight !== 0 || this.state !== "open") return false;
    try {
      for (;;) {
        if (this.decoder.nextInto(frame)) return true;
        if (this.eof) return false;
        const chunk: unknown = this.stream.read();
        if (chunk === null) return false;
        this.decoder.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Uint8Array));
      }
    } catch (err) {
      this.fail(err); // sticky: the next readMessage() rejects with it
      return false;
    }
  }

  /** Frees the socket (destroys the stream). Idempotent; later reads return null. */
  close(): void {
    const wasOpen = this.state === "open";
    this.state = "closed";
    this.failure = undefined;
    this.release(wasOpen);
  }

  private async readOne(): Promise<EventMessage | null> {
    for (;;) {
      if (this.state === "closed" || this.state === "ended") return null;
      if (this.state === "failed") throw this.failure;
      let message: EventMessage | null;
      try {
        message = this.decoder.next();
        if (message === null && this.eof) this.decoder.end(); // throws if a partial message is left
      } catch (err) {
        this.fail(err);
        continue;
      }
      if (message !== null) return message;
      if (this.eof) {
        this.state = "ended";
        this.release(false); // clean end: leave the socket to the HTTP agent
        continue;
      }
      const chunk: unknown = this.stream.read();
      if (chunk !== null) {
        this.decoder.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Uint8Array));
        continue;
      }
      if (this.streamError !== undefined) {
        const e = this.streamError as Error;
        this.fail(new EventStreamConnectionError(`Event stream connection dropped${this.partial()}: ${e?.message ?? e}`, { cause: e }));
        continue;
      }
      if (this.stream.readableEnded) {
        this.eof = true;
        continue;
      }
      if (this.streamClosed || this.stream.destroyed) {
        this.fail(new EventStreamConnectionError(`Event stream connection closed before the stream ended${this.partial()}`));
        continue;
      }
      await this.waitForActivity();
    }
  }

  /** Describes a partially received message, for connection-drop errors. */
  private partial(): string {
    const got = this.decoder.bufferedBytes;
    if (got === 0) return "";
    const total = this.decoder.pendingMessageLength;
    return ` in the middle of a message (${got} byte(s)${total === undefined ? "" : ` of ${total}`} received)`;
  }

  private waitForActivity(): Promise<void> {
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      this.wake = () => {
        if (timer !== undefined) clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      if (this.idleTimeoutMs !== undefined && this.idleTimeoutMs > 0 && Number.isFinite(this.idleTimeoutMs)) {
        const ms = this.idleTimeoutMs;
        timer = setTimeout(() => this.fail(new EventStreamTimeoutError(ms)), ms);
      }
    });
  }

  private fail(err: unknown): void {
    if (this.state !== "open") return; // first outcome wins
    this.state = "failed";
    this.failure = err;
    this.release(true);
  }

  /** Detaches from the signal, optionally destroys the stream, and wakes a waiting read. */
  private release(destroy: boolean): void {
    this.signal?.removeEventListener("abort", this.onAbort);
    if (destroy && !this.stream.destroyed) this.stream.destroy();
    this.wake?.();
  }

  private readonly onActivity = () => this.wake?.();
  private readonly onEnd = () => {
    this.eof = true;
    this.wake?.();
  };
  private readonly onError = (err: unknown) => {
    this.streamError ??= err ?? new Error("unknown stream error");
    this.wake?.();
  };
  private readonly onClose = () => {
    this.streamClosed = true;
    this.wake?.();
  };
  private readonly onAbort = () => {
    const reason: unknown = this.signal?.reason ?? new DOMException("This operation was aborted", "AbortError");
    this.fail(reason);
  };
}
