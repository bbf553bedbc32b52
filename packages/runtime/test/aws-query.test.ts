import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { awsQuery } from "../src/protocols/aws-query.js";
import type { OperationSchema, ShapeSchema, StructureSchema } from "../src/schema.js";
import { generateClients, type Generated, localConfig, recordingServer } from "./support/generated-clients.js";
import { ENDPOINT, service } from "./support/schema-fixtures.js";

const shapes: Record<string, ShapeSchema> = {
  SimpleInput: {
    type: "structure",
    members: {
      Foo: { target: "string" },
      Baz: { target: "boolean" },
      Bam: { target: "integer" },
      Boo: { target: "double" },
      Qux: { target: "blob" },
      When: { target: "timestamp" },
      Epoch: { target: "timestamp", timestampFormat: "epoch-seconds" },
      Renamed: { target: "string", xmlName: "Other" },
      Nested: { target: "Nested" },
      Color: { target: "Color" },
    },
  },
  Nested: { type: "structure", members: { StringArg: { target: "string" }, RecursiveArg: { target: "Nested" } } },
  Color: { type: "enum", enum: { RED: "red" } },
  ListsInput: {
    type: "structure",
    members: {
      ListArg: { target: "StringList" },
      ComplexListArg: { target: "GreetingList" },
      FlattenedListArg: { target: "StringList", xmlFlattened: true },
      ListArgWithXmlNameMember: { target: "ListWithXmlName" },
      FlattenedListArgWithXmlName: { target: "ListWithXmlName", xmlFlattened: true, xmlName: "Hi" },
      NestedWithList: { target: "NestedStructWithList" },
    },
  },
  StringList: { type: "list", member: { target: "string" } },
  ListWithXmlName: { type: "list", member: { target: "string", xmlName: "item" } },
  GreetingList: { type: "list", member: { target: "Greeting" } },
  Greeting: { type: "structure", members: { hi: { target: "string" } } },
  NestedStructWithList: { type: "structure", members: { ListArg: { target: "StringList" } } },
  MapsInput: {
    type: "structure",
    members: {
      MapArg: { target: "StringMap" },
      RenamedMapArg: { target: "StringMap", xmlName: "Foo" },
      ComplexMapArg: { target: "ComplexMap" },
      MapWithXmlMemberName: { target: "MapWithXmlName" },
      FlattenedMap: { target: "StringMap", xmlFlattened: true },
      FlattenedMapWithXmlName: { target: "MapWithXmlName", xmlFlattened: true, xmlName: "Hi" },
      MapOfLists: { target: "MapOfLists" },
    },
  },
  StringMap: { type: "map", key: { target: "string" }, value: { target: "string" } },
  ComplexMap: { type: "map", key: { target: "string" }, value: { target: "Greeting" } },
  MapWithXmlName: { type: "map", key: { target: "string", xmlName: "K" }, value: { target: "string", xmlName: "V" } },
  MapOfLists: { type: "map", key: { target: "string" }, value: { target: "StringList" } },
  Output: {
    type: "structure",
    members: {
      greeting: { target: "string" },
      count: { target: "integer" },
      when: { target: "timestamp" },
      list: { target: "StringList" },
      flat: { target: "StringList", xmlFlattened: true, xmlName: "item" },
      map: { target: "StringMap" },
      nested: { target: "Greeting", xmlName: "Nest" },
    },
  },
  InvalidGreeting: { type: "structure", error: "client", members: { Message: { target: "string" } } },
  ComplexError: { type: "structure", error: "client", members: { TopLevel: { target: "string" }, Nested: { target: "Greeting" } } },
  CustomCodeError: { type: "structure", error: "client", awsQueryError: { code: "Customized", httpResponseCode: 402 }, members: { Message: { target: "string" } } },
};
const operations: Record<string, OperationSchema> = {
  SimpleInputParams: { input: "SimpleInput", output: "Unit" },
  QueryLists: { input: "ListsInput", output: "Unit" },
  QueryMaps: { input: "MapsInput", output: "Unit" },
  NoInput: { input: "Unit", output: "Unit" },
  Greet: { input: "Unit", output: "Output", errors: ["InvalidGreeting", "ComplexError", "CustomCodeError"] },
};
const schema = service(shapes, operations, { protocol: "awsQuery", version: "2020-01-08" });
const serialize = (opName: string, input: Record<string, unknown> = {}) => awsQuery.serializeRequest({ schema, op: schema.operations[opName], opName, input, endpoint: ENDPOINT });
const body = (opName: string, input: Record<string, unknown> = {}) => serialize(opName, input).body as string;
const ctx = (opName: string, text: string, status = 200) => ({ schema, op: schema.operations[opName], opName, status, headers: {}, body: new TextEncoder().encode(text) });
const T = Date.UTC(2015, 0, 25, 8, 0, 0);

describe("awsQuery requests", () => {
  test("POST / form-urlencoded, Action and Version first", () => {
    const req = serialize("NoInput");
    assert.equal(req.method, "POST");
    assert.equal(req.path, "/");
    assert.deepEqual(req.query, {});
    assert.equal(req.headers["content-type"], "application/x-www-form-urlencoded");
    assert.equal(req.body, "Action=NoInput&Version=2020-01-08");
    const based = awsQuery.serializeRequest({ schema, op: schema.operations.NoInput, opName: "NoInput", input: {}, endpoint: { ...ENDPOINT, path: "/base", port: 8443 } });
    assert.equal(based.path, "/base/");
    assert.equal(based.port, 8443);
  });
  test("scalars: booleans, numbers, base64 blobs, date-time timestamps (or the member's format), enums, xmlName", () => {
    assert.equal(
      body("SimpleInputParams", { Foo: "val1", Baz: false, Bam: 10, Boo: 10.8, Qux: "value", When: new Date(T), Epoch: new Date(T), Renamed: "r", Color: "red" }),
      "Action=SimpleInputParams&Version=2020-01-08&Foo=val1&Baz=false&Bam=10&Boo=10.8&Qux=dmFsdWU%3D&When=2015-01-25T08%3A00%3A00Z&Epoch=1422172800&Other=r&Color=red",
    );
  });
  test("non-finite floats as NaN / Infinity / -Infinity", () => {
    assert.equal(body("SimpleInputParams", { Boo: NaN }), "Action=SimpleInputParams&Version=2020-01-08&Boo=NaN");
    assert.equal(body("SimpleInputParams", { Boo: -Infinity }), "Action=SimpleInputParams&Version=2020-01-08&Boo=-Infinity");
  });
  test("percent-encoding of everything but unreserved characters", () => {
    assert.equal(body("SimpleInputParams", { Foo: "a b&c=d+e/é*~" }), "Action=SimpleInputParams&Version=2020-01-08&Foo=a%20b%26c%3Dd%2Be%2F%C3%A9%2A~");
  });
  test("nested structures with dots; null members left out", () => {
    assert.equal(
      body("SimpleInputParams", { Nested: { StringArg: "foo", RecursiveArg: { StringArg: "baz" } }, Foo: null }),
      "Action=SimpleInputParams&Version=2020-01-08&Nested.StringArg=foo&Nested.RecursiveArg.StringArg=baz",
    );
  });
  test("lists: member.N, structures in lists, flattened, renamed members, the member's xmlName on a flattened list", () => {
    assert.equal(
      body("QueryLists", { ListArg: ["foo", "bar"], ComplexListArg: [{ hi: "hello" }, { hi: "hola" }] }),
      "Action=QueryLists&Version=2020-01-08&ListArg.member.1=foo&ListArg.member.2=bar&ComplexListArg.member.1.hi=hello&ComplexListArg.member.2.hi=hola",
    );
    assert.equal(body("QueryLists", { FlattenedListArg: ["A", "B"] }), "Action=QueryLists&Version=2020-01-08&FlattenedListArg.1=A&FlattenedListArg.2=B");
    assert.equal(body("QueryLists", { ListArgWithXmlNameMember: ["A", "B"] }), "Action=QueryLists&Version=2020-01-08&ListArgWithXmlNameMember.item.1=A&ListArgWithXmlNameMember.item.2=B");
    assert.equal(body("QueryLists", { FlattenedListArgWithXmlName: ["A", "B"] }), "Action=QueryLists&Version=2020-01-08&Hi.1=A&Hi.2=B");
    assert.equal(body("QueryLists", { NestedWithList: { ListArg: ["A"] } }), "Action=QueryLists&Version=2020-01-08&NestedWithList.ListArg.member.1=A");
  });
  test("an empty list is sent as Name=", () => {
    assert.equal(body("QueryLists", { ListArg: [] }), "Action=QueryLists&Version=2020-01-08&ListArg=");
  });
  test("maps: entry.N.key/value, renamed, structure values, renamed key and value, flattened, lists as values", () => {
    assert.equal(
      body("QueryMaps", { MapArg: { bar: "Bar", foo: "Foo" } }),
      "Action=QueryMaps&Version=2020-01-08&MapArg.entry.1.key=bar&MapArg.entry.1.value=Bar&MapArg.entry.2.key=foo&MapArg.entry.2.value=Foo",
    );
    assert.equal(body("QueryMaps", { RenamedMapArg: { foo: "Foo" } }), "Action=QueryMaps&Version=2020-01-08&Foo.entry.1.key=foo&Foo.entry.1.value=Foo");
    assert.equal(body("QueryMaps", { ComplexMapArg: { foo: { hi: "Foo" } } }), "Action=QueryMaps&Version=2020-01-08&ComplexMapArg.entry.1.key=foo&ComplexMapArg.entry.1.value.hi=Foo");
    assert.equal(body("QueryMaps", { MapWithXmlMemberName: { foo: "Foo" } }), "Action=QueryMaps&Version=2020-01-08&MapWithXmlMemberName.entry.1.K=foo&MapWithXmlMemberName.entry.1.V=Foo");
    assert.equal(body("QueryMaps", { FlattenedMap: { foo: "Foo" } }), "Action=QueryMaps&Version=2020-01-08&FlattenedMap.1.key=foo&FlattenedMap.1.value=Foo");
    assert.equal(body("QueryMaps", { FlattenedMapWithXmlName: { a: "A" } }), "Action=QueryMaps&Version=2020-01-08&Hi.1.K=a&Hi.1.V=A");
    assert.equal(
      body("QueryMaps", { MapOfLists: { foo: ["A", "B"] } }),
      "Action=QueryMaps&Version=2020-01-08&MapOfLists.entry.1.key=foo&MapOfLists.entry.1.value.member.1=A&MapOfLists.entry.1.value.member.2=B",
    );
  });
  test("invalid input names the member", () => {
    assert.throws(() => serialize("QueryLists", { ListArg: "x" }), /QueryLists\.ListArg: expected an array/);
    assert.throws(() => serialize("SimpleInputParams", { Bam: "10" }), /SimpleInputParams\.Bam: expected a number/);
    assert.throws(() => serialize("QueryMaps", { MapArg: ["x"] }), /QueryMaps\.MapArg: expected an object map/);
  });
});

describe("awsQuery responses", () => {
  test("members from <OpResult> inside <OpResponse>; ResponseMetadata ignored", () => {
    const out = awsQuery.parseResponse(
      ctx(
        "Greet",
        `<GreetResponse xmlns="https://example.com/">
  <GreetResult>
    <greeting>Hello</greeting>
    <count>3</count>
    <when>2015-01-25T08:00:00.000Z</when>
    <list><member>a</member><member>b</member></list>
    <item>x</item><item>y</item>
    <map><entry><key>k</key><value>v</value></entry></map>
    <Nest><hi>there</hi></Nest>
  </GreetResult>
  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
</GreetResponse>`,
      ),
    );
    assert.deepEqual(out, { greeting: "Hello", count: 3, when: new Date(T), list: ["a", "b"], flat: ["x", "y"], map: { k: "v" }, nested: { hi: "there" } });
  });
  test("an empty result, no result element, and Unit output are all {}", () => {
    assert.deepEqual(awsQuery.parseResponse(ctx("Greet", "<GreetResponse><GreetResult/></GreetResponse>")), {});
    assert.deepEqual(awsQuery.parseResponse(ctx("Greet", "<GreetResponse><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GreetResponse>")), {});
    assert.deepEqual(awsQuery.parseResponse(ctx("NoInput", "<NoInputResponse><ResponseMetadata/></NoInputResponse>")), {});
  });
  test("a response that is not XML is a SyntaxError", () => {
    assert.throws(() => awsQuery.parseResponse(ctx("Greet", "{}")), SyntaxError);
  });
});

describe("awsQuery errors", () => {
  const wrapped = (inner: string) => `<ErrorResponse>\n  <Error>\n    <Type>Sender</Type>\n    ${inner}\n  </Error>\n  <RequestId>foo-id</RequestId>\n</ErrorResponse>`;
  test("code, message and the request id from <ErrorResponse>", () => {
    const info = awsQuery.parseError(ctx("Greet", wrapped("<Code>InvalidGreeting</Code><Message>Hi</Message>"), 400));
    assert.deepEqual([info.code, info.message, info.requestId], ["InvalidGreeting", "Hi", "foo-id"]);
  });
  test("an awsQueryError code maps back to its shape; unknown codes pass through", () => {
    assert.equal(awsQuery.parseError(ctx("Greet", wrapped("<Code>Customized</Code>"), 402)).code, "CustomCodeError");
    assert.equal(awsQuery.parseError(ctx("Greet", wrapped("<Code>Throttling</Code>"), 400)).code, "Throttling");
  });
  test("modeled fields from the <Error> element", () => {
    const c = ctx("Greet", wrapped("<Code>ComplexError</Code><Message>Hi</Message><TopLevel>Top level</TopLevel><Nested><hi>bar</hi></Nested>"), 400);
    const info = awsQuery.parseError(c);
    assert.deepEqual(awsQuery.readErrorFields(schema, shapes.ComplexError as StructureSchema, c, info), { TopLevel: "Top level", Nested: { hi: "bar" }, Code: "ComplexError", Type: "Sender" });
  });
  test("the query Code and Type as sent: an awsQueryError code stays visible on the mapped error", () => {
    const c = ctx("Greet", wrapped("<Code>Customized</Code><Message>Hi</Message>"), 402);
    const info = awsQuery.parseError(c);
    assert.equal(info.code, "CustomCodeError");
    assert.deepEqual(awsQuery.readErrorFields(schema, shapes.CustomCodeError as StructureSchema, c, info), { Message: "Hi", Code: "Customized", Type: "Sender" });
  });
  test("a body that is not XML has no code", () => {
    const info = awsQuery.parseError(ctx("Greet", "<html>Service Unavailable", 503));
    assert.equal(info.code, undefined);
    assert.deepEqual(awsQuery.readErrorFields(schema, shapes.ComplexError as StructureSchema, ctx("Greet", "", 503), info), {});
  });
});

describe("generated STS, IAM and CloudWatch clients against a local server", () => {
  let gen: Generated;
  let srv: Awaited<ReturnType<typeof recordingServer>>;
  let pkgs: Record<string, Record<string, any>>;
  const clients: any[] = [];
  const form = (b: Buffer) => Object.fromEntries(new URLSearchParams(b.toString()));
  before(async () => {
    gen = generateClients(["sts", "iam", "cloudwatch"]);
    pkgs = { sts: await gen.load("sts"), iam: await gen.load("iam"), cloudwatch: await gen.load("cloudwatch") };
    srv = await recordingServer();
  });
  after(() => {
    for (const c of clients) c.destroy();
    srv?.close();
    gen?.cleanup();
  });
  beforeEach(() => {
    srv.seen.length = 0;
    srv.replies.length = 0;
  });
  const client = (pkg: string, cls: string) => {
    const c = new pkgs[pkg][cls](localConfig(srv.url));
    clients.push(c);
    return c;
  };
  const xml = (body: string, status = 200) => srv.replies.push({ status, headers: { "content-type": "text/xml" }, body });

  test("STS GetCallerIdentity: POST / with exactly Action and Version, signed for sts", async () => {
    xml(`<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::123456789012:user/Alice</Arn>
    <UserId>AIDACKCEVSQ6C2EXAMPLE</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>`);
    const out = await client("sts", "STSClient").getCallerIdentity({});
    const [r] = srv.seen;
    assert.equal(r.method, "POST");
    assert.equal(r.url, "/");
    assert.equal(r.headers["content-type"], "application/x-www-form-urlencoded");
    assert.equal(r.body.toString(), "Action=GetCallerIdentity&Version=2011-06-15");
    assert.equal(r.headers["content-length"], String(r.body.length));
    assert.match(String(r.headers.authorization), /Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/sts\/aws4_request/);
    assert.deepEqual({ ...out }, { UserId: "AIDACKCEVSQ6C2EXAMPLE", Account: "123456789012", Arn: "arn:aws:iam::123456789012:user/Alice" });
  });

  test("STS AssumeRole: lists of structures as member.N, credentials back with a date-time Expiration", async () => {
    xml(`<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <SourceIdentity>Alice</SourceIdentity>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/TestAR</Arn>
      <AssumedRoleId>ARO123EXAMPLE123:TestAR</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <SessionToken>AQoDYXdzEPT//////////wEXAMPLEtc764</SessionToken>
      <Expiration>2019-11-09T13:34:41Z</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
</AssumeRoleResponse>`);
    const out = await client("sts", "STSClient").assumeRole({
      RoleArn: "arn:aws:iam::123456789012:role/demo",
      RoleSessionName: "TestAR",
      DurationSeconds: 3600,
      PolicyArns: [{ arn: "arn:aws:iam::aws:policy/ReadOnly" }],
      Tags: [
        { Key: "Project", Value: "Unicorn" },
        { Key: "Team", Value: "A&B" },
      ],
      TransitiveTagKeys: ["Project"],
    });
    const [r] = srv.seen;
    assert.deepEqual(form(r.body), {
      Action: "AssumeRole",
      Version: "2011-06-15",
      RoleArn: "arn:aws:iam::123456789012:role/demo",
      RoleSessionName: "TestAR",
      "PolicyArns.member.1.arn": "arn:aws:iam::aws:policy/ReadOnly",
      DurationSeconds: "3600",
      "Tags.member.1.Key": "Project",
      "Tags.member.1.Value": "Unicorn",
      "Tags.member.2.Key": "Team",
      "Tags.member.2.Value": "A&B",
      "TransitiveTagKeys.member.1": "Project",
    });
    assert.ok(r.body.toString().startsWith("Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo&"));
    assert.equal(out.Credentials.AccessKeyId, "ASIAIOSFODNN7EXAMPLE");
    assert.equal(out.Credentials.Expiration.getTime(), Date.UTC(2019, 10, 9, 13, 34, 41));
    assert.deepEqual(out.AssumedRoleUser, { AssumedRoleId: "ARO123EXAMPLE123:TestAR", Arn: "arn:aws:sts::123456789012:assumed-role/demo/TestAR" });
    assert.equal(out.PackedPolicySize, 6);
    assert.equal(out.SourceIdentity, "Alice");
  });

  test("STS errors: a custom awsQueryError code finds its class; the body's request id is the error's", async () => {
    const sts = client("sts", "STSClient");
    xml(
      `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>MalformedPolicyDocument</Code><Message>Syntax errors in policy.</Message></Error><RequestId>req-42</RequestId></ErrorResponse>`,
      400,
    );
    await assert.rejects(sts.assumeRole({ RoleArn: "arn", RoleSessionName: "s", Policy: "{" }), (e: any) => {
      assert.ok(e instanceof pkgs.sts.MalformedPolicyDocumentException, e.name);
      assert.equal(e.message, "Syntax errors in policy.");
      assert.equal(e.$fault, "client");
      assert.equal(e.$metadata.requestId, "req-42");
      assert.equal(e.$metadata.httpStatusCode, 400);
      return true;
    });
    xml(`<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredTokenException</Code><Message>expired</Message></Error><RequestId>r2</RequestId></ErrorResponse>`, 400);
    await assert.rejects(sts.getCallerIdentity({}), (e: any) => e instanceof pkgs.sts.ExpiredTokenException && e.message === "expired");
  });

  test("IAM GetAccountSummary: a map of entry/key/value; ListUsers: a list of structures with dates", async () => {
    const iam = client("iam", "IAMClient");
    xml(`<GetAccountSummaryResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <GetAccountSummaryResult>
    <SummaryMap>
      <entry><key>Groups</key><value>31</value></entry>
      <entry><key>Users</key><value>27</value></entry>
    </SummaryMap>
  </GetAccountSummaryResult>
  <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>
</GetAccountSummaryResponse>`);
    assert.deepEqual((await iam.getAccountSummary({})).SummaryMap, { Groups: 31, Users: 27 });
    xml(`<ListUsersResponse><ListUsersResult><IsTruncated>false</IsTruncated><Users>
  <member><Path>/</Path><UserName>Alice</UserName><UserId>AID1</UserId><Arn>arn:aws:iam::1:user/Alice</Arn><CreateDate>2013-10-02T17:01:44Z</CreateDate></member>
  <member><Path>/x/</Path><UserName>Bob</UserName><UserId>AID2</UserId><Arn>arn:aws:iam::1:user/x/Bob</Arn><CreateDate>2013-10-02T17:01:45Z</CreateDate></member>
</Users></ListUsersResult></ListUsersResponse>`);
    const users = await iam.listUsers({ PathPrefix: "/", MaxItems: 2 });
    assert.equal(form(srv.seen[1].body).MaxItems, "2");
    assert.equal(users.IsTruncated, false);
    assert.deepEqual(
      users.Users.map((u: any) => [u.UserName, u.CreateDate.toISOString()]),
      [
        ["Alice", "2013-10-02T17:01:44.000Z"],
        ["Bob", "2013-10-02T17:01:45.000Z"],
      ],
    );
  });

  test("CloudWatch PutMetricData: nested lists of structures, doubles, timestamps", async () => {
    xml(`<PutMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PutMetricDataResponse>`);
    await client("cloudwatch", "CloudWatchClient").putMetricData({
      Namespace: "App",
      MetricData: [{ MetricName: "Latency", Dimensions: [{ Name: "Host", Value: "a" }], Timestamp: new Date(T), Values: [1.5, 2], Counts: [3, 1], Unit: "Milliseconds" }],
    });
    const f = form(srv.seen[0].body);
    assert.equal(f.Action, "PutMetricData");
    assert.equal(f.Version, "2010-08-01");
    assert.equal(f.Namespace, "App");
    assert.equal(f["MetricData.member.1.MetricName"], "Latency");
    assert.equal(f["MetricData.member.1.Dimensions.member.1.Name"], "Host");
    assert.equal(f["MetricData.member.1.Dimensions.member.1.Value"], "a");
    assert.equal(f["MetricData.member.1.Timestamp"], "2015-01-25T08:00:00Z");
    assert.equal(f["MetricData.member.1.Values.member.1"], "1.5");
    assert.equal(f["MetricData.member.1.Values.member.2"], "2");
    assert.equal(f["MetricData.member.1.Counts.member.1"], "3");
    assert.equal(f["MetricData.member.1.Unit"], "Milliseconds");
  });
});
