/**
 * Our SigV4 signer (src/auth/sigv4.ts): the aws-c-auth v4 corpus through `signRequest`/`presignRequest`,
 * the corpus again against `@smithy/signature-v4` with the runtime's default options, unit tests, and
 * secrets kept out of output, errors and inspection. sigv4-differential.test.ts compares with the
 * library on seeded-random requests.
 */
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { inspect } from "node:util";
import { getSigner, presignRequest, Sha256, signerStats, signEventMessage, signRequest } from "../src/auth/sigv4.js";
import { Credentials } from "../src/config/credentials.js";
import type { HttpRequest } from "../src/http/types.js";
import { referencePresignRequest, referenceSignRequest } from "./support/sigv4-reference.js";

const CORPUS = fileURLToPath(new URL("../../../../shared/corpora/sigv4/aws-c-auth-aws-signing-test-suite/v4", import.meta.url));

interface ParsedHttp {
  method: string;
  path: string;
  rawQuery: string | undefined;
  /** lower-cased name → values in order */
  headers: Map<string, string[]>;
  body: string | undefined;
}

/** Parses the suite's raw HTTP/1.1 text: request line, headers (with obs-fold continuation), body. */
function parseHttp(text: string): ParsedHttp {
  const sep = text.indexOf("\n\n");
  const head = sep < 0 ? text : text.slice(0, sep);
  const body = sep < 0 ? undefined : text.slice(sep + 2);
  const lines = head.split("\n");
  const requestLine = lines.shift()!;
  const first = requestLine.indexOf(" ");
  const last = requestLine.lastIndexOf(" ");
  const method = requestLine.slice(0, first);
  const target = requestLine.slice(first + 1, last);
  const q = target.indexOf("?");
  const headers = new Map<string, string[]>();
  let lastValues: string[] | undefined;
  for (const line of lines) {
    if (line === "") continue;
    if (/^[ \t]/.test(line)) {
      // obs-fold: continuation of the previous header's last value, kept verbatim.
      lastValues![lastValues!.length - 1] += `\n${line}`;
      continue;
    }
    const colon = line.indexOf(":");
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).replace(/^[ \t]+/, "");
    lastValues = headers.get(name) ?? [];
    lastValues.push(value);
    headers.set(name, lastValues);
  }
  return {
    method,
    path: q < 0 ? target : target.slice(0, q),
    rawQuery: q < 0 ? undefined : target.slice(q + 1),
    headers,
    body: body === undefined || body === "" ? undefined : body,
  };
}

function parseQuery(raw: string | undefined): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  if (!raw) return query;
  for (const pair of raw.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const k = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
    const v = eq < 0 ? "" : decodeURIComponent(pair.slice(eq + 1));
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return query;
}

/** The runtime's HttpRequest for a parsed request: repeated headers joined with ",". */
function toHttpRequest(p: ParsedHttp): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [k, vs] of p.headers) headers[k] = vs.join(",");
  const req: HttpRequest = {
    method: p.method,
    protocol: "https:",
    hostname: headers.host!,
    path: p.path,
    query: parseQuery(p.rawQuery),
    headers,
  };
  if (p.body !== undefined) req.body = p.body;
  return req;
}

interface Context {
  credentials: { access_key_id: string; secret_access_key: string; token?: string };
  expiration_in_seconds?: number;
  normalize?: boolean;
  region: string;
  service: string;
  sign_body?: boolean;
  timestamp: string;
  omit_session_token?: boolean;
}
const KNOWN_CONTEXT_KEYS = new Set(["credentials", "expiration_in_seconds", "normalize", "region", "service", "sign_body", "timestamp", "omit_session_token"]);

const cases = existsSync(CORPUS) ? readdirSync(CORPUS).filter((d) => existsSync(join(CORPUS, d, "context.json"))).sort() : [];
const tally = {
  header: { ran: 0, passed: 0, skipped: [] as string[] },
  query: { ran: 0, passed: 0, skipped: [] as string[] },
};

const signatureOf = (authorization: string): string => /Signature=([0-9a-f]{64})$/.exec(authorization)?.[1] ?? "";

function loadCase(name: string) {
  const dir = join(CORPUS, name);
  const read = (f: string): string | undefined => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), "utf8") : undefined);
  const ctx = JSON.parse(read("context.json")!) as Context;
  const unknown = Object.keys(ctx).filter((k) => !KNOWN_CONTEXT_KEYS.has(k));
  const credentials = new Credentials({
    accessKeyId: ctx.credentials.access_key_id,
    secretAccessKey: ctx.credentials.secret_access_key,
    sessionToken: ctx.credentials.token,
  });
  const common = {
    credentials,
    region: ctx.region,
    signingName: ctx.service,
    signingDate: new Date(ctx.timestamp),
    uriEscapePath: true, // the v4 suite always double-encodes (non-S3 behaviour)
    normalizePath: ctx.normalize ?? true,
    omitSessionToken: ctx.omit_session_token ?? false,
  };
  return { ctx, unknown, read, common, request: toHttpRequest(parseHttp(read("request.txt")!)) };
}

describe("aws-c-auth v4 corpus (header signing)", { skip: cases.length === 0 ? `corpus not found at ${CORPUS}` : false }, () => {
  test("corpus has the expected 38 cases", () => assert.equal(cases.length, 38));
  for (const name of cases) {
    test(name, async (t) => {
      const { ctx, unknown, read, common, request } = loadCase(name);
      const expectedSig = read("header-signature.txt")?.trim();
      const expectedSigned = read("header-signed-request.txt");
      if (unknown.length || !expectedSig || !expectedSigned) {
        const why = unknown.length ? `unsupported context keys ${unknown.join(",")}` : "no header-* expectation files";
        tally.header.skipped.push(`${name}: ${why}`);
        t.skip(why);
        return;
      }
      tally.header.ran++;
      const before = JSON.stringify(request);
      const signed = await signRequest(request, { ...common, applyChecksum: ctx.sign_body ?? false });
      assert.equal(JSON.stringify(request), before, "input request must not be mutated");
      assert.equal(signatureOf(signed.headers.authorization ?? ""), expectedSig, "signature");

      const exp = parseHttp(expectedSigned);
      const expectedHeaders: Record<string, string> = {};
      for (const [k, vs] of exp.headers) expectedHeaders[k] = vs.join(",");
      assert.deepEqual(signed.headers, expectedHeaders, "signed request headers");
      assert.equal(signed.method, exp.method);
      assert.equal(signed.path, exp.path, "path on the wire unchanged");
      assert.deepEqual(signed.query, parseQuery(exp.rawQuery));
      assert.equal(signed.body, exp.body);
      tally.header.passed++;
    });
  }
});

describe("aws-c-auth v4 corpus (query / presigned)", { skip: cases.length === 0 ? "corpus not found" : false }, () => {
  for (const name of cases) {
    test(name, async (t) => {
      const { ctx, unknown, read, common, request } = loadCase(name);
      const expectedSig = read("query-signature.txt")?.trim();
      const expectedSigned = read("query-signed-request.txt");
      if (unknown.length || !expectedSig || !expectedSigned) {
        const why = unknown.length ? `unsupported context keys ${unknown.join(",")}` : "no query-* expectation files";
        tally.query.skipped.push(`${name}: ${why}`);
        t.skip(why);
        return;
      }
      tally.query.ran++;
      const signed = await presignRequest(request, { ...common, expiresIn: ctx.expiration_in_seconds ?? 3600 });
      assert.equal(signed.query["X-Amz-Signature"], expectedSig, "signature");
      const exp = parseHttp(expectedSigned);
      assert.deepEqual(signed.query, parseQuery(exp.rawQuery), "query parameters");
      const expectedHeaders: Record<string, string> = {};
      for (const [k, vs] of exp.headers) expectedHeaders[k] = vs.join(",");
      assert.deepEqual(signed.headers, expectedHeaders, "headers");
      assert.equal(signed.path, exp.path);
      tally.query.passed++;
    });
  }
});

describe("aws-c-auth v4 corpus: every case ran and passed", { skip: cases.length === 0 ? "corpus not found" : false }, () => {
  test("38 header-signed and 38 presigned, none skipped", () => {
    assert.deepEqual(
      { header: [tally.header.ran, tally.header.passed, tally.header.skipped], query: [tally.query.ran, tally.query.passed, tally.query.skipped] },
      { header: [38, 38, []], query: [38, 38, []] },
    );
  });
});

describe("aws-c-auth v4 corpus requests as the client signs them, against @smithy/signature-v4", { skip: cases.length === 0 ? "corpus not found" : false }, () => {
  // client.ts#sign passes no applyChecksum (so x-amz-content-sha256 is always added) and normalizes
  // with the path escaping; S3 (uriEscapePath false) and UNSIGNED-PAYLOAD are exercised as well.
  for (const name of cases) {
    test(name, async () => {
      const { request, common } = loadCase(name);
      const runtimeLike = { credentials: common.credentials, region: common.region, signingName: common.signingName, signingDate: common.signingDate };
      for (const extra of [{}, { uriEscapePath: false }, { unsignedPayload: true }, { omitSessionToken: common.omitSessionToken }]) {
        const o = { ...runtimeLike, ...extra };
        assert.deepStrictEqual(await signRequest(request, o), await referenceSignRequest(request, o), JSON.stringify(extra));
        const p = { ...runtimeLike, ...extra, unsignedPayload: undefined, expiresIn: 900 };
        assert.deepStrictEqual(await presignRequest(request, p), await referencePresignRequest(request, p), `presign ${JSON.stringify(extra)}`);
      }
    });
  }
});

after(() => {
  const line = (kind: string, x: { ran: number; passed: number; skipped: string[] }) =>
    `sigv4 corpus (${kind}): ${cases.length} cases, ${x.ran} ran, ${x.passed} passed, ${x.skipped.length} skipped` +
    (x.skipped.length ? `\n  ${x.skipped.join("\n  ")}` : "");
  console.log(`${line("header", tally.header)}\n${line("query", tally.query)}`);
});

// ---------------------------------------------------------------------------------------------

const creds = new Credentials({ accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" });
const baseRequest = (): HttpRequest => ({
  method: "POST",
  protocol: "https:",
  hostname: "example.amazonaws.com",
  path: "/",
  query: {},
  headers: { "content-type": "application/json" },
  body: "{}",
});

describe("Sha256", () => {
  test("hash and hmac match node:crypto; digest resets", async () => {
    const h = new Sha256();
    h.update(new TextEncoder().encode("abc"));
    assert.equal(Buffer.from(await h.digest()).toString("hex"), createHash("sha256").update("abc").digest("hex"));
    assert.equal(Buffer.from(await h.digest()).toString("hex"), createHash("sha256").digest("hex"));
    const m = new Sha256("key");
    m.update(new Uint8Array(Buffer.from("data")));
    assert.equal(Buffer.from(await m.digest()).toString("hex"), createHmac("sha256", "key").update("data").digest("hex"));
    m.update(new Uint8Array([1]));
    m.reset();
    m.update(new Uint8Array(Buffer.from("data")));
    assert.equal(Buffer.from(await m.digest()).toString("hex"), createHmac("sha256", "key").update("data").digest("hex"));
  });
});

describe("signRequest", () => {
  test("signers are cached per (credentials, region, service, flags)", async () => {
    const a = getSigner({ credentials: creds, region: "us-east-1", signingName: "s3" });
    assert.equal(getSigner({ credentials: creds, region: "us-east-1", signingName: "s3" }), a);
    assert.notEqual(getSigner({ credentials: creds, region: "us-west-2", signingName: "s3" }), a);
    assert.notEqual(getSigner({ credentials: creds, region: "us-east-1", signingName: "sqs" }), a);
    assert.notEqual(getSigner({ credentials: creds, region: "us-east-1", signingName: "s3", uriEscapePath: false }), a);
    const other = new Credentials({ accessKeyId: "AKID2", secretAccessKey: "secret2" });
    assert.notEqual(getSigner({ credentials: other, region: "us-east-1", signingName: "s3" }), a);

    const fresh = new Credentials({ accessKeyId: "AKID3", secretAccessKey: "secret3" });
    const before = signerStats().constructed;
    for (let i = 0; i < 5; i++) {
      await signRequest(baseRequest(), { credentials: fresh, region: "eu-west-1", signingName: "dynamodb" });
    }
    assert.equal(signerStats().constructed - before, 1, "one signer for five requests");
  });

  test("adds host, x-amz-date, x-amz-content-sha256 and a well-formed authorization; leaves input alone", async () => {
    const req = baseRequest();
    const signed = await signRequest(req, {
      credentials: creds,
      region: "us-east-1",
      signingName: "dynamodb",
      signingDate: new Date("2020-01-02T03:04:05Z"),
    });
    assert.deepEqual(req.headers, { "content-type": "application/json" });
    assert.equal(signed.headers.host, "example.amazonaws.com");
    assert.equal(signed.headers["x-amz-date"], "20200102T030405Z");
    assert.equal(signed.headers["x-amz-content-sha256"], createHash("sha256").update("{}").digest("hex"));
    assert.match(
      signed.headers.authorization!,
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20200102\/us-east-1\/dynamodb\/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
  });

  test("signature is independently verifiable (recomputed here with node:crypto)", async () => {
    const date = new Date("2020-01-02T03:04:05Z");
    const req: HttpRequest = { ...baseRequest(), path: "/a%20b/c", query: { b: "2", a: ["y", "x"] }, port: 8443 };
    const signed = await signRequest(req, { credentials: creds, region: "us-west-2", signingName: "svc", signingDate: date, applyChecksum: false });
    assert.equal(signed.headers.host, "example.amazonaws.com:8443");
    const bodyHash = createHash("sha256").update("{}").digest("hex");
    const canonical = [
      "POST",
      "/a%2520b/c", // double-encoded
      "a=x&a=y&b=2",
      "content-type:application/json\nhost:example.amazonaws.com:8443\nx-amz-date:20200102T030405Z\n",
      "content-type;host;x-amz-date",
      bodyHash,
    ].join("\n");
    const sts = ["AWS4-HMAC-SHA256", "20200102T030405Z", "20200102/us-west-2/svc/aws4_request", createHash("sha256").update(canonical).digest("hex")].join("\n");
    let key: Buffer = createHmac("sha256", `AWS4${creds.secretAccessKey}`).update("20200102").digest();
    for (const part of ["us-west-2", "svc", "aws4_request"]) key = createHmac("sha256", key).update(part).digest();
    assert.equal(signatureOf(signed.headers.authorization!), createHmac("sha256", key).update(sts).digest("hex"));
  });

  test("unsignedPayload, uriEscapePath=false (S3 style), session token, omitSessionToken", async () => {
    const date = new Date("2020-01-02T03:04:05Z");
    const s3 = await signRequest(
      { ...baseRequest(), path: "/bucket//a%20b/../k" },
      { credentials: creds, region: "us-east-1", signingName: "s3", signingDate: date, unsignedPayload: true, uriEscapePath: false },
    );
    assert.equal(s3.headers["x-amz-content-sha256"], "UNSIGNED-PAYLOAD");
    assert.equal(s3.path, "/bucket//a%20b/../k");
    const normalized = await signRequest(
      { ...baseRequest(), path: "/bucket/a%20b/k" },
      { credentials: creds, region: "us-east-1", signingName: "s3", signingDate: date, unsignedPayload: true, uriEscapePath: false },
    );
    assert.notEqual(signatureOf(s3.headers.authorization!), signatureOf(normalized.headers.authorization!), "S3 paths are not normalised");

    const withToken = new Credentials({ accessKeyId: "AKID", secretAccessKey: "s", sessionToken: "TOKEN" });
    const a = await signRequest(baseRequest(), { credentials: withToken, region: "us-east-1", signingName: "x", signingDate: date });
    assert.equal(a.headers["x-amz-security-token"], "TOKEN");
    assert.match(a.headers.authorization!, /SignedHeaders=[^,]*x-amz-security-token/);
    const b = await signRequest(baseRequest(), { credentials: withToken, region: "us-east-1", signingName: "x", signingDate: date, omitSessionToken: true });
    assert.equal(b.headers["x-amz-security-token"], "TOKEN");
    assert.doesNotMatch(b.headers.authorization!, /x-amz-security-token/);
  });

  test("signed output never contains the secret key", async () => {
    const signed = await signRequest(baseRequest(), { credentials: creds, region: "us-east-1", signingName: "x" });
    const all = JSON.stringify(signed) + inspect(signed, { depth: 10 });
    assert.ok(!all.includes(creds.secretAccessKey));
  });

  test("presign rejects expiresIn over 7 days with an Error", async () => {
    await assert.rejects(
      presignRequest(baseRequest(), { credentials: creds, region: "us-east-1", signingName: "x", expiresIn: 604801 }),
      (e: unknown) => e instanceof Error && /one week/.test(e.message),
    );
  });
});

describe("signEventMessage", () => {
  test("matches an independent computation of the event signature chain", async () => {
    const date = new Date("2020-01-02T03:04:05Z");
    const body = new TextEncoder().encode("hello");
    const prior = "a".repeat(64);
    const { signature } = await signEventMessage(
      { headers: { ":date": { type: "timestamp", value: date } }, body },
      prior,
      { credentials: creds, region: "us-east-1", signingName: "transcribe", signingDate: date },
    );
    // Header encoding: name length (1 byte), name, type 8 (timestamp), int64 big-endian millis.
    const name = Buffer.from(":date");
    const ts = Buffer.alloc(8);
    ts.writeBigInt64BE(BigInt(date.getTime()));
    const headerBytes = Buffer.concat([Buffer.from([name.length]), name, Buffer.from([8]), ts]);
    const sts = [
      "AWS4-HMAC-SHA256-PAYLOAD",
      "20200102T030405Z",
      "20200102/us-east-1/transcribe/aws4_request",
      prior,
      createHash("sha256").update(headerBytes).digest("hex"),
      createHash("sha256").update(body).digest("hex"),
    ].join("\n");
    let key: Buffer = createHmac("sha256", `AWS4${creds.secretAccessKey}`).update("20200102").digest();
    for (const part of ["us-east-1", "transcribe", "aws4_request"]) key = createHmac("sha256", key).update(part).digest();
    assert.equal(signature, createHmac("sha256", key).update(sts).digest("hex"));
  });
});

describe("secrets stay out of output, errors and inspection", () => {
  const SECRET = "SuperSecretKeyValue/+123";
  const TOKEN = "SessionTokenValue+/==";
  const plain = { accessKeyId: "AKIDPLAIN", secretAccessKey: SECRET, sessionToken: TOKEN };
  const leaks = (x: unknown): boolean => {
    const text = [x instanceof Error ? `${x.message}\n${x.stack}` : "", inspect(x, { depth: 10, showHidden: true }), (() => { try { return JSON.stringify(x) ?? ""; } catch { return ""; } })()].join("\n");
    return text.includes(SECRET) || text.includes(TOKEN);
  };
  const caught = async (p: Promise<unknown>): Promise<unknown> => p.then(() => assert.fail("expected an error"), (e: unknown) => e);
  const o = { credentials: plain, region: "us-east-1", signingName: "svc", signingDate: new Date(0) };

  test("a signer, even over plain-object credentials, inspects and serialises without them", () => {
    const signer = getSigner({ credentials: plain, region: "us-east-1", signingName: "svc" });
    assert.equal(leaks(signer), false, inspect(signer, { showHidden: true }));
    assert.match(inspect(signer), /SigV4Signer/);
  });

  test("signed and presigned requests carry no secret (the token only where it belongs)", async () => {
    const signed = await signRequest(baseRequest(), o);
    assert.ok(!JSON.stringify(signed).includes(SECRET) && !inspect(signed, { depth: 10 }).includes(SECRET));
    const presigned = await presignRequest(baseRequest(), o);
    assert.ok(!JSON.stringify(presigned).includes(SECRET));
    assert.equal(presigned.query["X-Amz-Security-Token"], TOKEN);
  });

  test("errors name no secret", async () => {
    const errors = [
      await caught(signRequest(baseRequest(), { ...o, signingDate: "not a date" })),
      await caught(signRequest(baseRequest(), { ...o, credentials: { accessKeyId: undefined, secretAccessKey: SECRET, sessionToken: TOKEN } as never })),
      await caught(signRequest(baseRequest(), { ...o, credentials: { accessKeyId: SECRET, secretAccessKey: 42, sessionToken: TOKEN } as never })),
      await caught(signRequest({ ...baseRequest(), path: "/\ud800" }, o)),
      await caught(presignRequest(baseRequest(), { ...o, expiresIn: 604801 })),
      await caught(presignRequest(baseRequest(), { ...o, expiresIn: 0 })),
      await caught(signEventMessage({ headers: { u: { type: "uuid", value: SECRET } }, body: new Uint8Array() }, "0".repeat(64), o)),
      await caught(signEventMessage({ headers: { t: { type: "timestamp", value: new Date(Number.NaN) } }, body: new Uint8Array() }, "0".repeat(64), o)),
      await caught(signEventMessage({ headers: { s: { type: "string", value: "x".repeat(70000) } }, body: new Uint8Array() }, "0".repeat(64), o)),
      await caught(signEventMessage({ headers: { x: { type: "nope" } as never }, body: new Uint8Array() }, "0".repeat(64), o)),
    ];
    assert.deepEqual(
      errors.map((e) => e instanceof Error),
      errors.map(() => true),
    );
    assert.deepEqual(
      errors.map((e) => leaks(e)),
      errors.map(() => false),
    );
    assert.match((errors[1] as Error).message, /credentials need a string accessKeyId and secretAccessKey/);
    assert.ok(errors[0] instanceof RangeError);
    assert.ok(errors[3] instanceof URIError);
  });
});

describe("caches", () => {
  test("the signing key follows the secret, even when a credentials object changes in place", async () => {
    const mutable = { accessKeyId: "AKID", secretAccessKey: "first" };
    const o = { credentials: mutable, region: "eu-west-1", signingName: "sqs", signingDate: new Date("2022-02-02T02:02:02Z") };
    const a = await signRequest(baseRequest(), o);
    assert.deepStrictEqual(a, await referenceSignRequest(baseRequest(), o));
    mutable.secretAccessKey = "second";
    const b = await signRequest(baseRequest(), o);
    assert.notEqual(b.headers.authorization, a.headers.authorization);
    assert.deepStrictEqual(b, await referenceSignRequest(baseRequest(), o));
  });

  test("more (secret, date, region, service) combinations than the key cache holds still sign correctly", async () => {
    const combos = Array.from({ length: 70 }, (_, i) => ({
      credentials: { accessKeyId: "AKID", secretAccessKey: `secret-${i % 35}` },
      region: i % 2 ? "us-east-1" : "us-west-2",
      signingName: "svc",
      signingDate: new Date(Date.UTC(2023, 0, 1 + (i % 3))),
    }));
    for (const round of [1, 2]) {
      for (const o of combos) assert.deepStrictEqual(await signRequest(baseRequest(), o), await referenceSignRequest(baseRequest(), o), `round ${round}`);
    }
  });

  test("x-amz-date is right across sub-second, second, day and epoch-seconds/string date forms", async () => {
    const dates = ["2024-02-29T23:59:59.001Z", "2024-02-29T23:59:59.999Z", "2024-03-01T00:00:00.000Z", "1969-12-31T23:59:59.500Z", "1970-01-01T00:00:00.000Z"].map((d) => new Date(d));
    const expected = ["20240229T235959Z", "20240229T235959Z", "20240301T000000Z", "19691231T235959Z", "19700101T000000Z"];
    for (let i = 0; i < dates.length; i++) {
      const o = { credentials: creds, region: "us-east-1", signingName: "svc", signingDate: dates[i]! };
      const signed = await signRequest(baseRequest(), o);
      assert.equal(signed.headers["x-amz-date"], expected[i]);
      assert.deepStrictEqual(signed, await referenceSignRequest(baseRequest(), o));
    }
    for (const signingDate of [1700000000, "1700000000", "2023-11-14T22:13:20Z"]) {
      const signed = await signRequest(baseRequest(), { credentials: creds, region: "us-east-1", signingName: "svc", signingDate });
      assert.equal(signed.headers["x-amz-date"], "20231114T221320Z", String(signingDate));
    }
    const now = Date.now();
    const d = (await signRequest(baseRequest(), { credentials: creds, region: "us-east-1", signingName: "svc" })).headers["x-amz-date"]!;
    const parsed = Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8), +d.slice(9, 11), +d.slice(11, 13), +d.slice(13, 15));
    assert.ok(Math.abs(parsed - now) < 5000, `default date is now (${d})`);
  });
});

describe("@smithy/signature-v4 is a test-only reference", () => {
  const root = fileURLToPath(new URL("..", import.meta.url));
  test("no runtime source file imports it, and it is not a runtime dependency", () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.[cm]?[jt]s$/.test(e.name) && /["']@smithy\/signature-v4["']/.test(readFileSync(p, "utf8").replace(/^\s*(\/\/|\*|\/\*).*$/gm, ""))) offenders.push(p);
      }
    };
    walk(join(root, "src"));
    assert.deepEqual(offenders, []);
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
    assert.equal(pkg.dependencies?.["@smithy/signature-v4"], undefined);
    assert.equal(pkg.devDependencies?.["@smithy/signature-v4"], "5.7.5");
  });
});
