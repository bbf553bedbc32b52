// Memory app: one ConverseStream of about argv[3] bytes through `stream(handler)` (handler returns
// undefined). Prints "ready" after a warm-up call, waits for a line on stdin, streams, prints a JSON line.
import { createInterface } from "node:readline";
import { bedrockruntime } from "@org/bedrockruntime";
const [endpoint, bytes] = process.argv.slice(2);
const client = bedrockruntime({ region: "us-east-1", endpoint, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" } });
const input = (id) => ({ modelId: id, messages: [{ role: "user", content: [{ text: "Hello" }] }] });
await (await client.converseStream(input("bench-events-2000"))).stream(() => undefined);
globalThis.gc?.();
console.log("ready");
const rl = createInterface({ input: process.stdin });
await new Promise((r) => rl.once("line", r));
rl.close();
let n = 0;
let chars = 0;
// RSS sampled inside the handler too (every 20,000 events): the peak while events flow, before
// stream() builds its resolved value (an array with one entry per event)
const rss0 = process.memoryUsage.rss();
let flowingPeak = rss0;
const t = performance.now();
const resp = await client.converseStream(input(`bench-bytes-${bytes}`));
const results = await resp.stream((ev) => {
  if (++n % 20_000 === 0) flowingPeak = Math.max(flowingPeak, process.memoryUsage.rss());
  const d = ev.contentBlockDelta;
  if (d !== undefined) chars += d.delta.text.length;
});
const ms = performance.now() - t;
const heapAfter = process.memoryUsage().heapUsed;
client.destroy();
console.log(JSON.stringify({ events: n, ms, chars, resultLength: results.length, flowingGrowthMb: (flowingPeak - rss0) / 1048576, heapUsedAfterMb: heapAfter / 1048576 }));
