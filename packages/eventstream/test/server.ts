// A real HTTP server on 127.0.0.1 for connection/response tests: the client
// side is a genuine http.IncomingMessage over a TCP socket.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { setImmediate as tick } from "node:timers/promises";

export interface ServerCtx {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  /** resolves when the server side of the socket closes */
  socketClosed: Promise<void>;
}

export interface TestServer {
  /** makes a request and resolves with the response (status 200 checked) */
  get(signal?: AbortSignal): Promise<http.IncomingMessage>;
  /** the server-side context of the n-th request (resolves once it arrives) */
  request(n?: number): Promise<ServerCtx>;
  close(): Promise<void>;
}

export async function startServer(handler: (ctx: ServerCtx) => void | Promise<void>): Promise<TestServer> {
  const seen: Promise<ServerCtx>[] = [];
  const resolvers: ((c: ServerCtx) => void)[] = [];
  const slot = (n: number) => {
    while (seen.length <= n) seen.push(new Promise<ServerCtx>((r) => resolvers.push(r)));
    return seen[n]!;
  };
  let count = 0;
  const server = http.createServer((req, res) => {
    const socketClosed = new Promise<void>((r) => req.socket.once("close", () => r()));
    const ctx: ServerCtx = { req, res, socketClosed };
    slot(count);
    resolvers[count++]!(ctx);
    res.writeHead(200, { "content-type": "application/vnd.amazon.eventstream" });
    res.flushHeaders();
    Promise.resolve(handler(ctx)).catch(() => res.destroy());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    get(signal) {
      return new Promise((resolve, reject) => {
        const req = http.get({ host: "127.0.0.1", port, path: "/", agent: false, signal }, (res) => {
          if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
          else resolve(res);
        });
        req.on("error", reject);
      });
    },
    request: (n = 0) => slot(n),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Writes chunks one by one, yielding to the event loop between them so they travel separately. */
export async function writeChunks(res: http.ServerResponse, chunks: Uint8Array[], end = true): Promise<void> {
  for (const c of chunks) {
    if (!res.write(c)) await new Promise((r) => res.once("drain", r));
    await tick();
  }
  if (end) res.end();
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Rejects if `p` does not settle within ms: turns a hang into a failure. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(t)),
    new Promise<never>((_, rej) => (t = setTimeout(() => rej(new Error(`${what}: did not settle within ${ms} ms`)), ms))),
  ]);
}
