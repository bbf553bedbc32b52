// Profiling harness (not part of `pnpm bench`): ConverseStream calls of 20,000 events from the bench server.
//   node --cpu-prof --cpu-prof-dir=/tmp/prof scripts/bench/profile/stream.mjs [ours|v3]
//   node scripts/bench/lib/profile-summary.mjs $(ls -S /tmp/prof/*.cpuprofile | head -1)   # the client's profile
import { ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { CONVERSE_INPUT, oursClient, v3Client } from "../lib/common.mjs";
import { startServer } from "../lib/server.mjs";

const side = process.argv[2] ?? "ours";
const server = await startServer();
const client = side === "v3" ? await v3Client(server.url) : await oursClient(server.url);
const input = { ...CONVERSE_INPUT, modelId: "bench-events-20000" };
let n = 0;
const t = performance.now();
for (let i = 0; i < (side === "v3" ? 5 : 20); i++) {
  if (side === "v3") {
    const resp = await client.send(new ConverseStreamCommand(input));
    for await (const ev of resp.stream) n += ev ? 1 : 0;
  } else {
    const resp = await client.converseStream(input);
    await resp.stream(() => void n++);
  }
}
console.log(`${side}: ${(n / ((performance.now() - t) / 1000)).toFixed(0)} events/s`);
client.destroy();
await server.stop();
