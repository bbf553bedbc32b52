import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InputValidationError } from "../src/errors.js";
import { fromJson, readMembers, toJson } from "../src/protocols/json-codec.js";
import type { StructureSchema } from "../src/schema.js";
import { JSON_SHAPES, service } from "./support/schema-fixtures.js";

const schema = service(JSON_SHAPES);
const REST = { useJsonName: true };
const AWSJSON = { useJsonName: false };
const T = Date.UTC(2019, 11, 16, 23, 48, 18);
const write = (value: unknown, opts = REST) => toJson(schema, "Everything", value, opts, "Op");
const read = (value: unknown, opts = REST) => fromJson(schema, "Everything", value, opts, "Out") as Record<string, unknown>;
const inputError = (path: string) => (e: unknown) => e instanceof InputValidationError && e.message.includes(path);

describe("structures and jsonName", () => {
  test("restJson1 writes and reads jsonName; plain members keep their name", () => {
    assert.deepEqual(write({ name: "n", plain: "p", child: { label: "l" } }), { Name: "n", plain: "p", child: { Label: "l" } });
    assert.deepEqual(read({ Name: "n", plain: "p", child: { Label: "l" } }), { name: "n", plain: "p", child: { label: "l" } });
  });
  test("awsJson ignores jsonName both ways", () => {
    assert.deepEqual(write({ name: "n", child: { label: "l" } }, AWSJSON), { name: "n", child: { label: "l" } });
    assert.deepEqual(read({ name: "n", Name: "wrong", child: { label: "l", Label: "wrong" } }, AWSJSON), { name: "n", child: { label: "l" } });
    // and restJson1 does not read the member name when it has a jsonName
    assert.deepEqual(read({ name: "wrong" }), {});
  });
  test("unset and null members are left out; unknown input keys are not sent", () => {
    assert.deepEqual(write({ name: undefined, plain: null, count: 0, flag: false, extra: "x" }), { count: 0, flag: false });
  });
  test("unknown keys on read are ignored, nulls dropped", () => {
    assert.deepEqual(read({ Name: "n", surprise: { deep: 1 }, plain: null, count: 3 }), { name: "n", count: 3 });
  });
  test("a non-object structure is rejected with its path", () => {
    assert.throws(() => write({ child: "nope" }), inputError("Op.child"));
    assert.throws(() => write({ child: [] }), inputError("Op.child"));
    assert.throws(() => read({ child: 5 }), (e: unknown) => e instanceof TypeError && /Out\.child/.test(e.message));
  });
});

describe("lists and maps", () => {
  test("nested lists of maps both ways", () => {
    const value = { nested: [{ a: 1 }, { b: 2, c: 3 }], strings: ["x", "y"] };
    assert.deepEqual(write(value), value);
    assert.deepEqual(read(value), value);
  });
  test("sparse lists and maps keep null", () => {
    const value = { sparseStrings: ["a", null, "b"], sparseByName: { a: 1, b: null } };
    assert.deepEqual(write(value), value);
    assert.deepEqual(read(value), value);
  });
  test("non-sparse list rejects null on write and drops it on read", () => {
    assert.throws(() => write({ strings: ["a", null] }), inputError("Op.strings[1]"));
    assert.deepEqual(read({ strings: ["a", null, "b"] }), { strings: ["a", "b"] });
  });
  test("non-sparse map drops null both ways", () => {
    assert.deepEqual(write({ byName: { a: 1, b: null } }), { byName: { a: 1 } });
    assert.deepEqual(read({ byName: { a: 1, b: null } }), { byName: { a: 1 } });
  });
  test("element errors name the element", () => {
    assert.throws(() => write({ nested: [{ a: 1 }, { b: "two" }] }), inputError("Op.nested[1].b"));
    assert.throws(() => write({ strings: "x" }), inputError("Op.strings"));
    assert.throws(() => write({ byName: [1] }), inputError("Op.byName"));
  });
  test("map keys that look like Object.prototype members stay plain data", () => {
    const parsed = JSON.parse('{"byName":{"__proto__":{"polluted":1},"constructor":2}}');
    const out = read(parsed) as { byName: Record<string, unknown> };
    assert.equal(Object.getPrototypeOf(out.byName), Object.prototype);
    assert.deepEqual(Object.keys(out.byName).sort(), ["__proto__", "constructor"]);
    assert.equal(out.byName.constructor, 2);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe("unions", () => {
  test("exactly one member is written, with jsonName", () => {
    assert.deepEqual(write({ choice: { text: "hi" } }), { choice: { Text: "hi" } });
    assert.deepEqual(write({ choice: { child: { label: "x" } } }), { choice: { child: { Label: "x" } } });
    assert.deepEqual(write({ choice: { nothing: {} } }), { choice: { nothing: {} } });
    // null members are unset, as in structures
    assert.deepEqual(write({ choice: { text: "hi", number: null, child: undefined } }), { choice: { Text: "hi" } });
  });
  test("none, two, or an unknown member is rejected", () => {
    assert.throws(() => write({ choice: {} }), inputError("Op.choice"));
    assert.throws(() => write({ choice: { text: "a", number: 1 } }), inputError("Op.choice"));
    assert.throws(() => write({ choice: { other: 1 } }), inputError("Op.choice"));
    assert.throws(() => write({ choice: { toString: "x" } }), inputError("Op.choice"));
  });
  test("read: the set member; an unknown member becomes $unknown", () => {
    assert.deepEqual(read({ choice: { Text: "hi" } }), { choice: { text: "hi" } });
    assert.deepEqual(read({ choice: { number: 7 } }), { choice: { number: 7 } });
    assert.deepEqual(read({ choice: { brandNew: { a: 1 } } }), { choice: { $unknown: ["brandNew", { a: 1 }] } });
    assert.deepEqual(read({ choice: { __type: "x", Text: "hi" } }), { choice: { text: "hi" } });
  });
});

describe("scalars", () => {
  test("documents pass through untouched", () => {
    const doc = { a: [1, "two", { three: null }], jsonName: "Name", when: 1 };
    assert.deepEqual(write({ doc }), { doc });
    assert.deepEqual(read({ doc }), { doc });
    assert.deepEqual(read({ doc: [true, 2] }), { doc: [true, 2] });
  });
  test("blobs are base64 both ways, also inside lists", () => {
    const out = write({ data: new Uint8Array([1, 2, 3]), child: { blobs: ["hi", new Uint8Array([255])] } });
    assert.deepEqual(out, { data: "AQID", child: { blobs: ["aGk=", "/w=="] } });
    const back = read({ data: "AQID", child: { blobs: ["/w=="] } }) as { data: Uint8Array; child: { blobs: Uint8Array[] } };
    assert.ok(back.data instanceof Uint8Array);
    assert.deepEqual([...back.data], [1, 2, 3]);
    assert.deepEqual([...back.child.blobs[0]], [255]);
  });
  test("timestamps: epoch seconds by default; member and target timestampFormat win", () => {
    const d = new Date(T + 500);
    assert.deepEqual(write({ when: d, whenIso: d, whenShape: d, whenHttp: new Date(T), times: [d] }), {
      when: 1576540098.5,
      whenIso: "2019-12-16T23:48:18.500Z",
      whenShape: "2019-12-16T23:48:18.500Z",
      whenHttp: "Mon, 16 Dec 2019 23:48:18 GMT",
      times: [1576540098.5],
    });
    const back = read({ when: 1576540098.5, whenIso: "2019-12-16T23:48:18.500Z", whenShape: "2019-12-16T23:48:18.5Z", whenHttp: "Mon, 16 Dec 2019 23:48:18 GMT" });
    for (const k of ["when", "whenIso", "whenShape"]) assert.equal((back[k] as Date).getTime(), T + 500, k);
    assert.equal((back.whenHttp as Date).getTime(), T);
    assert.throws(() => write({ when: "soon" }), inputError("Op.when"));
  });
  test("floats: non-finite values as strings", () => {
    assert.deepEqual(write({ ratio: NaN }), { ratio: "NaN" });
    assert.deepEqual(write({ ratio: -Infinity }), { ratio: "-Infinity" });
    assert.equal(read({ ratio: "Infinity" }).ratio, Infinity);
    assert.throws(() => write({ ratio: "1" }), inputError("Op.ratio"));
  });
  test("bigints: safe ones as numbers, unsafe rejected; read as bigint", () => {
    assert.deepEqual(write({ big: 12345678901234n, count: 5n }), { big: 12345678901234, count: 5 });
    assert.throws(() => write({ big: 2n ** 64n }), inputError("Op.big"));
    assert.equal(read({ big: 42 }).big, 42n);
    assert.throws(() => write({ count: "5" }), inputError("Op.count"));
  });
  test("enums are strings", () => {
    assert.deepEqual(write({ color: "red" }), { color: "red" });
    assert.deepEqual(read({ color: "blue" }), { color: "blue" });
  });
});

describe("readMembers", () => {
  test("merges into an existing object and skips unknown keys", () => {
    const out: Record<string, unknown> = { fromHeader: 1 };
    readMembers(schema, schema.shapes.Child as StructureSchema, { Label: "x", other: 2 }, REST, "Child", out);
    assert.deepEqual(out, { fromHeader: 1, label: "x" });
  });
});
