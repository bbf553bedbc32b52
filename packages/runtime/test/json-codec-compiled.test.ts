// compileFromJson (the event-body fast path) against fromJson: on varied values — valid ones,
// unknown keys, nulls, __proto__ keys, defaults, wrong types — it gives fromJson's exact result
// (same keys in the same order, same values) or FALLBACK where fromJson throws, and it converts
// (never passes through) the members that need converting.
import assert from "node:assert/strict";
import { test } from "node:test";
import { FALLBACK, compileFromJson, fromJson, type JsonOptions } from "../src/protocols/json-codec.js";
import { restJson1 } from "../src/protocols/rest-json.js";
import type { ShapeSchema } from "../src/schema.js";
import { JSON_SHAPES, service } from "./support/schema-fixtures.js";

const SHAPES: Record<string, ShapeSchema> = {
  ...JSON_SHAPES,
  WithDefaults: {
    type: "structure",
    members: {
      withDefault: { target: "integer", default: 7 },
      listDefault: { target: "StringList", default: [] },
      required: { target: "string", required: true },
      requiredList: { target: "StringList", required: true },
      requiredOptional: { target: "integer", required: true, clientOptional: true },
      requiredUnion: { target: "Choice", required: true },
      constructor: { target: "string" },
      plain: { target: "string" },
    },
  },
  Tree: { type: "structure", members: { value: { target: "integer" }, kids: { target: "TreeList" }, at: { target: "timestamp" } } },
  TreeList: { type: "list", member: { target: "Tree" } },
  Floats: { type: "structure", members: { f: { target: "float" }, d: { target: "double" }, fs: { target: "FloatList" } } },
  FloatList: { type: "list", member: { target: "double" } },
  Delta: { type: "structure", members: { contentBlockIndex: { target: "integer", required: true }, delta: { target: "DeltaUnion", required: true } } },
  DeltaUnion: { type: "union", members: { text: { target: "string" }, toolUse: { target: "Tool" } } },
  Tool: { type: "structure", members: { input: { target: "string" } } },
};
const schema = service(SHAPES);
const REST: JsonOptions = { useJsonName: true };
const AWSJSON: JsonOptions = { useJsonName: false };

/** Same own keys in the same order, same prototypes, all the way down. */
function sameShape(a: unknown, b: unknown, path = "$"): void {
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object" || a instanceof Uint8Array || a instanceof Date) return;
  assert.equal(Object.getPrototypeOf(a), Object.getPrototypeOf(b), `${path}: prototype`);
  assert.deepEqual(Reflect.ownKeys(a), Reflect.ownKeys(b), `${path}: keys in order`);
  for (const k of Object.keys(a)) sameShape((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
}

/** The compiled converter must equal fromJson exactly, or return FALLBACK exactly when fromJson throws. */
function check(ref: string, value: unknown, opts: JsonOptions = REST, label = JSON.stringify(value)): unknown {
  const conv = compileFromJson(schema, ref, opts);
  let want: unknown;
  let threw: unknown;
  try {
    want = fromJson(schema, ref, value, opts, ref);
  } catch (e) {
    threw = e;
  }
  const got = conv(value);
  if (threw !== undefined) {
    assert.equal(got, FALLBACK, `${ref} ${label}: fromJson throws (${String(threw)}), the compiled one must fall back`);
    return FALLBACK;
  }
  assert.notEqual(got, FALLBACK, `${ref} ${label}: a value fromJson reads needs no fallback`);
  assert.deepEqual(got, want, `${ref} ${label}`);
  sameShape(got, want, `${ref} ${label}`);
  return got;
}

const rand = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);

test("compiled fromJson equals fromJson on hand-picked values", () => {
  const cases: [string, unknown][] = [
    ["Everything", { Name: "n", plain: "p", count: 3, big: 12, ratio: 1.5, flag: true }],
    ["Everything", { name: "ignored without jsonName", plain: null, surprise: { deep: 1 } }],
    ["Everything", { data: "aGVsbG8=", when: 1576540098, whenIso: "2019-12-16T23:48:18Z", whenShape: "2019-12-16T23:48:18Z", whenHttp: "Mon, 16 Dec 2019 23:48:18 GMT" }],
    ["Everything", { ratio: "NaN" }],
    ["Everything", { ratio: "-Infinity", doc: { a: [1, null, { b: null }] } }],
    ["Everything", { strings: ["a", null, "b"], sparseStrings: ["a", null, "b"], nested: [{ x: 1, y: null }, null] }],
    ["Everything", { byName: { a: 1, b: null, __proto__x: 2 }, sparseByName: { a: null, b: 2 } }],
    ["Everything", JSON.parse('{"byName": {"__proto__": 5, "c": 3}, "sparseByName": {"__proto__": null}}')],
    ["Everything", JSON.parse('{"__proto__": {"polluted": 1}, "plain": "p"}')],
    ["Everything", { times: [1, 2.5, null], choice: { Text: "t" } }],
    ["Everything", { choice: { __type: "x", number: 5 } }],
    ["Everything", { choice: { nothing: { anything: 1 } } }],
    ["Everything", { choice: { novel: 1 } }],
    ["Everything", { choice: { Text: null, number: null } }],
    ["Everything", { choice: { child: { Label: "l", blobs: ["AA==", null] } } }],
    ["Everything", { child: { Label: "l", label: "no" }, color: "red" }],
    ["WithDefaults", {}],
    ["WithDefaults", { withDefault: null, required: "r", requiredList: ["x"], plain: "p" }],
    ["WithDefaults", { constructor: "c", requiredOptional: 1, requiredUnion: { number: 1 } }],
    ["Tree", { value: 1, kids: [{ value: 2, kids: [{ value: 3, at: 0 }] }, { kids: [] }] }],
    ["Floats", { f: 1, d: "Infinity", fs: [1, "NaN", null] }],
    ["Delta", { contentBlockIndex: 0, delta: { text: "hi " }, p: "abcdefgh" }],
    ["Delta", { delta: { toolUse: { input: "{}" } } }],
    ["Delta", {}],
    ["Delta", null],
  ];
  for (const [ref, value] of cases) {
    check(ref, value, REST);
    check(ref, value, AWSJSON);
  }
});

test("compiled fromJson falls back exactly where fromJson throws", () => {
  const bad: [string, unknown][] = [
    ["Everything", 5],
    ["Everything", []],
    ["Everything", { child: 5 }],
    ["Everything", { strings: "not a list" }],
    ["Everything", { byName: [1] }],
    ["Everything", { when: "yesterday" }],
    ["Everything", { data: 5 }],
    ["Everything", { ratio: "fast" }],
    ["Everything", { choice: [1] }],
    ["Everything", { times: ["x"] }],
    ["Tree", { kids: [{ kids: [{ at: "never" }] }] }],
    ["Floats", { fs: [1, true] }],
  ];
  for (const [ref, value] of bad) assert.equal(check(ref, value), FALLBACK);
});

test("conversion is never skipped: timestamps, blobs, bigIntegers and float strings come out converted", () => {
  const got = check("Everything", { data: "aGk=", when: 1, whenIso: "1970-01-01T00:00:01Z", big: 5, ratio: "NaN", times: [2] }) as Record<string, unknown>;
  assert.ok(got.data instanceof Uint8Array);
  assert.ok(got.when instanceof Date && got.whenIso instanceof Date);
  assert.equal(typeof got.big, "bigint");
  assert.ok(Number.isNaN(got.ratio));
  assert.ok((got.times as unknown[])[0] instanceof Date);
  // restJson1 reads jsonName keys and drops unknown keys: the parsed object is never passed through as is
  const input = { Name: "n", p: "pad" };
  const out = check("Everything", input) as Record<string, unknown>;
  assert.deepEqual(out, { name: "n" });
  assert.notEqual(out, input);
});

test("compiled fromJson equals fromJson on random values around the schema", () => {
  const r = rand(12345);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  const leaf = (): unknown => pick<unknown>([null, 0, 1.5, -3, "s", "", "NaN", "Infinity", true, false, "aGk=", "2019-12-16T23:48:18Z", 1576540098, [], {}, [null], { x: null }]);
  const keys = ["Name", "name", "plain", "count", "big", "ratio", "flag", "data", "when", "whenIso", "whenShape", "whenHttp", "doc", "strings", "sparseStrings", "nested", "byName", "sparseByName", "times", "choice", "child", "color", "Text", "number", "nothing", "Label", "label", "blobs", "__type", "__proto__", "constructor", "value", "kids", "at", "withDefault", "required", "contentBlockIndex", "delta", "text", "toolUse", "input", "p"];
  const gen = (depth: number): unknown => {
    if (depth <= 0 || r() < 0.35) return leaf();
    if (r() < 0.3) return Array.from({ length: Math.floor(r() * 4) }, () => gen(depth - 1));
    const o: Record<string, unknown> = {};
    const n = Math.floor(r() * 5);
    for (let i = 0; i < n; i++) {
      const k = pick(keys);
      Object.defineProperty(o, k, { value: gen(depth - 1), enumerable: true, writable: true, configurable: true });
    }
    return o;
  };
  const refs = ["Everything", "Child", "Choice", "WithDefaults", "Tree", "Floats", "Delta", "StringList", "IntMap", "SparseIntMap", "NestedList"];
  let converted = 0;
  for (let i = 0; i < 4000; i++) {
    const ref = refs[i % refs.length]!;
    const value = JSON.parse(JSON.stringify(gen(4)) ?? "null");
    if (check(ref, value, i % 2 ? REST : AWSJSON, `#${i}`) !== FALLBACK) converted++;
  }
  assert.ok(converted > 1000, `enough values were read (${converted})`);
});

test("restJson1 parseEventBody: the compiled path gives fromJson's result for event bodies", () => {
  const bodies = ['{"contentBlockIndex":0,"delta":{"text":"hi "},"p":"abc"}', '{"delta":{"toolUse":{"input":"{}"}}}', "{}", "null", '{"contentBlockIndex":"zero"}'];
  for (const b of bodies) {
    const got = restJson1.parseEventBody(schema, "Delta", new TextEncoder().encode(b));
    assert.deepEqual(got, fromJson(schema, "Delta", JSON.parse(b), REST, "Delta"), b);
  }
  assert.throws(() => restJson1.parseEventBody(schema, "Everything", new TextEncoder().encode('{"when":"never"}')), /Everything\.when/);
  assert.throws(() => restJson1.parseEventBody(schema, "Everything", new TextEncoder().encode("{nope")), SyntaxError);
  // UTF-8, including a multi-byte character split nowhere in particular and an invalid byte
  const bytes = new Uint8Array([...new TextEncoder().encode('{"contentBlockIndex":1,"delta":{"text":"é€😀'), 0xff, ...new TextEncoder().encode('"}}')]);
  assert.deepEqual(restJson1.parseEventBody(schema, "Delta", bytes), { contentBlockIndex: 1, delta: { text: "é€😀\ufffd" } });
});
