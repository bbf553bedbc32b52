/**
 * Capturing the request each client would send: our generated clients through `ClientConfig.httpHandler`,
 * AWS SDK for JavaScript v3 through a custom `requestHandler`. Both handlers record the signed request and
 * throw `Captured`, so no response has to be made up and nothing is retried (both clients also get
 * `maxAttempts: 1`).
 */
import { Readable } from "node:stream";

/** A request, as either client hands it to its HTTP layer, in one shape. */
export interface Wire {
  method: string;
  protocol: string;
  hostname: string;
  /** undefined for the scheme's default port */
  port?: number;
  path: string;
  /** decoded query parameters as (name, value) pairs, sorted: a multiset */
  query: [string, string][];
  /** the query object as the client handed it over (its HTTP client encodes it into the URL) */
  rawQuery: Record<string, unknown>;
  /** lower-case names */
  headers: Record<string, string>;
  body: Uint8Array;
  /** the body was a stream */
  streamed: boolean;
}

/** Thrown by both capturing handlers once the request is recorded. */
export class Captured extends Error {
  constructor() {
    super("request captured");
    this.name = "Captured";
  }
}

export const isCaptured = (e: unknown): boolean => e instanceof Captured || (e as Error | undefined)?.name === "Captured";

async function bodyBytes(body: unknown): Promise<{ bytes: Uint8Array; streamed: boolean }> {
  if (body === undefined || body === null) return { bytes: new Uint8Array(0), streamed: false };
  if (typeof body === "string") return { bytes: new Uint8Array(Buffer.from(body, "utf8")), streamed: false };
  if (body instanceof Uint8Array) return { bytes: new Uint8Array(body.buffer, body.byteOffset, body.byteLength), streamed: false };
  if (ArrayBuffer.isView(body)) return { bytes: new Uint8Array(body.buffer, body.byteOffset, body.byteLength), streamed: false };
  if (body instanceof ArrayBuffer) return { bytes: new Uint8Array(body), streamed: false };
  if (body instanceof Readable || (typeof body === "object" && Symbol.asyncIterator in (body as object))) {
    const chunks: Buffer[] = [];
    for await (const c of body as AsyncIterable<Uint8Array | string>) chunks.push(typeof c === "string" ? Buffer.from(c) : Buffer.from(c));
    return { bytes: new Uint8Array(Buffer.concat(chunks)), streamed: true };
  }
  throw new Error(`unknown body type ${Object.prototype.toString.call(body)}`);
}

function queryPairs(query: Record<string, unknown> | undefined): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(query ?? {})) {
    if (Array.isArray(v)) for (const x of v) out.push([k, x === null || x === undefined ? "" : String(x)]);
    else out.push([k, v === null || v === undefined ? "" : String(v)]);
  }
  return out.sort((a, b) => (a[0] === b[0] ? cmp(a[1], b[1]) : cmp(a[0], b[0])));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Any HTTP request object with smithy's / our field names. */
export async function toWire(req: {
  method: string;
  protocol?: string;
  hostname: string;
  port?: number;
  path: string;
  query?: Record<string, unknown>;
  headers: Record<string, string>;
  body?: unknown;
}): Promise<Wire> {
  const protocol = req.protocol ?? "https:";
  const defaultPort = protocol === "http:" ? 80 : 443;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = String(v);
  const { bytes, streamed } = await bodyBytes(req.body);
  return {
    method: req.method.toUpperCase(),
    protocol,
    hostname: req.hostname,
    ...(req.port !== undefined && req.port !== defaultPort ? { port: req.port } : {}),
    path: req.path,
    query: queryPairs(req.query),
    rawQuery: { ...(req.query ?? {}) },
    headers,
    body: bytes,
    streamed,
  };
}
