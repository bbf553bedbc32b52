/**
 * The HTTP client: `node:http` / `node:https` with keep-alive agents owned by the client, a timeout
 * for the response headers, and an AbortSignal that tears the socket down at any point.
 * Each module is loaded when a request first needs it (see builtins.ts): `node:https` loads TLS.
 */
import type http from "node:http";
import type { Readable } from "node:stream";
import { builtin } from "../builtins.js";
import { NetworkError, RequestTimeoutError } from "../errors.js";
import { escapeUri } from "../protocols/http-binding.js";
import type { HttpRequest, HttpResponse } from "./types.js";

export interface HttpClientOptions {
  /** max sockets per host (default 50) */
  maxSockets?: number;
  /** ms to establish a connection (default 10 s) */
  connectionTimeout?: number;
}

export interface SendOptions {
  signal?: AbortSignal;
  /** ms until the response headers arrive (0 = none) */
  requestTimeout?: number;
}

interface Transport {
  request: typeof http.request;
  agent: http.Agent;
}

export class NodeHttpClient {
  private readonly maxSockets: number;
  private readonly connectionTimeout: number;
  /** By URL scheme, made on first use. */
  private readonly transports: { "http:"?: Transport; "https:"?: Transport } = {};

  constructor(opts: HttpClientOptions = {}) {
    this.maxSockets = opts.maxSockets ?? 50;
    this.connectionTimeout = opts.connectionTimeout ?? 10_000;
  }

  /** `node:http` or `node:https` and the client's keep-alive agent for it. */
  private transport(scheme: "http:" | "https:"): Transport {
    let t = this.transports[scheme];
    if (!t) {
      const mod = scheme === "https:" ? builtin("node:https") : builtin("node:http");
      t = { request: mod.request, agent: new mod.Agent({ keepAlive: true, maxSockets: this.maxSockets, scheduling: "lifo" }) };
      this.transports[scheme] = t;
    }
    return t;
  }

  send(req: HttpRequest, opts: SendOptions = {}): Promise<HttpResponse> {
    const { signal } = opts;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const { request, agent } = this.transport(req.protocol === "https:" ? "https:" : "http:");
    return new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        cleanup();
        creq.destroy();
        reject(err);
      };
      const onAbort = () => fail(abortReason(signal!));
      const cleanup = () => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      const creq = request({
        method: req.method,
        host: req.hostname,
        port: req.port,
        path: req.path + queryString(req.query),
        headers: req.headers,
        agent,
      });
      signal?.addEventListener("abort", onAbort, { once: true });
      if (opts.requestTimeout) {
        timer = setTimeout(() => fail(new RequestTimeoutError(`no response from ${req.hostname} within ${opts.requestTimeout} ms`)), opts.requestTimeout);
      }
      creq.on("socket", (socket) => {
        if (socket.connecting) {
          const t = setTimeout(() => fail(new RequestTimeoutError(`could not connect to ${req.hostname} within ${this.connectionTimeout} ms`)), this.connectionTimeout);
          socket.once("connect", () => clearTimeout(t));
          socket.once("close", () => clearTimeout(t));
        }
      });
      creq.on("error", (e: NodeJS.ErrnoException) => {
        fail(new NetworkError(`request to ${req.hostname} failed: ${e.message}`, e.code, { cause: e }));
      });
      creq.on("response", (res) => {
        if (settled) {
          res.destroy();
          return;
        }
        settled = true;
        if (timer) clearTimeout(timer);
        // the abort listener stays until the body is done, so aborting mid-body frees the socket
        const release = () => signal?.removeEventListener("abort", onBodyAbort);
        const onBodyAbort = () => res.destroy(abortReason(signal!));
        signal?.removeEventListener("abort", onAbort);
        if (signal) {
          signal.addEventListener("abort", onBodyAbort, { once: true });
          res.once("close", release);
        }
        resolve({ statusCode: res.statusCode ?? 0, headers: flattenHeaders(res.headers), body: res });
      });
      const body = req.body;
      if (body === undefined) creq.end();
      else if (typeof body === "string" || body instanceof Uint8Array) creq.end(body);
      else {
        (body as Readable).on("error", (e) => fail(e));
        (body as Readable).pipe(creq);
      }
    });
  }

  destroy(): void {
    this.transports["http:"]?.agent.destroy();
    this.transports["https:"]?.agent.destroy();
  }
}

export function queryString(query: Record<string, string | string[]>): string {
  const parts: string[] = [];
  for (const k of Object.keys(query).sort()) {
    const v = query[k];
    const key = escapeUri(k);
    if (Array.isArray(v)) for (const x of v) parts.push(`${key}=${escapeUri(x)}`);
    else parts.push(v === "" ? key : `${key}=${escapeUri(v)}`);
  }
  return parts.length ? "?" + parts.join("&") : "";
}

function flattenHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k in h) {
    const v = h[k];
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(", ") : v;
  }
  return out;
}

export function abortReason(signal: AbortSignal): Error {
  const r = signal.reason;
  if (r instanceof Error) return r;
  const e = new Error(r === undefined ? "The operation was aborted" : String(r));
  e.name = "AbortError";
  return e;
}

/**
 * Reads a whole body; aborting rejects with the abort reason, a dropped connection with a
 * `NetworkError` (so the call is retried like any other network failure).
 *
 * With the stream's events, not `for await`: a stream's async iterator is slow to set up the first
 * time in a process (~1 ms of a cold start). A stream that is already finished, or a body that is
 * only an async iterable (a custom handler's), is read by iterating.
 */
export function readBody(body: Readable): Promise<Uint8Array> {
  if (typeof body.on !== "function" || body.destroyed || body.readableEnded) return readIterating(body);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      chunks.push(c);
      size += c.length;
    };
    const stop = () => {
      body.off("data", onData);
      body.off("end", onEnd);
      body.off("close", onClose);
      // the error listener stays: an error emitted after the end must not be an uncaught exception
    };
    const onEnd = () => {
      stop();
      resolve(concat(chunks, size));
    };
    // `close` before `end` and without an error: the connection went away mid-body
    const onClose = () => {
      stop();
      reject(readError(Object.assign(new Error("Premature close"), { code: "ERR_STREAM_PREMATURE_CLOSE" })));
    };
    body.on("data", onData);
    body.on("end", onEnd);
    body.on("close", onClose);
    body.on("error", (e) => {
      stop();
      reject(readError(e));
    });
  });
}

async function readIterating(body: AsyncIterable<unknown>): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const c of body) {
      chunks.push(c as Buffer);
      size += (c as Buffer).length;
    }
  } catch (e) {
    throw readError(e);
  }
  return concat(chunks, size);
}

/** Socket errors carry a string code (ECONNRESET, ...) and become a NetworkError; an abort reason is kept as it is. */
function readError(e: unknown): unknown {
  const err = e as NodeJS.ErrnoException;
  if (err?.name !== "AbortError" && typeof err?.code === "string") {
    return new NetworkError(`the connection failed while reading the response: ${err.message}`, err.code, { cause: e });
  }
  return e;
}

function concat(chunks: Buffer[], size: number): Uint8Array {
  const buf = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
