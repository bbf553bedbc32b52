// Case 6: memory. A child process streams ~1 GB (--full; 64 MB otherwise) of ConverseStream events
// through `resp.stream(handler)` with a handler returning undefined. This process samples the child's
// RSS from /proc/<pid>/status every 20 ms; growth = peak sampled RSS during the stream − RSS just
// before it (after a warm-up call).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { absRow } from "../lib/common.mjs";
import { startServer } from "../lib/server.mjs";

const rssKb = (pid, field = "VmRSS") => {
  try {
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]);
  } catch {
    return NaN;
  }
};

async function once(url, bytes) {
  const child = spawn(process.execPath, [fileURLToPath(new URL("../apps/memory-ours.mjs", import.meta.url)), url, String(bytes)], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout });
  const it = lines[Symbol.asyncIterator]();
  const exited = new Promise((r) => child.once("exit", r));
  if ((await it.next()).value !== "ready") throw new Error("memory app did not start");
  const baseline = rssKb(child.pid);
  let peak = baseline;
  const samples = [];
  const timer = setInterval(() => {
    const v = rssKb(child.pid);
    if (!Number.isNaN(v)) {
      samples.push(v);
      if (v > peak) peak = v;
    }
  }, 20);
  child.stdin.write("go\n");
  const done = await it.next();
  clearInterval(timer);
  const result = JSON.parse(done.value);
  child.stdin.end();
  await exited;
  return { ...result, baselineMb: baseline / 1024, peakMb: peak / 1024, growthMb: (peak - baseline) / 1024, samples: samples.length, bytes };
}

export async function run({ full }) {
  const bytes = full ? 1024 ** 3 : 64 * 1024 ** 2;
  const reps = 2;
  const server = await startServer();
  const runs = [];
  try {
    for (let r = 0; r < reps; r++) runs.push(await once(server.url, bytes));
  } finally {
    await server.stop();
  }
  return {
    id: "memory",
    title: "6. Memory: a long ConverseStream through stream(handler)",
    setup: `${(bytes / 1024 ** 2).toFixed(0)} MiB of events (${runs[0].events.toLocaleString("en")} events) per run, ${reps} run(s), ours only; RSS sampled every 20 ms from /proc${full ? "" : "; `pnpm bench --full` streams 1 GiB"}`,
    rows: [
      absRow("peak RSS growth during the stream", "MB", runs.map((r) => r.growthMb), { limit: 50 }),
      absRow("peak RSS growth while events flow, before stream() resolves (info; sampled in the handler)", "MB", runs.map((r) => r.flowingGrowthMb)),
      absRow("events/s while streaming (info)", "events/s", runs.map((r) => r.events / (r.ms / 1000)), { higherIsBetter: true }),
    ],
    extra: { runs },
  };
}
