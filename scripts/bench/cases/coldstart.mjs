// Case 3: cold start. A new `node` process imports the SDK, builds a client and completes one signed
// Converse call to the local server, then exits. Each repetition runs `node -e 0`, ours and v3 (order
// rotating); a figure is the process's wall time minus that repetition's bare `node -e 0`.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { now, row, summary } from "../lib/common.mjs";
import { startServer } from "../lib/server.mjs";

const app = (name) => fileURLToPath(new URL(`../apps/${name}`, import.meta.url));
const cwd = fileURLToPath(new URL("..", import.meta.url));

function wall(args) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    for (const k of Object.keys(env)) if (k.startsWith("AWS_")) delete env[k];
    const t = now();
    const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => {
      const ms = now() - t;
      if (code !== 0) reject(new Error(`${args.join(" ")} exited ${code}: ${err}`));
      else resolve(ms);
    });
  });
}

export async function run({ quick }) {
  const reps = quick ? 7 : 21;
  const server = await startServer();
  const runs = {
    bare: ["-e", "0"],
    ours: [app("cold-ours.mjs"), server.url],
    v3: [app("cold-v3.mjs"), server.url],
    oursImport: [app("import-ours.mjs")],
    v3Import: [app("import-v3.mjs")],
  };
  const names = Object.keys(runs);
  const raw = Object.fromEntries(Object.keys(runs).map((k) => [k, []]));
  try {
    for (const k of names) await wall(runs[k]); // warm the OS file cache for every file both read
    for (let r = 0; r < reps; r++) {
      const order = names.map((_, i) => names[(i + r) % names.length]);
      for (const k of order) raw[k].push(await wall(runs[k]));
    }
  } finally {
    await server.stop();
  }
  const net = (k) => raw[k].map((ms, i) => ms - raw.bare[i]);
  return {
    id: "coldstart",
    title: "3. Cold start (new process: import + client + one signed Converse)",
    setup: `${reps} repetitions, order rotating among bare / ours / v3 / the two import-only breakdowns (ours, v3); net = wall time − the same repetition's \`node -e 0\` (median bare: ${summary(raw.bare).median.toFixed(1)} ms)`,
    rows: [
      row("net cold start", "ms", net("ours"), net("v3"), { higherIsBetter: false, target: 0.25 }),
      row("wall time including Node's own start", "ms", raw.ours, raw.v3, { higherIsBetter: false }),
      row("breakdown: the import alone (`import \"@org/bedrockruntime\"` / `\"@aws-sdk/client-bedrock-runtime\"`), net (info)", "ms", net("oursImport"), net("v3Import"), { higherIsBetter: false }),
    ],
    extra: { bareMs: summary(raw.bare) },
  };
}
