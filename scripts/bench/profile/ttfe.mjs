// Time to first event, phase by phase, in a warm process as the stream case runs it (a 20,000-event
// answer between timed calls): call start → http.request → response headers → first event.
// node --expose-gc profile/ttfe.mjs [ours|v3] [reps]
import dc from "node:diagnostics_channel";
import { ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { CONVERSE_INPUT, now, oursClient, settledHeap, v3Client } from "../lib/common.mjs";
import { startServer } from "../lib/server.mjs";

const [side = "ours", reps = "25"] = process.argv.slice(2);
const server = await startServer();
const input = { ...CONVERSE_INPUT, modelId: "bench-events-20000" };
const client = side === "ours" ? await oursClient(server.url) : await v3Client(server.url);
let tReq = 0, tRes = 0;
dc.subscribe("http.client.request.start", () => void (tReq = now()));
dc.subscribe("http.client.response.finish", () => void (tRes = now()));
const call = async () => {
  let first = 0;
  const t0 = now();
  if (side === "ours") await (await client.converseStream(input)).stream(() => void (first ||= now()));
  else for await (const ev of (await client.send(new ConverseStreamCommand(input))).stream) first ||= ev && now();
  return [tReq - t0, tRes - t0, first - t0];
};
for (let i = 0; i < 3; i++) await call();
const rows = [];
for (let i = 0; i < +reps; i++) { await settledHeap(); rows.push(await call()); }
const med = (k) => rows.map((r) => r[k]).sort((a, b) => a - b)[rows.length >> 1].toFixed(3);
console.log(`${side}: to http.request ${med(0)} ms, to response ${med(1)} ms, to first event ${med(2)} ms`);
client.destroy();
await server.stop();
