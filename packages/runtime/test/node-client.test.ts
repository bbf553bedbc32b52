import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { Readable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { NetworkError, RequestTimeoutError } from "../src/errors.js";
import { NodeHttpClient, queryString, readBody } from "../src/http/node-client.js";
import type { HttpRequest } from "../src/http/types.js";

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  remotePort: number;
}

let server: http.Server;
let port: number;
const seen: Seen[] = [];
/** sockets the server has seen closed, by the client's port */
const closed = new Set<number>();
let onRequest: (req: http.IncomingMessage, res: http.ServerResponse) => void;

before(async () => {
  server = http.createServer((req, res) => onRequest(req, res));
  server.on("connection", (s: Socket) => {
    const p = s.remotePort!;
    s.on("close", () => closed.add(p));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

function echo(req: http.IncomingMessage, res: http.ServerResponse): void {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    seen.push({ method: req.method!, url: req.url!, headers: req.headers, body, remotePort: req.socket.remotePort! });
    res.writeHead(200, { "content-type": "text/plain", "x-multi": ["a", "b"] });
    res.end(`ok ${seen.length}`);
  });
}

const request = (over: Partial<HttpRequest> = {}): HttpRequest => ({
  method: "GET",
  protocol: "http:",
  hostname: "127.0.0.1",
  port,
  path: "/",
  query: {},
  headers: {},
  ...over,
});
const waitFor = async (cond: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe("queryString", () => {
  test("sorted keys, RFC 3986 escaping, repeated keys, bare keys", () => {
    assert.equal(queryString({}), "");
    assert.equal(queryString({ b: "x y", a: ["2", "1"], "x-id": "", "k*": "a+b/c=d&e" }), "?a=2&a=1&b=x%20y&k%2A=a%2Bb%2Fc%3Dd%26e&x-id");
  });
});

describe("NodeHttpClient against a local server", () => {
  test("sends method, path, encoded query, headers and body; returns status, headers and body", { timeout: 10_000 }, async () => {
    onRequest = echo;
    const client = new NodeHttpClient();
    try {
      const res = await client.send(
        request({ method: "POST", path: "/a%20b/c", query: { q: "1 2&3", list: ["x", "y"] }, headers: { "x-custom": "v", "content-type": "text/plain" }, body: "hello" }),
      );
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers["content-type"], "text/plain");
      assert.equal(res.headers["x-multi"], "a, b");
      assert.equal(Buffer.from(await readBody(res.body)).toString(), `ok ${seen.length}`);
      const s = seen.at(-1)!;
      assert.equal(s.method, "POST");
      assert.equal(s.url, "/a%20b/c?list=x&list=y&q=1%202%263");
      assert.equal(s.headers["x-custom"], "v");
      assert.equal(s.body, "hello");
    } finally {
      client.destroy();
    }
  });
  test("a stream body is piped", { timeout: 10_000 }, async () => {
    onRequest = echo;
    const client = new NodeHttpClient();
    try {
      const res = await client.send(request({ method: "PUT", body: Readable.from([Buffer.from("ab"), Buffer.from("cd")]) }));
      await readBody(res.body);
      assert.equal(seen.at(-1)!.body, "abcd");
    } finally {
      client.destroy();
    }
  });
  test("keep-alive: two sequential requests share one socket", { timeout: 10_000 }, async () => {
    onRequest = echo;
    const client = new NodeHttpClient();
    try {
      for (let i = 0; i < 2; i++) await readBody((await client.send(request({ path: `/k${i}` }))).body);
      const [a, b] = seen.slice(-2);
      assert.equal(a.url, "/k0");
      assert.equal(b.url, "/k1");
      assert.equal(a.remotePort, b.remotePort);
    } finally {
      client.destroy();
    }
  });
  test("requestTimeout without response headers → RequestTimeoutError, and the socket is closed", { timeout: 10_000 }, async () => {
    let port0 = 0;
    onRequest = (req) => {
      port0 = req.socket.remotePort!; // never answers
    };
    const client = new NodeHttpClient();
    try {
      const t0 = Date.now();
      await assert.rejects(client.send(request({ path: "/slow" }), { requestTimeout: 100 }), RequestTimeoutError);
      assert.ok(Date.now() - t0 < 2000);
      await waitFor(() => port0 !== 0 && closed.has(port0));
    } finally {
      client.destroy();
    }
  });
  test("an already-aborted signal rejects with AbortError and sends nothing", { timeout: 10_000 }, async () => {
    onRequest = echo;
    const before = seen.length;
    const client = new NodeHttpClient();
    try {
      const ac = new AbortController();
      ac.abort();
      await assert.rejects(client.send(request({ path: "/never" }), { signal: ac.signal }), (e: Error) => e.name === "AbortError");
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(seen.length, before);
    } finally {
      client.destroy();
    }
  });
  test("aborting while waiting for the response → AbortError, and the socket is destroyed", { timeout: 10_000 }, async () => {
    let port0 = 0;
    onRequest = (req) => {
      port0 = req.socket.remotePort!;
    };
    const client = new NodeHttpClient();
    try {
      const ac = new AbortController();
      const p = client.send(request({ path: "/hang" }), { signal: ac.signal });
      await waitFor(() => port0 !== 0);
      assert.equal(closed.has(port0), false);
      ac.abort();
      await assert.rejects(p, (e: Error) => e.name === "AbortError" && !(e instanceof NetworkError));
      await waitFor(() => closed.has(port0));
    } finally {
      client.destroy();
    }
  });
  test("aborting while the body streams destroys the response", { timeout: 10_000 }, async () => {
    let port0 = 0;
    onRequest = (req, res) => {
      port0 = req.socket.remotePort!;
      res.writeHead(200);
      res.write("partial");
    };
    const client = new NodeHttpClient();
    try {
      const ac = new AbortController();
      const res = await client.send(request({ path: "/partial" }), { signal: ac.signal });
      const reading = readBody(res.body);
      ac.abort();
      await assert.rejects(reading, (e: Error) => e.name === "AbortError");
      await waitFor(() => closed.has(port0));
    } finally {
      client.destroy();
    }
  });
  test("a connection dropped mid-body → NetworkError from readBody", { timeout: 10_000 }, async () => {
    onRequest = (req, res) => {
      res.writeHead(200, { "content-length": "100" });
      res.write("partial");
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const client = new NodeHttpClient();
    try {
      const res = await client.send(request({ path: "/drop" }));
      await assert.rejects(readBody(res.body), (e: unknown) => e instanceof NetworkError && e.code === "ECONNRESET");
    } finally {
      client.destroy();
    }
  });
  test("connection refused → NetworkError with the errno code", { timeout: 10_000 }, async () => {
    const tmp = http.createServer();
    await new Promise<void>((r) => tmp.listen(0, "127.0.0.1", r));
    const deadPort = (tmp.address() as AddressInfo).port;
    await new Promise((r) => tmp.close(r));
    const client = new NodeHttpClient();
    try {
      await assert.rejects(client.send(request({ port: deadPort })), (e: unknown) => e instanceof NetworkError && e.code === "ECONNREFUSED" && /127\.0\.0\.1/.test(e.message));
    } finally {
      client.destroy();
    }
  });
});
