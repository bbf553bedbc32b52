import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InputValidationError } from "../src/errors.js";
import { queryString } from "../src/http/node-client.js";
import { bindRequest, escapeUri, readHttpBindings, splitHeaderList } from "../src/protocols/http-binding.js";
import type { OperationSchema, ShapeSchema, StructureSchema } from "../src/schema.js";
import { ENDPOINT, service } from "./support/schema-fixtures.js";

const shapes: Record<string, ShapeSchema> = {
  LabelInput: {
    type: "structure",
    members: {
      bucket: { target: "string", httpLabel: true, required: true },
      key: { target: "string", httpLabel: true, required: true },
    },
  },
  TimeLabelInput: {
    type: "structure",
    members: { when: { target: "timestamp", httpLabel: true }, n: { target: "integer", httpLabel: true }, on: { target: "boolean", httpLabel: true } },
  },
  QueryInput: {
    type: "structure",
    members: {
      str: { target: "string", httpQuery: "String" },
      int: { target: "integer", httpQuery: "Integer" },
      dbl: { target: "double", httpQuery: "Double" },
      bool: { target: "boolean", httpQuery: "Boolean" },
      when: { target: "timestamp", httpQuery: "Timestamp" },
      whenEpoch: { target: "timestamp", httpQuery: "Epoch", timestampFormat: "epoch-seconds" },
      list: { target: "StringList", httpQuery: "List" },
      ints: { target: "IntList", httpQuery: "Ints" },
      color: { target: "Color", httpQuery: "Color" },
      rest: { target: "StringMap", httpQueryParams: true },
      body: { target: "string" },
    },
  },
  MultiQueryInput: {
    type: "structure",
    members: { str: { target: "string", httpQuery: "String" }, rest: { target: "StringListMap", httpQueryParams: true } },
  },
  HeaderInput: {
    type: "structure",
    members: {
      str: { target: "string", httpHeader: "X-String" },
      bool: { target: "boolean", httpHeader: "X-Boolean" },
      int: { target: "integer", httpHeader: "X-Integer" },
      dbl: { target: "double", httpHeader: "X-Double" },
      when: { target: "timestamp", httpHeader: "X-Timestamp" },
      whenIso: { target: "timestamp", httpHeader: "X-Iso", timestampFormat: "date-time" },
      list: { target: "StringList", httpHeader: "X-StringList" },
      ints: { target: "IntList", httpHeader: "X-IntegerList" },
      times: { target: "TimeList", httpHeader: "X-TimestampList" },
      epochTimes: { target: "EpochTimeList", httpHeader: "X-EpochList" },
      httpDates: { target: "HttpDateList", httpHeader: "X-HttpDates" },
      json: { target: "JsonValue", httpHeader: "X-Json" },
      meta: { target: "StringMap", httpPrefixHeaders: "X-Meta-" },
      status: { target: "integer", httpResponseCode: true },
      body: { target: "string" },
    },
  },
  PayloadInput: {
    type: "structure",
    members: { id: { target: "string", httpLabel: true }, data: { target: "blob", httpPayload: true }, other: { target: "string", httpHeader: "X-Other" } },
  },
  StringList: { type: "list", member: { target: "string" } },
  IntList: { type: "list", member: { target: "integer" } },
  TimeList: { type: "list", member: { target: "timestamp" } },
  EpochTimeList: { type: "list", member: { target: "EpochTime" } },
  HttpDateList: { type: "list", member: { target: "timestamp", timestampFormat: "http-date" } },
  EpochTime: { type: "timestamp", timestampFormat: "epoch-seconds" },
  StringMap: { type: "map", key: { target: "string" }, value: { target: "string" } },
  StringListMap: { type: "map", key: { target: "string" }, value: { target: "StringList" } },
  JsonValue: { type: "string", mediaType: "application/json" },
  Color: { type: "enum", enum: { RED: "red" } },
};

const op = (uri: string, input: string, method = "GET"): OperationSchema => ({ input, output: "Unit", http: { method, uri } });
const operations: Record<string, OperationSchema> = {
  GetObject: op("/{bucket}/{key+}", "LabelInput"),
  GetPlain: op("/b/{bucket}/k/{key}?x-id=GetPlain", "LabelInput"),
  Times: op("/t/{when}/{n}/{on}", "TimeLabelInput"),
  Query: op("/q?x-id=Query&flag", "QueryInput"),
  MultiQuery: op("/mq", "MultiQueryInput"),
  Headers: op("/h", "HeaderInput", "POST"),
  Payload: op("/p/{id}", "PayloadInput", "PUT"),
};
const schema = service(shapes, operations);
const bind = (name: string, input: Record<string, unknown>, endpoint = ENDPOINT) => bindRequest(schema, schema.operations[name], input, endpoint, name);
const inputError = (path: string) => (e: unknown) => e instanceof InputValidationError && e.message.includes(path);
const T = Date.UTC(2019, 11, 16, 23, 48, 18);

describe("URI labels", () => {
  test("reserved characters are percent-encoded (RFC 3986 unreserved stay)", () => {
    const { request } = bind("GetPlain", { bucket: "a b/c?d#e%f&g=h+i", key: "!'()*~._-Ü" });
    assert.equal(request.path, "/b/a%20b%2Fc%3Fd%23e%25f%26g%3Dh%2Bi/k/%21%27%28%29%2A~._-%C3%9C");
  });
  test("Smithy's label-escaping case: every reserved character and a 4-byte UTF-8 character", () => {
    const { request } = bind("GetPlain", { bucket: "%:/?#[]@!$&'()*+,;=😹", key: "k" });
    assert.equal(request.path, "/b/%25%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%F0%9F%98%B9/k/k");
  });
  test("a greedy label keeps its slashes and encodes the rest", () => {
    const { request } = bind("GetObject", { bucket: "my bucket", key: "photos/2024/a b+c.jpg" });
    assert.equal(request.path, "/my%20bucket/photos/2024/a%20b%2Bc.jpg");
  });
  test("the endpoint's base path is kept", () => {
    const { request } = bind("GetObject", { bucket: "b", key: "k" }, { ...ENDPOINT, path: "/prefix" });
    assert.equal(request.path, "/prefix/b/k");
  });
  test("empty or missing labels are rejected before anything is sent", () => {
    assert.throws(() => bind("GetPlain", { bucket: "", key: "k" }), inputError("GetPlain.bucket"));
    assert.throws(() => bind("GetPlain", { bucket: "b" }), inputError("GetPlain.key"));
    assert.throws(() => bind("GetObject", { bucket: "b", key: "" }), inputError("GetObject.key"));
    assert.throws(() => bind("GetPlain", { bucket: 5, key: "k" }), inputError("GetPlain.bucket"));
  });
  test("timestamp labels are date-time; numbers and booleans as text", () => {
    const { request } = bind("Times", { when: new Date(T), n: 42, on: false });
    assert.equal(request.path, "/t/2019-12-16T23%3A48%3A18Z/42/false");
  });
  test("label members are not body members", () => {
    const { bodyMembers } = bind("GetPlain", { bucket: "b", key: "k" });
    assert.deepEqual(bodyMembers, []);
  });
});

describe("query string", () => {
  test("literal query in the URI is kept, with and without a value", () => {
    const { request } = bind("Query", {});
    assert.equal(request.path, "/q");
    assert.deepEqual(request.query, { "x-id": "Query", flag: "" });
    assert.deepEqual(bind("GetPlain", { bucket: "b", key: "k" }).request.query, { "x-id": "GetPlain" });
  });
  test("httpQuery for scalars: strings, numbers, booleans, date-time timestamps, enums", () => {
    const { request, bodyMembers } = bind("Query", {
      str: "a&b=c",
      int: 0,
      dbl: 1.5,
      bool: false,
      when: new Date(T),
      whenEpoch: new Date(T + 250),
      color: "red",
      body: "in the body",
    });
    assert.deepEqual(request.query, {
      "x-id": "Query",
      flag: "",
      String: "a&b=c",
      Integer: "0",
      Double: "1.5",
      Boolean: "false",
      Timestamp: "2019-12-16T23:48:18Z",
      Epoch: "1576540098.25",
      Color: "red",
    });
    assert.deepEqual(bodyMembers, ["body"]);
  });
  test("an empty string is sent as Name= (unlike a literal key without a value); null is left out", () => {
    const { request } = bind("Query", { str: "", int: null, rest: { blank: "" } });
    assert.equal(queryString(request.query), "?String=&blank=&flag&x-id=Query");
  });
  test("non-finite doubles in the query", () => {
    assert.equal(bind("Query", { dbl: NaN }).request.query.Double, "NaN");
    assert.equal(bind("Query", { dbl: -Infinity }).request.query.Double, "-Infinity");
  });
  test("httpQuery lists repeat the key", () => {
    const { request } = bind("Query", { list: ["a", "b,c"], ints: [1, 2] });
    assert.deepEqual(request.query.List, ["a", "b,c"]);
    assert.deepEqual(request.query.Ints, ["1", "2"]);
  });
  test("httpQueryParams adds the rest but never overrides httpQuery or the literal", () => {
    const { request } = bind("Query", { str: "bound", rest: { String: "loses", "x-id": "loses", extra: "kept", constructor: "kept too", toString: "also" } });
    assert.equal(request.query.String, "bound");
    assert.equal(request.query["x-id"], "Query");
    assert.equal(request.query.extra, "kept");
    assert.equal(request.query.constructor, "kept too");
    assert.equal(request.query.toString, "also");
  });
  test("httpQueryParams with list values", () => {
    const { request } = bind("MultiQuery", { str: "s", rest: { String: ["x"], tags: ["a", "b"] } });
    assert.deepEqual(request.query, { String: "s", tags: ["a", "b"] });
  });
  test("wrong types are rejected with the member path", () => {
    assert.throws(() => bind("Query", { bool: "true" }), inputError("Query.bool"));
    assert.throws(() => bind("Query", { list: "a" }), inputError("Query.list"));
    assert.throws(() => bind("Query", { ints: [1, "x"] }), inputError("Query.ints[1]"));
    assert.throws(() => bind("Query", { when: "later" }), inputError("Query.when"));
  });
});

describe("request headers", () => {
  test("scalars: strings, booleans, numbers, http-date timestamps, member timestampFormat", () => {
    const { request, bodyMembers } = bind("Headers", { str: "v", bool: true, int: 7, dbl: 2.5, when: new Date(T), whenIso: new Date(T), body: "b", status: 201 });
    assert.deepEqual(request.headers, {
      "x-string": "v",
      "x-boolean": "true",
      "x-integer": "7",
      "x-double": "2.5",
      "x-timestamp": "Mon, 16 Dec 2019 23:48:18 GMT",
      "x-iso": "2019-12-16T23:48:18Z",
    });
    assert.deepEqual(bodyMembers, ["body"]);
  });
  test("lists are comma-joined; items with commas or quotes are quoted and escaped", () => {
    const { request } = bind("Headers", { list: ["b,c", '"def"', "a"], ints: [1, 2, 3] });
    assert.equal(request.headers["x-stringlist"], '"b,c", "\\"def\\"", a');
    assert.equal(request.headers["x-integerlist"], "1, 2, 3");
  });
  test("timestamp lists are http-dates joined with commas", () => {
    const { request } = bind("Headers", { times: [new Date(T), new Date(T + 86_400_000)] });
    assert.equal(request.headers["x-timestamplist"], "Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 23:48:18 GMT");
  });
  test("a string with a JSON mediaType travels base64-encoded", () => {
    const { request } = bind("Headers", { json: '{"a":1}' });
    assert.equal(request.headers["x-json"], Buffer.from('{"a":1}').toString("base64"));
  });
  test("prefix headers: one header per map entry, null entries skipped", () => {
    const { request } = bind("Headers", { meta: { Color: "blue", size: "L", gone: null } });
    assert.deepEqual(request.headers, { "x-meta-color": "blue", "x-meta-size": "L" });
  });
  test("null headers are not sent; an empty string or empty list is sent as an empty header", () => {
    assert.deepEqual(bind("Headers", { str: undefined, bool: null }).request.headers, {});
    assert.deepEqual(bind("Headers", { str: "", list: [] }).request.headers, { "x-string": "", "x-stringlist": "" });
  });
  test("wrong header types are rejected with the path", () => {
    assert.throws(() => bind("Headers", { bool: 1 }), inputError("Headers.bool"));
    assert.throws(() => bind("Headers", { list: ["a", 1] }), inputError("Headers.list[1]"));
  });
});

describe("payload member", () => {
  test("is reported separately and is not a body member", () => {
    const { payloadMember, bodyMembers, request } = bind("Payload", { id: "1", data: "x", other: "o" });
    assert.equal(payloadMember, "data");
    assert.deepEqual(bodyMembers, []);
    assert.equal(request.method, "PUT");
    assert.deepEqual(request.headers, { "x-other": "o" });
  });
});

describe("response bindings", () => {
  const out = (headers: Record<string, string>, status = 200) => {
    const o: Record<string, unknown> = {};
    readHttpBindings(schema, shapes.HeaderInput as StructureSchema, status, headers, o);
    return o;
  };
  test("headers become typed values; the status code member gets the status", () => {
    const o = out(
      {
        "x-string": "v",
        "x-boolean": "false",
        "x-integer": "12",
        "x-double": "NaN",
        "x-timestamp": "Mon, 16 Dec 2019 23:48:18 GMT",
        "x-iso": "2019-12-16T23:48:18.5Z",
        "x-json": Buffer.from('{"a":1}').toString("base64"),
      },
      202,
    );
    assert.equal(o.str, "v");
    assert.equal(o.bool, false);
    assert.equal(o.int, 12);
    assert.ok(Number.isNaN(o.dbl));
    assert.equal((o.when as Date).getTime(), T);
    assert.equal((o.whenIso as Date).getTime(), T + 500);
    assert.equal(o.json, '{"a":1}');
    assert.equal(o.status, 202);
    assert.equal("body" in o, false);
  });
  test("list headers: quoted items, numbers", () => {
    const o = out({ "x-stringlist": '"b,c", "\\"def\\"", a', "x-integerlist": "1, 2,3" });
    assert.deepEqual(o.list, ["b,c", '"def"', "a"]);
    assert.deepEqual(o.ints, [1, 2, 3]);
  });
  test("list of http-dates splits on the dates, not on every comma", () => {
    const o = out({ "x-timestamplist": "Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 23:48:18 GMT" });
    assert.deepEqual((o.times as Date[]).map((d) => d.getTime()), [T, T + 86_400_000]);
  });
  test("list of timestamps whose member says http-date explicitly", () => {
    const o = out({ "x-httpdates": "Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 23:48:18 GMT" });
    assert.deepEqual((o.httpDates as Date[]).map((d) => d.getTime()), [T, T + 86_400_000]);
  });
  test("list of timestamps whose target shape is epoch-seconds", () => {
    const o = out({ "x-epochlist": "1576540098, 1576540098.5" });
    assert.deepEqual((o.epochTimes as Date[]).map((d) => d.getTime()), [T, T + 500]);
  });
  test("prefix headers collect into a map, keyed by the rest of the (lower-case) name", () => {
    const o = out({ "x-meta-color": "blue", "x-meta-size": "L", "x-other": "no" });
    assert.deepEqual(o.meta, { color: "blue", size: "L" });
    // no header with the prefix is an empty map, not an absent member (Smithy's HttpPrefixHeadersAreNotPresent)
    assert.deepEqual(out({ "x-other": "no" }).meta, {});
  });
  test("missing headers leave members unset (a prefix-header map is {})", () => {
    const o = out({});
    assert.deepEqual(Object.keys(o).sort(), ["meta", "status"]);
  });
});

describe("helpers", () => {
  test("escapeUri encodes everything but RFC 3986 unreserved characters", () => {
    assert.equal(escapeUri("AZaz09-._~"), "AZaz09-._~");
    assert.equal(escapeUri(" !\"#$&'()*+,/:;=?@[]"), "%20%21%22%23%24%26%27%28%29%2A%2B%2C%2F%3A%3B%3D%3F%40%5B%5D");
  });
  test("splitHeaderList", () => {
    assert.deepEqual(splitHeaderList("a, b ,c"), ["a", "b", "c"]);
    assert.deepEqual(splitHeaderList('"a, b", c'), ["a, b", "c"]);
    assert.deepEqual(splitHeaderList(""), []);
  });
});
