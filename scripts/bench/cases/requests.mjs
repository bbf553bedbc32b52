// Case 5: request loop. Signed Converse calls, one after another (concurrency 1), and 16 in flight,
// against the local server (keep-alive, same request, same ~450-byte answer). calls/s.
import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { CONVERSE_INPUT, alternate, now, oursClient, row, v3Client } from "../lib/common.mjs";
import { startServer } from "../lib/server.mjs";

export async function run({ quick }) {
  const calls = quick ? 300 : 1000;
  const reps = quick ? 5 : 9;
  const server = await startServer();
  const ours = await oursClient(server.url);
  const v3 = await v3Client(server.url);
  const one = {
    ours: async () => {
      const out = await ours.converse(CONVERSE_INPUT);
      if (out.stopReason !== "end_turn") throw new Error("ours: bad answer");
    },
    v3: async () => {
      const out = await v3.send(new ConverseCommand(CONVERSE_INPUT));
      if (out.stopReason !== "end_turn") throw new Error("v3: bad answer");
    },
  };
  const loop = (k, concurrency) => async () => {
    let next = 0;
    const t = now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next++ < calls) await one[k]();
      }),
    );
    return calls / ((now() - t) / 1000);
  };
  let seq, par;
  try {
    for (const k of ["ours", "v3"]) for (let i = 0; i < 200; i++) await one[k](); // warm-up
    seq = await alternate(reps, { ours: loop("ours", 1), v3: loop("v3", 1) });
    par = await alternate(reps, { ours: loop("ours", 16), v3: loop("v3", 16) });
  } finally {
    ours.destroy();
    v3.destroy();
    await server.stop();
  }
  return {
    id: "requests",
    title: "5. Request loop (signed Converse calls, local server)",
    setup: `${calls} calls per repetition, ${reps} alternating repetitions after 200 warm-up calls each; keep-alive; server in its own process`,
    rows: [
      row("calls/s, one at a time", "calls/s", seq.ours, seq.v3, { target: 2 }),
      row("calls/s, 16 in flight (info)", "calls/s", par.ours, par.v3),
    ],
  };
}
