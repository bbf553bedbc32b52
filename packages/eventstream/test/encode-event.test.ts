import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeMessage, encodeMessage } from "../src/codec.js";
import { decodeEvent } from "../src/events.js";
import { encodeEvent, type EventEncodeModel } from "../src/encode-event.js";
import { EventStreamEncodeError } from "../src/errors.js";
import { ModeledError, fromSmithyHeaders, smithy, smithyEncode, testModel, text, utf8 } from "./helpers.js";

/** The test model with a JSON body serialiser; BadRequestException is an error. */
function model(): EventEncodeModel & ReturnType<typeof testModel> {
  return {
    ...testModel(),
    serializeBody: (_target, value) => utf8(JSON.stringify(value)),
    contentType: "application/json",
    isError: (t) => t === "BadRequestException",
  };
}

const b64 = (s: string) => new Uint8Array(Buffer.from(s, "base64"));

test("header members become typed headers in the order given; other members the serialised body", () => {
  const at = new Date("2025-01-02T03:04:05.678Z");
  const msg = encodeEvent(model(), { Stats: { count: -7, id: "abc", at, flag: false, raw: Uint8Array.of(1, 2), big: 1234567890123, huge: 2n ** 62n, name: "n", bytes: 42 } });
  assert.deepEqual(Object.keys(msg.headers), [":message-type", ":event-type", ":content-type", "count", "id", "at", "flag", "raw", "big", "huge"]);
  assert.deepEqual(msg.headers.count, { type: "integer", value: -7 });
  assert.deepEqual(msg.headers.big, { type: "long", value: 1234567890123n });
  assert.deepEqual(msg.headers.raw, { type: "binary", value: Uint8Array.of(1, 2) });
  assert.deepEqual(msg.headers.at, { type: "timestamp", value: at });
  assert.deepEqual(JSON.parse(text(msg.body)), { name: "n", bytes: 42 });
});

test("round trip through bytes and decodeEvent", () => {
  const m = model();
  const events: Record<string, unknown>[] = [
    { Stats: { id: "abc", at: new Date(1_700_000_000_000), flag: true, raw: Uint8Array.of(9), count: 3, big: 5, huge: 2n ** 62n, name: "x", bytes: 1 } },
    { Records: { seq: 4, payload: Uint8Array.of(1, 2, 3) } },
    { Text: { text: "hello" } },
    { Details: { details: { a: 1, b: "two" } } },
    { End: {} },
    { RawBlob: Uint8Array.of(7, 8) },
  ];
  for (const ev of events) {
    const bytes = encodeMessage(encodeEvent(m, ev));
    assert.deepEqual(decodeEvent(m, decodeMessage(bytes)), ev);
  }
});

test("payload kinds set :content-type as the spec says; a headers-only event has no body and no :content-type", () => {
  const m = model();
  assert.equal(encodeEvent(m, { Records: { seq: 1, payload: Uint8Array.of(1) } }).headers[":content-type"]?.value, "application/octet-stream");
  assert.equal(encodeEvent(m, { Text: { text: "t" } }).headers[":content-type"]?.value, "text/plain");
  assert.equal(encodeEvent(m, { Details: { details: { a: 1 } } }).headers[":content-type"]?.value, "application/json");
  const headersOnly = encodeEvent({ ...m, structure: () => ({ members: { id: { target: "String", eventHeader: true } } }) }, { Stats: { id: "x" } });
  assert.equal(headersOnly.headers[":content-type"], undefined);
  assert.equal(headersOnly.body.length, 0);
});

test("a modeled error member is sent as an exception message", () => {
  const m = model();
  const msg = encodeEvent(m, { BadRequest: { message: "no", reason: "r" } });
  assert.deepEqual(msg.headers[":message-type"], { type: "string", value: "exception" });
  assert.deepEqual(msg.headers[":exception-type"], { type: "string", value: "BadRequest" });
  assert.equal(msg.headers[":event-type"], undefined);
  assert.throws(() => decodeEvent(m, decodeMessage(encodeMessage(msg))), (e: unknown) => e instanceof ModeledError && e.fields.message === "no" && e.fields.reason === "r");
});

test("bytes equal @smithy/eventstream-codec's for the same message, and match the protocol-test vectors", () => {
  const m = model();
  const msg = encodeEvent(m, { Stats: { flag: true, id: "foo", raw: utf8("bar"), big: 4294967294, at: new Date("2024-10-31T14:15:14Z") } });
  assert.deepEqual(encodeMessage(msg), smithyEncode(msg));
  const decoded = smithy.decode(encodeMessage(msg));
  assert.deepEqual(fromSmithyHeaders(decoded.headers), msg.headers);
  // restJson1 BooleanHeaderInput and StringPayloadInput from smithy-aws-protocol-tests
  const vectors = {
    headers: { events: { headers: { target: "H" } }, shape: { booleanHeader: { target: "Boolean", eventHeader: true as const } } },
    stringPayload: { events: { stringPayload: { target: "H" } }, shape: { payload: { target: "String", eventPayload: true as const } } },
  };
  const boolModel: EventEncodeModel = { ...m, events: vectors.headers.events, structure: () => ({ members: vectors.headers.shape }), typeOf: (t) => (t === "H" ? "structure" : m.typeOf(t)) };
  assert.deepEqual(
    encodeMessage(encodeEvent(boolModel, { headers: { booleanHeader: true } })),
    b64("AAAASwAAADv7Cl8VDTptZXNzYWdlLXR5cGUHAAVldmVudAs6ZXZlbnQtdHlwZQcAB2hlYWRlcnMNYm9vbGVhbkhlYWRlcgC4J9Ws"),
  );
  const strModel: EventEncodeModel = { ...m, events: vectors.stringPayload.events, structure: () => ({ members: vectors.stringPayload.shape }), typeOf: (t) => (t === "H" ? "structure" : m.typeOf(t)) };
  assert.deepEqual(
    encodeMessage(encodeEvent(strModel, { stringPayload: { payload: "foo" } })),
    b64("AAAAYAAAAE30fZUJDTptZXNzYWdlLXR5cGUHAAVldmVudAs6ZXZlbnQtdHlwZQcADXN0cmluZ1BheWxvYWQNOmNvbnRlbnQtdHlwZQcACnRleHQvcGxhaW5mb29G1ELr"),
  );
});

test("invalid events are rejected with EventStreamEncodeError", () => {
  const m = model();
  assert.throws(() => encodeEvent(m, {}), EventStreamEncodeError);
  assert.throws(() => encodeEvent(m, { Text: { text: "a" }, End: {} }), EventStreamEncodeError);
  assert.throws(() => encodeEvent(m, { Nope: {} }), /Unknown event "Nope"/);
  assert.throws(() => encodeEvent(m, { Stats: { flag: "yes" } }), /Stats\.flag: expected a boolean/);
  assert.throws(() => encodeEvent(m, { Stats: { big: 2 ** 60 } }), /safe integer or a bigint/);
  assert.throws(() => encodeEvent(m, { Stats: "x" }), /expected an object/);
});

test("an $unknown event is sent as its message", () => {
  const message = { headers: { ":message-type": { type: "string" as const, value: "event" }, ":event-type": { type: "string" as const, value: "Other" } }, body: utf8("{}") };
  assert.equal(encodeEvent(model(), { $unknown: ["Other", message] }), message);
});
