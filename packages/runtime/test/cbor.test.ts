import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CborFloat, decodeCbor, encodeCbor } from "../src/protocols/cbor.js";

const hex = (h: string) => new Uint8Array(Buffer.from(h.replace(/\s/g, ""), "hex"));
const toHex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const dec = (h: string) => decodeCbor(hex(h));

describe("decoding (RFC 8949 appendix A vectors)", () => {
  test("unsigned and negative integers, past 2^53 as bigint", () => {
    const cases: [string, unknown][] = [
      ["00", 0],
      ["17", 23],
      ["1818", 24],
      ["1903e8", 1000],
      ["1a000f4240", 1000000],
      ["1b000000e8d4a51000", 1000000000000],
      ["1bffffffffffffffff", 18446744073709551615n],
      ["20", -1],
      ["3863", -100],
      ["3903e7", -1000],
      ["3bffffffffffffffff", -18446744073709551616n],
    ];
    for (const [h, v] of cases) assert.equal(dec(h), v, h);
  });
  test("bignums (tags 2 and 3) as bigint", () => {
    assert.equal(dec("c249010000000000000000"), 18446744073709551616n);
    assert.equal(dec("c349010000000000000000"), -18446744073709551617n);
  });
  test("half, single and double precision floats", () => {
    const cases: [string, number][] = [
      ["f90000", 0],
      ["f93c00", 1],
      ["f93e00", 1.5],
      ["f97bff", 65504],
      ["f90001", 5.960464477539063e-8],
      ["f90400", 0.00006103515625],
      ["f9c400", -4],
      ["f97c00", Infinity],
      ["f9fc00", -Infinity],
      ["fa47c35000", 100000],
      ["fa7f7fffff", 3.4028234663852886e38],
      ["fb3ff199999999999a", 1.1],
      ["fb7e37e43c8800759c", 1e300],
      ["fbc010666666666666", -4.1],
    ];
    for (const [h, v] of cases) assert.equal(dec(h), v, h);
    assert.ok(Object.is(dec("f98000"), -0));
    assert.ok(Number.isNaN(dec("f97e00")));
    assert.ok(Number.isNaN(dec("fa7fc00000")));
  });
  test("simple values", () => {
    assert.equal(dec("f4"), false);
    assert.equal(dec("f5"), true);
    assert.equal(dec("f6"), null);
    assert.equal(dec("f7"), null);
  });
  test("tag 1: epoch seconds, integer or float, to a Date", () => {
    assert.equal((dec("c11a514b67b0") as Date).getTime(), 1363896240000);
    assert.equal((dec("c1fb41d452d9ec200000") as Date).getTime(), 1363896240500);
    assert.throws(() => dec("c16161"), /tag 1/);
  });
  test("other tags decode to their content", () => {
    assert.equal(dec("d82076687474703a2f2f7777772e6578616d706c652e636f6d"), "http://www.example.com");
  });
  test("byte and text strings", () => {
    assert.deepEqual(dec("4401020304"), new Uint8Array([1, 2, 3, 4]));
    assert.equal(dec("60"), "");
    assert.equal(dec("6161"), "a");
    assert.equal(dec("62c3bc"), "ü");
    assert.equal(dec("63e6b0b4"), "水");
    assert.equal(dec("64f0908591"), "𐅑");
    const long = "a".repeat(30) + "é";
    assert.equal(decodeCbor(encodeCbor(long)), long);
  });
  test("a decoded blob is a copy, not a view of the response", () => {
    const input = hex("4401020304");
    const out = decodeCbor(input) as Uint8Array;
    input[1] = 9;
    assert.equal(out[0], 1);
  });
  test("arrays and maps, definite and indefinite; non-string keys become strings", () => {
    assert.deepEqual(dec("83010203"), [1, 2, 3]);
    assert.deepEqual(dec("8301820203820405"), [1, [2, 3], [4, 5]]);
    assert.deepEqual(dec("9fff"), []);
    assert.deepEqual(dec("9f018202039f0405ffff"), [1, [2, 3], [4, 5]]);
    assert.deepEqual(dec("a0"), {});
    assert.deepEqual(dec("a201020304"), { "1": 2, "3": 4 });
    assert.deepEqual(dec("a26161016162820203"), { a: 1, b: [2, 3] });
    assert.deepEqual(dec("bf61610161629f0203ffff"), { a: 1, b: [2, 3] });
    assert.deepEqual(dec("bf6346756ef563416d7421ff"), { Fun: true, Amt: -2 });
  });
  test("indefinite-length byte and text strings are joined", () => {
    assert.deepEqual(dec("5f42010243030405ff"), new Uint8Array([1, 2, 3, 4, 5]));
    assert.equal(dec("7f657374726561646d696e67ff"), "streaming");
    assert.equal(dec("7fff"), "");
  });
  test("a map key named __proto__ is an own property, the prototype untouched", () => {
    const out = dec("a169" + Buffer.from("__proto__").toString("hex") + "a16178f5") as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    assert.deepEqual(Object.keys(out), ["__proto__"]);
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });
  test("repeated short keys decode to equal strings (through the cache) and different ones stay different", () => {
    const out = decodeCbor(encodeCbor([{ name: 1, nbme: 2 }, { name: 3, nbme: 4 }])) as Record<string, number>[];
    assert.deepEqual(out, [{ name: 1, nbme: 2 }, { name: 3, nbme: 4 }]);
  });
});

describe("malformed input", () => {
  const bad: [string, string, RegExp][] = [
    ["empty input", "", /truncated/],
    ["a truncated head", "19 03", /truncated/],
    ["a string longer than the input", "65 6869", /exceeds/],
    ["a huge declared length", "5b ffffffffffffffff", /exceeds/],
    ["an array longer than the input", "9a 7fffffff 01", /exceeds|truncated/],
    ["reserved additional info", "1c", /additional info/],
    ["a break outside an indefinite item", "ff", /break/],
    ["a break inside a definite array", "82 01 ff", /break/],
    ["an unterminated indefinite array", "9f 01 02", /truncated/],
    ["a nested indefinite chunk", "5f 5f ff ff", /chunk/],
    ["a text chunk in a byte string", "5f 6161 ff", /chunk/],
    ["trailing bytes", "01 02", /trailing/],
  ];
  for (const [what, h, re] of bad) {
    test(what, () => assert.throws(() => dec(h), (e: Error) => e instanceof SyntaxError && re.test(e.message)));
  }
  test("nesting deeper than the limit", () => {
    assert.throws(() => decodeCbor(new Uint8Array(200).fill(0x81)), /nested/);
    assert.deepEqual(decodeCbor(new Uint8Array([...new Uint8Array(50).fill(0x81), 0x01])), JSON.parse("[".repeat(50) + "1" + "]".repeat(50)));
  });
});

describe("encoding", () => {
  test("integers in the shortest head", () => {
    const cases: [number | bigint, string][] = [
      [0, "00"],
      [23, "17"],
      [24, "1818"],
      [255, "18ff"],
      [256, "190100"],
      [1000, "1903e8"],
      [65536, "1a00010000"],
      [1000000000000, "1b000000e8d4a51000"],
      [Number.MAX_SAFE_INTEGER, "1b001fffffffffffff"],
      [-1, "20"],
      [-24, "37"],
      [-25, "3818"],
      [-100, "3863"],
      [-1000, "3903e7"],
      [18446744073709551615n, "1bffffffffffffffff"],
      [-18446744073709551616n, "3bffffffffffffffff"],
      [18446744073709551616n, "c249010000000000000000"],
      [-18446744073709551617n, "c349010000000000000000"],
    ];
    for (const [v, h] of cases) assert.equal(toHex(encodeCbor(v)), h, String(v));
  });
  test("floats: single precision when exact, else double; CborFloat forces a float for integral values", () => {
    assert.equal(toHex(encodeCbor(1.5)), "fa3fc00000");
    assert.equal(toHex(encodeCbor(1.1)), "fb3ff199999999999a");
    assert.equal(toHex(encodeCbor(new CborFloat(1))), "fa3f800000");
    assert.equal(toHex(encodeCbor(new CborFloat(1e300))), "fb7e37e43c8800759c");
    assert.equal(toHex(encodeCbor(NaN)), "fa7fc00000");
    assert.equal(toHex(encodeCbor(Infinity)), "fa7f800000");
    assert.equal(toHex(encodeCbor(-0)), "fa80000000");
  });
  test("strings, bytes, booleans, null, undefined", () => {
    assert.equal(toHex(encodeCbor("")), "60");
    assert.equal(toHex(encodeCbor("a")), "6161");
    assert.equal(toHex(encodeCbor("ü")), "62c3bc");
    assert.equal(toHex(encodeCbor("𐅑")), "64f0908591");
    assert.equal(toHex(encodeCbor("x".repeat(24))), "7818" + "78".repeat(24));
    assert.equal(toHex(encodeCbor(new Uint8Array([1, 2, 3, 4]))), "4401020304");
    assert.equal(toHex(encodeCbor([true, false, null, undefined])), "84f5f4f6f6");
  });
  test("Dates as tag 1: integer seconds when whole, else a float", () => {
    assert.equal(toHex(encodeCbor(new Date(1363896240000))), "c11a514b67b0");
    assert.equal(toHex(encodeCbor(new Date(1363896240500))), "c1fb41d452d9ec200000");
    assert.throws(() => encodeCbor(new Date(NaN)), /invalid Date/);
  });
  test("arrays and maps; undefined map values left out", () => {
    assert.equal(toHex(encodeCbor([1, [2, 3], [4, 5]])), "8301820203820405");
    assert.equal(toHex(encodeCbor({ a: 1, b: [2, 3], c: undefined })), "a26161016162820203");
  });
  test("big values grow the buffer; consecutive calls do not leak into each other", () => {
    const big = "é".repeat(300_000);
    assert.equal((decodeCbor(encodeCbor({ big })) as { big: string }).big, big);
    const blob = new Uint8Array(3 << 20).fill(7);
    const round = decodeCbor(encodeCbor(blob)) as Uint8Array;
    assert.equal(round.length, blob.length);
    assert.equal(round[round.length - 1], 7);
    assert.equal(toHex(encodeCbor("a")), "6161");
  });
  test("values CBOR cannot carry are rejected; nesting is capped", () => {
    assert.throws(() => encodeCbor(() => 1), TypeError);
    assert.throws(() => encodeCbor(Symbol("s")), TypeError);
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) deep = [deep];
    assert.throws(() => encodeCbor(deep), RangeError);
  });
  test("round trip of a mixed value", () => {
    const v = { s: "héllo", n: -42, f: 0.25, b: true, z: null, d: new Date(1700000000123), bytes: new Uint8Array([0, 255]), list: [{ k: "v" }, [], {}], big: 2n ** 70n };
    assert.deepEqual(decodeCbor(encodeCbor(v)), v);
  });
});
