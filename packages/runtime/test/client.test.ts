import assert from "node:assert/strict";
import dns from "node:dns";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { after, before, beforeEach, describe, test } from "node:test";
import { Client, type ClientConfig } from "../src/client.js";
import { allFeatures } from "../src/index.js";
import { InputValidationError, NotSupportedError, ServiceException, type ServiceExceptionInit } from "../src/errors.js";
import type { ServiceSchema } from "../src/schema.js";
import { service } from "./support/schema-fixtures.js";
// registers every protocol, for Clients built here without naming theirs
import "../src/protocols/index.js";

interface Seen {
  method: string;
  url: string;
  host: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
}

let server: http.Server;
let port: number;
let base: string;
let seen: Seen[] = [];
let replies: Reply[] = [];
/** called as each request arrives, before the reply */
let onSeen: (() => void) | undefined;

before(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, host: req.headers.host!, headers: req.headers, body });
      onSeen?.();
      const r = replies.shift() ?? {};
      if (r.body === "HANG") return; // never answers
      if (r.body === "DROP") {
        // headers and half a body, then the connection goes away
        res.writeHead(r.status ?? 200, { "content-type": "application/json", "content-length": "100" });
        res.write('{"name":');
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      res.writeHead(r.status ?? 200, { "content-type": "application/json", "x-amzn-requestid": `req-${seen.length}`, ...r.headers });
      res.end(r.body ?? "{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});
beforeEach(() => {
  seen = [];
  replies = [];
  onSeen = undefined;
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function fixture(extra: Partial<ServiceSchema> = {}): ServiceSchema {
  return service(
    {
      CreateThingInput: {
        type: "structure",
        members: { name: { target: "string" }, clientToken: { target: "string", idempotencyToken: true } },
      },
      CreateThingOutput: {
        type: "structure",
        members: { name: { target: "string" }, id: { target: "string", httpHeader: "X-Thing-Id" }, status: { target: "integer", httpResponseCode: true } },
      },
      QueryTokenInput: { type: "structure", members: { token: { target: "string", idempotencyToken: true, httpQuery: "token" } } },
      PrefixedInput: { type: "structure", members: { Name: { target: "string", hostLabel: true, required: true }, value: { target: "string" } } },
      UploadInput: { type: "structure", members: { data: { target: "Body", httpPayload: true } } },
      Body: { type: "blob", streaming: true },
      ValidationException: { type: "structure", error: "client", httpError: 400, members: { message: { target: "string" }, field: { target: "string" } } },
      BusyException: { type: "structure", error: "server", httpError: 503, retryable: {}, members: { message: { target: "string" } } },
    },
    {
      CreateThing: { input: "CreateThingInput", output: "CreateThingOutput", http: { method: "POST", uri: "/things", code: 201 }, errors: ["ValidationException", "BusyException"] },
      QueryToken: { input: "QueryTokenInput", output: "Unit", http: { method: "POST", uri: "/qt" } },
      Prefixed: { input: "PrefixedInput", output: "Unit", http: { method: "POST", uri: "/prefixed" }, hostPrefix: "{Name}.data-" },
      Upload: { input: "UploadInput", output: "Unit", http: { method: "PUT", uri: "/upload" } },
      Later: { input: "Unit", output: "Unit", http: { method: "GET", uri: "/later" }, unsupported: "needs HTTP/2" },
    },
    { auth: ["smithy.api#noAuth"], endpointPrefix: "fixture", ...extra },
  );
}

class ValidationException extends ServiceException {
  declare field?: string;
  constructor(init: ServiceExceptionInit) {
    super(init, "ValidationException", "client");
  }
}
const ERRORS = { ValidationException };

const clients: Client[] = [];
function client(config: ClientConfig = {}, schema = fixture()): Client {
  const c = new Client(schema, ERRORS, { region: "us-east-1", endpoint: base, env: {}, ...config }, undefined, allFeatures);
  clients.push(c);
  return c;
}
after(() => clients.forEach((c) => c.destroy()));

describe("idempotency tokens", () => {
  test("auto-filled with a UUID when unset, without touching the caller's object", { timeout: 10_000 }, async () => {
    const input = { name: "a" };
    await client().send("CreateThing", input);
    const body = JSON.parse(seen[0].body);
    assert.equal(body.name, "a");
    assert.match(body.clientToken, UUID);
    assert.deepEqual(input, { name: "a" });
  });
  test("a fresh token per call; a given token is kept", { timeout: 10_000 }, async () => {
    const c = client();
    await c.send("CreateThing", {});
    await c.send("CreateThing", { clientToken: null });
    await c.send("CreateThing", { clientToken: "mine" });
    const tokens = seen.map((s) => JSON.parse(s.body).clientToken);
    assert.match(tokens[0], UUID);
    assert.match(tokens[1], UUID);
    assert.notEqual(tokens[0], tokens[1]);
    assert.equal(tokens[2], "mine");
  });
  test("a query-bound token is filled too", { timeout: 10_000 }, async () => {
    await client().send("QueryToken", {});
    const u = new URL(seen[0].url, base);
    assert.equal(u.pathname, "/qt");
    assert.match(u.searchParams.get("token")!, UUID);
  });
});

describe("host prefix", () => {
  const realLookup = dns.lookup;
  before(() => {
    // names under .fixture.test resolve to the local server
    (dns as { lookup: unknown }).lookup = (host: string, opts: unknown, cb: unknown) =>
      (realLookup as Function)(host.endsWith(".fixture.test") ? "127.0.0.1" : host, opts, cb);
  });
  after(() => {
    (dns as { lookup: unknown }).lookup = realLookup;
  });
  test("{Name}. from the hostLabel member is prepended to the host", { timeout: 10_000 }, async () => {
    await client({ endpoint: `http://api.fixture.test:${port}` }).send("Prefixed", { Name: "acct-123", value: "v" });
    assert.equal(seen[0].host, `acct-123.data-api.fixture.test:${port}`);
    assert.equal(seen[0].url, "/prefixed");
    assert.deepEqual(JSON.parse(seen[0].body), { Name: "acct-123", value: "v" });
  });
  test("labels that are not valid host labels are rejected and nothing is sent", { timeout: 10_000 }, async () => {
    const c = client({ endpoint: `http://api.fixture.test:${port}` });
    for (const Name of ["evil.com/", "a.b", "", "-x", "x".repeat(64), "a b"]) {
      await assert.rejects(c.send("Prefixed", { Name }), (e: unknown) => e instanceof InputValidationError && /Prefixed\.Name/.test((e as Error).message), Name);
    }
    await assert.rejects(c.send("Prefixed", {}), InputValidationError);
    assert.equal(seen.length, 0);
  });
});

describe("configured endpoints", () => {
  const env = (e: Record<string, string>) => ({ endpoint: undefined, env: e });
  test("AWS_ENDPOINT_URL_<SERVICE> beats AWS_ENDPOINT_URL", { timeout: 10_000 }, async () => {
    await client(env({ AWS_ENDPOINT_URL: `${base}/global`, AWS_ENDPOINT_URL_FIXTURE: `${base}/service` })).send("CreateThing", {});
    assert.equal(seen[0].url, "/service/things");
  });
  test("AWS_ENDPOINT_URL alone, or when the service variable is empty", { timeout: 10_000 }, async () => {
    await client(env({ AWS_ENDPOINT_URL: `${base}/global` })).send("CreateThing", {});
    await client(env({ AWS_ENDPOINT_URL: `${base}/global`, AWS_ENDPOINT_URL_FIXTURE: "" })).send("CreateThing", {});
    assert.deepEqual(
      seen.map((s) => s.url),
      ["/global/things", "/global/things"],
    );
  });
  test("another service's variable is not used", { timeout: 10_000 }, async () => {
    await client(env({ AWS_ENDPOINT_URL: `${base}/global`, AWS_ENDPOINT_URL_OTHER: `${base}/other` })).send("CreateThing", {});
    assert.equal(seen[0].url, "/global/things");
  });
  test("the client config beats both", { timeout: 10_000 }, async () => {
    await client({ endpoint: `${base}/config`, env: { AWS_ENDPOINT_URL: `${base}/global`, AWS_ENDPOINT_URL_FIXTURE: `${base}/service` } }).send("CreateThing", {});
    assert.equal(seen[0].url, "/config/things");
  });
  test("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ignores the variables but not the client config", { timeout: 10_000 }, async () => {
    const vars = { AWS_ENDPOINT_URL: `${base}/global`, AWS_ENDPOINT_URL_FIXTURE: `${base}/service`, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" };
    // without an endpoint prefix or rules there is nowhere left to go
    const noDefault = fixture({ endpointPrefix: undefined });
    await assert.rejects(client(env(vars), noDefault).send("CreateThing", {}), NotSupportedError);
    assert.equal(seen.length, 0);
    await client({ endpoint: `${base}/config`, env: vars }).send("CreateThing", {});
    assert.equal(seen[0].url, "/config/things");
    // any other value does not ignore them
    await client(env({ ...vars, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "false" }), noDefault).send("CreateThing", {});
    assert.equal(seen[1].url, "/service/things");
  });
});

describe("what cannot be sent", () => {
  test("a protocol the runtime lacks → NotSupportedError, nothing sent", { timeout: 10_000 }, async () => {
    await assert.rejects(client({}, fixture({ protocol: "futureProtocol9" })).send("CreateThing", { name: "x" }), (e: unknown) => e instanceof NotSupportedError && /futureProtocol9/.test((e as Error).message));
    assert.equal(seen.length, 0);
  });
  test("an input that is not an object → InputValidationError, nothing sent", { timeout: 10_000 }, async () => {
    for (const bad of [null, "x", 5]) {
      await assert.rejects(client().send("CreateThing", bad as never), (e: unknown) => e instanceof InputValidationError && /CreateThing/.test((e as Error).message));
    }
    assert.equal(seen.length, 0);
  });
  test("an unsupported or unknown operation → NotSupportedError", { timeout: 10_000 }, async () => {
    await assert.rejects(client().send("Later", {}), (e: unknown) => e instanceof NotSupportedError && /HTTP\/2/.test((e as Error).message));
    await assert.rejects(client().send("Nope", {}), NotSupportedError);
    assert.equal(seen.length, 0);
  });
});

describe("outputs", () => {
  test("parsed members, with a non-enumerable $metadata", { timeout: 10_000 }, async () => {
    replies.push({ status: 201, headers: { "x-thing-id": "t-1" }, body: '{"name":"made"}' });
    const out = await client().send("CreateThing", { name: "made" });
    const meta = out.$metadata;
    assert.deepEqual(out, { name: "made", id: "t-1", status: 201 });
    assert.deepEqual(Object.keys(out).sort(), ["id", "name", "status"]);
    assert.equal(JSON.stringify(out).includes("$metadata"), false);
    assert.equal(meta.httpStatusCode, 201);
    assert.equal(meta.requestId, "req-1");
    assert.equal(meta.attempts, 1);
    assert.equal(Object.getOwnPropertyDescriptor(out, "$metadata")!.enumerable, false);
  });
  test("a modeled error becomes its class, with fields and metadata", { timeout: 10_000 }, async () => {
    replies.push({ status: 400, headers: { "x-amzn-errortype": "ValidationException:http://internal.amazon.com/" }, body: '{"message":"bad name","field":"name"}' });
    const err = await client().send("CreateThing", {}).catch((e) => e);
    assert.ok(err instanceof ValidationException);
    assert.equal(err.message, "bad name");
    assert.equal(err.field, "name");
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.$metadata.attempts, 1);
    assert.equal(seen.length, 1);
  });
});

describe("unmodeled errors", () => {
  test("a 404 without an error code is NotFound; not retried", { timeout: 10_000 }, async () => {
    replies.push({ status: 404, body: "" });
    const err = await client().send("CreateThing", {}).catch((e) => e);
    assert.ok(err instanceof ServiceException);
    assert.equal(err.name, "NotFound");
    assert.equal(err.$fault, "client");
    assert.equal(seen.length, 1);
  });
  test("a proxy's HTML 502 is Http502, a server fault, retried", { timeout: 10_000 }, async () => {
    replies.push({ status: 502, headers: { "content-type": "text/html" }, body: "<html>bad gateway</html>" }, { status: 502, headers: { "content-type": "text/html" }, body: "<html>bad gateway</html>" });
    const err = await client({ maxAttempts: 2 }).send("CreateThing", {}).catch((e) => e);
    assert.ok(err instanceof ServiceException);
    assert.equal(err.name, "Http502");
    assert.equal(err.$fault, "server");
    assert.equal(err.$metadata.attempts, 2);
    assert.equal(seen.length, 2);
  });
  test("an error code the model does not know keeps its name; the body's message is used", { timeout: 10_000 }, async () => {
    replies.push({ status: 400, body: '{"__type":"com.amazon#SomethingNew","Message":"new thing"}' });
    const err = await client().send("CreateThing", {}).catch((e) => e);
    assert.ok(err instanceof ServiceException);
    assert.equal(err.name, "SomethingNew");
    assert.equal(err.message, "new thing");
  });
});

describe("retries in the pipeline", () => {
  test("5xx is retried up to maxAttempts, then thrown with the attempt count", { timeout: 10_000 }, async () => {
    for (let i = 0; i < 3; i++) replies.push({ status: 500, body: "{}" });
    const err = await client({ maxAttempts: 3 }).send("CreateThing", {}).catch((e) => e);
    assert.ok(err instanceof ServiceException);
    assert.equal(err.$metadata.attempts, 3);
    assert.equal(seen.length, 3);
    // the same idempotency token on every attempt
    assert.equal(new Set(seen.map((s) => JSON.parse(s.body).clientToken)).size, 1);
  });
  test("a modeled retryable error is retried; success after a retry", { timeout: 10_000 }, async () => {
    replies.push({ status: 409, headers: { "x-amzn-errortype": "BusyException" }, body: '{"message":"busy"}' });
    replies.push({ status: 201, body: '{"name":"ok"}' });
    const out = await client({ maxAttempts: 3 }).send("CreateThing", {});
    assert.equal(out.name, "ok");
    assert.equal(out.$metadata.attempts, 2);
    assert.equal(seen.length, 2);
  });
  test("a connection dropped mid-body is a network error and is retried", { timeout: 10_000 }, async () => {
    replies.push({ status: 201, body: "DROP" }, { status: 201, body: '{"name":"second"}' });
    const out = await client({ maxAttempts: 3 }).send("CreateThing", {});
    assert.equal(out.name, "second");
    assert.equal(out.$metadata.attempts, 2);
    assert.equal(seen.length, 2);
  });
  test("a per-call maxAttempts overrides the client's", { timeout: 10_000 }, async () => {
    replies.push({ status: 500 }, { status: 500 }, { status: 500 });
    const err = await client({ maxAttempts: 3 }).send("CreateThing", {}, { maxAttempts: 1 }).catch((e) => e);
    assert.equal(err.$metadata.attempts, 1);
    assert.equal(seen.length, 1);
  });
  test("requestTimeout applies per attempt and a timeout is retried", { timeout: 10_000 }, async () => {
    replies.push({ status: 201, body: "HANG" }, { status: 201, body: '{"name":"late"}' });
    const out = await client({ maxAttempts: 2, requestTimeout: 150 }).send("CreateThing", {});
    assert.equal(out.name, "late");
    assert.equal(out.$metadata.attempts, 2);
  });
  test("an abort stops the call and its retries", { timeout: 10_000 }, async () => {
    replies.push({ status: 503 }, { status: 200 });
    const ac = new AbortController();
    onSeen = () => ac.abort();
    const p = client({ maxAttempts: 5 }).send("CreateThing", {}, { signal: ac.signal });
    await assert.rejects(p, (e: Error) => e.name === "AbortError");
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(seen.length, 1);
  });
  test("a stream body gets one attempt; a buffer body is retried", { timeout: 10_000 }, async () => {
    replies.push({ status: 503, body: "{}" }, { status: 503, body: "{}" });
    const c = client({ maxAttempts: 3 });
    const err = await c.send("Upload", { data: Readable.from([Buffer.from("streamed")]) }).catch((e) => e);
    assert.ok(err instanceof ServiceException);
    assert.equal(err.$metadata.attempts, 1);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].body, "streamed");
    replies.length = 0;
    replies.push({ status: 503, body: "{}" }, { status: 200, body: "" });
    await c.send("Upload", { data: Buffer.from("buffered") });
    assert.equal(seen.length, 3);
    assert.deepEqual(
      seen.slice(1).map((s) => s.body),
      ["buffered", "buffered"],
    );
  });
});
