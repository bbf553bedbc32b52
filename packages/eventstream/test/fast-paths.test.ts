// The decode fast paths (per-event-type plans in events.ts, the headers-section cache in codec.ts,
// the whole-frame path of MessageDecoder, the single CRC pass) against the general code they stand
// in for: same results on varied input, and not taken where they would differ.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DecodedFrame, decodeMessage, encodeMessage, Header, type EventMessage, type HeaderValue } from "../src/codec.js";
import { crc32 } from "../src/crc32.js";
import { MessageDecoder } from "../src/decoder.js";
import { decodeEvent, decodeEventFrame, type EventModel } from "../src/events.js";
import { EventStreamDecodeError } from "../src/errors.js";
import { allHeaderTypes, concat, errorFrame, eventHeaders, exceptionFrame, rng, smithyEncode, testModel, utf8 } from "./helpers.js";

// ---------------------------------------------------------------- reference: the mapping before plans
function refMemberValue(model: EventModel, target: string, message: EventMessage): unknown {
  const shape = model.typeOf(target) === "structure" ? model.structure(target) : undefined;
  if (shape === undefined) return refPayload(model, target, message.body);
  const out: Record<string, unknown> = {};
  let payloadMember: [string, string] | undefined;
  let hasBodyMembers = false;
  for (const [name, m] of Object.entries(shape.members)) {
    if (m.eventHeader) {
      const h = Object.hasOwn(message.headers, name) ? message.headers[name] : undefined;
      if (h !== undefined) out[name] = refHeader(model.typeOf(m.target), h);
    } else if (m.eventPayload) payloadMember = [name, m.target];
    else hasBodyMembers = true;
  }
  if (payloadMember !== undefined) {
    const v = refPayload(model, payloadMember[1], message.body);
    if (v !== undefined) out[payloadMember[0]] = v;
  } else if (hasBodyMembers && message.body.length > 0) {
    const parsed = model.parseBody(target, message.body);
    if (parsed !== null && typeof parsed === "object") {
      for (const [k, v] of Object.entries(parsed)) if (!Object.hasOwn(out, k)) out[k] = v;
    }
  }
  return out;
}
function refPayload(model: EventModel, target: string, body: Uint8Array): unknown {
  switch (model.typeOf(target)) {
    case "blob":
      return body;
    case "string":
    case "enum":
      return new TextDecoder().decode(body);
    default:
      return body.length > 0 ? model.parseBody(target, body) : undefined;
  }
}
function refHeader(memberType: string, h: HeaderValue): unknown {
  const v = h.value;
  switch (memberType) {
    case "timestamp":
      return v instanceof Date ? v : typeof v === "bigint" ? new Date(Number(v)) : v;
    case "long":
      return typeof v === "bigint" ? (Number.isSafeInteger(Number(v)) ? Number(v) : v) : v;
    case "integer":
      return typeof v === "bigint" ? Number(v) : v;
    default:
      return v;
  }
}

/** Same own keys in the same order, same prototypes, all the way down (deepEqual ignores key order). */
function sameShape(a: unknown, b: unknown, path = "$"): void {
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object" || a instanceof Uint8Array || a instanceof Date) return;
  assert.equal(Object.getPrototypeOf(a), Object.getPrototypeOf(b), `${path}: prototype`);
  assert.deepEqual(Reflect.ownKeys(a), Reflect.ownKeys(b), `${path}: keys in order`);
  for (const k of Object.keys(a)) sameShape((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
}

const bodies = [
  {},
  { name: "n", bytes: 5 },
  { bytes: 1, name: "reordered", extra: { deep: [1, null] } },
  { name: null },
  { id: "from-body-loses-to-header", name: "x" },
  { a: 1, b: "two", c: [true] },
];

test("plans: decodeEvent gives the general mapping's result on varied events and models", () => {
  const r = rng(7);
  const kinds = ["Stats", "Records", "Text", "Details", "End", "RawBlob"];
  for (let i = 0; i < 400; i++) {
    const model = testModel();
    const kind = kinds[i % kinds.length]!;
    const extra: Record<string, HeaderValue> = {};
    if (r() < 0.5) extra.id = Header.string(`id-${i}`);
    if (r() < 0.5) extra.at = Header.timestamp(new Date(1_700_000_000_000 + i));
    if (r() < 0.5) extra.count = Header.integer(i);
    if (r() < 0.5) extra.big = Header.long(2n ** 60n + BigInt(i));
    if (r() < 0.3) extra.seq = Header.integer(i);
    const bodyValue = bodies[Math.floor(r() * bodies.length)];
    const body = kind === "Records" || kind === "RawBlob" ? utf8(`raw-${i}`) : r() < 0.1 ? new Uint8Array(0) : utf8(JSON.stringify(bodyValue));
    const message = decodeMessage(smithyEncode({ headers: eventHeaders(kind, extra), body }));
    const got = decodeEvent(model, message) as Record<string, unknown>;
    const want = { [kind]: refMemberValue(testModel(), model.events[kind]!.target, message) };
    assert.deepEqual(got, want, `event ${i} (${kind})`);
    sameShape(got, want);
  }
});

test("plans: a parsed body is returned as is only when it is a plain object; otherwise copied as before", () => {
  const weird: unknown[] = [
    Object.assign(Object.create(null), { name: "null-proto" }),
    JSON.parse('{"__proto__": {"polluted": true}, "name": "own __proto__ key"}'),
    [1, 2, 3],
    new (class Custom {
      name = "class instance";
    })(),
    "a string",
    42,
    null,
  ];
  for (const value of weird) {
    const model: EventModel = { ...testModel(), parseBody: () => value };
    const message = decodeMessage(smithyEncode({ headers: eventHeaders("Stats"), body: utf8("{}") }));
    const got = decodeEvent(model, message) as { Stats: unknown };
    const want = refMemberValue(model, "StatsEvent", message);
    assert.deepEqual(got.Stats, want);
    sameShape(got.Stats, want);
    assert.equal(Object.getPrototypeOf(got.Stats), Object.getPrototypeOf(want));
  }
  // the plain case: the parser's fresh object itself
  const fresh = { name: "n" };
  const model: EventModel = { ...testModel(), parseBody: () => fresh };
  const message = decodeMessage(smithyEncode({ headers: eventHeaders("Stats"), body: utf8("{}") }));
  assert.deepEqual((decodeEvent(model, message) as { Stats: unknown }).Stats, { name: "n" });
});

test("plans: models sharing a cacheKey share plans, but each model's own parseBody is called", () => {
  const key = {};
  const a = { ...testModel(), cacheKey: key };
  const b = { ...testModel(), cacheKey: key };
  const message = decodeMessage(smithyEncode({ headers: eventHeaders("Stats"), body: utf8('{"name":"x"}') }));
  decodeEvent(a, message);
  decodeEvent(b, message);
  decodeEvent(b, message);
  assert.deepEqual(a.parsed, ["StatsEvent"]);
  assert.deepEqual(b.parsed, ["StatsEvent", "StatsEvent"]);
  // an event name the model does not know stays unknown, and is not remembered as such
  const unknown = decodeMessage(smithyEncode({ headers: eventHeaders("Later"), body: utf8("{}") }));
  assert.ok("$unknown" in (decodeEvent(a, unknown) as object));
  const grown: EventModel = { ...a, events: { ...a.events, Later: { target: "EndEvent" } }, cacheKey: {} };
  assert.deepEqual(decodeEvent(grown, unknown), { Later: {} });
});

test("plans: an event named __proto__ is an own property, as with a computed key", () => {
  const model: EventModel = { ...testModel(), events: { ["__proto__"]: { target: "EndEvent" } } };
  Object.defineProperty(model.events, "__proto__", { value: { target: "EndEvent" }, enumerable: true });
  const message = decodeMessage(smithyEncode({ headers: eventHeaders("__proto__"), body: new Uint8Array(0) }));
  const got = decodeEvent(model, message) as Record<string, unknown>;
  assert.ok(Object.hasOwn(got, "__proto__"));
  assert.equal(Object.getPrototypeOf(got), Object.prototype);
});

// ---------------------------------------------------------------- headers-section cache
test("headers cache: a repeated section gives fresh, independent header objects equal to a full parse", () => {
  const headers = { ...eventHeaders("Stats"), n: Header.long(2n ** 62n), b: Header.boolean(true), u: Header.uuid("00112233-4455-6677-8899-aabbccddeeff") };
  const frame = encodeMessage({ headers, body: utf8("{}") });
  const first = decodeMessage(frame);
  const second = decodeMessage(frame);
  assert.deepEqual(first.headers, headers);
  assert.deepEqual(second.headers, headers);
  assert.notEqual(first.headers, second.headers);
  assert.notEqual(first.headers[":event-type"], second.headers[":event-type"]);
  // mutating one message's headers leaves the next one's alone
  (first.headers[":event-type"] as { value: string }).value = "Mutated";
  first.headers.extra = Header.string("added");
  const third = decodeMessage(frame);
  assert.deepEqual(third.headers, headers);
  assert.deepEqual(Object.keys(third.headers), Object.keys(headers));
});

test("headers cache: sections with mutable values (timestamp, bytes) are never shared", () => {
  const all = allHeaderTypes();
  const frame = encodeMessage({ headers: all, body: new Uint8Array(0) });
  const a = decodeMessage(frame);
  const b = decodeMessage(frame);
  assert.deepEqual(a.headers, all);
  assert.deepEqual(b.headers, all);
  for (const [name, h] of Object.entries(a.headers)) {
    if (h.value !== null && typeof h.value === "object") assert.notEqual(h.value, b.headers[name]!.value, name);
  }
});

test("headers cache: many distinct sections (slot collisions) decode exactly", () => {
  const r = rng(3);
  const frames: Uint8Array[] = [];
  const want: Record<string, HeaderValue>[] = [];
  for (let i = 0; i < 300; i++) {
    const h: Record<string, HeaderValue> = eventHeaders(`E${Math.floor(r() * 40)}`);
    if (r() < 0.5) h.k = Header.integer(Math.floor(r() * 4));
    if (r() < 0.3) h.z = Header.string("z".repeat(Math.floor(r() * 5)));
    frames.push(encodeMessage({ headers: h, body: utf8(String(i)) }));
    want.push(h);
  }
  for (let pass = 0; pass < 2; pass++) frames.forEach((f, i) => assert.deepEqual(decodeMessage(f).headers, want[i], `frame ${i}`));
});

// ---------------------------------------------------------------- decoder fast path and the CRC pass
test("decoder: whole frames in one chunk decode like frames fed a byte at a time", () => {
  const messages = Array.from({ length: 50 }, (_, i) => ({ headers: eventHeaders(`E${i % 3}`, { i: Header.integer(i) }), body: utf8(`{"i":${i}}`) }));
  const bytes = concat(messages.map((m) => encodeMessage(m)));
  const whole = new MessageDecoder().decode(bytes);
  const d = new MessageDecoder();
  const bytewise: EventMessage[] = [];
  for (let i = 0; i < bytes.length; i++) bytewise.push(...d.decode(bytes.subarray(i, i + 1)));
  assert.deepEqual(whole, messages);
  assert.deepEqual(bytewise, messages);
});

test("decoder: a corrupt prelude or message CRC in a whole chunk reports the same error as decodeMessage", () => {
  const good = encodeMessage({ headers: eventHeaders("A"), body: utf8('{"x":1}') });
  for (const at of [0, 3, 5, 9, 12, good.length - 6, good.length - 1]) {
    const bad = good.slice();
    bad[at] ^= 0x40;
    let expected: unknown;
    try {
      decodeMessage(bad);
    } catch (e) {
      expected = e;
    }
    const d = new MessageDecoder();
    d.push(concat([good, bad, good]));
    assert.deepEqual(d.next(), decodeMessage(good));
    let got: unknown;
    try {
      // a corrupted length may also just leave the decoder waiting for more bytes
      if (d.next() === null) d.end();
    } catch (e) {
      got = e;
    }
    assert.ok(got instanceof EventStreamDecodeError, `byte ${at}: ${String(got)}`);
    if (at >= 12 || at === 9) assert.equal((got as Error).message, (expected as Error).message, `byte ${at}`);
    assert.throws(() => d.next(), (e) => e === got, "errors stay sticky");
  }
});

test("message CRC: one pass over the whole frame accepts exactly the frames whose CRC matches", () => {
  const r = rng(11);
  for (let i = 0; i < 300; i++) {
    const body = new Uint8Array(Math.floor(r() * 300));
    for (let k = 0; k < body.length; k++) body[k] = Math.floor(r() * 256);
    const frame = encodeMessage({ headers: { n: Header.integer(i) }, body });
    assert.deepEqual(decodeMessage(frame).body, body);
    const bad = frame.slice();
    const at = 12 + Math.floor(r() * (bad.length - 12));
    bad[at] ^= 1 << Math.floor(r() * 8);
    assert.throws(
      () => decodeMessage(bad),
      (e: unknown) => {
        if (!(e instanceof EventStreamDecodeError)) return false;
        if (at >= bad.length - 4) return /Message checksum mismatch/.test(e.message);
        const computed = "0x" + crc32(bad.subarray(0, bad.length - 4)).toString(16).padStart(8, "0");
        return e.message.includes(`computed ${computed}`);
      },
      `frame ${i}, byte ${at}`,
    );
  }
});

// ---------------------------------------------------------------- frames without messages (DecodedFrame)
/** The outcome of a decode: its value, or the thrown error's class, name and message. */
function outcome(f: () => unknown): unknown {
  try {
    return { value: f() };
  } catch (e) {
    const err = e as Error;
    return { error: [err.constructor.name, err.name, err.message] };
  }
}

test("frames: decodeEventFrame gives decodeEvent's result (or error) for every kind of message", () => {
  const r = rng(23);
  const rangeModel = (): EventModel => {
    const m = testModel();
    return { ...m, parseBodyRange: (t, bytes, start, end) => m.parseBody(t, bytes.subarray(start, end)) };
  };
  const frames: Uint8Array[] = [];
  const kinds = ["Stats", "Plain", "Records", "Text", "Details", "End", "RawBlob", "Plain", "NotInTheModel", "__proto__", "constructor"];
  for (let i = 0; i < 300; i++) {
    const kind = kinds[i % kinds.length]!;
    const extra: Record<string, HeaderValue> = {};
    if (r() < 0.4) extra.id = Header.string(`id-${i % 7}`);
    if (r() < 0.3) extra.at = Header.timestamp(new Date(1_700_000_000_000 + i));
    if (r() < 0.3) extra.count = Header.integer(i % 5);
    const bodyValue = bodies[Math.floor(r() * bodies.length)];
    const body = kind === "Records" || kind === "RawBlob" ? utf8(`raw-${i}`) : r() < 0.1 ? new Uint8Array(0) : utf8(JSON.stringify(bodyValue));
    frames.push(smithyEncode({ headers: eventHeaders(kind, extra), body }));
  }
  frames.push(exceptionFrame("BadRequest", { message: "modeled" }), exceptionFrame("Unmodeled", { message: "x" }), errorFrame("Throttled", "slow down"));
  frames.push(smithyEncode({ headers: { ":message-type": Header.string("event") }, body: utf8("{}") }));
  frames.push(smithyEncode({ headers: { ":event-type": Header.string("Stats") }, body: utf8("{}") }));
  frames.push(smithyEncode({ headers: { ":message-type": Header.integer(1), ":event-type": Header.string("Stats") }, body: utf8("{}") }));
  frames.push(smithyEncode({ headers: { ":message-type": Header.string("event"), ":event-type": Header.binary(utf8("Stats")) }, body: utf8("{}") }));
  const d = new MessageDecoder();
  d.push(concat(frames));
  const frame = new DecodedFrame();
  for (let i = 0; i < frames.length; i++) {
    assert.ok(d.nextInto(frame), `frame ${i}`);
    const message = decodeMessage(frames[i]!);
    for (const model of [testModel(), rangeModel()]) {
      const got = outcome(() => decodeEventFrame(model, frame));
      const want = outcome(() => decodeEvent(model, message));
      assert.deepEqual(got, want, `frame ${i}`);
      if ((got as { value?: unknown }).value !== undefined) sameShape((got as { value: unknown }).value, (want as { value: unknown }).value);
    }
    // the message a frame builds is the one decodeMessage gives; a shared section gives fresh header
    // objects each time (a section with a timestamp or bytes is never shared: the frame keeps its own parse)
    const a = frame.message();
    const b = frame.message();
    assert.deepEqual(a, message);
    if (!Object.values(a.headers).some((h) => h.type === "timestamp" || h.type === "binary")) {
      assert.notEqual(a.headers, b.headers);
      for (const name of Object.keys(a.headers)) assert.notEqual(a.headers[name], b.headers[name]);
    }
  }
  assert.equal(d.nextInto(frame), false);
});

test("frames: the body is a view into the frame, made once, and a parseBodyRange model never needs it", () => {
  const frameBytes = smithyEncode({ headers: eventHeaders("Plain"), body: utf8('{"name":"n","bytes":3}') });
  const d = new MessageDecoder();
  d.push(frameBytes);
  const frame = new DecodedFrame();
  assert.ok(d.nextInto(frame));
  assert.equal(frame.eventType, "Plain");
  assert.equal(frame.messageType, "event");
  assert.equal(frame.exceptionType, undefined);
  const body = frame.body;
  assert.equal(frame.body, body, "made once");
  assert.equal(body.buffer, frameBytes.buffer, "a view, not a copy");
  assert.equal(new TextDecoder().decode(body), '{"name":"n","bytes":3}');
  let ranges = 0;
  const base = testModel();
  const model: EventModel = {
    ...base,
    parseBody: () => assert.fail("parseBody must not be called when parseBodyRange exists"),
    parseBodyRange: (t, bytes, start, end) => {
      ranges++;
      return base.parseBody(t, bytes.subarray(start, end));
    },
  };
  assert.deepEqual(decodeEventFrame(model, frame), { Plain: { name: "n", bytes: 3 } });
  assert.equal(ranges, 1);
});
