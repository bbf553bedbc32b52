/**
 * Event-stream frames for the tests, encoded with `@smithy/eventstream-codec`: an encoder we did
 * not write, so our decoder is checked against someone else's reading of the format.
 */
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";

const codec = new EventStreamCodec(toUtf8, fromUtf8);

type Headers = Record<string, { type: "string"; value: string } | { type: "binary"; value: Uint8Array } | { type: "timestamp"; value: Date } | { type: "integer"; value: number } | { type: "boolean"; value: boolean }>;

export function frame(headers: Headers, body: Uint8Array | string = new Uint8Array(0)): Uint8Array {
  return codec.encode({ headers, body: typeof body === "string" ? fromUtf8(body) : body });
}

const str = (value: string) => ({ type: "string" as const, value });

export function eventFrame(eventType: string, payload: unknown): Uint8Array {
  return frame({ ":message-type": str("event"), ":event-type": str(eventType), ":content-type": str("application/json") }, JSON.stringify(payload));
}

export function exceptionFrame(exceptionType: string, payload: unknown): Uint8Array {
  return frame({ ":message-type": str("exception"), ":exception-type": str(exceptionType), ":content-type": str("application/json") }, JSON.stringify(payload));
}

export function errorFrame(code: string, message: string): Uint8Array {
  return frame({ ":message-type": str("error"), ":error-code": str(code), ":error-message": str(message) });
}

/** The events of a ConverseStream answer that says `words` one delta at a time. */
export function converseStreamFrames(words: string[]): Uint8Array[] {
  return [
    eventFrame("messageStart", { role: "assistant" }),
    ...words.map((w) => eventFrame("contentBlockDelta", { contentBlockIndex: 0, delta: { text: w } })),
    eventFrame("contentBlockStop", { contentBlockIndex: 0 }),
    eventFrame("messageStop", { stopReason: "end_turn" }),
    eventFrame("metadata", { usage: { inputTokens: 5, outputTokens: words.length, totalTokens: 5 + words.length }, metrics: { latencyMs: 42 } }),
  ];
}
