/**
 * A local Bedrock Runtime: a real HTTP server on 127.0.0.1 speaking the service's wire format, so
 * the client is tested against bytes on a socket. Each test scripts the server's answer; the server
 * records what it received and checks the SigV4 signature by signing the request again itself.
 */
import { createHash, createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { SignatureV4 } from "@smithy/signature-v4";

export interface Received {
  method: string;
  url: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Handler = (req: Received, res: http.ServerResponse) => void | Promise<void>;

export const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };

/** Minimal sha256 for the reference signer, independent of the runtime's own. */
class Sha256 {
  private readonly h;
  constructor(secret?: string | Uint8Array) {
    this.h = secret ? createHmac("sha256", secret) : createHash("sha256");
  }
  update(data: string | Uint8Array): void {
    this.h.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.h.digest());
  }
  reset(): void {}
}

export class FakeBedrock {
  readonly requests: Received[] = [];
  readonly sockets = new Set<Socket>();
  closedSockets = 0;
  private handlers: Handler[] = [];
  private server: http.Server;

  constructor() {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const url = new URL(req.url ?? "/", "http://localhost");
        const r: Received = { method: req.method ?? "", url: req.url ?? "", path: url.pathname, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
        this.requests.push(r);
        const h = this.handlers.shift();
        if (!h) {
          res.statusCode = 500;
          res.end(JSON.stringify({ message: `no scripted answer for ${r.method} ${r.url}` }));
          return;
        }
        Promise.resolve(h(r, res)).catch((e) => {
          res.destroy(e as Error);
        });
      });
    });
    this.server.on("connection", (s: Socket) => {
      this.sockets.add(s);
      s.on("close", () => {
        this.sockets.delete(s);
        this.closedSockets++;
      });
    });
  }

  /** Queue answers, one per request, in order. */
  answer(...handlers: Handler[]): this {
    this.handlers.push(...handlers);
    return this;
  }

  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  get last(): Received {
    return this.requests[this.requests.length - 1];
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(status, { "content-type": "application/json", "x-amzn-requestid": "req-1234", ...headers });
    res.end(JSON.stringify(body));
  };
}

/** Sends frames as an event stream, whole, one byte per write, or in random splits. */
export function eventStream(frames: Uint8Array[], mode: "whole" | "bytes" | "random" = "whole", headers: Record<string, string> = {}): Handler {
  return async (_req, res) => {
    res.writeHead(200, { "content-type": "application/vnd.amazon.eventstream", "x-amzn-requestid": "req-stream", ...headers });
    const all = Buffer.concat(frames);
    if (mode === "whole") {
      res.end(all);
      return;
    }
    let i = 0;
    let seed = 7;
    while (i < all.length) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const n = mode === "bytes" ? 1 : 1 + (seed % 97);
      res.write(all.subarray(i, i + n));
      i += n;
      if (i % 16 === 0) await new Promise((r) => setImmediate(r));
    }
    res.end();
  };
}

/**
 * Signs the received request again with `@smithy/signature-v4` at the request's own date and
 * returns whether the Authorization headers agree.
 */
export async function verifySigV4(r: Received, opts: { region: string; service: string; credentials?: typeof CREDENTIALS }): Promise<{ ok: boolean; expected: string; got: string }> {
  const got = String(r.headers.authorization ?? "");
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(got)?.[1]?.split(";") ?? [];
  const headers: Record<string, string> = {};
  for (const h of signedHeaders) headers[h] = String(r.headers[h] ?? "");
  const url = new URL(r.url, "http://" + r.headers.host);
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const signer = new SignatureV4({ credentials: opts.credentials ?? CREDENTIALS, region: opts.region, service: opts.service, sha256: Sha256 });
  const amzDate = String(r.headers["x-amz-date"]);
  const date = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  const signed = await signer.sign(
    { method: r.method, protocol: "http:", hostname: url.hostname, port: Number(url.port) || undefined, path: url.pathname, query, headers, body: r.body },
    { signingDate: date },
  );
  const expected = String(signed.headers.authorization ?? signed.headers.Authorization);
  // as AWS does: the signed payload hash must be the hash of the body that arrived
  const payloadHash = String(r.headers["x-amz-content-sha256"] ?? "");
  const bodyOk = payloadHash === "UNSIGNED-PAYLOAD" || payloadHash === createHash("sha256").update(r.body).digest("hex");
  return { ok: bodyOk && expected === got, expected, got: bodyOk ? got : `${got} (payload hash does not match the body)` };
}
