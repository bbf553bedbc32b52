// Case 2: ConverseStream end to end from the local server (separate process, pre-encoded frames,
// HTTP/1.1 keep-alive). One client per SDK, kept across repetitions (warm connection), alternating.
//   ours: `await resp.stream(handler)`;  v3: `for await (const ev of resp.stream)`.
// events/s = events / (call start -> last event); first event = call start -> handler's first event.
import http from "node:http";
import { ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { CONVERSE_INPUT, alternate, now, oursClient, row, v3Client } from "../lib/common.mjs";
import { startServer } from "../lib/server.mjs";

export async function run({ quick }) {
  const events = 20_000;
  const reps = quick ? 5 : 15;
  const server = await startServer();
  const input = { ...CONVERSE_INPUT, modelId: `bench-events-${events}` };
  const ours = await oursClient(server.url);
  const v3 = await v3Client(server.url);
  const result = { ours: { rate: [], first: [], cpuRate: [], coldFirst: [] }, v3: { rate: [], first: [], cpuRate: [], coldFirst: [] } };

  const sides = {
    async ours() {
      let n = 0, chars = 0, first = 0;
      const c0 = process.cpuUsage();
      const t0 = now();
      const resp = await ours.converseStream(input);
      await resp.stream((ev) => {
        if (n++ === 0) first = now();
        const d = ev.contentBlockDelta;
        if (d !== undefined) chars += d.delta.text.length;
      });
      return [n, t0, first, now(), chars, process.cpuUsage(c0)];
    },
    async v3() {
      let n = 0, chars = 0, first = 0;
      const c0 = process.cpuUsage();
      const t0 = now();
      const resp = await v3.send(new ConverseStreamCommand(input));
      for await (const ev of resp.stream) {
        if (n++ === 0) first = now();
        const d = ev.contentBlockDelta;
        if (d !== undefined) chars += d.delta.text.length;
      }
      return [n, t0, first, now(), chars, process.cpuUsage(c0)];
    },
  };
  try {
    // warm-up: connection, JIT, server's encoded answer
    for (let w = 0; w < (quick ? 2 : 3); w++) for (const k of ["ours", "v3"]) await sides[k]();
    const chars = {};
    await alternate(reps, {
      ours: async () => record("ours", await sides.ours()),
      v3: async () => record("v3", await sides.v3()),
    });
    function record(k, [n, t0, first, end, c, cpu]) {
      if (n !== events) throw new Error(`${k}: ${n} events, expected ${events}`);
      if (chars[k] !== undefined && chars[k] !== c) throw new Error(`${k}: text differs between runs`);
      chars[k] = c;
      result[k].rate.push(n / ((end - t0) / 1000));
      result[k].first.push(first - t0);
      result[k].cpuRate.push(n / ((cpu.user + cpu.system) / 1e6));
    }
    if (chars.ours !== chars.v3) throw new Error(`the SDKs read different text (${chars.ours} vs ${chars.v3} chars)`);
    // first event of a short (20-event) answer on the warm connection: many more samples than the
    // 20,000-event calls give, and no 3.8 MB write in front of the server's next answer
    const small20 = { ...CONVERSE_INPUT, modelId: "bench-events-20" };
    // the floor: a bare node:http request (keep-alive agent, same body, a well-formed but precomputed
    // Authorization header, no SDK at all) and the time to its first response bytes
    const u = new URL(server.url);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
    const rawBody = JSON.stringify({ messages: CONVERSE_INPUT.messages, inferenceConfig: CONVERSE_INPUT.inferenceConfig });
    const rawAuth = `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=${"0".repeat(64)}`;
    const raw = () =>
      new Promise((resolve, reject) => {
        const t0 = now();
        let first = 0;
        const req = http.request(
          { agent, host: u.hostname, port: u.port, method: "POST", path: "/model/bench-events-20/converse-stream", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(rawBody), authorization: rawAuth } },
          (res) => {
            res.on("data", () => void (first ||= now()));
            res.on("end", () => resolve(first - t0));
          },
        );
        req.on("error", reject);
        req.end(rawBody);
      });
    const warmFirst = await alternate(quick ? 15 : 41, {
      raw,
      ours: async () => {
        const t0 = now();
        let first = 0;
        await (await ours.converseStream(small20)).stream(() => void (first ||= now()));
        return first - t0;
      },
      v3: async () => {
        const t0 = now();
        let first = 0;
        for await (const ev of (await v3.send(new ConverseStreamCommand(small20))).stream) first ||= ev && now();
        return first - t0;
      },
    });
    agent.destroy();
    result.rawFirst = warmFirst.raw;
    result.ours.warmFirst = warmFirst.ours;
    result.v3.warmFirst = warmFirst.v3;
    // first event on a brand-new client: client set-up, credentials, endpoint, a new connection
    const small = { ...CONVERSE_INPUT, modelId: "bench-events-20" };
    await alternate(reps, {
      ours: async () => {
        const c = await oursClient(server.url);
        const t0 = now();
        let first = 0;
        await (await c.converseStream(small)).stream(() => void (first ||= now()));
        c.destroy();
        result.ours.coldFirst.push(first - t0);
      },
      v3: async () => {
        const c = await v3Client(server.url);
        const t0 = now();
        let first = 0;
        for await (const ev of (await c.send(new ConverseStreamCommand(small))).stream) first ||= ev && now();
        c.destroy();
        result.v3.coldFirst.push(first - t0);
      },
    });
  } finally {
    ours.destroy();
    v3.destroy();
    await server.stop();
  }
  return {
    id: "stream",
    title: "2. ConverseStream end to end (local server)",
    setup: `${events.toLocaleString("en")} events per call from a server process on 127.0.0.1 (keep-alive, frames pre-encoded); ${reps} alternating repetitions after warm-up; warm connection`,
    rows: [
      row("events/s (call start → last event)", "events/s", result.ours.rate, result.v3.rate, { target: 5 }),
      row("time to first event (warm connection)", "ms", result.ours.first, result.v3.first, { higherIsBetter: false, target: 0.5 }),
      row("time to first event, 20-event answers on the warm connection (info)", "ms", result.ours.warmFirst, result.v3.warmFirst, { higherIsBetter: false }),
      row("first event (20-event answers) vs a bare node:http request's first bytes (floor, info)", "ms", result.ours.warmFirst, result.rawFirst, { refName: "bare http", higherIsBetter: false }),
      row("time to first event, new client and connection (info)", "ms", result.ours.coldFirst, result.v3.coldFirst, { higherIsBetter: false }),
      row("events per client CPU-second (info: less sensitive to a busy machine)", "events/s", result.ours.cpuRate, result.v3.cpuRate),
    ],
  };
}
