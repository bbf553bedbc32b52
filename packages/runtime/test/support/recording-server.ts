/**
 * The local HTTP server the protocol tests send real requests to: it records every request and
 * answers each with the next queued reply. `useRecordingServer` starts it for the test file and
 * empties `seen` and `replies` before each test.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, beforeEach } from "node:test";

export interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** written one after another, with a pause between */
  chunks?: Uint8Array[];
}

export interface RecordingServer {
  /** the requests received, in order */
  readonly seen: Seen[];
  /** the answers to give, in order; an empty queue answers 200 with an empty body */
  readonly replies: Reply[];
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
}

/** `headersFor(reply, n)`: the response headers of the n-th request (from 1) answered with `reply`. */
export function useRecordingServer(headersFor: (reply: Reply, n: number) => Record<string, string>): RecordingServer {
  const seen: Seen[] = [];
  const replies: Reply[] = [];
  let base = "";
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", async () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(parts).toString("utf8") });
      const r = replies.shift() ?? {};
      res.writeHead(r.status ?? 200, headersFor(r, seen.length));
      if (r.chunks) {
        for (const c of r.chunks) {
          res.write(c);
          await new Promise((ok) => setTimeout(ok, 5));
        }
        res.end();
      } else res.end(r.body ?? "");
    });
  });
  before(async () => {
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  beforeEach(() => {
    seen.length = 0;
    replies.length = 0;
  });
  return {
    seen,
    replies,
    get base() {
      return base;
    },
  };
}
