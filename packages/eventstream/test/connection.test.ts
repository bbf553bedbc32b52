import { test } from "node:test";
import assert from "node:assert/strict";
import { PassThrough, Readable } from "node:stream";
import { decodeMessage, encodeMessage, Header, type EventMessage } from "../src/codec.js";
import { EventStreamConnection } from "../src/connection.js";
import {
  EventStreamConnectionError,
  EventStreamDecodeError,
  EventStreamTimeoutError,
  EventStreamTruncatedError,
} from "../src/errors.js";
import { concat, recordFrame, split, type SplitMode } from "./helpers.js";
import { sleep, startServer, within, writeChunks } from "./server.js";

async function readAll(con: EventStreamConnection): Promise<EventMessage[]> {
  const out: EventMessage[] = [];
  for (let m = await con.readMessage(); m !== null; m = await con.readMessage()) out.push(m);
  return out;
}

const frames = (n: number, from = 0) => Array.from({ length: n }, (_, i) => recordFrame(from + i));

for (const mode of ["whole", "bytes", "random"] as SplitMode[]) {
  test(`http: frames from smithy's encoder and ours, sent ${mode}, arrive intact and in order`, async () => {
    const bytes = concat([...frames(20), encodeMessage({ headers: { ours: Header.long(7n) }, body: new Uint8Array(0) })]);
    const server = await startServer(({ res }) => writeChunks(res, split(bytes, mode, 9, 40)));
    try {
      const con = new EventStreamConnection(await server.get());
      const got = await within(readAll(con), 20_000, "readAll");
      assert.equal(got.length, 21);
      got.slice(0, 20).forEach((m, i) => {
        assert.deepEqual(m, decodeMessage(recordFrame(i)));
      });
      assert.deepEqual(got[20]!.headers, { ours: { type: "long", value: 7n } });
      assert.equal(await con.readMessage(), null, "reads after the end return null");
      assert.equal(con.isOpen, false);
    } finally {
      await server.close();
    }
  });
}

test("Readable: object-mode and Buffer chunks of any size", async () => {
  const bytes = concat(frames(50));
  for (const mode of ["whole", "bytes", "random"] as SplitMode[]) {
    const con = new EventStreamConnection(Readable.from(split(bytes, mode, 3, 100).map((c) => Buffer.from(c))));
    const got = await readAll(con);
    assert.equal(got.length, 50, mode);
    assert.deepEqual(got[49], decodeMessage(recordFrame(49)));
  }
});

test("concurrent readMessage calls get messages in call order", async () => {
  const con = new EventStreamConnection(Readable.from([Buffer.from(concat(frames(3)))]));
  const [a, b, c, d] = await Promise.all([con.readMessage(), con.readMessage(), con.readMessage(), con.readMessage()]);
  assert.deepEqual([a, b, c, d], [...frames(3).map((f) => decodeMessage(f)), null]);
});

test("truncation: the response ends mid-message -> EventStreamTruncatedError (sticky)", async () => {
  const bytes = concat(frames(2));
  const server = await startServer(({ res }) => writeChunks(res, [bytes.subarray(0, bytes.length - 7)]));
  try {
    const con = new EventStreamConnection(await server.get());
    assert.ok(await con.readMessage());
    const isTrunc = (e: unknown) => e instanceof EventStreamTruncatedError && e.code === "Truncated";
    await assert.rejects(within(con.readMessage(), 5000, "read"), isTrunc);
    await assert.rejects(con.readMessage(), isTrunc, "the failure is sticky");
  } finally {
    await server.close();
  }
});

test("corrupt CRC mid-stream: the good messages first, then EventStreamDecodeError; the socket is freed", async () => {
  const bad = recordFrame(2);
  bad[bad.length - 6] ^= 0xff; // payload byte
  const server = await startServer(({ res }) => writeChunks(res, [concat([...frames(2), bad, ...frames(2, 3)])], false));
  try {
    const con = new EventStreamConnection(await server.get());
    assert.ok(await con.readMessage());
    assert.ok(await con.readMessage());
    await assert.rejects(con.readMessage(), (e: unknown) => e instanceof EventStreamDecodeError && e.code === "MessageCrcMismatch");
    await within((await server.request()).socketClosed, 5000, "server sees the socket close");
  } finally {
    await server.close();
  }
});

test("idle timeout: the server stalls -> EventStreamTimeoutError, not a hang; the socket is freed", async () => {
  const server = await startServer(({ res }) => writeChunks(res, [recordFrame(0), recordFrame(1).subarray(0, 5)], false)); // then silence
  try {
    const con = new EventStreamConnection(await server.get(), { idleTimeoutMs: 150 });
    assert.ok(await con.readMessage());
    const t0 = Date.now();
    await assert.rejects(within(con.readMessage(), 5000, "read"), (e: unknown) => e instanceof EventStreamTimeoutError && e.timeoutMs === 150);
    const waited = Date.now() - t0;
    assert.ok(waited >= 140 && waited < 3000, `timed out after ${waited} ms`);
    await within((await server.request()).socketClosed, 5000, "server sees the socket close");
    await assert.rejects(con.readMessage(), EventStreamTimeoutError);
  } finally {
    await server.close();
  }
});

test("idle timeout counts network silence only: a slow consumer does not time out", async () => {
  const server = await startServer(({ res }) => writeChunks(res, frames(3)));
  try {
    const con = new EventStreamConnection(await server.get(), { idleTimeoutMs: 100 });
    assert.ok(await con.readMessage());
    await sleep(300); // consumer busy for 3x the timeout
    assert.equal((await readAll(con)).length, 2);
  } finally {
    await server.close();
  }
});

test("abort: a pending read rejects with the signal's reason and the socket is destroyed", async () => {
  const server = await startServer(({ res }) => writeChunks(res, [recordFrame(0)], false));
  try {
    const ac = new AbortController();
    const con = new EventStreamConnection(await server.get(), { signal: ac.signal });
    assert.ok(await con.readMessage());
    const pending = con.readMessage();
    setTimeout(() => ac.abort(), 50);
    await assert.rejects(within(pending, 5000, "read"), (e: unknown) => e instanceof Error && e.name === "AbortError");
    await within((await server.request()).socketClosed, 5000, "server sees the socket close");
    await assert.rejects(con.readMessage(), { name: "AbortError" });
  } finally {
    await server.close();
  }
});

test("abort with a custom reason, and an already-aborted signal", async () => {
  const server = await startServer(({ res }) => writeChunks(res, frames(1), false));
  try {
    const reason = new Error("user cancelled");
    const ac = new AbortController();
    const con = new EventStreamConnection(await server.get(), { signal: ac.signal });
    ac.abort(reason);
    await assert.rejects(con.readMessage(), (e: unknown) => e === reason);

    const con2 = new EventStreamConnection(await server.get(), { signal: AbortSignal.abort(reason) });
    await assert.rejects(con2.readMessage(), (e: unknown) => e === reason);
    assert.equal(con2.stream.destroyed, true);
  } finally {
    await server.close();
  }
});

test("close(): frees the socket (server sees it close), wakes a pending read with null, idempotent", async () => {
  const server = await startServer(({ res }) => writeChunks(res, [recordFrame(0)], false));
  try {
    const con = new EventStreamConnection(await server.get());
    assert.ok(await con.readMessage());
    const pending = con.readMessage();
    con.close();
    con.close();
    assert.equal(await within(pending, 5000, "pending read"), null);
    assert.equal(await con.readMessage(), null);
    await within((await server.request()).socketClosed, 5000, "server sees the socket close");
  } finally {
    await server.close();
  }
});

test("socket error: the server resets the connection mid-message -> EventStreamConnectionError with cause", async () => {
  const server = await startServer(async ({ req, res }) => {
    await writeChunks(res, [recordFrame(0), recordFrame(1).subarray(0, 10)], false);
    await sleep(30);
    req.socket.resetAndDestroy();
  });
  try {
    const con = new EventStreamConnection(await server.get());
    assert.ok(await con.readMessage());
    await assert.rejects(
      within(con.readMessage(), 5000, "read"),
      (e: unknown) =>
        e instanceof EventStreamConnectionError &&
        e.cause !== undefined &&
        /dropped in the middle of a message \(10 byte\(s\) received\)/.test(e.message),
    );
  } finally {
    await server.close();
  }
});

/**
 * A server writing 64 MiB of 1 KiB frames as fast as TCP lets it, and a
 * consumer that reads 1000 frames then sits idle. Returns how far ahead the
 * server got. `wrap` lets the control test put an unbounded buffer in front.
 */
async function backpressureRun(wrap: (res: Readable) => Readable) {
  const frame = recordFrame(0, new Uint8Array(1024 - recordFrame(0, new Uint8Array(0)).length));
  assert.equal(frame.length, 1024);
  const block = concat(Array.from({ length: 64 }, () => frame));
  const TOTAL = 64 * 1024 * 1024;
  let written = 0;
  let finished = false;
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
    finished = written >= TOTAL;
    res.end();
  });
  try {
    const con = new EventStreamConnection(wrap(await server.get()));
    let consumed = 0;
    for (let i = 0; i < 1000; i++) {
      assert.ok(await con.readMessage());
      consumed += 1024;
    }
    await sleep(400); // the consumer is "busy"
    const w1 = written;
    await sleep(300);
    const w2 = written;
    const stats = { consumed, w1, w2, finished, ahead: w2 - consumed };
    // then read on: writes must resume
    for (let i = 0; i < 20_000; i++) assert.ok(await con.readMessage());
    con.close();
    return { ...stats, resumed: written > w2 };
  } finally {
    await server.close();
  }
}

test("backpressure: a slow consumer stops the server's writes; buffering stays bounded", { timeout: 60_000 }, async () => {
  const r = await backpressureRun((res) => res);
  console.log(`# backpressure: consumed ${r.consumed} B, server wrote ${r.w2} B (${(r.ahead / 1048576).toFixed(1)} MiB ahead)`);
  assert.equal(r.finished, false, "the server could not write the whole stream");
  assert.equal(r.w2, r.w1, "the server's writes are blocked while the consumer is idle");
  assert.ok(r.ahead < 32 * 1024 * 1024, `server only ${r.ahead} bytes ahead of the consumer`);
  assert.ok(r.resumed, "writes resume once the consumer reads");
});

test("backpressure control: with an unbounded buffer in front, the same checks fail (the test can fail)", { timeout: 60_000 }, async () => {
  const r = await backpressureRun((res) => res.pipe(new PassThrough({ highWaterMark: 1024 * 1024 * 1024 })));
  console.log(`# backpressure control: server wrote ${r.w2} B (${(r.ahead / 1048576).toFixed(1)} MiB ahead)`);
  assert.ok(r.finished || r.ahead >= 32 * 1024 * 1024, "without backpressure the server runs far ahead");
});
