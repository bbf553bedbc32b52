// Every failure this package raises has its own class, so callers can branch
// with `instanceof` (or on `code` for the decoder) instead of parsing messages.
import type { EventMessage } from "./codec.js";

/** Why a byte stream could not be decoded into messages. */
export type DecodeErrorCode =
  /** the CRC stored in bytes 8..11 does not match the first 8 bytes */
  | "PreludeCrcMismatch"
  /** the trailing CRC does not match the rest of the message */
  | "MessageCrcMismatch"
  /** total length / headers length are inconsistent or out of range */
  | "InvalidLength"
  /** the headers section is larger than the format allows */
  | "HeadersTooLong"
  /** a header is malformed (unknown type, overruns the headers section, ...) */
  | "InvalidHeader"
  /** the stream ended in the middle of a message */
  | "Truncated";

/** A framing or checksum error in application/vnd.amazon.eventstream bytes. */
export class EventStreamDecodeError extends Error {
  override name = "EventStreamDecodeError";
  constructor(
    readonly code: DecodeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The byte stream ended part-way through a message. A subclass of
 * EventStreamDecodeError (code "Truncated") so one `instanceof` catches all
 * framing problems while this one can still be singled out.
 */
export class EventStreamTruncatedError extends EventStreamDecodeError {
  override name = "EventStreamTruncatedError";
  constructor(
    readonly bufferedBytes: number,
    readonly expectedBytes: number | undefined,
  ) {
    super(
      "Truncated",
      expectedBytes === undefined
        ? `Event stream ended in the middle of a message prelude: ${bufferedBytes} byte(s) buffered, 12 needed`
        : `Event stream ended in the middle of a message: ${bufferedBytes} of ${expectedBytes} byte(s) received`,
    );
  }
}

/** An error message must not be encoded (bad header value, too large, ...). */
export class EventStreamEncodeError extends Error {
  override name = "EventStreamEncodeError";
}

/** No bytes arrived for `idleTimeoutMs` while a read was waiting. */
export class EventStreamTimeoutError extends Error {
  override name = "EventStreamTimeoutError";
  constructor(readonly timeoutMs: number) {
    super(`Event stream idle timeout: no bytes received for ${timeoutMs} ms`);
  }
}

/** The underlying socket/stream failed (reset, premature close, ...); `cause` holds the original error. */
export class EventStreamConnectionError extends Error {
  override name = "EventStreamConnectionError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * A server-sent `error` message (`:message-type` = error), or an `exception`
 * message whose `:exception-type` the model does not know.
 */
export class EventStreamServiceError extends Error {
  override name = "EventStreamServiceError";
  constructor(
    /** `:error-code` (for `error`) or `:exception-type` (for an unmodeled `exception`) */
    readonly errorCode: string,
    message: string,
    /** the raw message, for diagnostics */
    readonly eventMessage: EventMessage,
    /** which kind of message carried it */
    readonly messageType: "error" | "exception" = "error",
  ) {
    super(message);
  }
}

/** A message whose `:message-type` is missing or not one of event/exception/error. */
export class EventStreamProtocolError extends Error {
  override name = "EventStreamProtocolError";
}

/** The event stream of a response may be consumed only once. */
export class EventStreamConsumedError extends Error {
  override name = "EventStreamConsumedError";
  constructor(how: string) {
    super(`The event stream has already been consumed (by ${how}); it can be read only once`);
  }
}
