import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Client } from "../src/client.js";
import { ServiceException, type ServiceExceptionInit } from "../src/errors.js";
import { ec2Query } from "../src/protocols/ec2-query.js";
import type { OperationSchema, ShapeSchema, StructureSchema } from "../src/schema.js";
import { localConfig, recordingServer } from "./support/generated-clients.js";
import { ENDPOINT, service } from "./support/schema-fixtures.js";
// registers every protocol, for Clients built here without naming theirs
import "../src/protocols/index.js";

const shapes: Record<string, ShapeSchema> = {
  SimpleInput: {
    type: "structure",
    members: {
      Foo: { target: "string" },
      lower: { target: "string" },
      HasQueryName: { target: "string", ec2QueryName: "A" },
      HasQueryAndXmlName: { target: "string", ec2QueryName: "B", xmlName: "IgnoreMe" },
      UsesXmlName: { target: "string", xmlName: "c" },
      Baz: { target: "boolean" },
      Boo: { target: "double" },
      Qux: { target: "blob" },
      When: { target: "timestamp" },
      Epoch: { target: "EpochSeconds" },
      Nested: { target: "StructArg" },
    },
  },
  EpochSeconds: { type: "timestamp", timestampFormat: "epoch-seconds" },
  StructArg: { type: "structure", members: { StringArg: { target: "string" }, OtherArg: { target: "boolean" }, RecursiveArg: { target: "StructArg" } } },
  ListsInput: {
    type: "structure",
    members: {
      ListArg: { target: "StringList" },
      ComplexListArg: { target: "GreetingList" },
      ListArgWithXmlNameMember: { target: "ListWithXmlName" },
      ListArgWithXmlName: { target: "StringList", xmlName: "Hi" },
      ListArgWithQueryName: { target: "StringList", ec2QueryName: "Filter" },
      flattenedAnyway: { target: "StringList", xmlFlattened: true },
    },
  },
  StringList: { type: "list", member: { target: "string" } },
  ListWithXmlName: { type: "list", member: { target: "string", xmlName: "item" } },
  GreetingList: { type: "list", member: { target: "GreetingStruct" } },
  GreetingStruct: { type: "structure", members: { hi: { target: "string" } } },
  DescribeOutput: {
    type: "structure",
    members: {
      reservations: { target: "ReservationList", xmlName: "reservationSet" },
      nextToken: { target: "string", xmlName: "nextToken" },
      count: { target: "integer" },
    },
  },
  ReservationList: { type: "list", member: { target: "Reservation", xmlName: "item" } },
  Reservation: {
    type: "structure",
    members: {
      ReservationId: { target: "string", xmlName: "reservationId" },
      Instances: { target: "InstanceList", xmlName: "instancesSet" },
    },
  },
  InstanceList: { type: "list", member: { target: "Instance", xmlName: "item" } },
  Instance: {
    type: "structure",
    members: { InstanceId: { target: "string", xmlName: "instanceId" }, LaunchTime: { target: "timestamp", xmlName: "launchTime" }, EbsOptimized: { target: "boolean", xmlName: "ebsOptimized" } },
  },
  InvalidGreeting: { type: "structure", error: "client", members: { Message: { target: "string" } } },
  ComplexError: { type: "structure", error: "client", members: { TopLevel: { target: "string" }, Nested: { target: "GreetingStruct" } } },
};
const operations: Record<string, OperationSchema> = {
  SimpleInputParams: { input: "SimpleInput", output: "Unit" },
  QueryLists: { input: "ListsInput", output: "Unit" },
  DescribeThings: { input: "Unit", output: "DescribeOutput", errors: ["InvalidGreeting", "ComplexError"] },
};
const schema = service(shapes, operations, { protocol: "ec2Query", version: "2020-01-08" });
const body = (opName: string, input: Record<string, unknown> = {}) => ec2Query.serializeRequest({ schema, op: schema.operations[opName], opName, input, endpoint: ENDPOINT }).body as string;
const ctx = (opName: string, text: string, status = 200) => ({ schema, op: schema.operations[opName], opName, status, headers: {}, body: new TextEncoder().encode(text) });
const T = Date.UTC(2015, 0, 25, 8, 0, 0);

describe("ec2Query requests", () => {
  test("POST / form-urlencoded with Action and Version", () => {
    const req = ec2Query.serializeRequest({ schema, op: schema.operations.DescribeThings, opName: "DescribeThings", input: {}, endpoint: ENDPOINT });
    assert.equal(req.method, "POST");
    assert.equal(req.path, "/");
    assert.equal(req.headers["content-type"], "application/x-www-form-urlencoded");
    assert.equal(req.body, "Action=DescribeThings&Version=2020-01-08");
  });
  test("names: ec2QueryName, else xmlName capitalised, else the member name capitalised", () => {
    assert.equal(
      body("SimpleInputParams", { Foo: "val1", lower: "l", HasQueryName: "Hi", HasQueryAndXmlName: "Hi", UsesXmlName: "Hi" }),
      "Action=SimpleInputParams&Version=2020-01-08&Foo=val1&Lower=l&A=Hi&B=Hi&C=Hi",
    );
  });
  test("scalars: booleans, floats, base64 blobs, date-time and epoch-seconds timestamps", () => {
    assert.equal(
      body("SimpleInputParams", { Baz: true, Boo: 10.8, Qux: "value", When: new Date(T), Epoch: new Date(T) }),
      "Action=SimpleInputParams&Version=2020-01-08&Baz=true&Boo=10.8&Qux=dmFsdWU%3D&When=2015-01-25T08%3A00%3A00Z&Epoch=1422172800",
    );
  });
  test("nested structures with dots", () => {
    assert.equal(
      body("SimpleInputParams", { Nested: { StringArg: "foo", OtherArg: true, RecursiveArg: { StringArg: "baz" } } }),
      "Action=SimpleInputParams&Version=2020-01-08&Nested.StringArg=foo&Nested.OtherArg=true&Nested.RecursiveArg.StringArg=baz",
    );
  });
  test("lists are always flattened (Name.N), the list member's xmlName ignored; structures in lists", () => {
    assert.equal(
      body("QueryLists", { ListArg: ["foo", "bar"], ComplexListArg: [{ hi: "hello" }, { hi: "hola" }] }),
      "Action=QueryLists&Version=2020-01-08&ListArg.1=foo&ListArg.2=bar&ComplexListArg.1.Hi=hello&ComplexListArg.2.Hi=hola",
    );
    assert.equal(body("QueryLists", { ListArgWithXmlNameMember: ["A", "B"] }), "Action=QueryLists&Version=2020-01-08&ListArgWithXmlNameMember.1=A&ListArgWithXmlNameMember.2=B");
    assert.equal(body("QueryLists", { ListArgWithXmlName: ["A"] }), "Action=QueryLists&Version=2020-01-08&Hi.1=A");
    assert.equal(body("QueryLists", { ListArgWithQueryName: ["A"] }), "Action=QueryLists&Version=2020-01-08&Filter.1=A");
    assert.equal(body("QueryLists", { flattenedAnyway: ["A"] }), "Action=QueryLists&Version=2020-01-08&FlattenedAnyway.1=A");
  });
  test("an empty list is left out (unlike awsQuery)", () => {
    assert.equal(body("QueryLists", { ListArg: [] }), "Action=QueryLists&Version=2020-01-08");
  });
});

const DESCRIBE = `<?xml version="1.0" encoding="UTF-8"?>
<DescribeThingsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
  <requestId>8f7724cf-496f-496e-8fe3-example</requestId>
  <reservationSet>
    <item>
      <reservationId>r-1234567890abcdef0</reservationId>
      <instancesSet>
        <item><instanceId>i-1</instanceId><launchTime>2015-01-25T08:00:00.000Z</launchTime><ebsOptimized>false</ebsOptimized></item>
        <item><instanceId>i-2</instanceId></item>
      </instancesSet>
    </item>
  </reservationSet>
  <nextToken>tok</nextToken>
</DescribeThingsResponse>`;

describe("ec2Query responses", () => {
  test("members directly under <OpResponse>, named by xmlName; item-wrapped lists", () => {
    assert.deepEqual(ec2Query.parseResponse(ctx("DescribeThings", DESCRIBE)), {
      reservations: [
        {
          ReservationId: "r-1234567890abcdef0",
          Instances: [{ InstanceId: "i-1", LaunchTime: new Date(T), EbsOptimized: false }, { InstanceId: "i-2" }],
        },
      ],
      nextToken: "tok",
    });
  });
  test("an empty body or Unit output is {}", () => {
    assert.deepEqual(ec2Query.parseResponse(ctx("DescribeThings", "")), {});
    assert.deepEqual(ec2Query.parseResponse(ctx("QueryLists", "<QueryListsResponse><return>true</return></QueryListsResponse>")), {});
  });
});

const ERROR = (inner: string) => `<Response><Errors><Error>${inner}</Error></Errors><RequestID>foo-id</RequestID></Response>`;

describe("ec2Query errors", () => {
  test("<Response><Errors><Error>: code, message, and the RequestID", () => {
    const info = ec2Query.parseError(ctx("DescribeThings", ERROR("<Code>InvalidGreeting</Code><Message>Hi</Message>"), 400));
    assert.deepEqual([info.code, info.message, info.requestId], ["InvalidGreeting", "Hi", "foo-id"]);
  });
  test("modeled fields from the <Error> element", () => {
    const c = ctx("DescribeThings", ERROR("<Code>ComplexError</Code><Message>Hi</Message><TopLevel>Top level</TopLevel><Nested><hi>bar</hi></Nested>"), 400);
    assert.deepEqual(ec2Query.readErrorFields(schema, shapes.ComplexError as StructureSchema, c, ec2Query.parseError(c)), { TopLevel: "Top level", Nested: { hi: "bar" }, Code: "ComplexError" });
  });
});

describe("ec2Query through the client against a local server", () => {
  class InvalidGreeting extends ServiceException {
    constructor(init: ServiceExceptionInit) {
      super(init, "InvalidGreeting", "client");
    }
  }
  let srv: Awaited<ReturnType<typeof recordingServer>>;
  let client: Client;
  before(async () => {
    srv = await recordingServer();
    client = new Client({ ...schema, auth: ["aws.auth#sigv4"], signingName: "ec2" }, { InvalidGreeting }, localConfig(srv.url));
  });
  after(() => {
    client.destroy();
    srv.close();
  });

  test("request on the wire, parsed response, modeled error with the body's request id", async () => {
    srv.replies.push({ headers: { "content-type": "text/xml;charset=UTF-8" }, body: DESCRIBE });
    const out = await client.send("DescribeThings", {});
    assert.equal(out.nextToken, "tok");
    assert.equal(out.reservations[0].Instances[1].InstanceId, "i-2");
    const [r] = srv.seen;
    assert.equal(r.method, "POST");
    assert.equal(r.url, "/");
    assert.equal(r.body.toString(), "Action=DescribeThings&Version=2020-01-08");
    assert.match(String(r.headers.authorization), /\/us-east-1\/ec2\/aws4_request/);

    srv.replies.push({ status: 400, body: ERROR("<Code>InvalidGreeting</Code><Message>Hi</Message>") });
    await assert.rejects(client.send("DescribeThings", {}), (e: any) => e instanceof InvalidGreeting && e.message === "Hi" && e.$metadata.requestId === "foo-id");
  });
});
