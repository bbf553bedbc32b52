import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Readable } from "node:stream";
import { restJson1, sanitizeErrorCode } from "../src/protocols/rest-json.js";
import type { OperationSchema, ShapeSchema, StructureSchema } from "../src/schema.js";
import { ENDPOINT, service } from "./support/schema-fixtures.js";

const shapes: Record<string, ShapeSchema> = {
  BlobPayloadInput: {
    type: "structure",
    members: { id: { target: "string", httpLabel: true }, data: { target: "blob", httpPayload: true }, type: { target: "string", httpHeader: "Content-Type" } },
  },
  ImagePayloadInput: { type: "structure", members: { data: { target: "Image", httpPayload: true } } },
  Image: { type: "blob", mediaType: "image/png" },
  TextPayloadInput: { type: "structure", members: { text: { target: "string", httpPayload: true } } },
  StructPayloadInput: { type: "structure", members: { tag: { target: "string", httpHeader: "X-Tag" }, nested: { target: "Nested", httpPayload: true } } },
  Nested: { type: "structure", members: { greeting: { target: "string", jsonName: "Greeting" }, when: { target: "timestamp" } } },
  StreamInput: { type: "structure", members: { id: { target: "string", httpLabel: true }, events: { target: "Events", httpPayload: true } } },
  Events: { type: "union", streaming: true, members: { chunk: { target: "Nested" } } },
  BodyInput: {
    type: "structure",
    members: {
      id: { target: "string", httpLabel: true },
      name: { target: "string", jsonName: "Name" },
      count: { target: "integer" },
      tag: { target: "string", httpHeader: "X-Tag" },
      q: { target: "string", httpQuery: "q" },
    },
  },
  NoBodyInput: { type: "structure", members: { id: { target: "string", httpLabel: true }, q: { target: "string", httpQuery: "q" } } },
  BodyOutput: {
    type: "structure",
    members: {
      name: { target: "string", jsonName: "Name" },
      count: { target: "integer" },
      tag: { target: "string", httpHeader: "X-Tag" },
      status: { target: "integer", httpResponseCode: true },
    },
  },
  BlobOutput: { type: "structure", members: { data: { target: "blob", httpPayload: true }, type: { target: "string", httpHeader: "Content-Type" } } },
  TextOutput: { type: "structure", members: { text: { target: "string", httpPayload: true } } },
  StructOutput: { type: "structure", members: { nested: { target: "Nested", httpPayload: true } } },
  ValidationException: {
    type: "structure",
    error: "client",
    httpError: 400,
    members: { message: { target: "string" }, field: { target: "string", jsonName: "Field" }, reason: { target: "string", httpHeader: "X-Reason" } },
  },
};
const op = (uri: string, input: string, output = "Unit", method = "POST"): OperationSchema => ({ input, output, http: { method, uri } });
const operations: Record<string, OperationSchema> = {
  PutBlob: op("/blob/{id}", "BlobPayloadInput", "BlobOutput", "PUT"),
  PutImage: op("/image", "ImagePayloadInput"),
  PutText: op("/text", "TextPayloadInput", "TextOutput"),
  PutStruct: op("/struct", "StructPayloadInput", "StructOutput"),
  Stream: { ...op("/stream/{id}", "StreamInput"), inputEventStream: "events" },
  Body: op("/body/{id}", "BodyInput", "BodyOutput"),
  NoBody: op("/nobody/{id}", "NoBodyInput", "Unit", "GET"),
  NoInput: op("/none", "Unit", "Unit", "GET"),
};
const schema = service(shapes, operations);
const serialize = (opName: string, input: Record<string, unknown>) => restJson1.serializeRequest({ schema, op: schema.operations[opName], opName, input, endpoint: ENDPOINT });
const parse = (opName: string, body: string | Uint8Array, headers: Record<string, string> = {}, status = 200) =>
  restJson1.parseResponse({ schema, op: schema.operations[opName], opName, status, headers, body: typeof body === "string" ? new TextEncoder().encode(body) : body });
const T = Date.UTC(2019, 11, 16, 23, 48, 18);

describe("request payload members", () => {
  test("a blob payload is the raw body, application/octet-stream by default", () => {
    const req = serialize("PutBlob", { id: "1", data: new Uint8Array([0, 255, 10]) });
    assert.deepEqual([...(req.body as Uint8Array)], [0, 255, 10]);
    assert.equal(req.headers["content-type"], "application/octet-stream");
    assert.equal(req.path, "/blob/1");
  });
  test("a blob payload from a string is its UTF-8 bytes; an explicit Content-Type header wins", () => {
    const req = serialize("PutBlob", { id: "1", data: "héllo", type: "text/csv" });
    assert.equal(Buffer.from(req.body as Uint8Array).toString("utf8"), "héllo");
    assert.equal(req.headers["content-type"], "text/csv");
  });
  test("a blob payload's mediaType is the Content-Type", () => {
    assert.equal(serialize("PutImage", { data: new Uint8Array([1]) }).headers["content-type"], "image/png");
  });
  test("a stream blob payload is passed through as is", () => {
    const stream = Readable.from([Buffer.from("abc")]);
    const req = serialize("PutBlob", { id: "1", data: stream });
    assert.equal(req.body, stream);
  });
  test("an unset blob payload sends no body and no Content-Type", () => {
    const req = serialize("PutBlob", { id: "1" });
    assert.equal(req.body, undefined);
    assert.equal(req.headers["content-type"], undefined);
  });
  test("a string payload is text/plain", () => {
    const req = serialize("PutText", { text: "just text, not JSON" });
    assert.equal(req.body, "just text, not JSON");
    assert.equal(req.headers["content-type"], "text/plain");
  });
  test("a structure payload is the JSON of that structure alone", () => {
    const req = serialize("PutStruct", { tag: "t", nested: { greeting: "hi", when: new Date(T) } });
    assert.deepEqual(JSON.parse(req.body as string), { Greeting: "hi", when: 1576540098 });
    assert.equal(req.headers["content-type"], "application/json");
    assert.equal(req.headers["x-tag"], "t");
    // an unset structure payload is sent as `{}` (protocol tests RestJsonHttpWithEmptyStructurePayload,
    // RestJsonHttpWithHeadersButNoPayload)
    const unset = serialize("PutStruct", { tag: "t" });
    assert.equal(unset.body, "{}");
    assert.equal(unset.headers["content-type"], "application/json");
  });
  test("an event stream payload sets the event stream content type", () => {
    const req = serialize("Stream", { id: "s" });
    assert.equal(req.headers["content-type"], "application/vnd.amazon.eventstream");
  });
});

describe("request body members", () => {
  test("only the members that are set, with jsonName; bound members stay out", () => {
    const req = serialize("Body", { id: "1", name: "n", tag: "t", q: "query" });
    assert.deepEqual(JSON.parse(req.body as string), { Name: "n" });
    assert.equal(req.headers["content-type"], "application/json");
    assert.equal(req.headers["x-tag"], "t");
    assert.deepEqual(req.query, { q: "query" });
  });
  test("{} when the input has body members but none is set", () => {
    const req = serialize("Body", { id: "1", count: null });
    assert.equal(req.body, "{}");
    assert.equal(req.headers["content-type"], "application/json");
  });
  test("no body and no Content-Type when the input has no body members", () => {
    for (const [name, input] of [
      ["NoBody", { id: "1", q: "x" }],
      ["NoInput", {}],
    ] as const) {
      const req = serialize(name, input);
      assert.equal(req.body, undefined, name);
      assert.equal(req.headers["content-type"], undefined, name);
    }
  });
  test("invalid body values are rejected with the member path", () => {
    assert.throws(() => serialize("Body", { id: "1", count: "3" }), /Body\.count/);
  });
});

describe("responses", () => {
  test("body members by jsonName, plus headers and status code", () => {
    const out = parse("Body", '{"Name":"n","count":2,"tag":"from body","unknown":1}', { "x-tag": "from header" }, 201);
    assert.deepEqual(out, { name: "n", count: 2, tag: "from header", status: 201 });
  });
  test("an empty body is fine", () => {
    assert.deepEqual(parse("Body", ""), { status: 200 });
  });
  test("a blob payload is the raw body; a string payload is its text; a structure payload is parsed", () => {
    const blob = parse("PutBlob", new Uint8Array([1, 2, 3]), { "content-type": "application/octet-stream" });
    assert.deepEqual([...(blob.data as Uint8Array)], [1, 2, 3]);
    assert.equal(blob.type, "application/octet-stream");
    assert.deepEqual(parse("PutText", "plain {text}"), { text: "plain {text}" });
    assert.deepEqual(parse("PutText", ""), {});
    const s = parse("PutStruct", '{"Greeting":"hi","when":1576540098.5}');
    assert.equal((s.nested as { greeting: string }).greeting, "hi");
    assert.equal((s.nested as { when: Date }).when.getTime(), T + 500);
  });
  test("invalid JSON is a SyntaxError", () => {
    assert.throws(() => parse("Body", "<html>"), SyntaxError);
  });
  test("Unit output is an empty object", () => {
    assert.deepEqual(parse("NoBody", "ignored"), {});
  });
});

describe("errors", () => {
  const parseError = (headers: Record<string, string>, body: string, status = 400) =>
    restJson1.parseError({ schema, op: schema.operations.Body, opName: "Body", status, headers, body: new TextEncoder().encode(body) });
  test("sanitizeErrorCode: drop the namespace and anything from the first colon", () => {
    assert.equal(sanitizeErrorCode("FooError"), "FooError");
    assert.equal(sanitizeErrorCode("FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"), "FooError");
    assert.equal(sanitizeErrorCode("aws.protocoltests.restjson#FooError"), "FooError");
    assert.equal(sanitizeErrorCode("aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"), "FooError");
  });
  test("x-amzn-errortype wins over the body", () => {
    const info = parseError({ "x-amzn-errortype": "ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/" }, '{"code":"Other","__type":"Third"}');
    assert.equal(info.code, "ValidationException");
  });
  test("then the body's code, then __type with a namespace", () => {
    assert.equal(parseError({}, '{"code":"ValidationException","__type":"Other"}').code, "ValidationException");
    assert.equal(parseError({}, '{"__type":"com.example#ValidationException","message":"m"}').code, "ValidationException");
  });
  test("no code at all, or a body that is not JSON", () => {
    assert.equal(parseError({}, '{"message":"m"}').code, undefined);
    const html = parseError({}, "<html>bad gateway</html>", 502);
    assert.equal(html.code, undefined);
    assert.deepEqual(html.body, {});
  });
  test("modeled error fields from the body (jsonName) and headers", () => {
    const ctx = { schema, op: schema.operations.Body, opName: "Body", status: 400, headers: { "x-reason": "bad" }, body: new Uint8Array(0) };
    const info = { code: "ValidationException", body: { message: "m", Field: "f", reason: "not from body", extra: 1 } };
    const fields = restJson1.readErrorFields(schema, shapes.ValidationException as StructureSchema, ctx, info);
    assert.deepEqual(fields, { message: "m", field: "f", reason: "bad" });
  });
});

describe("event bodies", () => {
  test("parsed as the target shape; empty is {}", () => {
    assert.deepEqual(restJson1.parseEventBody(schema, "Nested", new TextEncoder().encode('{"Greeting":"yo"}')), { greeting: "yo" });
    assert.deepEqual(restJson1.parseEventBody(schema, "Nested", new Uint8Array(0)), {});
  });
});
