import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { crc32, crc32Portable } from "../src/crc32.js";
import { decodeMessage, encodeMessage, readPrelude, Header, type HeaderValue, type EventMessage } from "../src/codec.js";
import { MessageDecoder } from "../src/decoder.js";
import { EventStreamDecodeError, EventStreamEncodeError, EventStreamTruncatedError } from "../src/errors.js";
import {
  allHeaderTypes,
  concat,
  fromSmithyHeaders,
  rawFrame,
  rng,
  smithy,
  smithyEncode,
  split,
  utf8,
  type SplitMode,
} from "./helpers.js";

const VECTORS = fileURLToPath(new URL("../../../../shared/corpora/eventstream/test_vectors/", import.meta.url));

test("crc32: native and portable agree, and match the well-known check value", () => {
  assert.equal(crc32(utf8("123456789")), 0xcbf43926);
  assert.equal(crc32Portable(utf8("123456789")), 0xcbf43926);
  const r = rng(7);
  for (let n = 0; n < 300; n += 7) {
    const b = Uint8Array.from({ length: n }, () => Math.floor(r() * 256));
    assert.equal(crc32(b), crc32Portable(b));
    // running checksum over two slices equals the one-shot checksum
    const k = n >> 1;
    assert.equal(crc32(b.subarray(k), crc32(b.subarray(0, k))), crc32(b));
    assert.equal(crc32Portable(b.subarray(k), crc32Portable(b.subarray(0, k))), crc32(b));
  }
});

// ---- conformance vectors -------------------------------------------------

const TYPE_NAMES: Record<number, HeaderValue["type"]> = {
  0: "boolean",
  1: "boolean",
  2: "byte",
  3: "short",
  4: "integer",
  5: "long",
  6: "binary",
  7: "string",
  8: "timestamp",
  9: "uuid",
};
const b64 = (s: string) => new Uint8Array(Buffer.from(s, "base64"));

/** The vector's JSON header value in our representation. */
function expectedHeader(h: { type: number; value: unknown }): HeaderValue {
  const type = TYPE_NAMES[h.type]!;
  switch (type) {
    case "long":
      return { type, value: BigInt(h.value as number) };
    case "binary":
      return { type, value: b64(h.value as string) };
    case "string":
      return { type, value: new TextDecoder().decode(b64(h.value as string)) };
    case "timestamp":
      return { type, value: new Date(h.value as number) };
    case "uuid":
      return { type, value: Buffer.from(b64(h.value as string)).toString("hex").replace(/^(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-") };
    default:
      return { type, value: h.value } as HeaderValue;
  }
}

test("conformance: every positive vector decodes exactly, and re-encodes to the same bytes", () => {
  const names = readdirSync(VECTORS + "encoded/positive").sort();
  assert.ok(names.length >= 5, "positive vectors present");
  let passed = 0;
  for (const name of names) {
    const bytes = new Uint8Array(readFileSync(VECTORS + "encoded/positive/" + name));
    const want = JSON.parse(readFileSync(VECTORS + "decoded/positive/" + name, "utf8"));
    // CRCs in the JSON are signed 32-bit numbers; ours are unsigned.
    const prelude = readPrelude(bytes);
    assert.equal(prelude.totalLength, want.total_length, name);
    assert.equal(prelude.headersLength, want.headers_length, name);
    assert.equal(prelude.preludeCrc, want.prelude_crc >>> 0, name);
    assert.equal(new DataView(bytes.buffer).getUint32(bytes.length - 4), want.message_crc >>> 0, name);

    const wantHeaders: Record<string, HeaderValue> = {};
    for (const h of want.headers) wantHeaders[h.name] = expectedHeader(h);
    const wantBody = b64(want.payload);

    for (const mode of ["whole", "bytes", "random"] as SplitMode[]) {
      const d = new MessageDecoder();
      const got = split(bytes, mode).flatMap((c) => d.decode(c));
      d.end();
      assert.equal(got.length, 1, `${name}/${mode}`);
      assert.deepEqual(got[0]!.headers, wantHeaders, `${name}/${mode}`);
      assert.deepEqual(got[0]!.body, wantBody, `${name}/${mode}`);
    }
    const m = decodeMessage(bytes);
    assert.deepEqual(m.headers, wantHeaders, name);
    // Our encoder produces the exact vector bytes from the decoded message.
    assert.deepEqual(encodeMessage(m), bytes, `${name} re-encodes byte-for-byte`);
    passed++;
  }
  console.log(`# eventstream positive vectors: ${passed}/${names.length} passed`);
  assert.equal(passed, names.length);
});

test("conformance: every negative vector is rejected with the expected error", () => {
  const names = readdirSync(VECTORS + "encoded/negative").sort();
  assert.ok(names.length >= 4, "negative vectors present");
  let passed = 0;
  for (const name of names) {
    const bytes = new Uint8Array(readFileSync(VECTORS + "encoded/negative/" + name));
    const wantText = readFileSync(VECTORS + "decoded/negative/" + name, "utf8").trim();
    const matches = (e: unknown) => e instanceof EventStreamDecodeError && e.message.includes(wantText);
    assert.throws(() => decodeMessage(bytes), matches, `${name} (decodeMessage)`);
    for (const mode of ["whole", "bytes", "random"] as SplitMode[]) {
      const d = new MessageDecoder();
      assert.throws(
        () => {
          for (const c of split(bytes, mode)) d.decode(c);
          d.end();
        },
        matches,
        `${name}/${mode}`,
      );
    }
    passed++;
  }
  console.log(`# eventstream negative vectors: ${passed}/${names.length} rejected as expected`);
  assert.equal(passed, names.length);
});

test("errors name the expected and actual values", () => {
  const bytes = encodeMessage({ headers: { a: Header.string("b") }, body: utf8("x") });
  const badPrelude = bytes.slice();
  badPrelude[9] ^= 1;
  assert.throws(
    () => decodeMessage(badPrelude),
    (e: EventStreamDecodeError) => e.code === "PreludeCrcMismatch" && /expected 0x[0-9a-f]{8}.*computed 0x[0-9a-f]{8}/.test(e.message),
  );
  const badBody = bytes.slice();
  badBody[bytes.length - 5] ^= 1;
  assert.throws(
    () => decodeMessage(badBody),
    (e: EventStreamDecodeError) => e.code === "MessageCrcMismatch" && /expected 0x[0-9a-f]{8}.*computed 0x[0-9a-f]{8}/.test(e.message),
  );
});

// ---- round trips against an encoder/decoder we did not write ---------------

test("round trip: smithy encoder -> our decoder, every header type", () => {
  const m: EventMessage = { headers: allHeaderTypes(), body: utf8('{"hello":"world"}') };
  const bytes = smithyEncode(m);
  const got = decodeMessage(bytes);
  assert.deepEqual(got.headers, m.headers);
  assert.deepEqual(got.body, m.body);
});

test("round trip: our encoder -> smithy decoder, every header type; bytes identical to smithy's", () => {
  const m: EventMessage = { headers: allHeaderTypes(), body: utf8('{"hello":"world"}') };
  const ours = encodeMessage(m);
  const theirs = smithy.decode(ours);
  assert.deepEqual(fromSmithyHeaders(theirs.headers), m.headers);
  assert.deepEqual(new Uint8Array(theirs.body), m.body);
  assert.deepEqual(ours, smithyEncode(m));
});

test("round trip: each header type alone, and empty messages", () => {
  for (const [k, v] of Object.entries(allHeaderTypes())) {
    const m = { headers: { [k]: v }, body: new Uint8Array(0) };
    assert.deepEqual(decodeMessage(smithyEncode(m)).headers, m.headers, k);
    assert.deepEqual(fromSmithyHeaders(smithy.decode(encodeMessage(m)).headers), m.headers, k);
  }
  const empty = decodeMessage(encodeMessage({}));
  assert.deepEqual(empty, { headers: {}, body: new Uint8Array(0) });
});

test("encoder accepts a safe-integer number for long and rejects out-of-range values", () => {
  const m = decodeMessage(encodeMessage({ headers: { n: { type: "long", value: 2 ** 53 - 1 } } }));
  assert.deepEqual(m.headers.n, { type: "long", value: 2n ** 53n - 1n });
  const bad: [string, HeaderValue | { type: "long"; value: number }][] = [
    ["byte", { type: "byte", value: 128 }],
    ["short", { type: "short", value: -32769 }],
    ["int", { type: "integer", value: 1.5 }],
    ["long", { type: "long", value: 2n ** 63n }],
    ["long-number", { type: "long", value: 2 ** 60 }],
    ["str", { type: "string", value: "x".repeat(32768) }],
    ["uuid", { type: "uuid", value: "not-a-uuid" }],
    ["ts", { type: "timestamp", value: new Date(NaN) }],
  ];
  for (const [name, h] of bad) assert.throws(() => encodeMessage({ headers: { [name]: h } }), EventStreamEncodeError, name);
  assert.throws(() => encodeMessage({ headers: { ["n".repeat(256)]: Header.boolean(true) } }), EventStreamEncodeError);
});

// ---- incremental decoder ---------------------------------------------------

function stream(count: number, seed = 1): { messages: EventMessage[]; bytes: Uint8Array } {
  const r = rng(seed);
  const messages: EventMessage[] = [];
  for (let i = 0; i < count; i++) {
    const body = Uint8Array.from({ length: Math.floor(r() * 300) }, () => Math.floor(r() * 256));
    messages.push({ headers: { ":event-type": Header.string("E"), i: Header.integer(i) }, body });
  }
  // alternate encoders so both producers are exercised in one stream
  return { messages, bytes: concat(messages.map((m, i) => (i % 2 ? smithyEncode(m) : encodeMessage(m)))) };
}

test("MessageDecoder: many messages, whole / 1-byte / random splits (several seeds)", () => {
  const { messages, bytes } = stream(200);
  const runs: [SplitMode, number, number][] = [
    ["whole", 0, 0],
    ["bytes", 0, 0],
    ["random", 1, 16],
    ["random", 2, 700],
    ["random", 3, 5000],
  ];
  for (const [mode, seed, max] of runs) {
    const d = new MessageDecoder();
    const got: EventMessage[] = [];
    for (const c of split(bytes, mode, seed, max)) got.push(...d.decode(c));
    d.end();
    assert.equal(got.length, messages.length, `${mode}/${seed}`);
    assert.deepEqual(got, messages, `${mode}/${seed}`);
    assert.equal(d.bufferedBytes, 0);
  }
});

test("MessageDecoder: a chunk holding whole messages is decoded without copying", () => {
  const { bytes } = stream(10);
  const got = new MessageDecoder().decode(bytes);
  assert.equal(got.length, 10);
  for (const m of got) if (m.body.length) assert.equal(m.body.buffer, bytes.buffer, "body is a view of the chunk");
});

test("MessageDecoder: bodies are plain Uint8Array even when fed Buffers", () => {
  const [m] = new MessageDecoder().decode(Buffer.from(encodeMessage({ body: utf8("abc") })));
  assert.equal(m!.body.constructor, Uint8Array);
});

test("MessageDecoder: 1-byte pushes of a large message are linear (would hang if quadratic)", { timeout: 20_000 }, () => {
  const big = new Uint8Array(2 * 1024 * 1024).map((_, i) => i & 0xff);
  const bytes = encodeMessage({ headers: { k: Header.string("v") }, body: big });
  const d = new MessageDecoder();
  let got: EventMessage | null = null;
  for (let i = 0; i < bytes.length; i++) {
    d.push(bytes.subarray(i, i + 1));
    // poll like a real reader would after every chunk
    if (i % 4096 === 0 || i === bytes.length - 1) got = d.next() ?? got;
  }
  assert.ok(got);
  assert.deepEqual(got.body, big);
});

test("MessageDecoder: truncation at end of stream is an EventStreamTruncatedError naming sizes", () => {
  const bytes = encodeMessage({ headers: { a: Header.integer(1) }, body: utf8("hello") });
  for (const cut of [1, 11, 12, 20, bytes.length - 1]) {
    const d = new MessageDecoder();
    assert.deepEqual(d.decode(bytes.subarray(0, cut)), []);
    assert.throws(
      () => d.end(),
      (e: unknown) =>
        e instanceof EventStreamTruncatedError &&
        e instanceof EventStreamDecodeError &&
        e.code === "Truncated" &&
        e.message.includes(String(cut)) &&
        (cut < 12 || e.message.includes(String(bytes.length))),
      `cut at ${cut}`,
    );
  }
  const d = new MessageDecoder();
  d.decode(bytes);
  d.end(); // clean end after a whole message does not throw
});

test("MessageDecoder: bad lengths, headers too long, malformed headers (CRCs valid)", () => {
  const cases: [string, Uint8Array, string][] = [
    ["total below minimum", rawFrame({ totalLength: 15, headersLength: 0, headers: new Uint8Array(0) }), "InvalidLength"],
    ["headers exceed total", rawFrame({ headersLength: 5, headers: new Uint8Array(0), body: new Uint8Array(4) }), "InvalidLength"],
    ["headers over 128 KiB", rawFrame({ headersLength: 128 * 1024 + 1, totalLength: 200_000, headers: new Uint8Array(0) }), "HeadersTooLong"],
    ["total over 16 MiB", rawFrame({ totalLength: 16 * 1024 * 1024 + 1, headersLength: 0, headers: new Uint8Array(0) }), "InvalidLength"],
    ["unknown header type", rawFrame({ headersLength: 3, headers: Uint8Array.of(1, 0x61, 10) }), "InvalidHeader"],
    ["header value overruns", rawFrame({ headersLength: 4, headers: Uint8Array.of(1, 0x61, 4, 0) }), "InvalidHeader"],
    ["header name overruns", rawFrame({ headersLength: 2, headers: Uint8Array.of(5, 0x61) }), "InvalidHeader"],
    ["empty header name", rawFrame({ headersLength: 2, headers: Uint8Array.of(0, 0) }), "InvalidHeader"],
    ["invalid utf-8 string", rawFrame({ headersLength: 6, headers: Uint8Array.of(1, 0x61, 7, 0, 1, 0xff) }), "InvalidHeader"],
  ];
  for (const [what, bytes, code] of cases) {
    const d = new MessageDecoder();
    assert.throws(
      () => {
        d.decode(bytes);
        d.end();
      },
      (e: unknown) => e instanceof EventStreamDecodeError && e.code === code,
      what,
    );
    // sticky: the decoder does not resume mid-garbage
    assert.throws(() => d.next(), EventStreamDecodeError, what);
  }
});

test("MessageDecoder: maxMessageLength option bounds buffering", () => {
  const bytes = encodeMessage({ body: new Uint8Array(1000) });
  const d = new MessageDecoder({ maxMessageLength: 500 });
  assert.throws(() => d.decode(bytes.subarray(0, 12)), (e: EventStreamDecodeError) => e.code === "InvalidLength" && /1016.*500/.test(e.message));
});

test("header strings: thousands of distinct short ASCII names/values (intern table collisions) decode exactly", () => {
  const r = rng(99);
  const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:-_./";
  const word = () => Array.from({ length: 1 + Math.floor(r() * 40) }, () => chars[Math.floor(r() * chars.length)]).join("");
  const pool = Array.from({ length: 3000 }, word);
  for (let i = 0; i < 2000; i++) {
    const headers: Record<string, HeaderValue> = {};
    for (let k = 0; k < 4; k++) headers[pool[Math.floor(r() * pool.length)]!] = Header.string(pool[Math.floor(r() * pool.length)]!);
    headers[":event-type"] = Header.string("Repeated");
    const got = decodeMessage(smithyEncode({ headers, body: new Uint8Array(0) })).headers;
    assert.deepEqual(got, headers);
  }
});

test("a header named __proto__ is an ordinary header, not a prototype change", () => {
  const bytes = rawFrame({ headersLength: 12, headers: Uint8Array.of(9, ...utf8("__proto__"), 4, 0) });
  assert.equal(bytes.length, 28);
  const fixed = rawFrame({ headersLength: 15, headers: Uint8Array.of(9, ...utf8("__proto__"), 4, 0, 0, 0, 5) });
  const m = decodeMessage(fixed);
  assert.equal(Object.getPrototypeOf(m.headers), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(m.headers, "__proto__")?.value, { type: "integer", value: 5 });
  assert.throws(() => decodeMessage(bytes), (e: EventStreamDecodeError) => e.code === "InvalidHeader");
});
