/**
 * smithy.protocols#rpcv2Json: the protocol module on its own (hand-written schema fixtures), then
 * through `Client` against a local HTTP server.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import { Client } from "../src/client.js";
import { InputValidationError, ResponseParseError, ServiceException, type ServiceExceptionInit } from "../src/errors.js";
import { protocolFor } from "../src/protocols/index.js";
import type { ResponseContext } from "../src/protocols/protocol.js";
import { rpcv2Json } from "../src/protocols/rpcv2-json.js";
import type { OperationSchema, ServiceSchema, ShapeSchema, StructureSchema } from "../src/schema.js";
import { useRecordingServer } from "./support/recording-server.js";
import { ENDPOINT, service } from "./support/schema-fixtures.js";

const T = Date.UTC(2019, 11, 16, 23, 48, 18);
const T_MS = Date.UTC(2019, 11, 16, 23, 48, 18, 250);
const HUGE = 123456789012345678901234567890n;

const shapes: Record<string, ShapeSchema> = {
  PutInput: {
    type: "structure",
    members: {
      Name: { target: "string", jsonName: "name" },
      Tag: { target: "string", httpHeader: "X-Tag" },
      When: { target: "timestamp" },
      WhenIso: { target: "timestamp", timestampFormat: "date-time" },
      WhenShape: { target: "HttpDate" },
      Big: { target: "bigInteger" },
      Dec: { target: "bigDecimal" },
      Bigs: { target: "BigList" },
      Data: { target: "blob" },
    },
  },
  HttpDate: { type: "timestamp", timestampFormat: "http-date" },
  BigList: { type: "list", member: { target: "bigInteger" } },
  PutOutput: {
    type: "structure",
    members: { Name: { target: "string", jsonName: "name" }, WhenIso: { target: "timestamp", timestampFormat: "date-time" }, Big: { target: "bigInteger" }, Dec: { target: "bigDecimal" }, Bigs: { target: "BigList" } },
  },
  EmptyInput: { type: "structure", members: { Maybe: { target: "string" } } },
  InvalidGreeting: { type: "structure", error: "client", members: { Message: { target: "string" } } },
  ComplexError: { type: "structure", error: "client", members: { TopLevel: { target: "string" }, message: { target: "string" } } },
  WatchOutput: { type: "structure", members: { Events: { target: "WatchEvents" }, SessionId: { target: "string" } } },
  WatchEvents: { type: "union", streaming: true, members: { Tick: { target: "Tick" } } },
  Tick: { type: "structure", members: { N: { target: "integer" }, At: { target: "timestamp", timestampFormat: "date-time" } } },
};
const operations: Record<string, OperationSchema> = {
  Put: { input: "PutInput", output: "PutOutput", errors: ["InvalidGreeting", "ComplexError"] },
  Empty: { input: "EmptyInput", output: "Unit" },
  NoInput: { input: "Unit", output: "Unit" },
  Watch: { input: "EmptyInput", output: "WatchOutput", outputEventStream: "Events" },
};
const schema = service(shapes, operations, { name: "RpcV2Service", protocol: "rpcv2Json" });

const enc = (s: string) => new TextEncoder().encode(s);
const serialize = (opName: string, input: Record<string, unknown>, s: ServiceSchema = schema, endpoint = ENDPOINT) =>
  rpcv2Json.serializeRequest({ schema: s, op: s.operations[opName], opName, input, endpoint });
const WELL_FORMED = { "smithy-protocol": "rpc-v2-json", "content-type": "application/json" };
const ctx = (opName: string, body: string, headers: Record<string, string> = WELL_FORMED, status = 200): ResponseContext => ({
  schema,
  op: schema.operations[opName],
  opName,
  status,
  headers,
  body: enc(body),
});

describe("rpcv2Json requests", () => {
  test("registered under the trait's name", () => {
    assert.equal(protocolFor("rpcv2Json"), rpcv2Json);
  });
  test("POST /service/{Service}/operation/{Operation} with Smithy-Protocol, Accept and Content-Type", () => {
    const req = serialize("Put", { Name: "n" });
    assert.equal(req.method, "POST");
    assert.equal(req.path, "/service/RpcV2Service/operation/Put");
    assert.deepEqual(req.query, {});
    assert.equal(req.headers["x-amz-target"], undefined);
    assert.deepEqual(req.headers, { "smithy-protocol": "rpc-v2-json", accept: "application/json", "content-type": "application/json" });
    assert.equal(req.body, '{"Name":"n"}');
  });
  test("the endpoint's path is a prefix; the service name never carries its namespace", () => {
    const req = serialize("Empty", {}, { ...schema, name: "com.example#TheService" }, { protocol: "http:", hostname: "h", port: 1, path: "/v1" });
    assert.equal(req.path, "/v1/service/TheService/operation/Empty");
  });
  test("no input (Unit): no body and no Content-Type; an input with nothing set: {}", () => {
    const unit = serialize("NoInput", {});
    assert.equal(unit.body, undefined);
    assert.equal(unit.headers["content-type"], undefined);
    assert.equal(unit.headers.accept, "application/json");
    const empty = serialize("Empty", { Maybe: undefined });
    assert.equal(empty.body, "{}");
    assert.equal(empty.headers["content-type"], "application/json");
  });
  test("an event-stream output is asked for with Accept: application/vnd.amazon.eventstream", () => {
    assert.equal(serialize("Watch", {}).headers.accept, "application/vnd.amazon.eventstream");
  });
  test("jsonName, HTTP bindings and timestampFormat are ignored: epoch seconds, member names", () => {
    const req = serialize("Put", { Name: "n", Tag: "t", When: new Date(T_MS), WhenIso: new Date(T), WhenShape: new Date(T), Data: enc("hi") });
    assert.deepEqual(JSON.parse(req.body as string), { Name: "n", Tag: "t", When: 1576540098.25, WhenIso: 1576540098, WhenShape: 1576540098, Data: "aGk=" });
  });
  test("bigInteger and bigDecimal are JSON strings at full precision", () => {
    const req = serialize("Put", { Big: HUGE, Dec: "-1.50e+10", Bigs: [1n, 2, "-3"] });
    assert.equal(req.body, '{"Big":"123456789012345678901234567890","Dec":"-1.50e+10","Bigs":["1","2","-3"]}');
    assert.deepEqual(JSON.parse(serialize("Put", { Dec: 0.5 }).body as string), { Dec: "0.5" });
  });
  test("values that are not such numbers are rejected", () => {
    for (const input of [{ Big: 1.5 }, { Big: "1.5" }, { Big: "01" }, { Big: "" }, { Dec: "1." }, { Dec: NaN }, { Dec: " 1" }, { Big: true }]) {
      assert.throws(() => serialize("Put", input), (e: unknown) => e instanceof InputValidationError && /Put\.(Big|Dec)/.test((e as Error).message), JSON.stringify(input));
    }
  });
  test("x-amzn-query-mode only for awsQueryCompatible services", () => {
    assert.equal(serialize("Empty", {}, { ...schema, protocolOptions: { awsQueryCompatible: true } }).headers["x-amzn-query-mode"], "true");
    assert.equal(serialize("Empty", {}).headers["x-amzn-query-mode"], undefined);
  });
});

describe("rpcv2Json responses", () => {
  test("the body is the output; epoch seconds whatever timestampFormat says; big numbers from strings", () => {
    const out = rpcv2Json.parseResponse(ctx("Put", JSON.stringify({ Name: "n", name: "no", WhenIso: 1576540098.25, Big: "123456789012345678901234567890", Dec: "1.5e10", Bigs: ["-7"] })));
    assert.deepEqual(out, { Name: "n", WhenIso: new Date(T_MS), Big: HUGE, Dec: "1.5e10", Bigs: [-7n] });
  });
  test("a bigInteger string that is not an integer fails", () => {
    assert.throws(() => rpcv2Json.parseResponse(ctx("Put", '{"Big":"1.5"}')), /Big/);
  });
  test("Unit output, empty body: no members", () => {
    assert.deepEqual(rpcv2Json.parseResponse(ctx("NoInput", "")), {});
    assert.deepEqual(rpcv2Json.parseResponse(ctx("Put", "")), {});
  });
  test("a response without Smithy-Protocol: rpc-v2-json is malformed", () => {
    assert.throws(() => rpcv2Json.parseResponse(ctx("Put", '{"Name":"n"}', { "content-type": "application/json" })), /Smithy-Protocol/);
    assert.throws(() => rpcv2Json.parseResponse(ctx("Put", '{"Name":"n"}', { "smithy-protocol": "rpc-v2-cbor" })), /Smithy-Protocol/);
  });
  test("event bodies and the initial-response: member names, epoch seconds", () => {
    assert.deepEqual(rpcv2Json.parseEventBody(schema, "Tick", enc('{"N":1,"At":1576540098}')), { N: 1, At: new Date(T) });
    assert.deepEqual(rpcv2Json.parseInitialResponse!(schema, "WatchOutput", enc('{"SessionId":"s"}')), { SessionId: "s" });
  });
});

describe("rpcv2Json errors", () => {
  const parse = (body: string, headers: Record<string, string> = WELL_FORMED) => rpcv2Json.parseError(ctx("Put", body, headers, 400));
  test("named by __type alone, an absolute shape id sanitised to its name", () => {
    assert.equal(parse('{"__type":"smithy.example#InvalidGreeting","Message":"Hi"}').code, "InvalidGreeting");
    assert.equal(parse('{"__type":"InvalidGreeting"}').code, "InvalidGreeting");
  });
  test("code, Code and X-Amzn-ErrorType never name the error", () => {
    assert.equal(parse('{"code":"InvalidGreeting","Code":"InvalidGreeting"}', { ...WELL_FORMED, "x-amzn-errortype": "InvalidGreeting" }).code, undefined);
    assert.equal(parse('{"__type":"smithy.example#ComplexError","code":"InvalidGreeting"}', { ...WELL_FORMED, "x-amzn-errortype": "InvalidGreeting" }).code, "ComplexError");
  });
  test("a malformed error response (no Smithy-Protocol) is judged by its status alone", () => {
    const info = parse('{"__type":"smithy.example#InvalidGreeting","message":"Hi"}', { "content-type": "application/json" });
    assert.equal(info.code, undefined);
    assert.deepEqual(info.body, {});
    assert.equal(info.message, undefined);
  });
  test("the error's members, the message from message or Message", () => {
    const c = ctx("Put", '{"__type":"smithy.example#ComplexError","TopLevel":"top","Message":"m"}', WELL_FORMED, 400);
    const info = rpcv2Json.parseError(c);
    assert.equal(info.message, "m");
    assert.deepEqual(rpcv2Json.readErrorFields(schema, schema.shapes.ComplexError as StructureSchema, c, info), { TopLevel: "top", message: "m" });
  });
});

// ---- through Client, against a local server --------------------------------------------------

const srv = useRecordingServer((r) => r.headers ?? WELL_FORMED);
const { seen, replies } = srv;

class InvalidGreeting extends ServiceException {
  constructor(init: ServiceExceptionInit) {
    super(init, "InvalidGreeting", "client");
  }
}
const clients: Client[] = [];
function client(): Client {
  const c = new Client({ ...schema, auth: ["smithy.api#noAuth"], endpointPrefix: "fixture" }, { InvalidGreeting }, { region: "us-east-1", endpoint: `${srv.base}/prefix`, env: {}, maxAttempts: 1 });
  clients.push(c);
  return c;
}
after(() => clients.forEach((c) => c.destroy()));

describe("rpcv2Json through Client", () => {
  test("the exact request on the wire and the parsed output", async () => {
    replies.push({ body: JSON.stringify({ Name: "back", Big: "123456789012345678901234567890" }) });
    const out = await client().send("Put", { Name: "n", WhenIso: new Date(T), Big: 5n });
    const r = seen[0];
    assert.equal(r.method, "POST");
    assert.equal(r.url, "/prefix/service/RpcV2Service/operation/Put");
    assert.equal(r.headers["smithy-protocol"], "rpc-v2-json");
    assert.equal(r.headers.accept, "application/json");
    assert.equal(r.headers["content-type"], "application/json");
    assert.equal(r.headers["content-length"], String(Buffer.byteLength(r.body)));
    assert.equal(r.headers["x-amz-target"], undefined);
    assert.equal(r.body, '{"Name":"n","WhenIso":1576540098,"Big":"5"}');
    assert.deepEqual(out, { Name: "back", Big: HUGE });
  });
  test("no input: no body at all", async () => {
    await client().send("NoInput", {});
    assert.equal(seen[0].body, "");
    assert.equal(seen[0].headers["content-type"], undefined);
    // (a bodiless POST may still say Content-Length: 0)
    assert.ok([undefined, "0"].includes(seen[0].headers["content-length"]));
  });
  test("a modeled error", async () => {
    replies.push({ status: 400, body: JSON.stringify({ __type: "smithy.example#InvalidGreeting", Message: "Hi" }) });
    const err = await client().send("Put", {}).catch((e: unknown) => e);
    assert.ok(err instanceof InvalidGreeting, String(err));
    assert.equal(err.message, "Hi");
    assert.equal(err.$metadata.httpStatusCode, 400);
  });
  test("a malformed error: named by its status only", async () => {
    replies.push({ status: 400, headers: { "content-type": "application/json" }, body: JSON.stringify({ __type: "smithy.example#InvalidGreeting", message: "Hi" }) });
    const err = await client().send("Put", {}).catch((e: unknown) => e);
    assert.ok(err instanceof ServiceException && !(err instanceof InvalidGreeting), String(err));
    assert.equal(err.name, "Http400");
  });
  test("a malformed success: a ResponseParseError", async () => {
    replies.push({ headers: { "content-type": "application/json" }, body: "{}" });
    await assert.rejects(client().send("Put", {}), ResponseParseError);
  });
  test("an event stream: Accept, then the initial-response's members and the events", async () => {
    const codec = new EventStreamCodec(toUtf8, fromUtf8);
    const str = (value: string) => ({ type: "string" as const, value });
    const event = (type: string, payload: unknown) => codec.encode({ headers: { ":message-type": str("event"), ":event-type": str(type) }, body: fromUtf8(JSON.stringify(payload)) });
    replies.push({
      headers: { "smithy-protocol": "rpc-v2-json", "content-type": "application/vnd.amazon.eventstream" },
      body: Buffer.concat([event("initial-response", { SessionId: "s-9" }), event("Tick", { N: 1, At: 1576540098 })]),
    });
    const res = await client().send("Watch", {});
    assert.equal(seen[0].headers.accept, "application/vnd.amazon.eventstream");
    assert.equal(seen[0].body, "{}");
    assert.deepEqual(await res.Events((e: unknown) => e), [{ Tick: { N: 1, At: new Date(T) } }]);
    assert.equal(res.SessionId, "s-9");
  });
});
