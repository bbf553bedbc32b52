/**
 * A stand-in for Bedrock Runtime's ConverseStream on 127.0.0.1, so the example runs anywhere.
 * It writes real application/vnd.amazon.eventstream frames, one word per contentBlockDelta.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { encodeMessage } from "@org/eventstream";

const ANSWER = "A 'hello world' program is the smallest complete program: it shows the toolchain works.";

function event(type: string, payload: unknown): Uint8Array {
  return encodeMessage({
    headers: {
      ":message-type": { type: "string", value: "event" },
      ":event-type": { type: "string", value: type },
      ":content-type": { type: "string", value: "application/json" },
    },
    body: new TextEncoder().encode(JSON.stringify(payload)),
  });
}

export async function startLocalBedrock(): Promise<{ url: string; stop(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", async () => {
      if (!req.url?.endsWith("/converse-stream")) {
        res.writeHead(404, { "x-amzn-errortype": "ResourceNotFoundException" }).end('{"message":"only ConverseStream here"}');
        return;
      }
      res.writeHead(200, { "content-type": "application/vnd.amazon.eventstream", "x-amzn-requestid": "local" });
      res.write(event("messageStart", { role: "assistant" }));
      for (const word of ANSWER.split(/(?<= )/)) {
        res.write(event("contentBlockDelta", { contentBlockIndex: 0, delta: { text: word } }));
        await new Promise((r) => setTimeout(r, 5));
      }
      res.write(event("contentBlockStop", { contentBlockIndex: 0 }));
      res.write(event("messageStop", { stopReason: "end_turn" }));
      res.end(event("metadata", { usage: { inputTokens: 14, outputTokens: 17, totalTokens: 31 }, metrics: { latencyMs: 80 } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise((r) => server.close(() => r())),
  };
}
