import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InputValidationError } from "../src/errors.js";
import { floatFromJson, floatToJson, formatTimestamp, fromBase64, parseTimestamp, toBase64, toBytes, toDate } from "../src/protocols/values.js";

const T = Date.UTC(2019, 11, 16, 23, 48, 18); // 2019-12-16T23:48:18Z
const isInputError = (where: string) => (e: unknown) => e instanceof InputValidationError && e.message.includes(where);

describe("formatTimestamp", () => {
  test("date-time: RFC 3339 UTC, fractional seconds only when present", () => {
    assert.equal(formatTimestamp(new Date(T), "date-time", "x"), "2019-12-16T23:48:18Z");
    assert.equal(formatTimestamp(new Date(T + 520), "date-time", "x"), "2019-12-16T23:48:18.520Z");
  });
  test("epoch-seconds: a number, fractions as decimals", () => {
    assert.equal(formatTimestamp(new Date(T), "epoch-seconds", "x"), 1576540098);
    assert.equal(formatTimestamp(new Date(T + 520), "epoch-seconds", "x"), 1576540098.52);
  });
  test("http-date: IMF-fixdate", () => {
    assert.equal(formatTimestamp(new Date(T), "http-date", "x"), "Mon, 16 Dec 2019 23:48:18 GMT");
    assert.equal(formatTimestamp(new Date(Date.UTC(2014, 3, 5, 1, 2, 3)), "http-date", "x"), "Sat, 05 Apr 2014 01:02:03 GMT");
  });
  test("accepts epoch seconds and ISO strings as input", () => {
    assert.equal(formatTimestamp(1576540098.5, "date-time", "x"), "2019-12-16T23:48:18.500Z");
    assert.equal(formatTimestamp("2019-12-17T00:48:18+01:00", "epoch-seconds", "x"), 1576540098);
  });
  test("invalid input is an InputValidationError naming the member", () => {
    assert.throws(() => formatTimestamp("yesterday", "date-time", "Op.when"), isInputError("Op.when"));
    assert.throws(() => formatTimestamp(new Date(NaN), "http-date", "Op.when"), isInputError("Op.when"));
    assert.throws(() => formatTimestamp({}, "epoch-seconds", "Op.when"), isInputError("Op.when"));
    assert.throws(() => formatTimestamp(true, "epoch-seconds", "Op.when"), isInputError("Op.when"));
  });
  test("non-finite numbers are rejected, not turned into an invalid date", () => {
    for (const v of [NaN, Infinity, -Infinity]) {
      assert.throws(() => formatTimestamp(v, "date-time", "Op.when"), isInputError("Op.when"));
      assert.throws(() => toDate(v, "Op.when"), isInputError("Op.when"));
    }
  });
});

describe("parseTimestamp", () => {
  test("date-time with fractional seconds of any length", () => {
    assert.equal(parseTimestamp("2019-12-16T23:48:18Z", "date-time", "x").getTime(), T);
    assert.equal(parseTimestamp("2019-12-16T23:48:18.52Z", "date-time", "x").getTime(), T + 520);
    assert.equal(parseTimestamp("2019-12-16T23:48:18.123456789Z", "date-time", "x").getTime(), T + 123);
  });
  test("date-time with offsets", () => {
    assert.equal(parseTimestamp("2019-12-17T00:48:18+01:00", "date-time", "x").getTime(), T);
    assert.equal(parseTimestamp("2019-12-16T15:18:18-08:30", "date-time", "x").getTime(), T);
  });
  test("http-date", () => {
    assert.equal(parseTimestamp("Mon, 16 Dec 2019 23:48:18 GMT", "http-date", "x").getTime(), T);
  });
  test("epoch-seconds as number or numeric string, with fractions", () => {
    assert.equal(parseTimestamp(1576540098, "epoch-seconds", "x").getTime(), T);
    assert.equal(parseTimestamp(1576540098.52, "epoch-seconds", "x").getTime(), T + 520);
    assert.equal(parseTimestamp("1576540098.52", "epoch-seconds", "x").getTime(), T + 520);
    assert.equal(parseTimestamp("1576540098", "http-date", "x").getTime(), T);
  });
  test("garbage is a TypeError naming where", () => {
    assert.throws(() => parseTimestamp("not a date", "date-time", "Out.when"), (e: unknown) => e instanceof TypeError && /Out\.when/.test(e.message));
    assert.throws(() => parseTimestamp(true, "date-time", "Out.when"), (e: unknown) => e instanceof TypeError && /Out\.when/.test(e.message));
    assert.throws(() => parseTimestamp("", "epoch-seconds", "Out.when"), (e: unknown) => e instanceof TypeError && /Out\.when/.test(e.message));
    assert.throws(() => parseTimestamp(NaN, "epoch-seconds", "Out.when"), (e: unknown) => e instanceof TypeError && /Out\.when/.test(e.message));
  });
});

describe("base64 and bytes", () => {
  test("round trip of binary bytes", () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 251, 252, 253, 254, 255]);
    const b64 = toBase64(bytes, "x");
    assert.equal(b64, "AAEC+vv8/f7/");
    assert.deepEqual(fromBase64(b64, "x"), bytes);
  });
  test("strings are UTF-8 bytes", () => {
    assert.equal(toBase64("héllo", "x"), Buffer.from("héllo", "utf8").toString("base64"));
    assert.deepEqual([...toBytes("é", "x")], [0xc3, 0xa9]);
  });
  test("views respect their offset and length", () => {
    const buf = new Uint8Array([9, 9, 1, 2, 3, 9]);
    assert.equal(toBase64(buf.subarray(2, 5), "x"), "AQID");
    assert.equal(toBase64(new DataView(buf.buffer, 2, 3), "x"), "AQID");
    assert.equal(toBase64(new Uint8Array([1, 2, 3]).buffer, "x"), "AQID");
  });
  test("non-bytes are an InputValidationError with the path", () => {
    assert.throws(() => toBase64(42, "Op.data"), isInputError("Op.data"));
    assert.throws(() => toBytes({}, "Op.data"), isInputError("Op.data"));
    assert.throws(() => fromBase64(42, "Out.data"), (e: unknown) => e instanceof TypeError && /Out\.data/.test(e.message));
  });
});

describe("non-finite floats", () => {
  test("to JSON as Smithy's strings", () => {
    assert.equal(floatToJson(NaN), "NaN");
    assert.equal(floatToJson(Infinity), "Infinity");
    assert.equal(floatToJson(-Infinity), "-Infinity");
    assert.equal(floatToJson(1.5), 1.5);
  });
  test("from JSON", () => {
    assert.ok(Number.isNaN(floatFromJson("NaN", "x")));
    assert.equal(floatFromJson("Infinity", "x"), Infinity);
    assert.equal(floatFromJson("-Infinity", "x"), -Infinity);
    assert.equal(floatFromJson(-0.25, "x"), -0.25);
    assert.throws(() => floatFromJson("1.5", "Out.ratio"), (e: unknown) => e instanceof TypeError && /Out\.ratio/.test(e.message));
  });
});
