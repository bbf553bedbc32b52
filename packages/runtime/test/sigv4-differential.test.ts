/**
 * Our SigV4 signer (src/auth/sigv4.ts) against `@smithy/signature-v4` (test/support/sigv4-reference.ts)
 * on seeded-random inputs: every signed request, presigned request and event-message signature must
 * be identical. The generator's coverage is counted and asserted, so a generator that stopped
 * producing, say, stream bodies or repeated query keys fails here rather than passing vacuously.
 */
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, test } from "node:test";
import { presignRequest, signEventMessage, signRequest, type SignableEventMessage, type SigningCredentials } from "../src/auth/sigv4.js";
import { Credentials } from "../src/config/credentials.js";
import type { HttpRequest } from "../src/http/types.js";
import { referencePresignRequest, referenceSignEventMessage, referenceSignRequest } from "./support/sigv4-reference.js";

/** mulberry32: small, seeded, good enough to pick test inputs. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    chance: (p: number): boolean => next() < p,
    pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]!,
    bytes: (n: number): Uint8Array => Uint8Array.from({ length: n }, () => int(256)),
  };
}
type Rng = ReturnType<typeof rng>;

const SEED = Number(process.env.SIGV4_SEED ?? 20261124);

const PATH_SEGMENTS = ["a", "foo", "Bar", "with space", "a%20b", "a%2Fb", "ünïcödé", "日本語", "😀", ".", "..", "", "~tilde", "sp!ec'i(a)l*", "plus+sign", "semi;colon", "=eq", "%E2%82%AC", "x.y", "..."];
const QUERY_KEYS = ["a", "b", "A", "B", "key with space", "ключ", "😀", "x-amz-meta", "empty", "~", "list-type", "prefix", "a&b", "k=v", "%41", "X-Amz-Signature", "x-amz-signature"];
const QUERY_VALUES = ["", "1", "x", "with space", "ü", "日本", "=&?/", "a+b", "%20", "~-._", "😀", "*'()!"];
const HEADER_NAMES = ["content-type", "X-Amz-Meta-Foo", "x-amz-meta-foo", "X-Custom", "x-custom", "x-custoM", "user-agent", "x-amzn-trace-id", "proxy-authorization", "sec-fetch-mode", "expect", "date", "authorization", "x-amz-date", "content-length", "x-amz-target", "Content-MD5", "x-amz-meta-ü", "transfer-encoding", "x-amz-security-token"];
const HEADER_VALUES = ["application/json", "  leading", "trailing  ", "multiple   inner    spaces", "tab\there", "fold\r\n  continued", "a,b,c", "ü", "", " ", "1", "v1, v2,  v3", "\t", "x\ny"];
const STREAMING = ["STREAMING-AWS4-HMAC-SHA256-EVENTS", "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "UNSIGNED-PAYLOAD", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"];

type Coverage = Record<string, number>;
const bump = (c: Coverage, k: string, yes = true): void => {
  if (yes) c[k] = (c[k] ?? 0) + 1;
};

function randomCredentials(r: Rng, cov: Coverage): SigningCredentials {
  const token = r.chance(0.4) ? r.pick(["FQoGZXIvYXdzEBYaDEXAMPLE", "IQoJb3JpZ2luX2VjE/+==", "token with space"]) : undefined;
  bump(cov, "session token", token !== undefined);
  const input = { accessKeyId: r.pick(["AKIDEXAMPLE", "ASIAEXAMPLE123"]), secretAccessKey: r.pick(["wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "s3cr3t/ü+x"]), sessionToken: token };
  return r.chance(0.5) ? new Credentials(input) : input;
}

function randomPath(r: Rng, cov: Coverage): string {
  const segs = Array.from({ length: r.int(5) }, () => r.pick(PATH_SEGMENTS));
  let path = `/${segs.join("/")}${r.chance(0.2) ? "/" : ""}`;
  if (r.chance(0.03)) path = path.slice(1); // relative, or empty
  bump(cov, "path with space", /\s/.test(path));
  bump(cov, "path with unicode", /[^\x00-\x7f]/.test(path));
  bump(cov, "path with dot segments", /(^|\/)\.\.?(\/|$)/.test(path));
  bump(cov, "path with //", path.includes("//"));
  return path;
}

function randomQuery(r: Rng, cov: Coverage): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (let i = r.int(6); i > 0; i--) {
    const key = r.pick(QUERY_KEYS);
    if (r.chance(0.3)) {
      query[key] = Array.from({ length: r.int(4) }, () => r.pick(QUERY_VALUES));
      bump(cov, "repeated query key", query[key].length > 1);
    } else query[key] = r.pick(QUERY_VALUES);
    bump(cov, "unicode query key", /[^\x00-\x7f]/.test(key));
  }
  return query;
}

function randomHeaders(r: Rng, cov: Coverage, allowStreamingHash: boolean): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = r.int(7); i > 0; i--) headers[r.pick(HEADER_NAMES)] = r.pick(HEADER_VALUES);
  if (r.chance(0.25)) headers[r.pick(["host", "Host"])] = r.pick(["example.amazonaws.com", "example.amazonaws.com:8443", "  spaced.host  "]);
  if (allowStreamingHash && r.chance(0.15)) headers[r.pick(["x-amz-content-sha256", "X-Amz-Content-Sha256"])] = r.pick(STREAMING);
  const names = Object.keys(headers).map((h) => h.toLowerCase());
  bump(cov, "headers differing only in case", new Set(names).size < names.length);
  bump(cov, "header with whitespace to canonicalise", Object.values(headers).some((v) => /^\s|\s$|\s\s|[\t\r\n]/.test(v)));
  bump(cov, "header with comma-joined duplicates", Object.values(headers).some((v) => v.includes(",")));
  bump(cov, "x-amz-content-sha256 given", names.includes("x-amz-content-sha256"));
  return headers;
}

function randomBody(r: Rng, cov: Coverage): HttpRequest["body"] {
  switch (r.int(6)) {
    case 0:
      bump(cov, "no body");
      return undefined;
    case 1:
      bump(cov, "empty body");
      return r.chance(0.5) ? "" : new Uint8Array(0);
    case 2:
      bump(cov, "string body");
      return r.pick(['{"a":1}', "héllo wörld 😀", "x".repeat(1000)]);
    case 3: {
      bump(cov, "bytes body");
      const buf = r.bytes(1 + r.int(300));
      return r.chance(0.5) ? buf : buf.subarray(1); // a view with an offset
    }
    case 4:
      bump(cov, "Buffer body");
      return Buffer.from(r.bytes(r.int(64)));
    default:
      bump(cov, "stream body");
      return Readable.from(["never", "read"]);
  }
}

function randomDate(r: Rng, cov: Coverage): Date | number | string {
  const ms = Date.UTC(1995, 0, 1) + Math.floor(r.next() * 45 * 365.25 * 86400_000);
  switch (r.int(4)) {
    case 0:
      bump(cov, "date as epoch seconds");
      return Math.floor(ms / 1000);
    case 1:
      bump(cov, "date as ISO string");
      return new Date(ms).toISOString();
    default:
      return new Date(ms);
  }
}

function randomRequest(r: Rng, cov: Coverage, allowStreamingHash = true): HttpRequest {
  const protocol = r.chance(0.2) ? "http:" : "https:";
  const req: HttpRequest = {
    method: r.chance(0.02) ? "" : r.pick(["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS"]), // "" is signed as GET
    protocol,
    hostname: r.pick(["example.amazonaws.com", "bucket.s3.us-west-2.amazonaws.com", "localhost", "sqs.eu-west-1.amazonaws.com"]),
    path: randomPath(r, cov),
    query: randomQuery(r, cov),
    headers: randomHeaders(r, cov, allowStreamingHash),
  };
  if (r.chance(0.3)) req.port = r.pick([80, 443, 8443, 4566]);
  const body = randomBody(r, cov);
  if (body !== undefined) req.body = body;
  return req;
}

function randomScope(r: Rng) {
  return { region: r.pick(["us-east-1", "eu-west-1", "ap-southeast-2", "cn-north-1"]), signingName: r.pick(["s3", "sqs", "dynamodb", "execute-api", "bedrock"]) };
}

function pathOptions(r: Rng, cov: Coverage): { uriEscapePath?: boolean; normalizePath?: boolean } {
  const out: { uriEscapePath?: boolean; normalizePath?: boolean } = {};
  const s3 = r.chance(0.35);
  if (s3) out.uriEscapePath = false;
  else if (r.chance(0.3)) out.uriEscapePath = true;
  bump(cov, "S3 style (no double-encoding, no normalisation)", s3);
  if (r.chance(0.25)) {
    out.normalizePath = r.chance(0.5);
    bump(cov, "mixed escape/normalise options", out.normalizePath !== (out.uriEscapePath ?? true));
  }
  return out;
}

function assertCovered(cov: Coverage, keys: readonly string[], atLeast: number): void {
  const thin = keys.filter((k) => (cov[k] ?? 0) < atLeast).map((k) => `${k}: ${cov[k] ?? 0}`);
  assert.deepEqual(thin, [], `generator coverage below ${atLeast}`);
}

/** A clone of a request (arrays in the query copied), to prove neither signer mutates its input. */
const snapshot = (req: HttpRequest): string => JSON.stringify({ ...req, body: typeof req.body === "string" || req.body instanceof Uint8Array ? [...Buffer.from(req.body)] : String(req.body) });

describe("signRequest vs @smithy/signature-v4 (seeded random requests)", () => {
  test(`600 requests, seed ${SEED}`, async () => {
    const r = rng(SEED);
    const cov: Coverage = {};
    const signatures = new Set<string>();
    for (let i = 0; i < 600; i++) {
      const request = randomRequest(r, cov);
      const options = {
        credentials: randomCredentials(r, cov),
        ...randomScope(r),
        signingDate: randomDate(r, cov),
        ...pathOptions(r, cov),
        ...(r.chance(0.25) ? { unsignedPayload: true } : {}),
        ...(r.chance(0.25) ? { applyChecksum: r.chance(0.5) } : {}),
        ...(r.chance(0.2) ? { omitSessionToken: true } : {}),
        ...(r.chance(0.15) ? { unsignableHeaders: new Set(["content-type", "x-custom"]) } : {}),
      };
      bump(cov, "unsigned payload", options.unsignedPayload === true);
      bump(cov, "applyChecksum false", options.applyChecksum === false);
      bump(cov, "omitSessionToken with a token", options.omitSessionToken === true && options.credentials.sessionToken !== undefined);
      const before = snapshot(request);
      const ours = await signRequest(request, options);
      const theirs = await referenceSignRequest(request, options);
      assert.equal(snapshot(request), before, `case ${i}: input not modified`);
      assert.deepStrictEqual(ours, theirs, `case ${i}: ${JSON.stringify({ request: { ...request, body: typeof request.body }, options: { ...options, credentials: "…" } })}`);
      assert.match(ours.headers.authorization!, /^AWS4-HMAC-SHA256 Credential=\S+, SignedHeaders=[a-z0-9\-;ü]+, Signature=[0-9a-f]{64}$/);
      signatures.add(ours.headers.authorization!.slice(-64));
    }
    assert.ok(signatures.size > 590, `signatures vary (${signatures.size} distinct of 600)`);
    assertCovered(
      cov,
      [
        "path with space",
        "path with unicode",
        "path with dot segments",
        "path with //",
        "repeated query key",
        "unicode query key",
        "headers differing only in case",
        "header with whitespace to canonicalise",
        "header with comma-joined duplicates",
        "x-amz-content-sha256 given",
        "no body",
        "empty body",
        "string body",
        "bytes body",
        "Buffer body",
        "stream body",
        "session token",
        "unsigned payload",
        "applyChecksum false",
        "omitSessionToken with a token",
        "S3 style (no double-encoding, no normalisation)",
        "mixed escape/normalise options",
        "date as epoch seconds",
        "date as ISO string",
      ],
      10,
    );
  });

  test("the comparison is sensitive: a one-character change in the scope, path, query, header or body changes the result", async () => {
    const credentials = { accessKeyId: "AKID", secretAccessKey: "secret" };
    const base: HttpRequest = { method: "POST", protocol: "https:", hostname: "h.example", path: "/a/b", query: { q: "1" }, headers: { "x-h": "v" }, body: "{}" };
    const o = { credentials, region: "us-east-1", signingName: "svc", signingDate: new Date("2021-06-07T08:09:10Z") };
    const ref = await referenceSignRequest(base, o);
    assert.deepStrictEqual(await signRequest(base, o), ref);
    const variants: [string, HttpRequest, typeof o][] = [
      ["region", base, { ...o, region: "us-east-2" }],
      ["service", base, { ...o, signingName: "svd" }],
      ["date", base, { ...o, signingDate: new Date("2021-06-07T08:09:11Z") }],
      ["path", { ...base, path: "/a/c" }, o],
      ["query", { ...base, query: { q: "2" } }, o],
      ["header", { ...base, headers: { "x-h": "w" } }, o],
      ["body", { ...base, body: "{ }" }, o],
      ["secret", base, { ...o, credentials: { ...credentials, secretAccessKey: "secreT" } }],
    ];
    for (const [what, req, opts] of variants) {
      const ours = await signRequest(req, opts);
      assert.notEqual(ours.headers.authorization, ref.headers.authorization, what);
      assert.deepStrictEqual(ours, await referenceSignRequest(req, opts), what);
    }
  });

  test("a lone surrogate in the path or query is an error in both", async () => {
    const o = { credentials: { accessKeyId: "AKID", secretAccessKey: "secret" }, region: "us-east-1", signingName: "svc", signingDate: new Date(0) };
    const requests: HttpRequest[] = [
      { method: "GET", protocol: "https:", hostname: "h", path: "/\ud800", query: {}, headers: {} },
      { method: "GET", protocol: "https:", hostname: "h", path: "/", query: { k: "\udc00" }, headers: {} },
    ];
    for (const req of requests) {
      await assert.rejects(referenceSignRequest(req, o), URIError);
      await assert.rejects(signRequest(req, o), URIError);
    }
  });
});

describe("presignRequest vs @smithy/signature-v4 (seeded random requests)", () => {
  test(`300 requests, seed ${SEED + 1}`, async () => {
    const r = rng(SEED + 1);
    const cov: Coverage = {};
    for (let i = 0; i < 300; i++) {
      const request = randomRequest(r, cov);
      if (r.chance(0.5)) request.headers[r.pick(["x-amz-acl", "X-Amz-Meta-K", "x-amz-server-side-encryption"])] = r.pick(HEADER_VALUES);
      const options = {
        credentials: randomCredentials(r, cov),
        ...randomScope(r),
        signingDate: randomDate(r, cov),
        ...pathOptions(r, cov),
        expiresIn: r.pick([undefined, 1, 60, 900, 3600, 86400, 604800, 1 + r.int(604800)]),
        ...(r.chance(0.25) ? { omitSessionToken: true } : {}),
        ...(r.chance(0.15) ? { unsignableHeaders: new Set(["content-type"]) } : {}),
      };
      bump(cov, "x-amz-* header hoisted", Object.keys(request.headers).some((h) => /^x-amz-/i.test(h) && !/^x-amz-date$/i.test(h)));
      bump(cov, "omitSessionToken with a token", options.omitSessionToken === true && options.credentials.sessionToken !== undefined);
      bump(cov, "default expiry", options.expiresIn === undefined);
      const ours = await presignRequest(request, options);
      const theirs = await referencePresignRequest(request, options);
      assert.deepStrictEqual(ours, theirs, `case ${i}`);
      assert.match(String(ours.query["X-Amz-Signature"]), /^[0-9a-f]{64}$/);
      assert.equal(ours.headers.authorization, undefined);
    }
    assertCovered(
      cov,
      ["path with space", "path with unicode", "path with dot segments", "repeated query key", "unicode query key", "x-amz-* header hoisted", "session token", "omitSessionToken with a token", "default expiry", "stream body", "string body", "S3 style (no double-encoding, no normalisation)", "x-amz-content-sha256 given"],
      5,
    );
  });

  test("expiry limits: over 7 days as the library rejects it; below 1 s or fractional is rejected too, before anything is signed", async () => {
    const base: HttpRequest = { method: "GET", protocol: "https:", hostname: "h", path: "/", query: {}, headers: {} };
    const o = { credentials: { accessKeyId: "AKID", secretAccessKey: "secret" }, region: "us-east-1", signingName: "s3", signingDate: new Date(0) };
    await assert.rejects(referencePresignRequest(base, { ...o, expiresIn: 604801 }));
    await assert.rejects(presignRequest(base, { ...o, expiresIn: 604801 }), (e: unknown) => e instanceof RangeError && /less than one week/.test(e.message));
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      await assert.rejects(presignRequest(base, { ...o, expiresIn: bad }), (e: unknown) => e instanceof RangeError && /whole number of seconds|one week/.test(e.message), String(bad));
    }
    for (const ok of [1, 604800]) assert.deepStrictEqual(await presignRequest(base, { ...o, expiresIn: ok }), await referencePresignRequest(base, { ...o, expiresIn: ok }));
  });
});

// ------------------------------------------------------------------------------------------------

/** smithy's Int64 shape (big-endian two's complement bytes) for a long header. */
function int64(v: bigint) {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigInt64(0, v);
  return { bytes, valueOf: () => Number(v), toString: () => String(v) };
}

function randomEventHeaders(r: Rng, cov: Coverage): SignableEventMessage["headers"] {
  const headers: SignableEventMessage["headers"] = {};
  for (let i = r.int(6); i > 0; i--) {
    const name = r.pick([":event-type", ":message-type", ":content-type", "n", "flag", "ü-name", "x".repeat(200)]);
    const type = r.pick(["boolean", "byte", "short", "integer", "long", "binary", "string", "timestamp", "uuid"] as const);
    bump(cov, `${type} header`);
    switch (type) {
      case "boolean":
        headers[name] = { type, value: r.chance(0.5) };
        break;
      case "byte":
        headers[name] = { type, value: r.int(256) - 128 };
        break;
      case "short":
        headers[name] = { type, value: r.int(65536) - 32768 };
        break;
      case "integer":
        headers[name] = { type, value: r.int(2 ** 32) - 2 ** 31 };
        break;
      case "long":
        headers[name] = { type, value: int64(BigInt(r.int(2 ** 32)) * BigInt(r.int(2 ** 31)) * (r.chance(0.5) ? -1n : 1n)) };
        break;
      case "binary":
        headers[name] = { type, value: r.bytes(r.int(100)) };
        break;
      case "string":
        headers[name] = { type, value: r.pick(["", "event", "application/json", "ünï 😀", "y".repeat(300)]) };
        break;
      case "timestamp":
        headers[name] = { type, value: new Date(Date.UTC(1960, 0, 1) + r.int(2 ** 31) * 1000 + r.int(1000)) };
        break;
      case "uuid":
        headers[name] = { type, value: Buffer.from(r.bytes(16)).toString("hex").replace(/^(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-") };
        break;
    }
  }
  return headers;
}

describe("signEventMessage vs @smithy/signature-v4 signMessage (seeded random chains)", () => {
  test(`40 chains of 2–12 messages, seed ${SEED + 2}`, async () => {
    const r = rng(SEED + 2);
    const cov: Coverage = {};
    let messages = 0;
    for (let c = 0; c < 40; c++) {
      const options = { credentials: randomCredentials(r, cov), ...randomScope(r) };
      let prior = Buffer.from(r.bytes(32)).toString("hex"); // the request's seed signature
      let at = Date.UTC(2000, 0, 1) + r.int(2 ** 40);
      const signatures = new Set<string>();
      for (let m = 2 + r.int(11); m > 0; m--) {
        at += r.int(3000);
        const signingDate = new Date(Math.floor(at / 1000) * 1000);
        const message = { headers: randomEventHeaders(r, cov), body: r.chance(0.2) ? new Uint8Array(0) : r.bytes(r.int(500)) };
        bump(cov, "empty body (end of stream)", message.body.length === 0);
        const ours = await signEventMessage(message, prior, { ...options, signingDate });
        const theirs = await referenceSignEventMessage(message as never, prior, { ...options, signingDate });
        assert.equal(ours.signature, theirs, `chain ${c}, message ${messages}`);
        assert.equal(ours.message, message);
        signatures.add(ours.signature);
        prior = ours.signature;
        messages++;
      }
      assert.ok(signatures.size > 1, "signatures differ along a chain");
    }
    assert.ok(messages > 200, `${messages} messages`);
    assertCovered(
      cov,
      ["boolean", "byte", "short", "integer", "long", "binary", "string", "timestamp", "uuid"].map((t) => `${t} header`).concat(["empty body (end of stream)", "session token"]),
      10,
    );
  });

  test("the :date + body envelope the runtime signs, chained from a seed signature, as smithy signs it", async () => {
    const options = { credentials: new Credentials({ accessKeyId: "AKID", secretAccessKey: "secret", sessionToken: "tok" }), region: "us-west-2", signingName: "transcribe" };
    let ours = "f".repeat(64);
    let theirs = ours;
    for (let i = 0; i < 5; i++) {
      const date = new Date(Date.UTC(2024, 9, 31, 14, 15, 14 + i));
      const body = i === 4 ? new Uint8Array(0) : new TextEncoder().encode(`frame ${i}`);
      const headers = { ":date": { type: "timestamp" as const, value: date } };
      ours = (await signEventMessage({ headers, body }, ours, { ...options, signingDate: date })).signature;
      theirs = await referenceSignEventMessage({ headers, body }, theirs, { ...options, signingDate: date });
      assert.equal(ours, theirs, `message ${i}`);
    }
  });

  test("bigint and number longs encode as the equivalent Int64 does", async () => {
    const options = { credentials: { accessKeyId: "AKID", secretAccessKey: "secret" }, region: "us-east-1", signingName: "svc", signingDate: new Date(0) };
    for (const v of [0n, 1n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 1234567890123n]) {
      const body = new Uint8Array([1]);
      const expected = await referenceSignEventMessage({ headers: { n: { type: "long", value: int64(v) } }, body }, "0".repeat(64), options);
      assert.equal((await signEventMessage({ headers: { n: { type: "long", value: v } }, body }, "0".repeat(64), options)).signature, expected, String(v));
      if (v >= -(2n ** 53n) && v <= 2n ** 53n) {
        assert.equal((await signEventMessage({ headers: { n: { type: "long", value: Number(v) } }, body }, "0".repeat(64), options)).signature, expected, `${v} as number`);
      }
    }
  });
});
