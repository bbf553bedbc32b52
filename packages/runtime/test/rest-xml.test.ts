import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { Readable } from "node:stream";
import type { EndpointWithoutRulesOptions as S3AddressingOptions } from "../src/features.js";
import { s3EndpointWithoutRules } from "../src/feature/customizations.js";
import { restXml } from "../src/protocols/rest-xml.js";
import type { OperationSchema, ShapeSchema, StructureSchema } from "../src/schema.js";
import { generateClients, type Generated, localConfig, recordingServer } from "./support/generated-clients.js";
import { ENDPOINT, service } from "./support/schema-fixtures.js";

const NS = { uri: "https://example.com/doc/" };
const shapes: Record<string, ShapeSchema> = {
  BodyInput: {
    type: "structure",
    members: {
      id: { target: "string", httpLabel: true },
      tag: { target: "string", httpHeader: "X-Tag" },
      when: { target: "timestamp", httpHeader: "X-When" },
      q: { target: "timestamp", httpQuery: "since" },
      name: { target: "string" },
      items: { target: "Items", xmlName: "Item", xmlFlattened: true },
      attr: { target: "string", xmlAttribute: true },
    },
  },
  NsInput: { type: "structure", xmlNamespace: { uri: "http://foo.com" }, members: { name: { target: "string" } } },
  Items: { type: "list", member: { target: "string" } },
  ConfigPayloadInput: {
    type: "structure",
    members: { id: { target: "string", httpLabel: true }, config: { target: "Config", httpPayload: true, xmlName: "CreateThingConfiguration" } },
  },
  PlainPayloadInput: { type: "structure", members: { config: { target: "Config", httpPayload: true } } },
  NamedPayloadInput: { type: "structure", members: { config: { target: "NamedConfig", httpPayload: true } } },
  Config: { type: "structure", members: { Location: { target: "string" }, Tags: { target: "Items", xmlFlattened: true, xmlName: "Tag" } } },
  NamedConfig: { type: "structure", xmlName: "Hello", xmlNamespace: { uri: "http://own.example/" }, members: { v: { target: "string" } } },
  BlobPayloadInput: { type: "structure", members: { data: { target: "StreamingBody", httpPayload: true }, type: { target: "string", httpHeader: "Content-Type" } } },
  StreamingBody: { type: "blob", streaming: true },
  TextPayloadInput: { type: "structure", members: { text: { target: "string", httpPayload: true } } },
  BodyOutput: {
    type: "structure",
    members: {
      etag: { target: "string", httpHeader: "ETag" },
      status: { target: "integer", httpResponseCode: true },
      meta: { target: "Meta", httpPrefixHeaders: "x-meta-" },
      name: { target: "string" },
      items: { target: "Items", xmlName: "Item", xmlFlattened: true },
      count: { target: "integer", xmlName: "Count" },
      when: { target: "timestamp" },
    },
  },
  Meta: { type: "map", key: { target: "string" }, value: { target: "string" } },
  ConfigOutput: { type: "structure", members: { config: { target: "Config", httpPayload: true }, reqId: { target: "string", httpHeader: "x-amz-request-id" } } },
  BlobOutput: { type: "structure", members: { data: { target: "StreamingBody", httpPayload: true }, length: { target: "long", httpHeader: "Content-Length" } } },
  TextOutput: { type: "structure", members: { text: { target: "string", httpPayload: true } } },
  NoSuchThing: {
    type: "structure",
    error: "client",
    httpError: 404,
    members: { Message: { target: "string" }, ThingName: { target: "string" }, region: { target: "string", httpHeader: "x-amz-bucket-region" } },
  },
};
const op = (uri: string, input: string, output = "Unit", method = "POST"): OperationSchema => ({ input, output, http: { method, uri } });
const operations: Record<string, OperationSchema> = {
  Body: op("/things/{id}?x-id=Body", "BodyInput", "BodyOutput", "PUT"),
  Ns: op("/ns", "NsInput"),
  ConfigPayload: op("/things/{id}", "ConfigPayloadInput", "ConfigOutput", "PUT"),
  PlainPayload: op("/plain", "PlainPayloadInput"),
  NamedPayload: op("/named", "NamedPayloadInput"),
  BlobPayload: op("/blob", "BlobPayloadInput", "BlobOutput", "PUT"),
  TextPayload: op("/text", "TextPayloadInput", "TextOutput"),
  NoInput: op("/none", "Unit", "Unit", "GET"),
};
const schema = service(shapes, operations, { protocol: "restXml", protocolOptions: { xmlNamespace: NS } });
const serialize = (opName: string, input: Record<string, unknown>) => restXml.serializeRequest({ schema, op: schema.operations[opName], opName, input, endpoint: ENDPOINT });
const ctx = (opName: string, body: string | Uint8Array, headers: Record<string, string> = {}, status = 200) => ({
  schema,
  op: schema.operations[opName],
  opName,
  status,
  headers,
  body: typeof body === "string" ? new TextEncoder().encode(body) : body,
});
const parse = (opName: string, body: string | Uint8Array, headers: Record<string, string> = {}, status = 200) => restXml.parseResponse(ctx(opName, body, headers, status));
const T = Date.UTC(2014, 3, 29, 18, 30, 38);

describe("restXml requests", () => {
  test("HTTP bindings from the shared module, body members in a root named by the input shape, with the service namespace", () => {
    const req = serialize("Body", { id: "a b", tag: "t", when: new Date(T), q: new Date(T), name: "n", items: ["x", "y"], attr: "v" });
    assert.equal(req.method, "PUT");
    assert.equal(req.path, "/things/a%20b");
    assert.deepEqual(req.query, { "x-id": "Body", since: "2014-04-29T18:30:38Z" });
    assert.equal(req.headers["x-tag"], "t");
    assert.equal(req.headers["x-when"], "Tue, 29 Apr 2014 18:30:38 GMT");
    assert.equal(req.headers["content-type"], "application/xml");
    assert.equal(req.body, '<BodyInput xmlns="https://example.com/doc/" attr="v"><name>n</name><Item>x</Item><Item>y</Item></BodyInput>');
  });
  test("the input shape's own namespace wins over the service's", () => {
    assert.equal(serialize("Ns", { name: "x" }).body, '<NsInput xmlns="http://foo.com"><name>x</name></NsInput>');
  });
  test("no body members set: no body and no Content-Type", () => {
    const req = serialize("Body", { id: "1", tag: "t" });
    assert.equal(req.body, undefined);
    assert.equal(req.headers["content-type"], undefined);
    assert.equal(serialize("NoInput", {}).body, undefined);
  });
  test("a structure payload is the root element, named by the member's xmlName (S3's CreateBucketConfiguration)", () => {
    const req = serialize("ConfigPayload", { id: "1", config: { Location: "eu-west-1", Tags: ["a"] } });
    assert.equal(req.body, '<CreateThingConfiguration xmlns="https://example.com/doc/"><Location>eu-west-1</Location><Tag>a</Tag></CreateThingConfiguration>');
    assert.equal(req.headers["content-type"], "application/xml");
    assert.equal(req.path, "/things/1");
  });
  test("else by the target's xmlName and namespace, else by the target's name", () => {
    assert.equal(serialize("NamedPayload", { config: { v: "1" } }).body, '<Hello xmlns="http://own.example/"><v>1</v></Hello>');
    assert.equal(serialize("PlainPayload", { config: {} }).body, '<Config xmlns="https://example.com/doc/"/>');
  });
  test("an unset structure payload sends nothing", () => {
    const req = serialize("PlainPayload", {});
    assert.equal(req.body, undefined);
    assert.equal(req.headers["content-type"], undefined);
  });
  test("blob payloads are raw bytes (or a stream, passed through); string payloads raw text", () => {
    const bytes = serialize("BlobPayload", { data: new Uint8Array([0x3c, 0, 0xff]) });
    assert.deepEqual([...(bytes.body as Uint8Array)], [0x3c, 0, 0xff]);
    assert.equal(bytes.headers["content-type"], "application/octet-stream");
    assert.equal(serialize("BlobPayload", { data: "<not xml>", type: "text/html" }).headers["content-type"], "text/html");
    const stream = Readable.from([Buffer.from("s")]);
    assert.equal(serialize("BlobPayload", { data: stream }).body, stream);
    const text = serialize("TextPayload", { text: "<raw & text>" });
    assert.equal(text.body, "<raw & text>");
    assert.equal(text.headers["content-type"], "text/plain");
  });
  test("invalid input names the member", () => {
    assert.throws(() => serialize("Body", { id: "1", items: "x" }), /Body\.items: expected an array/);
    assert.throws(() => serialize("Body", { tag: "t" }), /Body\.id is required/);
  });
});

describe("S3's bucket label", () => {
  const s3Shapes: Record<string, ShapeSchema> = {
    GetInput: {
      type: "structure",
      members: { Bucket: { target: "string", httpLabel: true, contextParam: "Bucket" }, Key: { target: "string", httpLabel: true } },
    },
    ListInput: { type: "structure", members: { Bucket: { target: "string", httpLabel: true, contextParam: "Bucket" }, Prefix: { target: "string", httpQuery: "prefix" } } },
  };
  const s3Ops: Record<string, OperationSchema> = {
    Get: op("/{Bucket}/{Key+}?x-id=GetObject", "GetInput", "Unit", "GET"),
    List: op("/{Bucket}?list-type=2", "ListInput", "Unit", "GET"),
    // S3 Control: its rules do not put the bucket in the URL, and its URIs do not start with it
    ControlGet: op("/v20180820/bucket/{Bucket}/policy", "ListInput", "Unit", "GET"),
  };
  const ruleSet = { version: "1.0", parameters: {}, rules: [] };
  const send = (withRules: boolean, opName: string, input: Record<string, unknown>) => {
    const s = service(s3Shapes, s3Ops, { protocol: "restXml", ...(withRules ? { endpointRuleSet: ruleSet } : {}) });
    return restXml.serializeRequest({ schema: s, op: s.operations[opName], opName, input, endpoint: { ...ENDPOINT, path: withRules ? "/my-bucket" : "" } });
  };
  test("leaves the URI when endpoint rules put the bucket in the URL", () => {
    const get = send(true, "Get", { Bucket: "my-bucket", Key: "a/b c" });
    assert.equal(get.path, "/my-bucket/a/b%20c");
    assert.deepEqual(get.query, { "x-id": "GetObject" });
    const list = send(true, "List", { Bucket: "my-bucket", Prefix: "p" });
    // the bucket-only URI is the endpoint's path itself, as S3PathAddressing expects (no trailing slash)
    assert.equal(list.path, "/my-bucket");
    assert.deepEqual(list.query, { "list-type": "2", prefix: "p" });
  });
  test("a Bucket label that does not start the URI (S3 Control) stays in it", () => {
    assert.equal(send(true, "ControlGet", { Bucket: "b" }).path, "/my-bucket/v20180820/bucket/b/policy");
  });
  test("stays in the path with a fixed endpoint and no rules", () => {
    assert.equal(send(false, "Get", { Bucket: "my-bucket", Key: "k" }).path, "/my-bucket/k");
  });
});

describe("S3 without an endpoint rule set: the runtime places the bucket", () => {
  const shapes3: Record<string, ShapeSchema> = {
    GetInput: { type: "structure", members: { Bucket: { target: "string", httpLabel: true }, Key: { target: "string", httpLabel: true } } },
    ListInput: { type: "structure", members: { Bucket: { target: "string", httpLabel: true } } },
  };
  const ops3: Record<string, OperationSchema> = {
    Get: op("/{Bucket}/{Key+}", "GetInput", "Unit", "GET"),
    List: op("/{Bucket}?list-type=2", "ListInput", "Unit", "GET"),
  };
  const s3 = service(shapes3, ops3, { sdkId: "S3", protocol: "restXml", signingName: "s3" });
  const wire = (opName: string, input: Record<string, unknown>, o: Omit<S3AddressingOptions, "region"> = {}) => {
    const ep = s3EndpointWithoutRules(s3, s3.operations[opName], input, { region: "us-west-2", ...o });
    const u = new URL(ep.url);
    const req = restXml.serializeRequest({ schema: s3, op: s3.operations[opName], opName, input, endpoint: { protocol: "https:", hostname: u.hostname, path: u.pathname.replace(/\/$/, "") } });
    return `${req.hostname}${req.path}`;
  };
  test("virtual-hosted by default; path-style when forced or when the bucket is no DNS label", () => {
    assert.equal(wire("List", { Bucket: "mybucket" }), "mybucket.s3.us-west-2.amazonaws.com/");
    assert.equal(wire("List", { Bucket: "mybucket" }, { forcePathStyle: true }), "s3.us-west-2.amazonaws.com/mybucket");
    assert.equal(wire("Get", { Bucket: "mybucket", Key: "foo/../key.txt" }), "mybucket.s3.us-west-2.amazonaws.com/foo/../key.txt");
    assert.equal(wire("Get", { Bucket: "My_Bucket", Key: "k" }), "s3.us-west-2.amazonaws.com/My_Bucket/k");
    assert.equal(wire("Get", { Bucket: "a.b.c", Key: "k" }), "s3.us-west-2.amazonaws.com/a.b.c/k");
  });
  test("dual-stack, accelerate (virtual-hosted only) and FIPS hosts", () => {
    assert.equal(wire("List", { Bucket: "mybucket" }, { useDualstackEndpoint: true }), "mybucket.s3.dualstack.us-west-2.amazonaws.com/");
    assert.equal(wire("List", { Bucket: "mybucket" }, { useAccelerateEndpoint: true }), "mybucket.s3-accelerate.amazonaws.com/");
    assert.equal(wire("List", { Bucket: "mybucket" }, { useAccelerateEndpoint: true, useDualstackEndpoint: true }), "mybucket.s3-accelerate.dualstack.amazonaws.com/");
    assert.equal(wire("List", { Bucket: "mybucket" }, { useAccelerateEndpoint: true, forcePathStyle: true }), "s3.us-west-2.amazonaws.com/mybucket");
    assert.equal(wire("List", { Bucket: "mybucket" }, { useFipsEndpoint: true }), "mybucket.s3-fips.us-west-2.amazonaws.com/");
  });
  test("a configured endpoint: the bucket in front of its host, or in its path (forced, or an IP address)", () => {
    assert.equal(wire("Get", { Bucket: "mybucket", Key: "k" }, { endpoint: "https://minio.example" }), "mybucket.minio.example/k");
    assert.equal(wire("Get", { Bucket: "mybucket", Key: "k" }, { endpoint: "https://minio.example", forcePathStyle: true }), "minio.example/mybucket/k");
    assert.equal(wire("Get", { Bucket: "mybucket", Key: "k" }, { endpoint: "http://127.0.0.1:9000" }), "127.0.0.1/mybucket/k");
  });
  test("signed as S3 signs: no double encoding, no path normalisation", () => {
    const ep = s3EndpointWithoutRules(s3, s3.operations.List, { Bucket: "b" }, { region: "eu-west-1" });
    assert.deepEqual(ep.properties?.authSchemes, [{ name: "sigv4", signingName: "s3", signingRegion: "eu-west-1", disableDoubleEncoding: true, disableNormalizePath: true }]);
  });
});

describe("restXml response details", () => {
  const rShapes: Record<string, ShapeSchema> = {
    BlobOut: { type: "structure", members: { blob: { target: "blob", httpPayload: true } } },
    QueryOut: { type: "structure", members: { baz: { target: "string", httpQuery: "baz" }, id: { target: "string", httpLabel: true } } },
    LocationOut: { type: "structure", members: { LocationConstraint: { target: "string" } } },
  };
  const rOps: Record<string, OperationSchema> = {
    Blob: op("/blob", "Unit", "BlobOut", "GET"),
    Query: op("/query", "Unit", "QueryOut", "GET"),
    Location: { ...op("/{Bucket}?location", "Unit", "LocationOut", "GET"), s3UnwrappedXmlOutput: true },
  };
  const rs = service(rShapes, rOps, { protocol: "restXml" });
  const rparse = (opName: string, body: string) => restXml.parseResponse({ schema: rs, op: rs.operations[opName], opName, status: 200, headers: {}, body: new TextEncoder().encode(body) });
  test("an empty body is an absent blob payload", () => {
    assert.deepEqual(rparse("Blob", ""), {});
    assert.deepEqual([...(rparse("Blob", "ab").blob as Uint8Array)], [0x61, 0x62]);
  });
  test("httpQuery and httpLabel mean nothing in a response: those members are read from the body", () => {
    assert.deepEqual(rparse("Query", "<QueryOut><baz>bam</baz><id>1</id></QueryOut>"), { baz: "bam", id: "1" });
  });
  test("s3UnwrappedXmlOutput: the root element is the member", () => {
    const body = '<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">us-west-2</LocationConstraint>';
    assert.deepEqual(rparse("Location", body), { LocationConstraint: "us-west-2" });
  });
});

describe("restXml responses", () => {
  test("headers, prefix headers, status and body members, whatever the root element is called", () => {
    const out = parse(
      "Body",
      `<?xml version="1.0" encoding="UTF-8"?>\n<BodyOutput xmlns="https://example.com/doc/">\n  <name>n</name>\n  <Item>a</Item>\n  <Count>2</Count>\n  <Item>b</Item>\n  <when>2014-04-29T18:30:38Z</when>\n</BodyOutput>`,
      { etag: '"abc"', "x-meta-color": "red", "x-meta-size": "L" },
      201,
    );
    assert.deepEqual(out, { etag: '"abc"', status: 201, meta: { color: "red", size: "L" }, name: "n", items: ["a", "b"], count: 2, when: new Date(T) });
  });
  test("an empty body is fine", () => {
    assert.deepEqual(parse("Body", "", {}, 204), { status: 204, meta: {} });
  });
  test("a structure payload is read from the root element", () => {
    const out = parse("ConfigPayload", "<CreateThingConfiguration><Location>x</Location><Tag>1</Tag><Tag>2</Tag></CreateThingConfiguration>", { "x-amz-request-id": "r" });
    assert.deepEqual(out, { config: { Location: "x", Tags: ["1", "2"] }, reqId: "r" });
    assert.deepEqual(parse("ConfigPayload", ""), {});
  });
  test("a blob payload is the raw body; a string payload its text", () => {
    const out = parse("BlobPayload", new Uint8Array([1, 2, 3]), { "content-length": "3" });
    assert.deepEqual([...(out.data as Uint8Array)], [1, 2, 3]);
    assert.equal(out.length, 3);
    assert.deepEqual(parse("TextPayload", "<a>not parsed</a>"), { text: "<a>not parsed</a>" });
  });
  test("a body that is not XML is a SyntaxError", () => {
    assert.throws(() => parse("Body", "{\"json\": true}"), SyntaxError);
    assert.throws(() => parse("Body", "<BodyOutput><name>n</name>"), SyntaxError);
  });
});

describe("restXml errors", () => {
  test("S3 style: a bare <Error>, with the request id from the body", () => {
    const info = restXml.parseError(
      ctx("Body", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>k</Key><RequestId>4442587FB7D0A2F9</RequestId><HostId>h</HostId></Error>", {}, 404),
    );
    assert.equal(info.code, "NoSuchKey");
    assert.equal(info.message, "The specified key does not exist.");
    assert.equal(info.requestId, "4442587FB7D0A2F9");
  });
  test("query style: <ErrorResponse><Error>, request id beside the error", () => {
    const info = restXml.parseError(
      ctx("Body", "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidGreeting</Code><Message>Hi</Message></Error><RequestId>foo-id</RequestId></ErrorResponse>", {}, 400),
    );
    assert.deepEqual([info.code, info.message, info.requestId], ["InvalidGreeting", "Hi", "foo-id"]);
  });
  test("no body on a 404 (a HEAD) is NotFound; no body or a non-XML body otherwise has no code", () => {
    assert.equal(restXml.parseError(ctx("Body", "", {}, 404)).code, "NotFound");
    assert.equal(restXml.parseError(ctx("Body", "", {}, 403)).code, undefined);
    assert.equal(restXml.parseError(ctx("Body", "<html><body>Bad gateway", {}, 502)).code, undefined);
  });
  test("modeled error fields from the <Error> element and headers", () => {
    const c = ctx("Body", "<Error><Code>NoSuchThing</Code><Message>gone</Message><ThingName>t1</ThingName><region>not from body</region></Error>", { "x-amz-bucket-region": "eu-west-1" }, 404);
    const info = restXml.parseError(c);
    assert.deepEqual(restXml.readErrorFields(schema, shapes.NoSuchThing as StructureSchema, c, info), { Message: "gone", ThingName: "t1", region: "eu-west-1" });
  });
});

describe("generated S3 client against a local server", () => {
  let gen: Generated;
  let srv: Awaited<ReturnType<typeof recordingServer>>;
  let s3: any;
  let S3: Record<string, any>;
  before(async () => {
    gen = generateClients(["s3"]);
    S3 = await gen.load("s3");
    srv = await recordingServer();
    s3 = new S3.S3Client(localConfig(srv.url, { endpointParams: { ForcePathStyle: true } }));
  });
  after(() => {
    s3?.destroy();
    srv?.close();
    gen?.cleanup();
  });
  beforeEach(() => {
    srv.seen.length = 0;
    srv.replies.length = 0;
  });

  test("PutObject: PUT /bucket/key (path style through the endpoint rules), raw body, metadata headers, signed", async () => {
    srv.replies.push({ headers: { etag: '"d41d8"', "x-amz-version-id": "v1", "x-amz-server-side-encryption": "AES256" } });
    const out = await s3.putObject({ Bucket: "my-bucket", Key: "dir/a b+c.txt", Body: "hello <xml>", ContentType: "text/plain", Metadata: { color: "red" } });
    const [r] = srv.seen;
    assert.equal(r.method, "PUT");
    assert.equal(r.url, "/my-bucket/dir/a%20b%2Bc.txt?x-id=PutObject");
    assert.equal(r.body.toString(), "hello <xml>");
    assert.equal(r.headers["content-type"], "text/plain");
    assert.equal(r.headers["x-amz-meta-color"], "red");
    assert.match(String(r.headers.authorization), /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/s3\/aws4_request/);
    assert.deepEqual({ ...out }, { ETag: '"d41d8"', VersionId: "v1", ServerSideEncryption: "AES256" });
  });

  test("GetObject: GET with the Range header; the body as an unread stream, header members back", async () => {
    srv.replies.push({ status: 206, headers: { "content-type": "application/octet-stream", "content-range": "bytes 0-2/10", "last-modified": "Tue, 29 Apr 2014 18:30:38 GMT", "x-amz-meta-owner": "me" }, body: new Uint8Array([0, 1, 2]) });
    const out = await s3.getObject({ Bucket: "my-bucket", Key: "k", Range: "bytes=0-2" });
    const [r] = srv.seen;
    assert.equal(r.method, "GET");
    assert.equal(r.url, "/my-bucket/k?x-id=GetObject");
    assert.equal(r.headers.range, "bytes=0-2");
    assert.equal(r.body.length, 0);
    // a streaming blob is handed over unread, as a Node stream
    assert.equal(typeof out.Body.pipe, "function");
    const chunks: Buffer[] = [];
    for await (const c of out.Body) chunks.push(c as Buffer);
    assert.deepEqual([...Buffer.concat(chunks)], [0, 1, 2]);
    assert.equal(out.ContentRange, "bytes 0-2/10");
    assert.equal(out.LastModified.getTime(), T);
    assert.deepEqual(out.Metadata, { owner: "me" });
  });

  test("ListObjectsV2: query parameters; a real-looking listing with flattened Contents and CommonPrefixes", async () => {
    srv.replies.push({
      headers: { "content-type": "application/xml" },
      body: `<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>my-bucket</Name>
  <Prefix>photos/</Prefix>
  <KeyCount>2</KeyCount>
  <MaxKeys>2</MaxKeys>
  <Delimiter>/</Delimiter>
  <IsTruncated>true</IsTruncated>
  <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
  <Contents>
    <Key>photos/a&amp;b.jpg</Key>
    <LastModified>2014-04-29T18:30:38.000Z</LastModified>
    <ETag>&quot;599bab3ed2c697f1d26842727561fd94&quot;</ETag>
    <ChecksumAlgorithm>CRC32</ChecksumAlgorithm>
    <Size>142863</Size>
    <StorageClass>STANDARD</StorageClass>
  </Contents>
  <Contents>
    <Key>photos/b.jpg</Key>
    <Size>0</Size>
    <Owner><ID>abc</ID><DisplayName>me</DisplayName></Owner>
  </Contents>
  <CommonPrefixes><Prefix>photos/2006/</Prefix></CommonPrefixes>
  <CommonPrefixes><Prefix>photos/2007/</Prefix></CommonPrefixes>
</ListBucketResult>`,
    });
    const out = await s3.listObjectsV2({ Bucket: "my-bucket", Prefix: "photos/", Delimiter: "/", MaxKeys: 2 });
    const [r] = srv.seen;
    assert.equal(r.method, "GET");
    const url = new URL(r.url, srv.url);
    // path-style: the bucket-only URI is the bucket's path, no trailing slash (Smithy's S3PathAddressing)
    assert.equal(url.pathname, "/my-bucket");
    assert.deepEqual(Object.fromEntries(url.searchParams), { "list-type": "2", prefix: "photos/", delimiter: "/", "max-keys": "2" });
    assert.equal(out.Name, "my-bucket");
    assert.equal(out.IsTruncated, true);
    assert.equal(out.KeyCount, 2);
    assert.equal(out.NextContinuationToken, "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");
    assert.equal(out.Contents.length, 2);
    assert.deepEqual(out.Contents[0], {
      Key: "photos/a&b.jpg",
      LastModified: new Date(T),
      ETag: '"599bab3ed2c697f1d26842727561fd94"',
      ChecksumAlgorithm: ["CRC32"],
      Size: 142863,
      StorageClass: "STANDARD",
    });
    assert.deepEqual(out.Contents[1].Owner, { ID: "abc", DisplayName: "me" });
    assert.deepEqual(out.CommonPrefixes, [{ Prefix: "photos/2006/" }, { Prefix: "photos/2007/" }]);
    assert.equal(out.$metadata.httpStatusCode, 200);
  });

  test("PutBucketTagging: a structure payload as <Tagging> in S3's namespace", async () => {
    await s3.putBucketTagging({ Bucket: "my-bucket", Tagging: { TagSet: [{ Key: "k", Value: "a&b" }] } });
    const [r] = srv.seen;
    assert.equal(r.method, "PUT");
    assert.equal(r.url, "/my-bucket?tagging");
    assert.equal(r.headers["content-type"], "application/xml");
    assert.equal(r.body.toString(), '<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet><Tag><Key>k</Key><Value>a&amp;b</Value></Tag></TagSet></Tagging>');
  });

  test("a NoSuchKey error becomes the modeled class, with message and the body's request id", async () => {
    srv.replies.push({
      status: 404,
      headers: { "content-type": "application/xml" },
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>k</Key><RequestId>4442587FB7D0A2F9</RequestId><HostId>host</HostId></Error>`,
    });
    await assert.rejects(s3.getObject({ Bucket: "my-bucket", Key: "k" }), (e: any) => {
      assert.ok(e instanceof S3.NoSuchKey, e.name);
      assert.equal(e.name, "NoSuchKey");
      assert.equal(e.message, "The specified key does not exist.");
      assert.equal(e.$metadata.httpStatusCode, 404);
      assert.equal(e.$metadata.requestId, "4442587FB7D0A2F9");
      return true;
    });
  });

  test("HeadObject 404 with no body is the modeled NotFound", async () => {
    srv.replies.push({ status: 404 });
    await assert.rejects(s3.headObject({ Bucket: "my-bucket", Key: "missing" }), (e: any) => e instanceof S3.NotFound && e.$metadata.httpStatusCode === 404);
    assert.equal(srv.seen[0].method, "HEAD");
  });
});
