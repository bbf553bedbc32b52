import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Client } from "../src/client.js";
import { ServiceException, type ServiceExceptionInit } from "../src/errors.js";
import { CborFloat, decodeCbor, encodeCbor } from "../src/protocols/cbor.js";
import { rpcv2Cbor } from "../src/protocols/rpcv2-cbor.js";
import type { OperationSchema, ShapeSchema, StructureSchema } from "../src/schema.js";
import { localConfig, recordingServer } from "./support/generated-clients.js";
import { ENDPOINT, service } from "./support/schema-fixtures.js";
// registers every protocol, for Clients built here without naming theirs
import "../src/protocols/index.js";

const shapes: Record<string, ShapeSchema> = {
  Scalars: {
    type: "structure",
    members: {
      str: { target: "string" },
      flag: { target: "boolean" },
      int: { target: "integer" },
      long: { target: "long" },
      big: { target: "bigInteger" },
      flt: { target: "float" },
      dbl: { target: "double" },
      data: { target: "blob" },
      when: { target: "timestamp" },
      whenFormatted: { target: "timestamp", timestampFormat: "date-time" },
      color: { target: "Color" },
      list: { target: "IntList" },
      sparse: { target: "SparseList" },
      map: { target: "StructMap" },
      sparseMap: { target: "SparseMap" },
      nested: { target: "Nested" },
      choice: { target: "Choice" },
    },
  },
  Color: { type: "enum", enum: { RED: "red" } },
  IntList: { type: "list", member: { target: "integer" } },
  SparseList: { type: "list", member: { target: "string" }, sparse: true },
  StructMap: { type: "map", key: { target: "string" }, value: { target: "Nested" } },
  SparseMap: { type: "map", key: { target: "string" }, value: { target: "boolean" }, sparse: true },
  Nested: { type: "structure", members: { name: { target: "string", jsonName: "Name" }, times: { target: "TimeList" } } },
  TimeList: { type: "list", member: { target: "timestamp" } },
  Choice: { type: "union", members: { a: { target: "string" }, n: { target: "Nested" }, unit: { target: "Unit" } } },
  EmptyInput: { type: "structure", members: {} },
  ValidationException: { type: "structure", error: "client", members: { message: { target: "string" }, fieldList: { target: "IntList" } } },
};
const operations: Record<string, OperationSchema> = {
  Echo: { input: "Scalars", output: "Scalars", errors: ["ValidationException"] },
  Empty: { input: "EmptyInput", output: "EmptyInput" },
  NoInput: { input: "Unit", output: "Unit" },
};
const schema = service(shapes, operations, { name: "SampleService", protocol: "rpcv2Cbor" });
const serialize = (opName: string, input: Record<string, unknown> = {}) => rpcv2Cbor.serializeRequest({ schema, op: schema.operations[opName], opName, input, endpoint: ENDPOINT });
const ctx = (opName: string, body: Uint8Array, status = 200) => ({ schema, op: schema.operations[opName], opName, status, headers: {}, body });
const T = Date.UTC(2019, 11, 16, 23, 48, 18);
const hex = (h: string) => new Uint8Array(Buffer.from(h.replace(/\s/g, ""), "hex"));

describe("rpcv2Cbor requests", () => {
  test("POST /service/{ServiceName}/operation/{OperationName}, smithy-protocol, Accept and Content-Type", () => {
    const req = serialize("Echo", { str: "x" });
    assert.equal(req.method, "POST");
    assert.equal(req.path, "/service/SampleService/operation/Echo");
    assert.deepEqual(req.query, {});
    assert.equal(req.headers["smithy-protocol"], "rpc-v2-cbor");
    assert.equal(req.headers.accept, "application/cbor");
    assert.equal(req.headers["content-type"], "application/cbor");
    assert.deepEqual(decodeCbor(req.body as Uint8Array), { str: "x" });
    const based = rpcv2Cbor.serializeRequest({ schema, op: schema.operations.Echo, opName: "Echo", input: {}, endpoint: { ...ENDPOINT, path: "/prefix" } });
    assert.equal(based.path, "/prefix/service/SampleService/operation/Echo");
  });
  test("an empty input is the empty map; no input at all is no body and no Content-Type", () => {
    assert.equal(Buffer.from(serialize("Empty").body as Uint8Array).toString("hex"), "a0");
    const none = serialize("NoInput");
    assert.equal(none.body, undefined);
    assert.equal(none.headers["content-type"], undefined);
    assert.equal(none.headers["smithy-protocol"], "rpc-v2-cbor");
  });
  test("the exact bytes of a small input: member names (never jsonName), tag 1 timestamps, byte strings, floats as floats", () => {
    const req = serialize("Echo", { dbl: 1, data: "hi", when: new Date(T), nested: { name: "n" } });
    assert.equal(
      Buffer.from(req.body as Uint8Array).toString("hex"),
      "a4" + "6364626c" + "fa3f800000" + "6464617461" + "426869" + "647768656e" + "c11a5df817c2" + "666e6573746564" + "a1646e616d65616e",
    );
  });
  test("every kind of value round-trips through the wire form", () => {
    const input = {
      str: "s",
      flag: false,
      int: -7,
      long: 2 ** 40,
      big: 2n ** 80n,
      flt: 0.5,
      dbl: 1e300,
      data: new Uint8Array([0, 255]),
      when: new Date(T + 250),
      whenFormatted: new Date(T),
      color: "red",
      list: [1, 2],
      sparse: ["a", null],
      map: { k: { name: "v", times: [new Date(T)] } },
      sparseMap: { yes: true, none: null },
      nested: { name: "n" },
      choice: { unit: {} },
    };
    const wire = decodeCbor(serialize("Echo", input).body as Uint8Array) as Record<string, unknown>;
    assert.ok(wire.when instanceof Date, "timestamps travel as tag 1 whatever their timestampFormat");
    assert.ok(wire.whenFormatted instanceof Date);
    assert.deepEqual(rpcv2Cbor.parseResponse(ctx("Echo", encodeCbor(wire))), input);
  });
  test("an integral long past 2^53 is still a CBOR integer; a float member with an integral value a float", () => {
    const bytes = Buffer.from(serialize("Echo", { long: 2 ** 60, dbl: 3 }).body as Uint8Array).toString("hex");
    assert.equal(bytes, "a2" + "646c6f6e67" + "1b1000000000000000" + "6364626c" + "fa40400000");
  });
  test("null members are left out; null in a non-sparse list is rejected", () => {
    assert.deepEqual(decodeCbor(serialize("Echo", { str: null, int: undefined, flag: true }).body as Uint8Array), { flag: true });
    assert.throws(() => serialize("Echo", { list: [1, null] }), /Echo\.list\[1\]: this list is not sparse/);
  });
  test("invalid input names the member", () => {
    assert.throws(() => serialize("Echo", { int: 1.5 }), /Echo\.int: expected an integer/);
    assert.throws(() => serialize("Echo", { dbl: "1" }), /Echo\.dbl: expected a number/);
    assert.throws(() => serialize("Echo", { choice: { a: "x", n: {} } }), /Echo\.choice: a union takes exactly one/);
    assert.throws(() => serialize("Echo", { when: "not a date" }), /Echo\.when/);
  });
});

describe("rpcv2Cbor responses", () => {
  test("indefinite-length maps and lists, half floats, integer-valued doubles, unknown keys ignored", () => {
    // {_ "dbl": half 1.5, "int": 3, "list": [_ 1, 2], "extra": 1, "flt": 2 (an int for a float member) }
    const body = hex("bf 6364626c f93e00 63696e74 03 646c697374 9f0102ff 656578747261 01 63666c74 02 ff");
    assert.deepEqual(rpcv2Cbor.parseResponse(ctx("Echo", body)), { dbl: 1.5, int: 3, list: [1, 2], flt: 2 });
  });
  test("nulls are absent values; an empty body or Unit output is {}", () => {
    assert.deepEqual(rpcv2Cbor.parseResponse(ctx("Echo", encodeCbor({ str: null, int: 1 }))), { int: 1 });
    assert.deepEqual(rpcv2Cbor.parseResponse(ctx("Echo", new Uint8Array(0))), {});
    assert.deepEqual(rpcv2Cbor.parseResponse(ctx("NoInput", encodeCbor({ x: 1 }))), {});
  });
  test("an unknown union member is $unknown; wrong types and non-map bodies are TypeErrors", () => {
    assert.deepEqual(rpcv2Cbor.parseResponse(ctx("Echo", encodeCbor({ choice: { zz: 1 } }))), { choice: { $unknown: ["zz", 1] } });
    assert.throws(() => rpcv2Cbor.parseResponse(ctx("Echo", encodeCbor({ int: "3" }))), /Scalars\.int: expected a number/);
    assert.throws(() => rpcv2Cbor.parseResponse(ctx("Echo", encodeCbor([1]))), TypeError);
    assert.throws(() => rpcv2Cbor.parseResponse(ctx("Echo", hex("a1 6373"))), SyntaxError);
  });
  test("a member named like an Object.prototype property is not confused with a member", () => {
    assert.deepEqual(rpcv2Cbor.parseResponse(ctx("Echo", encodeCbor({ constructor: 1, toString: 2, str: "ok" }))), { str: "ok" });
  });
});

describe("rpcv2Cbor errors", () => {
  test("named by __type, the namespace dropped; message from the body", () => {
    const info = rpcv2Cbor.parseError(ctx("Echo", encodeCbor({ __type: "smithy.framework#ValidationException", message: "bad", fieldList: [1] }), 400));
    assert.equal(info.code, "ValidationException");
    assert.equal(info.message, "bad");
    assert.deepEqual(rpcv2Cbor.readErrorFields(schema, shapes.ValidationException as StructureSchema, ctx("Echo", new Uint8Array(0), 400), info), { message: "bad", fieldList: [1] });
  });
  test("no __type, an empty body, or a body that is not CBOR: no code", () => {
    assert.equal(rpcv2Cbor.parseError(ctx("Echo", encodeCbor({ message: "m" }), 500)).code, undefined);
    assert.equal(rpcv2Cbor.parseError(ctx("Echo", new Uint8Array(0), 500)).code, undefined);
    assert.equal(rpcv2Cbor.parseError(ctx("Echo", new TextEncoder().encode("<html>502</html>"), 502)).code, undefined);
  });
});

describe("rpcv2Cbor defaults and awsQueryCompatible", () => {
  const dShapes: Record<string, ShapeSchema> = {
    Outer: { type: "structure", members: { inner: { target: "Inner" }, top: { target: "string", default: "t" } } },
    Inner: {
      type: "structure",
      members: {
        s: { target: "string", default: "hi" },
        n: { target: "integer", default: 10 },
        b: { target: "blob", default: "YWJj" },
        when: { target: "timestamp", default: 0 },
        list: { target: "IntList", default: [] },
        optional: { target: "string", default: "x", clientOptional: true },
      },
    },
    IntList: { type: "list", member: { target: "integer" } },
    CustomCodeError: { type: "structure", error: "client", awsQueryError: { code: "Customized", httpResponseCode: 402 }, members: { message: { target: "string" } } },
  };
  const dOps: Record<string, OperationSchema> = { Op: { input: "Outer", output: "Outer", errors: ["CustomCodeError"] } };
  const plain = service(dShapes, dOps, { name: "D", protocol: "rpcv2Cbor" });
  const compat = service(dShapes, dOps, { name: "D", protocol: "rpcv2Cbor", protocolOptions: { awsQueryCompatible: true } });
  const send = (s: typeof plain, input: Record<string, unknown>) => rpcv2Cbor.serializeRequest({ schema: s, op: s.operations.Op, opName: "Op", input, endpoint: ENDPOINT });
  test("a nested structure sends its members' defaults (not clientOptional ones); the top level does not", () => {
    assert.deepEqual(decodeCbor(send(plain, {}).body as Uint8Array), {});
    assert.deepEqual(decodeCbor(send(plain, { inner: { n: 3 } }).body as Uint8Array), {
      inner: { s: "hi", n: 3, b: new Uint8Array(Buffer.from("abc")), when: new Date(0), list: [] },
    });
  });
  test("members the response leaves out get their defaults, nested ones too", () => {
    const out = rpcv2Cbor.parseResponse({ schema: plain, op: plain.operations.Op, opName: "Op", status: 200, headers: {}, body: encodeCbor({ inner: {} }) });
    assert.deepEqual(out, { top: "t", inner: { s: "hi", n: 10, b: new Uint8Array(Buffer.from("abc")), when: new Date(0), list: [], optional: "x" } });
    const empty = rpcv2Cbor.parseResponse({ schema: plain, op: plain.operations.Op, opName: "Op", status: 200, headers: {}, body: new Uint8Array(0) });
    assert.deepEqual(empty, { top: "t" });
  });
  test("awsQueryCompatible: x-amzn-query-mode on requests; x-amzn-query-error's code and type on errors", () => {
    assert.equal(send(compat, {}).headers["x-amzn-query-mode"], "true");
    assert.equal(send(plain, {}).headers["x-amzn-query-mode"], undefined);
    const c = {
      schema: compat,
      op: compat.operations.Op,
      opName: "Op",
      status: 400,
      headers: { "x-amzn-query-error": "Customized;Sender" },
      body: encodeCbor({ __type: "aws.protocoltests.rpcv2cbor#CustomCodeError", message: "Hi" }),
    };
    const info = rpcv2Cbor.parseError(c);
    assert.deepEqual([info.code, info.message], ["CustomCodeError", "Hi"]);
    assert.deepEqual(rpcv2Cbor.readErrorFields(compat, dShapes.CustomCodeError as StructureSchema, c, info), { message: "Hi", Code: "Customized", Type: "Sender" });
    // no __type the model knows: the query code picks the error
    assert.equal(rpcv2Cbor.parseError({ ...c, body: encodeCbor({ message: "Hi" }) }).code, "CustomCodeError");
  });
});

describe("rpcv2Cbor through the client against a local server", () => {
  class ValidationException extends ServiceException {
    constructor(init: ServiceExceptionInit) {
      super(init, "ValidationException", "client");
    }
  }
  let srv: Awaited<ReturnType<typeof recordingServer>>;
  let client: Client;
  before(async () => {
    srv = await recordingServer();
    client = new Client({ ...schema, auth: ["aws.auth#sigv4"], signingName: "sample" }, { ValidationException }, localConfig(srv.url));
  });
  after(() => {
    client.destroy();
    srv.close();
  });

  test("bytes on the wire, a CBOR response, and a modeled error", async () => {
    srv.replies.push({ headers: { "content-type": "application/cbor", "smithy-protocol": "rpc-v2-cbor" }, body: encodeCbor({ str: "back", when: new Date(T), dbl: new CborFloat(2) }) });
    const out = await client.send("Echo", { str: "hi", list: [1] });
    assert.deepEqual({ ...out }, { str: "back", when: new Date(T), dbl: 2 });
    const [r] = srv.seen;
    assert.equal(r.method, "POST");
    assert.equal(r.url, "/service/SampleService/operation/Echo");
    assert.equal(r.headers["smithy-protocol"], "rpc-v2-cbor");
    assert.equal(r.headers["content-type"], "application/cbor");
    assert.equal(r.headers["content-length"], String(r.body.length));
    assert.equal(r.body.toString("hex"), "a2" + "63737472" + "626869" + "646c697374" + "8101");
    assert.match(String(r.headers.authorization), /\/us-east-1\/sample\/aws4_request/);

    srv.replies.push({ status: 400, headers: { "content-type": "application/cbor", "smithy-protocol": "rpc-v2-cbor" }, body: encodeCbor({ __type: "com.example#ValidationException", message: "nope" }) });
    await assert.rejects(client.send("Echo", {}), (e: any) => e instanceof ValidationException && e.message === "nope" && e.$metadata.httpStatusCode === 400);
  });
});
