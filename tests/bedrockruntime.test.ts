/**
 * @org/bedrockruntime end to end, against a local server speaking Bedrock's wire format.
 * Event-stream frames are encoded with @smithy/eventstream-codec, not by our encoder.
 */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  BedrockRuntimeClient,
  ModelStreamErrorException,
  ThrottlingException,
  ValidationException,
  bedrockruntime,
  readEventMessage,
  streamParser,
} from "@org/bedrockruntime";
import { EventStreamDecodeError, EventStreamServiceError, EventStreamTimeoutError, EventStreamTruncatedError } from "@org/eventstream";
import { NotSupportedError, ServiceException } from "@org/runtime";
import { CREDENTIALS, FakeBedrock, eventStream, json, verifySigV4 } from "./support/fake-bedrock.js";
import { converseStreamFrames, errorFrame, eventFrame, exceptionFrame } from "./support/frames.js";

const WORDS = ["Hello", ", ", "world", "!"];
const MESSAGES = [{ role: "user" as const, content: [{ text: "Say hello" }] }];

let server: FakeBedrock;
let endpoint: string;

function client(extra: Record<string, unknown> = {}): BedrockRuntimeClient {
  return bedrockruntime({ region: "us-east-1", endpoint, credentials: CREDENTIALS, env: {}, ...extra });
}

before(async () => {
  server = new FakeBedrock();
  endpoint = await server.start();
});
after(async () => {
  await server.stop();
});

describe("Converse", () => {
  test("sends the exact request, signed with SigV4", async () => {
    server.answer(json(200, { output: { message: { role: "assistant", content: [{ text: "Hi!" }] } }, stopReason: "end_turn", usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 }, metrics: { latencyMs: 12 } }));
    const c = client();
    const out = await c.converse({
      modelId: "anthropic.claude-3:0/v1",
      messages: MESSAGES,
      inferenceConfig: { maxTokens: 512, temperature: 0.5, topP: 0.9 },
      additionalModelRequestFields: { top_k: 200 },
    });
    const r = server.last;
    assert.equal(r.method, "POST");
    // labels are escaped: ':' and '/' would otherwise change the path
    assert.equal(r.url, "/model/anthropic.claude-3%3A0%2Fv1/converse");
    assert.equal(r.headers["content-type"], "application/json");
    assert.equal(r.headers["content-length"], String(Buffer.byteLength(r.body)));
    assert.match(String(r.headers["user-agent"]), /^org-aws-sdk-js\//);
    assert.match(String(r.headers["x-amz-date"]), /^\d{8}T\d{6}Z$/);
    assert.match(String(r.headers.authorization), /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/bedrock\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/);
    assert.deepEqual(JSON.parse(r.body), {
      messages: [{ role: "user", content: [{ text: "Say hello" }] }],
      inferenceConfig: { maxTokens: 512, temperature: 0.5, topP: 0.9 },
      additionalModelRequestFields: { top_k: 200 },
    });
    const sig = await verifySigV4(r, { region: "us-east-1", service: "bedrock" });
    assert.ok(sig.ok, `signature mismatch:\n expected ${sig.expected}\n got      ${sig.got}`);
    assert.deepEqual(out, { output: { message: { role: "assistant", content: [{ text: "Hi!" }] } }, stopReason: "end_turn", usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 }, metrics: { latencyMs: 12 } });
    assert.equal(out.$metadata.requestId, "req-1234");
    c.destroy();
  });

  test("a tampered request fails the server-side signature check", async () => {
    server.answer(json(200, {}));
    const c = client();
    await c.converse({ modelId: "m", messages: MESSAGES });
    const tampered = { ...server.last, body: server.last.body.replace("Say hello", "Say goodbye") };
    assert.equal((await verifySigV4(tampered, { region: "us-east-1", service: "bedrock" })).ok, false);
    c.destroy();
  });

  test("a modeled error becomes its generated class with $metadata and $fault", async () => {
    server.answer(json(400, { message: "Malformed input request" }, { "x-amzn-errortype": "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/" }));
    const c = client();
    const err = await c.converse({ modelId: "m", messages: MESSAGES }).catch((e: unknown) => e);
    assert.ok(err instanceof ValidationException, String(err));
    assert.ok(err instanceof ServiceException);
    assert.equal(err.name, "ValidationException");
    assert.equal(err.message, "Malformed input request");
    assert.equal(err.$fault, "client");
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.$metadata.requestId, "req-1234");
    assert.equal(err.$metadata.attempts, 1);
    c.destroy();
  });

  test("error type from the body's __type when the header is absent", async () => {
    server.answer(json(400, { __type: "com.amazonaws.bedrockruntime#ValidationException", message: "bad" }));
    const c = client();
    const err = await c.converse({ modelId: "m", messages: MESSAGES }).catch((e: unknown) => e);
    assert.ok(err instanceof ValidationException);
    c.destroy();
  });

  test("an unmodeled error is a ServiceException named by its code", async () => {
    server.answer(json(418, { message: "teapot" }, { "x-amzn-errortype": "TeapotException" }));
    const c = client();
    const err = (await c.converse({ modelId: "m", messages: MESSAGES }).catch((e: unknown) => e)) as ServiceException;
    assert.ok(err instanceof ServiceException);
    assert.equal(err.name, "TeapotException");
    assert.equal(err.message, "teapot");
    assert.equal(err.$metadata.httpStatusCode, 418);
    c.destroy();
  });

  test("retries throttling and 5xx, then succeeds", async () => {
    server.answer(json(429, { message: "slow down" }, { "x-amzn-errortype": "ThrottlingException" }), json(503, { message: "unavailable" }), json(200, { stopReason: "end_turn" }));
    const c = client();
    const before = server.requests.length;
    const out = (await c.converse({ modelId: "m", messages: MESSAGES })) as unknown as { stopReason: string; $metadata: { attempts: number } };
    assert.equal(out.stopReason, "end_turn");
    assert.equal(server.requests.length - before, 3);
    assert.equal(out.$metadata.attempts, 3);
    c.destroy();
  });

  test("gives up after maxAttempts and reports the attempts", async () => {
    const throttle = json(429, { message: "slow down" }, { "x-amzn-errortype": "ThrottlingException" });
    server.answer(throttle, throttle);
    const c = client({ maxAttempts: 2 });
    const before = server.requests.length;
    const err = await c.converse({ modelId: "m", messages: MESSAGES }).catch((e: unknown) => e);
    assert.ok(err instanceof ThrottlingException);
    assert.equal(err.$metadata.attempts, 2);
    assert.equal(server.requests.length - before, 2);
    c.destroy();
  });

  test("does not retry a client error", async () => {
    server.answer(json(400, { message: "no" }, { "x-amzn-errortype": "ValidationException" }));
    const c = client();
    const before = server.requests.length;
    await assert.rejects(c.converse({ modelId: "m", messages: MESSAGES }), ValidationException);
    assert.equal(server.requests.length - before, 1);
    c.destroy();
  });

  test("retries a dropped connection", async () => {
    server.answer((_r, res) => res.socket!.destroy(), json(200, { stopReason: "end_turn" }));
    const c = client();
    const out = (await c.converse({ modelId: "m", messages: MESSAGES })) as unknown as { stopReason: string };
    assert.equal(out.stopReason, "end_turn");
    c.destroy();
  });

  test("an AbortSignal cancels the call", async () => {
    server.answer(async (_r, res) => {
      await new Promise((r) => setTimeout(r, 2000));
      res.end("{}");
    });
    const c = client();
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const started = Date.now();
    await assert.rejects(c.converse({ modelId: "m", messages: MESSAGES }, { signal: ac.signal }), { name: "AbortError" });
    assert.ok(Date.now() - started < 1000);
    c.destroy();
  });

  test("a missing label is rejected before anything is sent", async () => {
    const c = client();
    const before = server.requests.length;
    await assert.rejects(c.converse({ messages: MESSAGES } as never), /modelId is required/);
    assert.equal(server.requests.length, before);
    c.destroy();
  });

  test("a bearer token is used when configured, SigV4 otherwise", async () => {
    server.answer(json(200, {}), json(200, {}));
    const c = client({ token: "bedrock-api-key-abc" });
    await c.converse({ modelId: "m", messages: MESSAGES });
    assert.equal(server.last.headers.authorization, "Bearer bedrock-api-key-abc");
    c.destroy();
    const fromEnv = bedrockruntime({ region: "us-east-1", endpoint, env: { AWS_BEARER_TOKEN_BEDROCK: "env-token" } });
    await fromEnv.converse({ modelId: "m", messages: MESSAGES });
    assert.equal(server.last.headers.authorization, "Bearer env-token");
    fromEnv.destroy();
  });

  test("region, credentials and endpoint come from the environment and profile files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aws-config-"));
    writeFileSync(join(dir, "credentials"), "[work]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n");
    writeFileSync(join(dir, "config"), "[profile work]\nregion = eu-west-3\n");
    server.answer(json(200, {}));
    const c = bedrockruntime({
      env: { AWS_PROFILE: "work", AWS_CONFIG_FILE: join(dir, "config"), AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials"), AWS_ENDPOINT_URL_BEDROCK_RUNTIME: endpoint },
    });
    await c.converse({ modelId: "m", messages: MESSAGES });
    assert.match(String(server.last.headers.authorization), /Credential=AKIDPROFILE\/\d{8}\/eu-west-3\/bedrock\/aws4_request/);
    const sig = await verifySigV4(server.last, { region: "eu-west-3", service: "bedrock", credentials: { accessKeyId: "AKIDPROFILE", secretAccessKey: "profile-secret" } });
    assert.ok(sig.ok);
    c.destroy();
  });

  test("secrets never appear in errors or inspected clients", async () => {
    const c = bedrockruntime({ endpoint, region: "us-east-1", env: {} });
    const err = (await c.converse({ modelId: "m", messages: MESSAGES }).catch((e: unknown) => e)) as Error;
    assert.match(err.message, /credentials/i);
    const withCreds = client();
    const { inspect } = await import("node:util");
    assert.ok(!inspect(withCreds, { depth: 5 }).includes(CREDENTIALS.secretAccessKey));
    c.destroy();
    withCreds.destroy();
  });

  test("InvokeModelWithBidirectionalStream exists and rejects as not supported yet", async () => {
    const c = client();
    const before = server.requests.length;
    await assert.rejects(c.invokeModelWithBidirectionalStream({ modelId: "m" } as never), (e: unknown) => e instanceof NotSupportedError && /not supported yet/.test((e as Error).message));
    assert.equal(server.requests.length, before);
    c.destroy();
  });
});

describe("ConverseStream", () => {
  for (const mode of ["whole", "bytes", "random"] as const) {
    test(`stream(handler) applies the handler to every event in order (${mode} delivery)`, async () => {
      server.answer(eventStream(converseStreamFrames(WORDS), mode));
      const c = client();
      const resp = await c.converseStream({ modelId: "m", messages: MESSAGES, inferenceConfig: { maxTokens: 512 } });
      const texts = await resp.stream((chunk) => chunk.contentBlockDelta?.delta?.text);
      assert.deepEqual(texts, [undefined, ...WORDS, undefined, undefined, undefined]);
      assert.equal(server.last.url, "/model/m/converse-stream");
      assert.deepEqual(JSON.parse(server.last.body), { messages: MESSAGES, inferenceConfig: { maxTokens: 512 } });
      assert.ok((await verifySigV4(server.last, { region: "us-east-1", service: "bedrock" })).ok);
      c.destroy();
    });
  }

  test("an async handler is awaited before the next event is read", async () => {
    server.answer(eventStream(converseStreamFrames(WORDS), "random"));
    const c = client();
    const resp = await c.converseStream({ modelId: "m", messages: MESSAGES });
    const log: string[] = [];
    let active = 0;
    const results = await resp.stream(async (ev) => {
      active++;
      assert.equal(active, 1, "handlers overlap");
      await new Promise((r) => setTimeout(r, 2));
      log.push(Object.keys(ev)[0]);
      active--;
      return log.length;
    });
    assert.deepEqual(results, [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(log, ["messageStart", "contentBlockDelta", "contentBlockDelta", "contentBlockDelta", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata"]);
    c.destroy();
  });

  test("stream({ connection: true }) with streamParser reads decoded events until null", async () => {
    server.answer(eventStream(converseStreamFrames(WORDS), "bytes"));
    const c = client();
    const resp = await c.converseStream({ modelId: "m", messages: MESSAGES });
    const con = resp.stream({ connection: true });
    const events = [];
    let ev;
    while ((ev = await streamParser(con)) !== null) events.push(ev);
    assert.equal(events.length, 8);
    assert.deepEqual(events[0], { messageStart: { role: "assistant" } });
    assert.deepEqual(events[1], { contentBlockDelta: { contentBlockIndex: 0, delta: { text: "Hello" } } });
    assert.deepEqual(events[7], { metadata: { usage: { inputTokens: 5, outputTokens: 4, totalTokens: 9 }, metrics: { latencyMs: 42 } } });
    assert.equal(await streamParser(con), null);
    con.close();
    c.destroy();
  });

  test("readEventMessage returns raw messages { headers, body }", async () => {
    server.answer(eventStream(converseStreamFrames(WORDS), "random"));
    const c = client();
    const con = (await c.converseStream({ modelId: "m", messages: MESSAGES })).stream({ connection: true });
    const first = await readEventMessage(con);
    assert.ok(first);
    assert.deepEqual(first.headers[":event-type"], { type: "string", value: "messageStart" });
    assert.deepEqual(JSON.parse(Buffer.from(first.body).toString()), { role: "assistant" });
    let n = 1;
    while ((await readEventMessage(con)) !== null) n++;
    assert.equal(n, 8);
    con.close();
    c.destroy();
  });

  test("the response is an async iterable of events", async () => {
    server.answer(eventStream(converseStreamFrames(WORDS), "random"));
    const c = client();
    let text = "";
    for await (const ev of await c.converseStream({ modelId: "m", messages: MESSAGES })) text += ev.contentBlockDelta?.delta?.text ?? "";
    assert.equal(text, WORDS.join(""));
    c.destroy();
  });

  test("breaking out of the loop closes the connection", async () => {
    server.answer(eventStream(converseStreamFrames(Array.from({ length: 2000 }, (_, i) => `w${i} `)), "random"));
    const c = client();
    const closedBefore = server.closedSockets;
    for await (const ev of await c.converseStream({ modelId: "m", messages: MESSAGES })) {
      if (ev.contentBlockDelta) break;
    }
    await waitFor(() => server.closedSockets > closedBefore);
    c.destroy();
  });

  test("a modeled exception mid-stream throws its class after the earlier events", async () => {
    server.answer(eventStream([...converseStreamFrames(["a", "b"]).slice(0, 3), exceptionFrame("modelStreamErrorException", { message: "model broke", originalStatusCode: 500, originalMessage: "boom" })], "random"));
    const c = client();
    const seen: string[] = [];
    const resp = await c.converseStream({ modelId: "m", messages: MESSAGES });
    const err = await resp.stream((ev) => seen.push(Object.keys(ev)[0])).catch((e: unknown) => e);
    assert.ok(err instanceof ModelStreamErrorException, String(err));
    assert.equal(err.message, "model broke");
    assert.equal((err as unknown as { originalStatusCode: number }).originalStatusCode, 500);
    assert.deepEqual(seen, ["messageStart", "contentBlockDelta", "contentBlockDelta"]);
    c.destroy();
  });

  test("an error message throws with its :error-code and :error-message", async () => {
    server.answer(eventStream([eventFrame("messageStart", { role: "assistant" }), errorFrame("InternalFailure", "something broke")]));
    const c = client();
    const con = (await c.converseStream({ modelId: "m", messages: MESSAGES })).stream({ connection: true });
    assert.deepEqual(await streamParser(con), { messageStart: { role: "assistant" } });
    const err = await streamParser(con).catch((e: unknown) => e);
    assert.ok(err instanceof EventStreamServiceError, String(err));
    assert.equal(err.errorCode, "InternalFailure");
    assert.equal(err.message, "something broke");
    c.destroy();
  });

  test("an unknown event type is surfaced as $unknown, not dropped", async () => {
    server.answer(eventStream([eventFrame("messageStart", { role: "assistant" }), eventFrame("brandNewEvent", { x: 1 }), eventFrame("messageStop", { stopReason: "end_turn" })]));
    const c = client();
    const events = await (await c.converseStream({ modelId: "m", messages: MESSAGES })).stream((e) => e);
    assert.equal(events.length, 3);
    const unknown = events[1] as { $unknown: [string, { body: Uint8Array }] };
    assert.equal(unknown.$unknown[0], "brandNewEvent");
    assert.deepEqual(JSON.parse(Buffer.from(unknown.$unknown[1].body).toString()), { x: 1 });
    c.destroy();
  });

  test("a corrupt CRC fails with a decode error", async () => {
    const frames = converseStreamFrames(WORDS);
    const bad = Uint8Array.from(frames[2]);
    bad[bad.length - 6] ^= 0xff; // a payload byte: the message CRC no longer matches
    server.answer(eventStream([frames[0], frames[1], bad, ...frames.slice(3)], "random"));
    const c = client();
    const resp = await c.converseStream({ modelId: "m", messages: MESSAGES });
    const err = await resp.stream(() => undefined).catch((e: unknown) => e);
    assert.ok(err instanceof EventStreamDecodeError, String(err));
    assert.equal(err.code, "MessageCrcMismatch");
    c.destroy();
  });

  test("a stream that ends mid-message fails with a truncation error", async () => {
    const frames = converseStreamFrames(WORDS);
    const cut = frames[3].subarray(0, frames[3].length - 10);
    server.answer(eventStream([frames[0], frames[1], frames[2], cut]));
    const c = client();
    const resp = await c.converseStream({ modelId: "m", messages: MESSAGES });
    const err = await resp.stream(() => undefined).catch((e: unknown) => e);
    assert.ok(err instanceof EventStreamTruncatedError, String(err));
    c.destroy();
  });

  test("a connection dropped mid-message fails with a truncation error", async () => {
    const frames = converseStreamFrames(WORDS);
    server.answer(async (_r, res) => {
      res.writeHead(200, { "content-type": "application/vnd.amazon.eventstream" });
      res.write(frames[0]);
      res.write(frames[1].subarray(0, 20));
      await new Promise((r) => setTimeout(r, 20));
      res.socket!.destroy();
    });
    const c = client();
    const resp = await c.converseStream({ modelId: "m", messages: MESSAGES });
    const seen: unknown[] = [];
    const err = await resp.stream((e) => seen.push(e)).catch((e: unknown) => e);
    assert.equal(seen.length, 1);
    assert.ok(err instanceof Error);
    assert.match(`${err.name}: ${err.message}`, /truncat|ended in the middle|dropped|closed/i);
    c.destroy();
  });

  test("a silent stream fails with the idle timeout instead of hanging", async () => {
    server.answer(async (_r, res) => {
      res.writeHead(200, { "content-type": "application/vnd.amazon.eventstream" });
      res.write(converseStreamFrames(WORDS)[0]);
      await new Promise((r) => setTimeout(r, 3000));
      res.end();
    });
    const c = client({ streamIdleTimeout: 150 });
    const resp = await c.converseStream({ modelId: "m", messages: MESSAGES });
    const started = Date.now();
    const err = await resp.stream(() => undefined).catch((e: unknown) => e);
    assert.ok(err instanceof EventStreamTimeoutError, String(err));
    assert.ok(Date.now() - started < 2000);
    c.destroy();
  });

  test("aborting mid-stream rejects and frees the socket", async () => {
    server.answer(async (_r, res) => {
      res.writeHead(200, { "content-type": "application/vnd.amazon.eventstream" });
      res.write(converseStreamFrames(WORDS)[0]);
      await new Promise((r) => setTimeout(r, 3000));
      res.end();
    });
    const c = client();
    const ac = new AbortController();
    const closedBefore = server.closedSockets;
    const resp = await c.converseStream({ modelId: "m", messages: MESSAGES }, { signal: ac.signal });
    const p = resp.stream(() => undefined);
    setTimeout(() => ac.abort(), 50);
    await assert.rejects(p, { name: "AbortError" });
    await waitFor(() => server.closedSockets > closedBefore);
    c.destroy();
  });

  test("con.close() frees the socket", async () => {
    server.answer(async (_r, res) => {
      res.writeHead(200, { "content-type": "application/vnd.amazon.eventstream" });
      res.write(converseStreamFrames(WORDS)[0]);
      await new Promise((r) => setTimeout(r, 3000));
      res.end();
    });
    const c = client();
    const closedBefore = server.closedSockets;
    const con = (await c.converseStream({ modelId: "m", messages: MESSAGES })).stream({ connection: true });
    assert.ok(await streamParser(con));
    con.close();
    await waitFor(() => server.closedSockets > closedBefore);
    assert.equal(await streamParser(con), null);
    c.destroy();
  });

  test("a slow handler applies backpressure: the server cannot run far ahead", async () => {
    const big = eventFrame("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "x".repeat(4000) } });
    // ~40 MB in all. Loopback TCP buffers hold up to ~10 MB (~2,500 of these events), so a lead
    // beyond 4,000 events means the client read ahead of its consumer instead of pushing back.
    const total = 10_000;
    let written = 0;
    let consumed = 0;
    let maxLead = 0;
    server.answer(async (_r, res) => {
      res.writeHead(200, { "content-type": "application/vnd.amazon.eventstream" });
      for (let i = 0; i < total; i++) {
        if (res.destroyed) return;
        written++;
        maxLead = Math.max(maxLead, written - consumed);
        if (!res.write(big)) await new Promise((r) => (res.once("drain", r), res.once("close", r)));
      }
      res.end();
    });
    const c = client();
    const resp = await c.converseStream({ modelId: "m", messages: MESSAGES });
    const enough = new Error("enough");
    // read 200 events slowly, then stop (a throwing handler closes the connection)
    const err = await resp
      .stream(async () => {
        if (++consumed >= 200) throw enough;
        await new Promise((r) => setTimeout(r, 1));
      })
      .catch((e: unknown) => e);
    assert.equal(err, enough);
    assert.ok(maxLead < 4000, `server wrote ${maxLead} of ${total} events ahead of a slow consumer`);
    c.destroy();
  });
});

describe("InvokeModelWithResponseStream", () => {
  test("resp.body(handler) and resp.stream(handler) are the same handler; contentType is a plain property", async () => {
    const chunks = ['{"completion":"Hel"}', '{"completion":"lo"}'];
    const frames = chunks.map((c) => eventFrame("chunk", { bytes: Buffer.from(c).toString("base64") }));
    server.answer(eventStream(frames, "random", { "x-amzn-bedrock-content-type": "application/json" }));
    const c = client();
    const resp = await c.invokeModelWithResponseStream({ modelId: "m", body: JSON.stringify({ prompt: "hi" }), contentType: "application/json", accept: "application/json" });
    assert.equal(resp.contentType, "application/json");
    assert.equal(resp.body, resp.stream);
    const texts = await resp.body((ev) => Buffer.from(ev.chunk!.bytes!).toString());
    assert.deepEqual(texts, chunks);
    assert.equal(server.last.url, "/model/m/invoke-with-response-stream");
    assert.equal(server.last.headers["content-type"], "application/json");
    assert.equal(server.last.headers["x-amzn-bedrock-accept"], "application/json");
    assert.equal(server.last.body, JSON.stringify({ prompt: "hi" }));
    c.destroy();
  });

  test("InvokeModel sends the blob body as is and returns bytes", async () => {
    server.answer((_r, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"out":1}');
    });
    const c = client();
    const out = await c.invokeModel({ modelId: "m", body: new TextEncoder().encode('{"in":1}'), contentType: "application/json" });
    assert.equal(server.last.body, '{"in":1}');
    assert.equal(Buffer.from(out.body).toString(), '{"out":1}');
    assert.equal(out.contentType, "application/json");
    c.destroy();
  });
});

async function waitFor(cond: () => boolean, ms = 2000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

