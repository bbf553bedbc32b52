// Throughput check, not a test: `node --import tsx packages/eventstream/test/bench.ts`
// Decodes 1M small event frames three ways: bare decoder, connection reads, handler(fn).
import { Readable } from "node:stream";
import { EventStreamConnection } from "../src/connection.js";
import { MessageDecoder } from "../src/decoder.js";
import { eventDecoder } from "../src/events.js";
import { createStreamingResponse } from "../src/response.js";
import { concat, eventHeaders, smithyEncode, testModel } from "./helpers.js";

const N = 1_000_000;
const frame = smithyEncode({ headers: eventHeaders("End"), body: new Uint8Array(0) });
const block = Buffer.from(concat(Array.from({ length: 1000 }, () => frame)));
const source = () => {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= N) return void this.push(null);
      sent += 1000;
      this.push(block);
    },
  });
};
const time = async (what: string, f: () => Promise<number> | number) => {
  const t = performance.now();
  const n = await f();
  const ms = performance.now() - t;
  console.log(`${what}: ${n} messages in ${ms.toFixed(0)} ms (${((ms * 1000) / n).toFixed(2)} µs/message)`);
};
await time("MessageDecoder", () => {
  const d = new MessageDecoder();
  let c = 0;
  for (let i = 0; i < N / 1000; i++) c += d.decode(block).length;
  return c;
});
await time("readMessage", async () => {
  const con = new EventStreamConnection(source());
  let m = 0;
  while (await con.readMessage()) m++;
  return m;
});
await time("handler(fn)", async () => {
  const resp = createStreamingResponse({}, "body", new EventStreamConnection(source()), eventDecoder(testModel()));
  return (await resp.body(() => undefined)).length;
});
