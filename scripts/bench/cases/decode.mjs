// Case 1: event-stream decode, frames -> typed events, in memory (no I/O).
//   ours:  @org/eventstream MessageDecoder fed 16 KiB chunks (frames split across chunks, as a socket
//          delivers them) + decodeEventFrame (stream(handler)'s buffered path: no message object per
//          event) with Bedrock Runtime's real event model (JSON body -> schema).
//   codec: @smithy/eventstream-codec `decode` on each frame, already split (its best case: it is
//          given whole frames) + the same mapping by hand: check :message-type, JSON.parse the body.
//   floor: per frame, two zlib.crc32 passes (prelude, message) + JSON.parse of the payload; no headers.
//   v3 path (info): @smithy/core's getChunkedStream (what v3 splits a socket's bytes with) + codec,
//          fed the same 16 KiB chunks; async, as in v3.
import { createRequire } from "node:module";
import * as zlib from "node:zlib";
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import { DecodedFrame, MessageDecoder, decodeEventFrame } from "@org/eventstream";
import { schema as compactSchema } from "@org/bedrockruntime";
import { expandSchema, shapeType } from "@org/runtime/schema";
import { converseStreamFrames, now, row, settledHeap, summary } from "../lib/common.mjs";

import { protocolFor } from "@org/runtime";

// the schema as a client holds it (the generated one is written compactly)
const schema = expandSchema(compactSchema);

/** The EventModel the runtime builds for ConverseStreamOutput (same code as packages/runtime/src/event-stream.ts). */
export function bedrockEventModel() {
  const protocol = protocolFor(schema.protocol);
  const op = schema.operations.ConverseStream;
  const union = schema.shapes[schema.shapes[op.output].members[op.outputEventStream].target];
  const events = {};
  for (const name in union.members) events[name] = { target: union.members[name].target };
  return {
    events,
    structure: (t) => {
      const s = schema.shapes[t];
      return s && (s.type === "structure" || s.type === "union") ? s : undefined;
    },
    typeOf: (t) => shapeType(schema, t),
    parseBody: (t, body) => protocol.parseEventBody(schema, t, body),
    parseBodyRange: (t, bytes, start, end) => protocol.parseEventBodyRange(schema, t, bytes, start, end),
    modeledError: (name) => new Error(name),
  };
}

export async function run({ quick }) {
  const nFrames = quick ? 20_000 : 100_000;
  const reps = quick ? 5 : 15;
  const frames = converseStreamFrames(nFrames);
  const all = Buffer.concat(frames);
  const bytes = all.length;
  const CHUNK = 16 * 1024;
  const chunks = [];
  for (let o = 0; o < bytes; o += CHUNK) chunks.push(new Uint8Array(all.buffer, all.byteOffset + o, Math.min(CHUNK, bytes - o)));
  const views = [];
  for (let o = 0; o < bytes; ) {
    const len = all.readUInt32BE(o);
    views.push(new Uint8Array(all.buffer, all.byteOffset + o, len));
    o += len;
  }
  const model = bedrockEventModel();
  const codec = new EventStreamCodec(toUtf8, fromUtf8);
  const { getChunkedStream } = createRequire(import.meta.resolve("@smithy/eventstream-codec"))("@smithy/core/event-streams");

  // every variant ends with the same use of the event: read the delta text
  const consume = (ev) => (ev.contentBlockDelta ? ev.contentBlockDelta.delta.text.length : 1);
  const smithyEvent = (msg) => {
    if (msg.headers[":message-type"].value !== "event") throw new Error("not an event");
    return { [msg.headers[":event-type"].value]: JSON.parse(toUtf8(msg.body)) };
  };

  const variants = {
    ours() {
      // what stream(handler) does with buffered frames: no message object per event (DecodedFrame)
      const d = new MessageDecoder();
      const frame = new DecodedFrame();
      let n = 0, sink = 0;
      for (const c of chunks) {
        d.push(c);
        while (d.nextInto(frame)) {
          sink += consume(decodeEventFrame(model, frame));
          n++;
        }
      }
      d.end();
      return [n, sink];
    },
    codec() {
      let n = 0, sink = 0;
      for (const v of views) {
        sink += consume(smithyEvent(codec.decode(v)));
        n++;
      }
      return [n, sink];
    },
    floor() {
      let n = 0, sink = 0;
      for (let o = 0; o < bytes; ) {
        const total = all.readUInt32BE(o);
        const hl = all.readUInt32BE(o + 4);
        if (zlib.crc32(all.subarray(o, o + 8)) >>> 0 !== all.readUInt32BE(o + 8)) throw new Error("prelude crc");
        if (zlib.crc32(all.subarray(o, o + total - 4)) >>> 0 !== all.readUInt32BE(o + total - 4)) throw new Error("message crc");
        const ev = JSON.parse(all.toString("utf8", o + 12 + hl, o + total - 4));
        sink += ev.delta ? ev.delta.text.length : 1;
        n++;
        o += total;
      }
      return [n, sink];
    },
    async v3path() {
      let n = 0, sink = 0;
      async function* source() {
        for (const c of chunks) yield c;
      }
      for await (const f of getChunkedStream(source())) {
        sink += consume(smithyEvent(codec.decode(f)));
        n++;
      }
      return [n, sink];
    },
  };

  const timings = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  const cpuTimings = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  const time = async (k) => {
    await settledHeap();
    const c = process.cpuUsage();
    const t = now();
    const [n] = await variants[k]();
    const ms = now() - t;
    const cu = process.cpuUsage(c);
    if (n !== nFrames) throw new Error(`${k}: decoded ${n} events, expected ${nFrames}`);
    return [ms, (cu.user + cu.system) / 1000];
  };
  const names = Object.keys(variants);
  for (let w = 0; w < 3; w++) for (const k of names) await time(k); // warm-up: JIT every path
  for (let r = 0; r < reps; r++) {
    const order = r % 2 ? [...names].reverse() : names;
    for (const k of order) {
      const [ms, cpu] = await time(k);
      timings[k].push(ms);
      cpuTimings[k].push(cpu);
    }
  }
  const mbps = (k) => timings[k].map((ms) => bytes / 1e6 / (ms / 1000));
  const evps = (k) => timings[k].map((ms) => nFrames / (ms / 1000));
  const cpuMbps = (k) => cpuTimings[k].map((ms) => bytes / 1e6 / (ms / 1000));
  return {
    id: "decode",
    title: "1. Event-stream decode (in memory)",
    setup: `${nFrames.toLocaleString("en")} ConverseStream frames, ${(bytes / nFrames).toFixed(0)} bytes each on average (${(bytes / 1e6).toFixed(1)} MB); ours fed 16 KiB chunks, the codec whole frames; ${reps} alternating repetitions after 3 warm-ups`,
    rows: [
      row("ours vs @smithy/eventstream-codec", "MB/s", mbps("ours"), mbps("codec"), { refName: "codec", target: 2 }),
      row("ours vs @smithy/eventstream-codec", "events/s", evps("ours"), evps("codec"), { refName: "codec" }),
      row("ours vs floor (2× zlib.crc32 + JSON.parse)", "MB/s", mbps("ours"), mbps("floor"), { refName: "floor", target: 1 / 1.5, targetText: "≥ 0.67× (within 1.5× of the floor)" }),
      row("ours vs v3's splitter + codec (async, 16 KiB chunks)", "MB/s", mbps("ours"), mbps("v3path"), { refName: "v3 path" }),
      row("ours vs codec, per CPU-second (info: less sensitive to a busy machine)", "MB/s", cpuMbps("ours"), cpuMbps("codec"), { refName: "codec" }),
      row("ours vs floor, per CPU-second (info)", "MB/s", cpuMbps("ours"), cpuMbps("floor"), { refName: "floor" }),
    ],
    extra: { bytes, frames: nFrames, floorMBps: summary(mbps("floor")).median, codecMBps: summary(mbps("codec")).median },
  };
}
