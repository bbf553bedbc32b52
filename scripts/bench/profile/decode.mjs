// Profiling harness (not part of `pnpm bench`): ours' in-memory decode, many repetitions.
//   node --cpu-prof --cpu-prof-dir=/tmp/prof scripts/bench/profile/decode.mjs [full|frames]
//   node scripts/bench/lib/profile-summary.mjs /tmp/prof/*.cpuprofile
// full = frames -> typed events (MessageDecoder + decodeEvent); frames = MessageDecoder only.
import { DecodedFrame, MessageDecoder, decodeEventFrame } from "@org/eventstream";
import { bedrockEventModel } from "../cases/decode.mjs";
import { converseStreamFrames } from "../lib/common.mjs";

const model = bedrockEventModel();
const all = Buffer.concat(converseStreamFrames(100_000));
const chunks = [];
for (let o = 0; o < all.length; o += 16384) chunks.push(new Uint8Array(all.buffer, all.byteOffset + o, Math.min(16384, all.length - o)));
const mode = process.argv[2] ?? "full";
const reps = 20;
let sink = 0;
const frame = new DecodedFrame();
const t = performance.now();
for (let r = 0; r < reps; r++) {
  const d = new MessageDecoder();
  for (const c of chunks) {
    d.push(c);
    while (d.nextInto(frame)) {
      if (mode === "full") sink += decodeEventFrame(model, frame).contentBlockDelta ? 1 : 0;
      else sink += frame.body.length;
    }
  }
}
const ms = performance.now() - t;
console.log(`${mode}: ${((all.length * reps) / 1e6 / (ms / 1000)).toFixed(1)} MB/s (${sink})`);
