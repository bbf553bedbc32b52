import { test } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { decodeMessage, type EventMessage } from "../src/codec.js";
import { EventStreamConnection } from "../src/connection.js";
import { EventStreamConsumedError, EventStreamDecodeError, EventStreamServiceError } from "../src/errors.js";
import { eventDecoder, type UnknownEvent } from "../src/events.js";
import { createStreamingResponse, readEventMessage, streamParser, type EventStreamResponse } from "../src/response.js";
import {
  concat,
  errorFrame,
  eventHeaders,
  exceptionFrame,
  ModeledError,
  recordFrame,
  smithyEncode,
  split,
  testModel,
  utf8,
  type SplitMode,
} from "./helpers.js";
import { sleep, startServer, within, writeChunks, type TestServer } from "./server.js";

type Ev = { Records: { seq: number; payload: Uint8Array } } | { End: Record<string, never> } | UnknownEvent;
type Fields = { requestId: string; contentType?: string };

const frames = (n: number, from = 0) => Array.from({ length: n }, (_, i) => recordFrame(from + i));
const seqOf = (e: Ev) => ("Records" in e ? e.Records.seq : -1);

/** Starts a server sending `bytes` (split per `mode`) and returns a response over a real socket. */
async function respond(
  bytes: Uint8Array,
  opts: { mode?: SplitMode; end?: boolean; conOptions?: ConstructorParameters<typeof EventStreamConnection>[1] } = {},
): Promise<{ server: TestServer; resp: EventStreamResponse<Fields, "body", Ev>; con: EventStreamConnection<Ev> }> {
  const server = await startServer(({ res }) => writeChunks(res, split(bytes, opts.mode ?? "whole", 5, 200), opts.end ?? true));
  const con = new EventStreamConnection<Ev>(await server.get(), opts.conOptions as object);
  const resp = createStreamingResponse<Fields, "body", Ev>(
    { requestId: "req-1" },
    "body",
    con,
    eventDecoder(testModel()) as (m: EventMessage) => Ev,
  );
  return { server, resp, con };
}

for (const mode of ["whole", "bytes", "random"] as SplitMode[]) {
  test(`handler(fn): every event in order, results in order (${mode})`, async () => {
    const { server, resp } = await respond(concat(frames(30)), { mode });
    try {
      assert.equal(resp.requestId, "req-1");
      assert.equal(resp.stream, resp.body, "stream is the same handler");
      assert.deepEqual(Object.keys(resp), ["requestId", "body"]);
      const results = await within(resp.body((e) => seqOf(e) * 10), 20_000, "handler");
      assert.deepEqual(results, Array.from({ length: 30 }, (_, i) => i * 10));
    } finally {
      await server.close();
    }
  });
}

test("handler(async fn): awaited one at a time, results in event order despite varying delays", async () => {
  const { server, resp } = await respond(concat(frames(40)), { mode: "random" });
  try {
    let active = 0;
    let maxActive = 0;
    const seen: number[] = [];
    const results = await resp.stream(async (e) => {
      active++;
      maxActive = Math.max(maxActive, active);
      const s = seqOf(e);
      seen.push(s);
      await sleep((s * 7) % 5); // later events sometimes finish faster
      active--;
      return `#${s}`;
    });
    assert.equal(maxActive, 1, "fn never runs concurrently");
    assert.deepEqual(seen, Array.from({ length: 40 }, (_, i) => i));
    assert.deepEqual(results, Array.from({ length: 40 }, (_, i) => `#${i}`));
  } finally {
    await server.close();
  }
});

test("handler(fn) results keep length and positions when fn returns undefined (sparse storage)", async () => {
  const cases: [string, (s: number) => unknown][] = [
    ["all undefined", () => undefined],
    ["undefined first, then some values", (s) => (s % 7 === 3 ? s : undefined)],
    ["values first, then undefined", (s) => (s < 5 ? s : undefined)],
    ["a falsy value is a value", (s) => (s % 2 ? 0 : null)],
  ];
  for (const [what, f] of cases) {
    const { server, resp } = await respond(concat(frames(25)));
    try {
      const results = await resp.body((e) => f(seqOf(e)));
      assert.deepEqual(results, Array.from({ length: 25 }, (_, i) => f(i)), what);
      assert.equal(results.length, 25);
      assert.ok(Object.keys(results).length === 25, `${what}: dense array, no holes`);
    } finally {
      await server.close();
    }
  }
});

test("handler({ connection: true }) returns the connection synchronously; streamParser reads events", async () => {
  const { server, resp, con } = await respond(concat(frames(5)), { mode: "bytes" });
  try {
    const c = resp.body({ connection: true });
    assert.equal(c, con);
    const got: number[] = [];
    for (let e = await streamParser(c); e !== null; e = await streamParser(c)) got.push(seqOf(e));
    assert.deepEqual(got, [0, 1, 2, 3, 4]);
    assert.equal(await streamParser(c), null);
  } finally {
    await server.close();
  }
});

test("readEventMessage returns raw { headers, body } messages, then null", async () => {
  const { server, resp } = await respond(concat(frames(3)), { mode: "random" });
  try {
    const c = resp.stream({ connection: true });
    const got: EventMessage[] = [];
    for (let m = await readEventMessage(c); m !== null; m = await readEventMessage(c)) got.push(m);
    assert.deepEqual(got, frames(3).map((f) => decodeMessage(f)));
  } finally {
    await server.close();
  }
});

test("for await iterates every event", async () => {
  const { server, resp } = await respond(concat(frames(12)), { mode: "random" });
  try {
    const got: number[] = [];
    for await (const e of resp) got.push(seqOf(e));
    assert.deepEqual(got, Array.from({ length: 12 }, (_, i) => i));
  } finally {
    await server.close();
  }
});

test("breaking out of for await closes the connection (the server sees the socket close)", async () => {
  const { server, resp, con } = await respond(concat(frames(10)), { end: false });
  try {
    const got: number[] = [];
    for await (const e of resp) {
      got.push(seqOf(e));
      if (got.length === 3) break;
    }
    assert.deepEqual(got, [0, 1, 2]);
    assert.equal(con.isOpen, false);
    await within((await server.request()).socketClosed, 5000, "server sees the socket close");
  } finally {
    await server.close();
  }
});

test("the stream can be consumed once: a second consumer gets EventStreamConsumedError", async () => {
  {
    const { server, resp } = await respond(concat(frames(2)));
    try {
      assert.equal((await resp.body(seqOf)).length, 2);
      await assert.rejects(resp.body(seqOf), (e: unknown) => e instanceof EventStreamConsumedError && /handler\(fn\)/.test(e.message));
      assert.throws(() => resp[Symbol.asyncIterator](), EventStreamConsumedError);
      assert.throws(() => resp.stream({ connection: true }), EventStreamConsumedError);
    } finally {
      await server.close();
    }
  }
  {
    const { server, resp } = await respond(concat(frames(2)));
    try {
      for await (const _ of resp) void _;
      await assert.rejects(resp.stream(seqOf), (e: unknown) => e instanceof EventStreamConsumedError && /async iteration/.test(e.message));
    } finally {
      await server.close();
    }
  }
  {
    const { server, resp } = await respond(concat(frames(2)));
    try {
      resp.body({ connection: true });
      await assert.rejects(resp.body(seqOf), EventStreamConsumedError);
    } finally {
      await server.close();
    }
  }
});

test("modeled exception mid-stream: earlier events handled, then rejects with the modeled error; socket freed", async () => {
  const bytes = concat([...frames(3), exceptionFrame("BadRequest", { message: "bad input" }), ...frames(2, 3)]);
  const { server, resp, con } = await respond(bytes, { mode: "random", end: false });
  try {
    const seen: number[] = [];
    await assert.rejects(
      resp.body((e) => void seen.push(seqOf(e))),
      (e: unknown) => e instanceof ModeledError && e.memberName === "BadRequest" && e.fields.message === "bad input",
    );
    assert.deepEqual(seen, [0, 1, 2]);
    assert.equal(con.isOpen, false);
    await within((await server.request()).socketClosed, 5000, "server sees the socket close");
  } finally {
    await server.close();
  }
});

test("error message mid-stream: for await throws EventStreamServiceError with errorCode and message", async () => {
  const { server, resp } = await respond(concat([...frames(2), errorFrame("ThrottlingException", "Rate exceeded")]), { end: false });
  try {
    const seen: number[] = [];
    await assert.rejects(
      (async () => {
        for await (const e of resp) seen.push(seqOf(e));
      })(),
      (e: unknown) => e instanceof EventStreamServiceError && e.errorCode === "ThrottlingException" && e.message === "Rate exceeded",
    );
    assert.deepEqual(seen, [0, 1]);
    await within((await server.request()).socketClosed, 5000, "server sees the socket close");
  } finally {
    await server.close();
  }
});

test("unknown event types pass through as $unknown, neither dropped nor fatal", async () => {
  const future = smithyEncode({ headers: eventHeaders("NewKindOfEvent"), body: utf8('{"x":1}') });
  const { server, resp } = await respond(concat([recordFrame(0), future, recordFrame(1)]));
  try {
    const results = await resp.body((e) => ("$unknown" in e ? `unknown:${e.$unknown[0]}` : seqOf(e)));
    assert.deepEqual(results, [0, "unknown:NewKindOfEvent", 1]);
  } finally {
    await server.close();
  }
});

test("initial-response goes to onInitialMessage, not to the handler", async () => {
  const initial = smithyEncode({ headers: eventHeaders("initial-response"), body: utf8('{"sessionId":"s-1"}') });
  const seenInitial: string[] = [];
  const { server, resp } = await respond(concat([initial, ...frames(2)]), {
    conOptions: { onInitialMessage: (kind, m) => void seenInitial.push(`${kind}:${new TextDecoder().decode(m.body)}`) },
  });
  try {
    assert.deepEqual(await resp.body(seqOf), [0, 1]);
    assert.deepEqual(seenInitial, ['initial-response:{"sessionId":"s-1"}']);
  } finally {
    await server.close();
  }
});

test("an error thrown by fn rejects the handler and closes the connection", async () => {
  const { server, resp, con } = await respond(concat(frames(10)), { end: false });
  try {
    const boom = new Error("boom");
    await assert.rejects(
      resp.body(async (e) => {
        if (seqOf(e) === 4) throw boom;
      }),
      (e: unknown) => e === boom,
    );
    assert.equal(con.isOpen, false);
    await within((await server.request()).socketClosed, 5000, "server sees the socket close");
  } finally {
    await server.close();
  }
});

test("corrupt frame through the handler rejects with EventStreamDecodeError", async () => {
  const bad = recordFrame(1);
  bad[2] ^= 1; // total length: prelude CRC no longer matches
  const { server, resp } = await respond(concat([recordFrame(0), bad]), { mode: "bytes" });
  try {
    await assert.rejects(resp.body(seqOf), (e: unknown) => e instanceof EventStreamDecodeError && e.code === "PreludeCrcMismatch");
  } finally {
    await server.close();
  }
});

test("backpressure: a slow async handler over a fast, long stream holds the server back", { timeout: 60_000 }, async () => {
  const frame = recordFrame(0, new Uint8Array(1000));
  const block = concat(Array.from({ length: 64 }, () => frame));
  const TOTAL = 64 * 1024 * 1024;
  let written = 0;
  const server = await startServer(async ({ res }) => {
    while (written < TOTAL && !res.destroyed) {
      const ok = res.write(block);
      written += block.length;
      if (!ok) {
        await new Promise<void>((r) => {
          const done = () => (res.off("drain", done), res.off("close", done), r());
          res.on("drain", done).on("close", done);
        });
      }
    }
    res.end();
  });
  try {
    const con = new EventStreamConnection<Ev>(await server.get());
    const resp = createStreamingResponse({}, "events", con, eventDecoder(testModel()) as (m: EventMessage) => Ev);
    const stop = new Error("stop");
    let n = 0;
    let ahead = 0;
    await assert.rejects(
      resp.events(async () => {
        n++;
        if (n % 100 === 0) await sleep(1); // slow consumer
        if (n === 2000) {
          await sleep(500);
          ahead = written - n * frame.length;
          throw stop;
        }
      }),
      (e: unknown) => e === stop,
    );
    console.log(`# slow handler: ${n} events consumed, server ${(ahead / 1048576).toFixed(1)} MiB ahead of ${TOTAL / 1048576} MiB`);
    assert.ok(ahead < 32 * 1024 * 1024, `server ran ${ahead} bytes ahead of a slow handler`);
    await within((await server.request()).socketClosed, 5000, "server sees the socket close");
  } finally {
    await server.close();
  }
});

test("memory stays flat when fn returns undefined for a million events", { timeout: 120_000 }, async () => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const N = 1_000_000;
  const frame = smithyEncode({ headers: eventHeaders("End"), body: new Uint8Array(0) });
  const perBlock = 1000;
  const block = Buffer.from(concat(Array.from({ length: perBlock }, () => frame)));
  let sent = 0;
  // Generated lazily, so the source itself holds no more than a block or two.
  const source = new Readable({
    read() {
      if (sent >= N) return void this.push(null);
      sent += perBlock;
      this.push(block);
    },
  });
  const con = new EventStreamConnection<Ev>(source);
  const resp = createStreamingResponse({}, "body", con, eventDecoder(testModel()) as (m: EventMessage) => Ev);
  let heapAt100k = 0;
  let heapNearEnd = 0;
  let i = 0;
  const results = await resp.body((e) => {
    i++;
    if (i === 100_000) (gc(), (heapAt100k = process.memoryUsage().heapUsed));
    if (i === N - 1) (gc(), (heapNearEnd = process.memoryUsage().heapUsed));
    if (i === 500_000) return "middle";
    void e;
  });
  const growth = heapNearEnd - heapAt100k;
  gc();
  const afterResults = process.memoryUsage().heapUsed - heapAt100k;
  console.log(`# ${N} events, heap growth while streaming: ${(growth / 1048576).toFixed(2)} MiB, with the results array: ${(afterResults / 1048576).toFixed(2)} MiB`);
  assert.equal(results.length, N);
  assert.equal(results[499_999], "middle");
  assert.equal(results[0], undefined);
  assert.equal(results[N - 1], undefined);
  // one 8-byte slot per event would be 7 MiB over these 900k events
  assert.ok(growth < 3 * 1024 * 1024, `heap grew ${growth} bytes while streaming`);
  // the returned array is sparse past 65,536 events: a dense one would hold 7.6 MiB of slots
  assert.ok(afterResults < 3 * 1024 * 1024, `the results array costs ${afterResults} bytes`);
});
