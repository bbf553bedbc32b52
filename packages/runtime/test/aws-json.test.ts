/**
 * awsJson1_0 / awsJson1_1: the protocol module on its own (hand-written schema fixtures, cases from
 * Smithy's awsJson1_0 protocol tests), then through `Client` against a local HTTP server, then through
 * the generated DynamoDB, Kinesis and SQS clients.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { after, before, describe, test } from "node:test";
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import { Client, type ClientConfig } from "../src/client.js";
import { ServiceException, type ServiceExceptionInit } from "../src/errors.js";
import { awsJson1_0, awsJson1_1 } from "../src/protocols/aws-json.js";
import { protocolFor } from "../src/protocols/index.js";
import type { Protocol, ResponseContext } from "../src/protocols/protocol.js";
import type { OperationSchema, ServiceSchema, ShapeSchema } from "../src/schema.js";
import { useRecordingServer } from "./support/recording-server.js";
import { ENDPOINT, service } from "./support/schema-fixtures.js";

const T = Date.UTC(2019, 11, 16, 23, 48, 18);
const T_MS = Date.UTC(2019, 11, 16, 23, 48, 18, 250);

const shapes: Record<string, ShapeSchema> = {
  PutThingInput: {
    type: "structure",
    members: {
      Name: { target: "string", jsonName: "name" },
      Tag: { target: "string", httpHeader: "X-Tag" },
      Id: { target: "string", httpLabel: true },
      Q: { target: "string", httpQuery: "q" },
      Count: { target: "integer" },
      When: { target: "timestamp" },
      WhenIso: { target: "timestamp", timestampFormat: "date-time" },
      WhenShape: { target: "HttpDate" },
      Data: { target: "blob" },
      Nested: { target: "Nested" },
      Ratio: { target: "double" },
    },
  },
  Nested: { type: "structure", members: { Foo: { target: "string", jsonName: "Fooooo" }, Items: { target: "ItemMap" } } },
  ItemMap: { type: "map", key: { target: "string" }, value: { target: "Nested" } },
  HttpDate: { type: "timestamp", timestampFormat: "http-date" },
  PutThingOutput: {
    type: "structure",
    members: {
      Name: { target: "string", jsonName: "name" },
      Tag: { target: "string", httpHeader: "X-Tag" },
      Status: { target: "integer", httpResponseCode: true },
      When: { target: "timestamp" },
      WhenIso: { target: "timestamp", timestampFormat: "date-time" },
      Data: { target: "blob" },
      Nested: { target: "Nested" },
    },
  },
  EmptyInput: { type: "structure", members: { Maybe: { target: "string" } } },
  InvalidGreeting: { type: "structure", error: "client", members: { Message: { target: "string" } } },
  ComplexError: {
    type: "structure",
    error: "client",
    members: { TopLevel: { target: "string" }, Nested: { target: "Nested" }, message: { target: "string" } },
  },
  FooError: { type: "structure", error: "server", members: {} },
  CustomCodeError: { type: "structure", error: "client", awsQueryError: { code: "Customized", httpResponseCode: 402 }, members: { message: { target: "string" } } },
  NoCustomCodeError: { type: "structure", error: "client", members: { message: { target: "string" } } },
  // event stream
  WatchInput: { type: "structure", members: { Id: { target: "string" } } },
  WatchOutput: { type: "structure", members: { Events: { target: "WatchEvents" }, SessionId: { target: "string" }, StartedAt: { target: "timestamp" } } },
  WatchEvents: { type: "union", streaming: true, members: { Tick: { target: "Tick" }, Boom: { target: "BoomException" } } },
  Tick: { type: "structure", members: { N: { target: "integer" }, At: { target: "timestamp" }, Blob: { target: "blob" } } },
  BoomException: { type: "structure", error: "server", members: { message: { target: "string" } } },
};
const operations: Record<string, OperationSchema> = {
  PutThing: { input: "PutThingInput", output: "PutThingOutput", errors: ["InvalidGreeting", "ComplexError", "FooError"] },
  Empty: { input: "EmptyInput", output: "Unit" },
  NoInput: { input: "Unit", output: "Unit" },
  Watch: { input: "WatchInput", output: "WatchOutput", outputEventStream: "Events" },
};
const schema10 = service(shapes, operations, { name: "JsonRpc10", protocol: "awsJson1_0" });
const schema11 = service(shapes, operations, { name: "JsonRpc11", protocol: "awsJson1_1" });
const queryCompatible = service(shapes, operations, { name: "QueryCompatibleJsonRpc10", protocol: "awsJson1_0", protocolOptions: { awsQueryCompatible: true } });

const enc = (s: string) => new TextEncoder().encode(s);
const serialize = (p: Protocol, schema: ServiceSchema, opName: string, input: Record<string, unknown>, endpoint = ENDPOINT) =>
  p.serializeRequest({ schema, op: schema.operations[opName], opName, input, endpoint });
const ctx = (schema: ServiceSchema, opName: string, body: string, headers: Record<string, string> = {}, status = 200): ResponseContext => ({
  schema,
  op: schema.operations[opName],
  opName,
  status,
  headers,
  body: enc(body),
});

describe("awsJson requests", () => {
  test("registered under both trait names", () => {
    assert.equal(protocolFor("awsJson1_0"), awsJson1_0);
    assert.equal(protocolFor("awsJson1_1"), awsJson1_1);
  });
  test("POST / with the 1.0 content type and X-Amz-Target Service.Operation", () => {
    const req = serialize(awsJson1_0, schema10, "PutThing", { Name: "n" });
    assert.equal(req.method, "POST");
    assert.equal(req.path, "/");
    assert.deepEqual(req.query, {});
    assert.equal(req.hostname, "svc.example.com");
    assert.equal(req.protocol, "https:");
    assert.deepEqual(req.headers, { "content-type": "application/x-amz-json-1.0", "x-amz-target": "JsonRpc10.PutThing" });
    assert.equal(req.body, '{"Name":"n"}');
  });
  test("awsJson1_1 differs only in the content type", () => {
    const req = serialize(awsJson1_1, schema11, "PutThing", { Name: "n" });
    assert.deepEqual(req.headers, { "content-type": "application/x-amz-json-1.1", "x-amz-target": "JsonRpc11.PutThing" });
    assert.equal(req.path, "/");
  });
  test("an endpoint with a path: the request goes to that path plus /", () => {
    const req = serialize(awsJson1_0, schema10, "Empty", {}, { protocol: "http:", hostname: "example.com", port: 8080, path: "/custom" });
    assert.equal(req.path, "/custom/");
    assert.equal(req.port, 8080);
    assert.equal(req.protocol, "http:");
  });
  test("jsonName and HTTP binding traits are ignored: every member goes in the body by its own name", () => {
    const req = serialize(awsJson1_0, schema10, "PutThing", { Name: "n", Tag: "t", Id: "i", Q: "q", Nested: { Foo: "bar", Items: { k: { Foo: "deep" } } } });
    assert.deepEqual(JSON.parse(req.body as string), { Name: "n", Tag: "t", Id: "i", Q: "q", Nested: { Foo: "bar", Items: { k: { Foo: "deep" } } } });
    assert.equal(req.headers["x-tag"], undefined);
  });
  test("timestamps are epoch seconds unless timestampFormat says otherwise; blobs base64; floats", () => {
    const req = serialize(awsJson1_0, schema10, "PutThing", { When: new Date(T_MS), WhenIso: new Date(T), WhenShape: new Date(T), Data: enc("hi"), Ratio: Infinity });
    assert.deepEqual(JSON.parse(req.body as string), {
      When: 1576540098.25,
      WhenIso: "2019-12-16T23:48:18Z",
      WhenShape: "Mon, 16 Dec 2019 23:48:18 GMT",
      Data: "aGk=",
      Ratio: "Infinity",
    });
  });
  test("no input, or nothing set: {}", () => {
    assert.equal(serialize(awsJson1_0, schema10, "NoInput", {}).body, "{}");
    assert.equal(serialize(awsJson1_0, schema10, "Empty", {}).body, "{}");
    assert.equal(serialize(awsJson1_0, schema10, "Empty", { Maybe: null, Other: "not modeled" }).body, "{}");
    assert.equal(serialize(awsJson1_0, schema10, "NoInput", {}).headers["content-type"], "application/x-amz-json-1.0");
  });
  test("invalid input is rejected with the member path", () => {
    assert.throws(() => serialize(awsJson1_0, schema10, "PutThing", { Count: "3" }), /PutThing\.Count/);
  });
  test("x-amzn-query-mode: true only for awsQueryCompatible services", () => {
    assert.equal(serialize(awsJson1_0, queryCompatible, "Empty", {}).headers["x-amzn-query-mode"], "true");
    assert.equal(serialize(awsJson1_0, schema10, "Empty", {}).headers["x-amzn-query-mode"], undefined);
  });
});

describe("awsJson responses", () => {
  test("the body is the output, by member name; timestamps by their format; bindings ignored", () => {
    const out = awsJson1_0.parseResponse(
      ctx(
        schema10,
        "PutThing",
        JSON.stringify({ Name: "n", name: "ignored", Tag: "from-body", When: 1576540098.25, WhenIso: "2019-12-16T23:48:18Z", Data: "aGk=", Nested: { Foo: "x", Fooooo: "no" }, Unknown: 1 }),
        { "x-tag": "from-header" },
        200,
      ),
    );
    assert.deepEqual(out, { Name: "n", Tag: "from-body", When: new Date(T_MS), WhenIso: new Date(T), Data: new Uint8Array(enc("hi")), Nested: { Foo: "x" } });
  });
  test("an empty body or {} is an empty output; a Unit output ignores the body", () => {
    assert.deepEqual(awsJson1_1.parseResponse(ctx(schema11, "PutThing", "")), {});
    assert.deepEqual(awsJson1_1.parseResponse(ctx(schema11, "PutThing", "{}")), {});
    assert.deepEqual(awsJson1_1.parseResponse(ctx(schema11, "Empty", '{"x":1}')), {});
  });
  test("a body that is not a JSON object fails", () => {
    assert.throws(() => awsJson1_0.parseResponse(ctx(schema10, "PutThing", "<html>")), SyntaxError);
    assert.throws(() => awsJson1_0.parseResponse(ctx(schema10, "PutThing", "[1]")), TypeError);
  });
  test("an event-stream output's members come from the initial-response, not the body", () => {
    assert.deepEqual(awsJson1_0.parseResponse(ctx(schema10, "Watch", "")), {});
    const fields = awsJson1_0.parseInitialResponse!(schema10, "WatchOutput", enc(JSON.stringify({ SessionId: "s-1", StartedAt: 1576540098, Events: { Tick: {} } })));
    assert.deepEqual(fields, { SessionId: "s-1", StartedAt: new Date(T) });
    assert.deepEqual(awsJson1_0.parseInitialResponse!(schema10, "WatchOutput", new Uint8Array(0)), {});
  });
  test("event bodies are JSON by member name", () => {
    assert.deepEqual(awsJson1_0.parseEventBody(schema10, "Tick", enc('{"N":3,"At":1576540098,"Blob":"aGk="}')), { N: 3, At: new Date(T), Blob: new Uint8Array(enc("hi")) });
  });
});

describe("awsJson errors (Smithy's awsJson1_0 error cases)", () => {
  const code = (headers: Record<string, string>, body = "", p = awsJson1_0) => p.parseError(ctx(schema10, "PutThing", body, headers, 500)).code;
  test("X-Amzn-Errortype, with or without a URI and a namespace", () => {
    assert.equal(code({ "x-amzn-errortype": "FooError" }), "FooError");
    assert.equal(code({ "x-amzn-errortype": "FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/" }), "FooError");
    assert.equal(code({ "x-amzn-errortype": "aws.protocoltests.json10#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/" }), "FooError");
  });
  test("a top-level code, then __type", () => {
    assert.equal(code({}, '{"code":"FooError"}'), "FooError");
    assert.equal(code({}, '{"code":"aws.protocoltests.json10#FooError"}'), "FooError");
    assert.equal(code({}, '{"code":"aws.protocoltests.json10#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"}'), "FooError");
    assert.equal(code({}, '{"__type":"FooError"}'), "FooError");
    assert.equal(code({}, '{"__type":"aws.different.namespace#FooError"}'), "FooError");
    assert.equal(code({}, '{"__type":"aws.protocoltests.json10#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"}', awsJson1_1), "FooError");
  });
  test("the header beats code, code beats __type; a nested __type is not the error's", () => {
    assert.equal(code({ "x-amzn-errortype": "FromHeader" }, '{"code":"FromCode","__type":"FromType"}'), "FromHeader");
    assert.equal(code({}, '{"code":"FromCode","__type":"FromType"}'), "FromCode");
    assert.equal(code({}, '{"__type":"aws.protocoltests.json10#FooError","ErrorDetails":[{"__type":"com.amazon.internal#ErrorDetails","reason":"Some reason"}]}'), "FooError");
  });
  test("no code anywhere, or a body that is not JSON: undefined, and the status decides", () => {
    assert.equal(code({}, ""), undefined);
    assert.equal(code({}, "<html>Bad gateway</html>"), undefined);
    assert.equal(code({}, '["FooError"]'), undefined);
  });
  test("the message comes from message or Message", () => {
    assert.equal(awsJson1_0.parseError(ctx(schema10, "PutThing", '{"__type":"X","Message":"Hi"}', {}, 400)).message, "Hi");
    assert.equal(awsJson1_0.parseError(ctx(schema10, "PutThing", '{"__type":"X","message":"lo"}', {}, 400)).message, "lo");
  });
  test("modeled error fields: by member name, jsonName ignored; message filled from either case", () => {
    const c = ctx(schema10, "PutThing", '{"__type":"aws.protocoltests.json10#ComplexError","TopLevel":"Top level","Nested":{"Foo":"bar","Fooooo":"no"},"Message":"m"}', {}, 400);
    const info = awsJson1_0.parseError(c);
    assert.deepEqual(awsJson1_0.readErrorFields(schema10, schema10.shapes.ComplexError as never, c, info), { TopLevel: "Top level", Nested: { Foo: "bar" }, message: "m" });
    const c2 = ctx(schema10, "PutThing", '{"__type":"InvalidGreeting","message":"Hi"}', {}, 400);
    assert.deepEqual(awsJson1_0.readErrorFields(schema10, schema10.shapes.InvalidGreeting as never, c2, awsJson1_0.parseError(c2)), { Message: "Hi" });
  });
});

describe("awsQueryCompatible errors", () => {
  const parse = (schema: ServiceSchema, shape: string | undefined, body: string, headers: Record<string, string>) => {
    const c = ctx(schema, "PutThing", body, headers, 400);
    const info = awsJson1_0.parseError(c);
    return { info, fields: shape ? awsJson1_0.readErrorFields(schema, schema.shapes[shape] as never, c, info) : undefined };
  };
  test("the error is still the one __type names; Code and Type come from x-amzn-query-error", () => {
    const { info, fields } = parse(queryCompatible, "CustomCodeError", '{"__type":"aws.protocoltests.json10#CustomCodeError","Message":"Hi"}', { "x-amzn-query-error": "Customized;Sender" });
    assert.equal(info.code, "CustomCodeError");
    assert.deepEqual(fields, { message: "Hi", Code: "Customized", Type: "Sender" });
  });
  test("without the header: nothing added", () => {
    const { info, fields } = parse(queryCompatible, "NoCustomCodeError", '{"__type":"aws.protocoltests.json10#NoCustomCodeError","Message":"Hi"}', {});
    assert.equal(info.code, "NoCustomCodeError");
    assert.deepEqual(fields, { message: "Hi" });
  });
  test("no __type the model knows: the query code picks the error by its awsQueryError code, else is the code", () => {
    assert.equal(parse(queryCompatible, undefined, '{"Message":"Hi"}', { "x-amzn-query-error": "Customized;Sender" }).info.code, "CustomCodeError");
    assert.equal(parse(queryCompatible, undefined, '{"__type":"com.amazonaws.sqs#Unmodeled"}', { "x-amzn-query-error": "Customized;Sender" }).info.code, "CustomCodeError");
    assert.equal(parse(queryCompatible, undefined, '{"__type":"com.amazonaws.sqs#Unmodeled"}', { "x-amzn-query-error": "AWS.Legacy.Code;Receiver" }).info.code, "AWS.Legacy.Code");
  });
  test("a service that is not query compatible ignores the header", () => {
    const { info, fields } = parse(schema10, "CustomCodeError", '{"__type":"CustomCodeError"}', { "x-amzn-query-error": "Customized;Sender" });
    assert.equal(info.code, "CustomCodeError");
    assert.deepEqual(fields, {});
    assert.equal(parse(schema10, undefined, "{}", { "x-amzn-query-error": "Customized;Sender" }).info.code, undefined);
  });
});

// ---- through Client, against a local server --------------------------------------------------

const srv = useRecordingServer((r, n) => ({ "x-amzn-requestid": `req-${n}`, ...r.headers }));
const { seen, replies } = srv;

class InvalidGreeting extends ServiceException {
  constructor(init: ServiceExceptionInit) {
    super(init, "InvalidGreeting", "client");
  }
}
class CustomCodeError extends ServiceException {
  constructor(init: ServiceExceptionInit) {
    super(init, "CustomCodeError", "client");
  }
}
class BoomException extends ServiceException {
  constructor(init: ServiceExceptionInit) {
    super(init, "BoomException", "server");
  }
}
const ERRORS = { InvalidGreeting, CustomCodeError, BoomException };
const clients: Client[] = [];
function client(schema: ServiceSchema, config: ClientConfig = {}): Client {
  const c = new Client({ ...schema, auth: ["smithy.api#noAuth"], endpointPrefix: "fixture" }, ERRORS, { region: "us-east-1", endpoint: srv.base, env: {}, maxAttempts: 1, ...config });
  clients.push(c);
  return c;
}
after(() => clients.forEach((c) => c.destroy()));

const json10 = { "content-type": "application/x-amz-json-1.0" };
const codec = new EventStreamCodec(toUtf8, fromUtf8);
const str = (value: string) => ({ type: "string" as const, value });
const event = (eventType: string, payload: unknown) =>
  codec.encode({ headers: { ":message-type": str("event"), ":event-type": str(eventType), ":content-type": str("application/json") }, body: fromUtf8(JSON.stringify(payload)) });
const exception = (type: string, payload: unknown) =>
  codec.encode({ headers: { ":message-type": str("exception"), ":exception-type": str(type), ":content-type": str("application/json") }, body: fromUtf8(JSON.stringify(payload)) });

describe("awsJson through Client", () => {
  test("the exact request on the wire, and the parsed output with its metadata", async () => {
    replies.push({ headers: json10, body: JSON.stringify({ Name: "back", When: 1576540098, Nested: { Foo: "f" } }) });
    const out = await client(schema10, { endpoint: `${srv.base}/base` }).send("PutThing", { Name: "n", Tag: "t", When: new Date(T) });
    const r = seen[0];
    assert.equal(r.method, "POST");
    assert.equal(r.url, "/base/");
    assert.equal(r.headers["content-type"], "application/x-amz-json-1.0");
    assert.equal(r.headers["x-amz-target"], "JsonRpc10.PutThing");
    assert.equal(r.headers["content-length"], String(Buffer.byteLength(r.body)));
    assert.equal(r.headers["x-tag"], undefined);
    assert.equal(r.body, '{"Name":"n","Tag":"t","When":1576540098}');
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.equal(out.$metadata.requestId, "req-1");
    assert.deepEqual(out, { Name: "back", When: new Date(T), Nested: { Foo: "f" } });
  });
  test("awsJson1_1 with no input sends {}", async () => {
    replies.push({ headers: { "content-type": "application/x-amz-json-1.1" } });
    const out = await client(schema11).send("NoInput", {});
    assert.equal(seen[0].url, "/");
    assert.equal(seen[0].headers["content-type"], "application/x-amz-json-1.1");
    assert.equal(seen[0].headers["x-amz-target"], "JsonRpc11.NoInput");
    assert.equal(seen[0].body, "{}");
    assert.deepEqual(out, {});
  });
  test("a modeled error: its class, message from Message, fields, metadata", async () => {
    replies.push({ status: 400, headers: json10, body: JSON.stringify({ __type: "aws.protocoltests.json10#InvalidGreeting", Message: "Hi" }) });
    const err = await client(schema10).send("PutThing", {}).catch((e: unknown) => e);
    assert.ok(err instanceof InvalidGreeting, String(err));
    assert.equal(err.name, "InvalidGreeting");
    assert.equal(err.message, "Hi");
    assert.equal((err as unknown as Record<string, unknown>).Message, "Hi");
    assert.equal(err.$fault, "client");
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.$metadata.requestId, "req-1");
  });
  test("an error named only by X-Amzn-Errortype, with an empty body", async () => {
    replies.push({ status: 500, headers: { "x-amzn-errortype": "FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/" } });
    const err = await client(schema10).send("PutThing", {}).catch((e: unknown) => e);
    assert.ok(err instanceof ServiceException);
    assert.equal(err.name, "FooError");
    assert.equal(err.$fault, "server");
  });
  test("an unmodeled error keeps its sanitised code and message", async () => {
    replies.push({ status: 400, headers: json10, body: JSON.stringify({ __type: "com.amazon.coral.service#UnrecognizedClientException", message: "The security token is invalid" }) });
    const err = await client(schema10).send("PutThing", {}).catch((e: unknown) => e);
    assert.ok(err instanceof ServiceException);
    assert.equal(err.name, "UnrecognizedClientException");
    assert.equal(err.message, "The security token is invalid");
  });
  test("awsQueryCompatible: x-amzn-query-mode sent; x-amzn-query-error read into Code and Type", async () => {
    replies.push({ status: 400, headers: { ...json10, "x-amzn-query-error": "Customized;Sender" }, body: JSON.stringify({ __type: "aws.protocoltests.json10#CustomCodeError", Message: "Hi" }) });
    const err = await client(queryCompatible).send("PutThing", {}).catch((e: unknown) => e);
    assert.equal(seen[0].headers["x-amzn-query-mode"], "true");
    assert.ok(err instanceof CustomCodeError, String(err));
    assert.equal(err.message, "Hi");
    const fields = err as unknown as Record<string, unknown>;
    assert.equal(fields.Code, "Customized");
    assert.equal(fields.Type, "Sender");
    assert.equal(fields.message, "Hi");
  });
  test("awsQueryCompatible: an unmodeled error is named by its query code", async () => {
    replies.push({ status: 400, headers: { ...json10, "x-amzn-query-error": "AWS.SimpleQueueService.Legacy;Sender" }, body: JSON.stringify({ __type: "com.amazonaws.sqs#Legacy", message: "old" }) });
    const err = await client(queryCompatible).send("PutThing", {}).catch((e: unknown) => e);
    assert.ok(err instanceof ServiceException);
    assert.equal(err.name, "AWS.SimpleQueueService.Legacy");
    assert.equal(err.message, "old");
  });
});

describe("awsJson event streams: the initial-response", () => {
  const stream = { "content-type": "application/vnd.amazon.eventstream" };
  test("is not an event; its members join the response; the events follow", async () => {
    replies.push({
      headers: stream,
      chunks: [event("initial-response", { SessionId: "s-1", StartedAt: 1576540098 }), event("Tick", { N: 1, At: 1576540098, Blob: "aGk=" }), event("Tick", { N: 2 })],
    });
    const res = await client(schema10).send("Watch", { Id: "w" });
    assert.equal(seen[0].body, '{"Id":"w"}');
    assert.equal(seen[0].headers["x-amz-target"], "JsonRpc10.Watch");
    const events: unknown[] = [];
    for await (const e of res) events.push(e);
    assert.deepEqual(events, [{ Tick: { N: 1, At: new Date(T), Blob: new Uint8Array(enc("hi")) } }, { Tick: { N: 2 } }]);
    assert.equal(res.SessionId, "s-1");
    assert.deepEqual(res.StartedAt, new Date(T));
    assert.equal(typeof res.Events, "function");
  });
  test("an empty initial-response adds nothing; a stream without one works too", async () => {
    replies.push({ headers: stream, chunks: [event("initial-response", {}), event("Tick", { N: 7 })] });
    replies.push({ headers: stream, chunks: [event("Tick", { N: 8 })] });
    const c = client(schema10);
    const a = await c.send("Watch", {});
    assert.deepEqual(await a.Events((e: unknown) => e), [{ Tick: { N: 7 } }]);
    assert.deepEqual(Object.keys(a), ["Events"]);
    const b = await c.send("Watch", {});
    assert.deepEqual(await b.Events((e: unknown) => e), [{ Tick: { N: 8 } }]);
  });
  test("a modeled exception after the initial-response is thrown as its class", async () => {
    replies.push({ headers: stream, chunks: [event("initial-response", { SessionId: "s-2" }), event("Tick", { N: 1 }), exception("Boom", { message: "bang" })] });
    const res = await client(schema10).send("Watch", {});
    const got: unknown[] = [];
    await assert.rejects(
      res.Events((e: unknown) => got.push(e)),
      (e: unknown) => e instanceof BoomException && e.message === "bang",
    );
    assert.deepEqual(got, [{ Tick: { N: 1 } }]);
    assert.equal(res.SessionId, "s-2");
  });
});

// ---- generated clients ----------------------------------------------------------------------
// Generated here, into a temp workspace of their own (`pnpm codegen` in miniature), so the test
// neither needs nor leaves service packages in the repository.

describe("generated clients", () => {
  const REPO = fileURLToPath(new URL("../../..", import.meta.url));
  let generatedRoot: string | undefined;
  before(() => {
    const config = JSON.parse(readFileSync(join(REPO, "models", "services.json"), "utf8")) as { modelsDir?: string };
    const raw = process.env.AWS_MODELS_DIR || config.modelsDir || "../shared/aws-models";
    const modelsDir = isAbsolute(raw) ? raw : resolve(REPO, raw);
    assert.ok(existsSync(modelsDir), `the AWS models (${modelsDir}) are needed to generate the DynamoDB, SQS and Kinesis clients`);
    const root = (generatedRoot = mkdtempSync(join(tmpdir(), "aws-json-clients-")));
    mkdirSync(join(root, "models"));
    writeFileSync(join(root, "models", "services.json"), JSON.stringify({ modelsDir, services: [] }));
    mkdirSync(join(root, "node_modules", "@org"), { recursive: true });
    for (const p of ["runtime", "eventstream"]) symlinkSync(join(REPO, "packages", p), join(root, "node_modules", "@org", p), "dir");
    const cli = existsSync(join(REPO, "codegen", "dist", "cli.js")) ? [join(REPO, "codegen", "dist", "cli.js")] : ["--import", "tsx", join(REPO, "codegen", "src", "cli.ts")];
    const env = { ...process.env };
    delete env.AWS_MODELS_DIR;
    const r = spawnSync(process.execPath, [...cli, `--root=${root}`, "dynamodb", "sqs", "kinesis", "--quiet"], { cwd: REPO, env, encoding: "utf8" });
    assert.equal(r.status, 0, `codegen failed:\n${r.stdout}\n${r.stderr}`);
  });
  after(() => {
    if (generatedRoot) rmSync(generatedRoot, { recursive: true, force: true });
  });
  /** A generated package's module, from the temp workspace. */
  const generated = (name: string): Promise<Record<string, any>> => import(pathToFileURL(join(generatedRoot!, "packages", name, "index.js")).href);

  const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };

  describe("generated DynamoDB client (awsJson1_0)", () => {
    test("PutItem and GetItem: method, path, headers, body; the output parsed", async () => {
      const { DynamoDBClient, ResourceNotFoundException } = await generated("dynamodb");
      const c = new DynamoDBClient({ region: "us-east-1", endpoint: srv.base, credentials: CREDENTIALS, env: {}, maxAttempts: 1 });
      try {
        replies.push({ headers: json10, body: JSON.stringify({ ConsumedCapacity: { TableName: "T", CapacityUnits: 1 } }) });
        const put = await c.putItem({
          TableName: "T",
          Item: { pk: { S: "k1" }, n: { N: "42" }, b: { B: enc("hi") }, l: { L: [{ BOOL: true }, { NULL: true }] } },
          ReturnConsumedCapacity: "TOTAL",
        });
        let r = seen[0];
        assert.equal(r.method, "POST");
        assert.equal(r.url, "/");
        assert.equal(r.headers["content-type"], "application/x-amz-json-1.0");
        assert.equal(r.headers["x-amz-target"], "DynamoDB_20120810.PutItem");
        assert.equal(r.headers["content-length"], String(Buffer.byteLength(r.body)));
        assert.match(String(r.headers.authorization), /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/dynamodb\/aws4_request, SignedHeaders=[^ ]*x-amz-target[^ ]*, Signature=[0-9a-f]{64}$/);
        assert.deepEqual(JSON.parse(r.body), {
          TableName: "T",
          Item: { pk: { S: "k1" }, n: { N: "42" }, b: { B: "aGk=" }, l: { L: [{ BOOL: true }, { NULL: true }] } },
          ReturnConsumedCapacity: "TOTAL",
        });
        assert.deepEqual(put, { ConsumedCapacity: { TableName: "T", CapacityUnits: 1 } });

        replies.push({ headers: json10, body: JSON.stringify({ Item: { pk: { S: "k1" }, b: { B: "aGk=" }, ss: { SS: ["a", "b"] } } }) });
        const got = await c.getItem({ TableName: "T", Key: { pk: { S: "k1" } }, ConsistentRead: true });
        r = seen[1];
        assert.equal(r.headers["x-amz-target"], "DynamoDB_20120810.GetItem");
        assert.deepEqual(JSON.parse(r.body), { TableName: "T", Key: { pk: { S: "k1" } }, ConsistentRead: true });
        assert.deepEqual(got.Item, { pk: { S: "k1" }, b: { B: new Uint8Array(enc("hi")) }, ss: { SS: ["a", "b"] } });

        replies.push({ status: 400, headers: json10, body: JSON.stringify({ __type: "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", message: "Requested resource not found" }) });
        const err = await c.getItem({ TableName: "Nope", Key: { pk: { S: "x" } } }).catch((e: unknown) => e);
        assert.ok(err instanceof ResourceNotFoundException, String(err));
        assert.equal(err.message, "Requested resource not found");
      } finally {
        c.destroy();
      }
    });
  });

  describe("generated SQS client (awsJson1_0 + awsQueryCompatible)", () => {
    test("x-amzn-query-mode on the request; the error by __type with the query code kept", async () => {
      const { SQSClient, QueueDoesNotExist } = await generated("sqs");
      const c = new SQSClient({ region: "us-east-1", endpoint: srv.base, credentials: CREDENTIALS, env: {}, maxAttempts: 1 });
      try {
        replies.push({
          status: 400,
          headers: { ...json10, "x-amzn-query-error": "AWS.SimpleQueueService.NonExistentQueue;Sender" },
          body: JSON.stringify({ __type: "com.amazonaws.sqs#QueueDoesNotExist", message: "The specified queue does not exist." }),
        });
        const err = await c.getQueueUrl({ QueueName: "nope" }).catch((e: unknown) => e);
        const r = seen[0];
        assert.equal(r.headers["x-amz-target"], "AmazonSQS.GetQueueUrl");
        assert.equal(r.headers["x-amzn-query-mode"], "true");
        assert.deepEqual(JSON.parse(r.body), { QueueName: "nope" });
        assert.ok(err instanceof QueueDoesNotExist, String(err));
        assert.equal(err.message, "The specified queue does not exist.");
        assert.equal((err as unknown as Record<string, unknown>).Code, "AWS.SimpleQueueService.NonExistentQueue");
        assert.equal((err as unknown as Record<string, unknown>).Type, "Sender");
      } finally {
        c.destroy();
      }
    });
  });

  describe("generated Kinesis client (awsJson1_1 event stream)", () => {
    test("SubscribeToShard: the initial-response is skipped, the events decoded", async () => {
      const { KinesisClient } = await generated("kinesis");
      const c = new KinesisClient({ region: "us-east-1", endpoint: srv.base, credentials: CREDENTIALS, env: {}, maxAttempts: 1 });
      try {
        const record = { Data: "aGk=", PartitionKey: "p", SequenceNumber: "1", ApproximateArrivalTimestamp: 1576540098.25 };
        replies.push({
          headers: { "content-type": "application/vnd.amazon.eventstream" },
          chunks: [
            event("initial-response", {}),
            event("SubscribeToShardEvent", { Records: [record], ContinuationSequenceNumber: "2", MillisBehindLatest: 0 }),
            event("SubscribeToShardEvent", { Records: [], ContinuationSequenceNumber: "3", MillisBehindLatest: 5 }),
          ],
        });
        const consumer = "arn:aws:kinesis:us-east-1:123456789012:stream/s/consumer/c:1";
        const res = await c.subscribeToShard({ ConsumerARN: consumer, ShardId: "shardId-000000000000", StartingPosition: { Type: "LATEST" } });
        const r = seen[0];
        assert.equal(r.method, "POST");
        assert.equal(r.url, "/");
        assert.equal(r.headers["content-type"], "application/x-amz-json-1.1");
        assert.equal(r.headers["x-amz-target"], "Kinesis_20131202.SubscribeToShard");
        assert.deepEqual(JSON.parse(r.body), { ConsumerARN: consumer, ShardId: "shardId-000000000000", StartingPosition: { Type: "LATEST" } });
        const events: unknown[] = [];
        for await (const e of res) events.push(e);
        assert.deepEqual(events, [
          {
            SubscribeToShardEvent: {
              Records: [{ Data: new Uint8Array(enc("hi")), PartitionKey: "p", SequenceNumber: "1", ApproximateArrivalTimestamp: new Date(T_MS) }],
              ContinuationSequenceNumber: "2",
              MillisBehindLatest: 0,
            },
          },
          { SubscribeToShardEvent: { Records: [], ContinuationSequenceNumber: "3", MillisBehindLatest: 5 } },
        ]);
      } finally {
        c.destroy();
      }
    });
  });
});
