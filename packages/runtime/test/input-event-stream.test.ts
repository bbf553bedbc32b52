import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { describe, test } from "node:test";
import { decodeMessage, type EventMessage, readPrelude } from "@org/eventstream";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "../src/auth/sigv4.js";
import { Client, type HttpHandler } from "../src/client.js";
import { NodeHttpClient } from "../src/http/node-client.js";
import { InputValidationError, NotSupportedError } from "../src/errors.js";
import { eventFrameSigner, inputEventFrames, STREAMING_EVENTS_PAYLOAD } from "../src/input-event-stream.js";
import { protocolFor } from "../src/protocols/index.js";
import type { HttpRequest } from "../src/http/types.js";
import type { ServiceSchema, ShapeSchema } from "../src/schema.js";
import { decodeCbor } from "../src/protocols/cbor.js";
import { service } from "./support/schema-fixtures.js";

const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };

const SHAPES: Record<string, ShapeSchema> = {
  Input: {
    type: "structure",
    members: {
      id: { target: "string", httpHeader: "x-id", required: true },
      stream: { target: "Events", httpPayload: true },
    },
  },
  Output: { type: "structure", members: {} },
  Events: {
    type: "union",
    streaming: true,
    members: {
      chunk: { target: "Chunk" },
      note: { target: "Note" },
      oops: { target: "Oops" },
    },
  },
  Chunk: { type: "structure", members: { seq: { target: "integer", eventHeader: true }, bytes: { target: "blob", eventPayload: true } } },
  Note: { type: "structure", members: { text: { target: "string" }, at: { target: "timestamp", eventHeader: true } } },
  Oops: { type: "structure", error: "client", members: { message: { target: "string" } } },
};

function schemaFor(protocol: string, auth: string[] = ["aws.auth#sigv4"]): ServiceSchema {
  return service(
    SHAPES,
    { Send: { input: "Input", output: "Output", http: { method: "POST", uri: "/send" }, inputEventStream: "stream" } },
    { protocol, auth, signingName: "svc", name: "com.example#Svc" },
  );
}

/** Captures the request and reads its whole body, then answers 200 with an empty body. */
function capture(eventStreamInput: HttpHandler["eventStreamInput"] = "h2") {
  const seen: { request: HttpRequest; body: Uint8Array }[] = [];
  const handler: HttpHandler = {
    eventStreamInput,
    async send(request) {
      const chunks: Buffer[] = [];
      for await (const c of request.body as Readable) chunks.push(Buffer.from(c));
      seen.push({ request, body: new Uint8Array(Buffer.concat(chunks)) });
      return { statusCode: 200, headers: {}, body: Readable.from([]) };
    },
  };
  return { handler, seen };
}

function frames(body: Uint8Array): EventMessage[] {
  const out: EventMessage[] = [];
  for (let p = 0; p < body.length; ) {
    const { totalLength } = readPrelude(body, p);
    out.push(decodeMessage(body.subarray(p, p + totalLength)));
    p += totalLength;
  }
  return out;
}

const client = (schema: ServiceSchema, handler: HttpHandler) =>
  new Client(schema, {}, { region: "us-east-1", endpoint: "https://svc.example.com", credentials: CREDENTIALS, env: {}, httpHandler: handler });

async function* slowly<T>(items: T[]): AsyncGenerator<T> {
  for (const i of items) {
    await new Promise((r) => setTimeout(r, 1));
    yield i;
  }
}

describe("input event streams", () => {
  test("the default HTTP handler cannot carry them: NotSupportedError before anything is sent", async () => {
    const c = new Client(schemaFor("restJson1"), {}, { region: "us-east-1", endpoint: "https://127.0.0.1:1", credentials: CREDENTIALS, env: {} });
    await assert.rejects(c.send("Send", { id: "a", stream: [] }), (e: unknown) => e instanceof NotSupportedError && /needs HTTP\/2/.test((e as Error).message) && /not supported yet/.test((e as Error).message));
    c.destroy();
  });

  test("restJson1 + SigV4: HTTP-bound members on the request, each event in a signed envelope chained from the seed signature", async () => {
    const { handler, seen } = capture();
    const at = new Date("2024-10-31T14:15:14Z");
    await client(schemaFor("restJson1"), handler).send("Send", { id: "abc", stream: slowly([{ chunk: { seq: 1, bytes: Uint8Array.of(1, 2) } }, { note: { text: "hi", at } }, { oops: { message: "bad" } }]) });
    const { request, body } = seen[0];
    assert.equal(request.headers["content-type"], "application/vnd.amazon.eventstream");
    assert.equal(request.headers["x-amz-content-sha256"], STREAMING_EVENTS_PAYLOAD);
    assert.equal(request.headers["x-id"], "abc");
    assert.equal(request.headers["content-length"], undefined);
    assert.match(request.headers.authorization, /x-amz-content-sha256/);
    const envelopes = frames(body);
    assert.equal(envelopes.length, 4);
    assert.equal(envelopes[3].body.length, 0, "ends with an empty signed frame");
    // the chain, checked with smithy's signer directly
    const signer = new SignatureV4({ credentials: CREDENTIALS, region: "us-east-1", service: "svc", sha256: Sha256 });
    let prior = /Signature=([0-9a-f]{64})/.exec(request.headers.authorization)![1];
    for (const env of envelopes) {
      assert.deepEqual(Object.keys(env.headers), [":date", ":chunk-signature"]);
      const date = env.headers[":date"].value as Date;
      assert.equal(date.getMilliseconds(), 0);
      const { signature } = await signer.signMessage({ message: { headers: { ":date": { type: "timestamp", value: date } }, body: env.body }, priorSignature: prior }, { signingDate: date });
      assert.equal(Buffer.from(env.headers[":chunk-signature"].value as Uint8Array).toString("hex"), signature);
      prior = signature;
    }
    const inner = envelopes.slice(0, 3).map((e) => decodeMessage(e.body));
    assert.deepEqual(inner[0].headers, {
      ":message-type": { type: "string", value: "event" },
      ":event-type": { type: "string", value: "chunk" },
      ":content-type": { type: "string", value: "application/octet-stream" },
      seq: { type: "integer", value: 1 },
    });
    assert.deepEqual(inner[0].body, Uint8Array.of(1, 2));
    assert.deepEqual(JSON.parse(Buffer.from(inner[1].body).toString()), { text: "hi" });
    assert.deepEqual(inner[1].headers.at, { type: "timestamp", value: at });
    assert.equal(inner[2].headers[":message-type"].value, "exception");
    assert.equal(inner[2].headers[":exception-type"].value, "oops");
  });

  test("without SigV4 (noAuth) the frames are sent as they are, with no end frame", async () => {
    const { handler, seen } = capture("http/1.1");
    await client(schemaFor("restJson1", []), handler).send("Send", { id: "abc", stream: [{ note: { text: "x" } }] });
    const f = frames(seen[0].body);
    assert.equal(f.length, 1);
    assert.equal(f[0].headers[":event-type"].value, "note");
    assert.equal(seen[0].request.headers["x-amz-content-sha256"], undefined);
  });

  test("awsJson1_1 sends the other members in an initial-request event first", async () => {
    const { handler, seen } = capture();
    await client(schemaFor("awsJson1_1", []), handler).send("Send", { id: "abc", stream: [{ note: { text: "x" } }] });
    assert.equal(seen[0].request.headers["content-type"], "application/vnd.amazon.eventstream");
    const [initial, note] = frames(seen[0].body);
    assert.deepEqual(initial.headers, {
      ":event-type": { type: "string", value: "initial-request" },
      ":message-type": { type: "string", value: "event" },
      ":content-type": { type: "string", value: "application/x-amz-json-1.1" },
    });
    assert.deepEqual(JSON.parse(Buffer.from(initial.body).toString()), { id: "abc" });
    assert.deepEqual(JSON.parse(Buffer.from(note.body).toString()), { text: "x" });
  });

  test("rpcv2Cbor: CBOR initial-request and event bodies", async () => {
    const { handler, seen } = capture();
    await client(schemaFor("rpcv2Cbor", []), handler).send("Send", { id: "abc", stream: [{ note: { text: "x" } }] });
    const [initial, note] = frames(seen[0].body);
    assert.equal(initial.headers[":content-type"].value, "application/cbor");
    assert.deepEqual(decodeCbor(initial.body), { id: "abc" });
    assert.equal(note.headers[":content-type"].value, "application/cbor");
    assert.deepEqual(decodeCbor(note.body), { text: "x" });
  });

  test("the stream member must be an iterable of events; a bad event fails the request body", async () => {
    const { handler } = capture();
    await assert.rejects(client(schemaFor("restJson1"), handler).send("Send", { id: "a", stream: 42 }), InputValidationError);
    await assert.rejects(client(schemaFor("restJson1"), handler).send("Send", { id: "a", stream: [{ nope: {} }] }), /Unknown event "nope"/);
  });

  test("over HTTP/1.1 (node:http wrapped as a handler declaring http/1.1): a chunked body of signed frames", async () => {
    const got: { headers: http.IncomingHttpHeaders; body: Buffer }[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        got.push({ headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(200, { "content-type": "application/json" });
        res.end("{}");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const node = new NodeHttpClient();
    const handler: HttpHandler = { eventStreamInput: "http/1.1", send: (r, o) => node.send(r, o), destroy: () => node.destroy() };
    try {
      const c = new Client(schemaFor("restJson1"), {}, { region: "us-east-1", endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, credentials: CREDENTIALS, env: {}, httpHandler: handler });
      await c.send("Send", { id: "abc", stream: slowly([{ note: { text: "one" } }, { note: { text: "two" } }]) });
      c.destroy();
      assert.equal(got[0].headers["transfer-encoding"], "chunked");
      assert.equal(got[0].headers["content-type"], "application/vnd.amazon.eventstream");
      const envelopes = frames(new Uint8Array(got[0].body));
      assert.equal(envelopes.length, 3);
      assert.deepEqual(
        envelopes.slice(0, 2).map((e) => JSON.parse(Buffer.from(decodeMessage(e.body).body).toString()).text),
        ["one", "two"],
      );
    } finally {
      server.close();
    }
  });

  test("eventFrameSigner signs in order and inputEventFrames ends with the signed empty frame", async () => {
    const sign = eventFrameSigner({ credentials: CREDENTIALS, region: "us-east-1", signingName: "svc", seedSignature: "0".repeat(64), now: () => new Date(1_700_000_000_123) });
    const out: Uint8Array[] = [];
    for await (const f of inputEventFrames({ schema: schemaFor("restJson1"), protocol: protocolFor("restJson1")!, unionRef: "Events", events: [{ note: { text: "a" } }], sign })) out.push(f);
    assert.equal(out.length, 2);
    const last = decodeMessage(out[1]);
    assert.equal(last.body.length, 0);
    assert.deepEqual(last.headers[":date"], { type: "timestamp", value: new Date(1_700_000_000_000) });
  });
});
