import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeMessage, type EventMessage } from "../src/codec.js";
import { decodeEvent, eventDecoder, initialMessageType, isInitialMessage } from "../src/events.js";
import { EventStreamProtocolError, EventStreamServiceError } from "../src/errors.js";
import {
  errorFrame,
  eventHeaders,
  exceptionFrame,
  ModeledError,
  recordFrame,
  smithyEncode,
  testModel,
  utf8,
} from "./helpers.js";

/** Messages go through real bytes from the smithy encoder and our decoder. */
const viaBytes = (m: EventMessage) => decodeMessage(smithyEncode(m));

test("event: header members converted to member types, other members from the parsed body", () => {
  const model = testModel();
  const at = new Date("2025-01-02T03:04:05.678Z");
  const msg = viaBytes({
    headers: eventHeaders("Stats", {
      id: { type: "string", value: "abc" },
      at: { type: "timestamp", value: at },
      flag: { type: "boolean", value: false },
      raw: { type: "binary", value: Uint8Array.of(1, 2, 3) },
      count: { type: "integer", value: -7 },
      big: { type: "long", value: 1234567890123n },
      huge: { type: "long", value: 2n ** 62n },
      unrelated: { type: "string", value: "ignored" },
    }),
    body: utf8(JSON.stringify({ name: "n", bytes: 42 })),
  });
  const ev = decodeEvent(model, msg);
  assert.deepEqual(ev, {
    Stats: {
      id: "abc",
      at,
      flag: false,
      raw: Uint8Array.of(1, 2, 3),
      count: -7,
      big: 1234567890123, // safe long -> number
      huge: 2n ** 62n, // unsafe long stays exact as bigint
      name: "n",
      bytes: 42,
    },
  });
  assert.ok((ev as { Stats: { at: unknown } }).Stats.at instanceof Date);
  assert.deepEqual(model.parsed, ["StatsEvent"]);
});

test("event: a timestamp member sent as a long header (epoch ms) becomes a Date", () => {
  const msg = viaBytes({ headers: eventHeaders("Stats", { at: { type: "long", value: 86_400_000n } }), body: new Uint8Array(0) });
  assert.deepEqual(decodeEvent(testModel(), msg), { Stats: { at: new Date(86_400_000) } });
});

test("event: eventPayload blob is the raw body, the body is not parsed", () => {
  const model = testModel();
  const ev = decodeEvent(model, decodeMessage(recordFrame(5, Uint8Array.of(0, 255, 1))));
  assert.deepEqual(ev, { Records: { seq: 5, payload: Uint8Array.of(0, 255, 1) } });
  assert.deepEqual(model.parsed, []);
});

test("event: eventPayload string is utf-8 text; structure payload goes to parseBody with the payload's target", () => {
  const model = testModel();
  assert.deepEqual(decodeEvent(model, viaBytes({ headers: eventHeaders("Text"), body: utf8("héllo") })), { Text: { text: "héllo" } });
  assert.deepEqual(decodeEvent(model, viaBytes({ headers: eventHeaders("Details"), body: utf8('{"a":1,"b":"x"}') })), {
    Details: { details: { a: 1, b: "x" } },
  });
  assert.deepEqual(model.parsed, ["Details"]);
});

test("event: empty structure event and a non-structure union member", () => {
  const model = testModel();
  assert.deepEqual(decodeEvent(model, viaBytes({ headers: eventHeaders("End"), body: new Uint8Array(0) })), { End: {} });
  assert.deepEqual(decodeEvent(model, viaBytes({ headers: eventHeaders("RawBlob"), body: Uint8Array.of(9) })), {
    RawBlob: Uint8Array.of(9),
  });
  assert.deepEqual(model.parsed, []);
});

test("event: unknown :event-type is kept as $unknown with the raw message", () => {
  const msg = viaBytes({ headers: eventHeaders("FutureEvent"), body: utf8("{}") });
  const ev = decodeEvent(testModel(), msg);
  assert.deepEqual(ev, { $unknown: ["FutureEvent", msg] });
  // a name that exists on Object.prototype is unknown too, not a crash
  assert.ok("$unknown" in decodeEvent(testModel(), viaBytes({ headers: eventHeaders("toString"), body: new Uint8Array(0) })));
});

test("exception: a modeled :exception-type throws modelError with body and header fields", () => {
  const msg = decodeMessage(exceptionFrame("BadRequest", { message: "no good" }, { reason: { type: "string", value: "because" } }));
  assert.throws(
    () => decodeEvent(testModel(), msg),
    (e: unknown) =>
      e instanceof ModeledError &&
      e.memberName === "BadRequest" &&
      e.fields.message === "no good" &&
      e.fields.reason === "because" &&
      e.eventMessage === msg,
  );
});

test("exception: an unmodeled :exception-type throws EventStreamServiceError", () => {
  const msg = decodeMessage(exceptionFrame("Throttled", { message: "slow down" }));
  assert.throws(
    () => decodeEvent(testModel(), msg),
    (e: unknown) =>
      e instanceof EventStreamServiceError &&
      e.errorCode === "Throttled" &&
      e.messageType === "exception" &&
      e.message.includes("Throttled") &&
      e.message.includes("slow down"),
  );
});

test("error: :error-code / :error-message become an EventStreamServiceError", () => {
  const msg = decodeMessage(errorFrame("InternalFailure", "it broke"));
  assert.throws(
    () => decodeEvent(testModel(), msg),
    (e: unknown) =>
      e instanceof EventStreamServiceError &&
      e.errorCode === "InternalFailure" &&
      e.message === "it broke" &&
      e.messageType === "error" &&
      e.eventMessage === msg,
  );
});

test("protocol errors: missing or unknown :message-type, event without :event-type", () => {
  const model = testModel();
  assert.throws(() => decodeEvent(model, viaBytes({ headers: {}, body: new Uint8Array(0) })), EventStreamProtocolError);
  assert.throws(
    () => decodeEvent(model, viaBytes({ headers: { ":message-type": { type: "string", value: "weird" } }, body: new Uint8Array(0) })),
    (e: unknown) => e instanceof EventStreamProtocolError && e.message.includes("weird"),
  );
  assert.throws(
    () => decodeEvent(model, viaBytes({ headers: { ":message-type": { type: "string", value: "event" } }, body: new Uint8Array(0) })),
    EventStreamProtocolError,
  );
});

test("initial-request / initial-response are recognised; ordinary events and errors are not", () => {
  const ir = viaBytes({ headers: eventHeaders("initial-response"), body: utf8("{}") });
  const iq = viaBytes({ headers: eventHeaders("initial-request"), body: utf8("{}") });
  assert.equal(initialMessageType(ir), "initial-response");
  assert.equal(initialMessageType(iq), "initial-request");
  assert.equal(isInitialMessage(ir), true);
  assert.equal(initialMessageType(decodeMessage(recordFrame(1))), undefined);
  assert.equal(isInitialMessage(decodeMessage(errorFrame("X", "y"))), false);
});

test("eventDecoder binds a model", () => {
  const decode = eventDecoder(testModel());
  assert.deepEqual(decode(decodeMessage(recordFrame(1, Uint8Array.of(1)))), { Records: { seq: 1, payload: Uint8Array.of(1) } });
});

test("header members are read from own headers only (a member named like an Object.prototype key)", () => {
  const model = testModel();
  const base = model.structure.bind(model);
  model.structure = (t) =>
    t === "StatsEvent" ? { members: { constructor: { target: "String", eventHeader: true as const }, name: { target: "String" } } } : base(t);
  const ev = decodeEvent(model, viaBytes({ headers: eventHeaders("Stats"), body: utf8('{"name":"n"}') }));
  assert.deepEqual(ev, { Stats: { name: "n" } });
});
