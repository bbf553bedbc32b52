/**
 * Flexible checksums (src/checksums.ts, src/crc.ts): the algorithms against published check values and
 * bit-by-bit reference implementations written here from the CRC definitions; the settings; and the
 * wire behaviour through a generated S3 client (and a small restJson1 fixture) against a local server.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { after, before, beforeEach, describe, test } from "node:test";
import {
  awsChunked,
  CHECKSUM_ALGORITHMS,
  ChecksumMismatchError,
  type ChecksumAlgorithm,
  computeChecksum,
  createChecksum,
  resolveChecksumSettings,
  validatingStream,
} from "../src/feature/checksums.js";
import { Client } from "../src/client.js";
import { allFeatures } from "../src/index.js";
import { InputValidationError } from "../src/errors.js";
import { restJson1 } from "../src/protocols/rest-json.js";
import type { ServiceSchema } from "../src/schema.js";
import { generateClients, type Generated, localConfig, recordingServer } from "./support/generated-clients.js";
import { service } from "./support/schema-fixtures.js";
// registers every protocol, for Clients built here without naming theirs
import "../src/protocols/index.js";

// ---------------------------------------------------------------------------------------------------
// reference implementations, bit by bit from the definitions (reflected, init and xorout all ones)

function refCrc32(data: Uint8Array, reflectedPoly: number): number {
  let c = 0xffffffff;
  for (const b of data) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ reflectedPoly : c >>> 1;
  }
  return ~c >>> 0;
}
function refCrc64Nvme(data: Uint8Array): bigint {
  const MASK = (1n << 64n) - 1n;
  let c = MASK;
  for (const b of data) {
    c ^= BigInt(b);
    for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ 0x9a6c9329ac4bc9b5n : c >> 1n;
  }
  return c ^ MASK;
}
const be32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v >>> 0);
  return b.toString("base64");
};
const be64 = (v: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(v);
  return b.toString("base64");
};
const hexB64 = (hex: string) => Buffer.from(hex, "hex").toString("base64");

function reference(alg: ChecksumAlgorithm, data: Uint8Array): string {
  switch (alg) {
    case "CRC32":
      return be32(refCrc32(data, 0xedb88320));
    case "CRC32C":
      return be32(refCrc32(data, 0x82f63b78));
    case "CRC64NVME":
      return be64(refCrc64Nvme(data));
    case "SHA1":
      return createHash("sha1").update(data).digest("base64");
    case "SHA256":
      return createHash("sha256").update(data).digest("base64");
  }
}

describe("checksum algorithms", () => {
  test("check values of the CRC catalogue (\"123456789\") and published SHA digests", () => {
    const check = "123456789";
    assert.equal(computeChecksum("CRC32", check), hexB64("cbf43926"));
    assert.equal(computeChecksum("CRC32C", check), hexB64("e3069283"));
    assert.equal(computeChecksum("CRC64NVME", check), hexB64("ae8b14860a799888"));
    assert.equal(computeChecksum("SHA1", "hello world"), hexB64("2aae6c35c94fcfb415dbe95f408b9ce91ee846ed"));
    assert.equal(computeChecksum("SHA256", "hello world"), hexB64("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"));
    assert.equal(computeChecksum("CRC32", ""), "AAAAAA==");
    assert.equal(computeChecksum("CRC64NVME", ""), "AAAAAAAAAAA=");
  });

  test("\"hello world\" and every length 0..70 match the bit-by-bit references, in one piece and in pieces", () => {
    const hello = new TextEncoder().encode("hello world");
    for (const alg of CHECKSUM_ALGORITHMS) assert.equal(computeChecksum(alg, hello), reference(alg, hello), alg);
    // the reference for "hello world" itself, so a bug shared by both would still show
    assert.equal(be32(refCrc32(hello, 0xedb88320)), hexB64("0d4a1185"));
    const data = new Uint8Array(70).map((_, i) => (i * 37 + 11) & 0xff);
    for (const alg of CHECKSUM_ALGORITHMS) {
      for (let n = 0; n <= data.length; n++) {
        const slice = data.subarray(0, n);
        assert.equal(computeChecksum(alg, slice), reference(alg, slice), `${alg} of ${n} bytes`);
        const c = createChecksum(alg);
        const cut = Math.floor(n / 3);
        c.update(slice.subarray(0, cut));
        c.update(slice.subarray(cut, cut + 5));
        c.update(slice.subarray(cut + 5));
        assert.equal(Buffer.from(c.digest()).toString("base64"), reference(alg, slice), `${alg} of ${n} bytes in pieces`);
      }
    }
  });
});

describe("settings", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "checksum-settings-"));
    writeFileSync(join(dir, "config"), "[default]\nrequest_checksum_calculation = WHEN_REQUIRED\n[profile other]\nresponse_checksum_validation = when_required\n");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const files = () => ({ AWS_CONFIG_FILE: join(dir, "config"), AWS_SHARED_CREDENTIALS_FILE: join(dir, "none") });

  test("config, then environment, then profile, then when_supported", () => {
    const none = { AWS_CONFIG_FILE: join(dir, "none"), AWS_SHARED_CREDENTIALS_FILE: join(dir, "none") };
    assert.deepEqual(resolveChecksumSettings({ env: none }), { requestChecksumCalculation: "when_supported", responseChecksumValidation: "when_supported" });
    assert.deepEqual(resolveChecksumSettings({ env: files() }), { requestChecksumCalculation: "when_required", responseChecksumValidation: "when_supported" });
    assert.deepEqual(resolveChecksumSettings({ env: files(), profile: "other" }), { requestChecksumCalculation: "when_supported", responseChecksumValidation: "when_required" });
    assert.equal(resolveChecksumSettings({ env: { ...files(), AWS_REQUEST_CHECKSUM_CALCULATION: "when_supported" } }).requestChecksumCalculation, "when_supported");
    assert.equal(resolveChecksumSettings({ env: { ...none, AWS_RESPONSE_CHECKSUM_VALIDATION: "WHEN_REQUIRED" } }).responseChecksumValidation, "when_required");
    assert.equal(resolveChecksumSettings({ env: { ...files(), AWS_REQUEST_CHECKSUM_CALCULATION: "when_required" }, requestChecksumCalculation: "when_supported" }).requestChecksumCalculation, "when_supported");
  });

  test("an unknown value is an error naming where it came from", () => {
    assert.throws(() => resolveChecksumSettings({ env: { AWS_REQUEST_CHECKSUM_CALCULATION: "always" } }), /AWS_REQUEST_CHECKSUM_CALCULATION: "always"/);
    assert.throws(() => resolveChecksumSettings({ env: {}, responseChecksumValidation: "never" }), InputValidationError);
  });
});

/** Decodes an aws-chunked body: the data and the trailer headers. */
function decodeAwsChunked(body: Buffer): { data: Buffer; trailers: Record<string, string> } {
  const parts: Buffer[] = [];
  let i = 0;
  const line = () => {
    const end = body.indexOf("\r\n", i);
    assert.ok(end >= 0, "a CRLF-terminated line");
    const s = body.subarray(i, end).toString("latin1");
    i = end + 2;
    return s;
  };
  for (;;) {
    const size = parseInt(line(), 16);
    assert.ok(Number.isInteger(size), "a hex chunk size");
    if (size === 0) break;
    parts.push(body.subarray(i, i + size));
    i += size;
    assert.equal(line(), "", "CRLF after the chunk");
  }
  const trailers: Record<string, string> = {};
  for (let l = line(); l !== ""; l = line()) {
    const colon = l.indexOf(":");
    trailers[l.slice(0, colon)] = l.slice(colon + 1);
  }
  assert.equal(i, body.length, "nothing after the final CRLF");
  return { data: Buffer.concat(parts), trailers };
}

test("awsChunked: chunks framed with their hex sizes, the checksum as the trailer; none under 8 KiB but the last", async () => {
  const encoded = Buffer.concat(await awsChunked(Readable.from([Buffer.from("hello "), Buffer.alloc(0), Buffer.from("world".repeat(10))]), "CRC32C").toArray());
  const { data, trailers } = decodeAwsChunked(encoded);
  assert.equal(data.toString(), "hello " + "world".repeat(10));
  assert.deepEqual(trailers, { "x-amz-checksum-crc32c": reference("CRC32C", data) });
  assert.ok(encoded.toString("latin1").startsWith("38\r\nhello world"), "small pieces joined into one chunk, its size in hex");
  // 3000-byte pieces are joined to 9000-byte chunks; a 20000-byte piece passes as it is
  const pieces = [...Array(7)].map((_, i) => Buffer.alloc(3000, i)).concat([Buffer.alloc(20000, 9), Buffer.alloc(100, 10)]);
  const big = Buffer.concat(await awsChunked(Readable.from(pieces), "SHA256").toArray());
  const sizes = [...big.toString("latin1").matchAll(/(?:^|\r\n)([0-9a-f]+)\r\n/g)].map((m) => parseInt(m[1], 16));
  assert.deepEqual(sizes.filter((n) => n > 0).slice(0, 4), [9000, 9000, 23000, 100]);
  const decoded = decodeAwsChunked(big);
  assert.deepEqual(decoded.data, Buffer.concat(pieces));
  assert.deepEqual(decoded.trailers, { "x-amz-checksum-sha256": reference("SHA256", decoded.data) });
});

describe("through a generated S3 client", () => {
  let gen: Generated;
  let S3: Record<string, any>;
  let srv: Awaited<ReturnType<typeof recordingServer>>;
  const clients: any[] = [];
  const s3 = (extra: Record<string, unknown> = {}) => {
    const c = new S3.S3Client(localConfig(srv.url, { forcePathStyle: true, ...extra }));
    clients.push(c);
    return c;
  };
  let DistMismatch: typeof ChecksumMismatchError;
  let DistInputError: typeof InputValidationError;
  before(async () => {
    // the generated client runs on the built runtime (dist/), whose classes are its own
    const dist = (await import("@org/runtime")) as { ChecksumMismatchError: typeof ChecksumMismatchError; InputValidationError: typeof InputValidationError };
    DistMismatch = dist.ChecksumMismatchError;
    DistInputError = dist.InputValidationError;
    gen = generateClients(["s3"]);
    S3 = await gen.load("s3");
    srv = await recordingServer();
  });
  after(() => {
    for (const c of clients) c.destroy();
    srv?.close();
    gen?.cleanup();
  });
  beforeEach(() => {
    srv.seen.length = 0;
    srv.replies.length = 0;
  });
  const checksumHeaders = (h: Record<string, unknown>) => Object.keys(h).filter((k) => /^x-amz-checksum-|^x-amz-sdk-checksum-algorithm$|^content-md5$|^x-amz-trailer$/.test(k)).sort();

  test("PutObject by default: CRC32 of the body, and the defaulted algorithm header", async () => {
    await s3().putObject({ Bucket: "b", Key: "k", Body: "hello world" });
    const [req] = srv.seen;
    assert.equal(req.body.toString(), "hello world");
    assert.equal(req.headers["x-amz-checksum-crc32"], reference("CRC32", req.body));
    assert.equal(req.headers["x-amz-checksum-crc32"], hexB64("0d4a1185"));
    assert.equal(req.headers["x-amz-sdk-checksum-algorithm"], "CRC32");
    assert.deepEqual(checksumHeaders(req.headers), ["x-amz-checksum-crc32", "x-amz-sdk-checksum-algorithm"]);
    assert.match(String(req.headers.authorization), /SignedHeaders=[^,]*x-amz-checksum-crc32/, "the checksum is signed");
  });

  test("PutObject with each ChecksumAlgorithm: that algorithm's header, right for the bytes sent", async () => {
    const client = s3();
    const body = new Uint8Array(1000).map((_, i) => (i * 7) & 0xff);
    for (const alg of CHECKSUM_ALGORITHMS) {
      srv.seen.length = 0;
      await client.putObject({ Bucket: "b", Key: "k", Body: body, ChecksumAlgorithm: alg });
      const [req] = srv.seen;
      assert.deepEqual(new Uint8Array(req.body), body);
      assert.equal(req.headers[`x-amz-checksum-${alg.toLowerCase()}`], reference(alg, req.body), alg);
      assert.equal(req.headers["x-amz-sdk-checksum-algorithm"], alg);
      assert.deepEqual(checksumHeaders(req.headers), [`x-amz-checksum-${alg.toLowerCase()}`, "x-amz-sdk-checksum-algorithm"].sort(), alg);
    }
  });

  test("when_required: nothing for PutObject without an algorithm; CRC32 where the model requires it (DeleteObjects)", async () => {
    for (const client of [s3({ requestChecksumCalculation: "when_required" }), s3({ env: { AWS_REQUEST_CHECKSUM_CALCULATION: "when_required" } })]) {
      srv.seen.length = 0;
      await client.putObject({ Bucket: "b", Key: "k", Body: "x" });
      assert.deepEqual(checksumHeaders(srv.seen[0].headers), []);
      srv.replies.push({ body: "<DeleteResult/>" });
      await client.deleteObjects({ Bucket: "b", Delete: { Objects: [{ Key: "a" }] } });
      const del = srv.seen[1];
      assert.match(del.body.toString(), /<Key>a<\/Key>/);
      assert.equal(del.headers["x-amz-checksum-crc32"], reference("CRC32", del.body));
      assert.equal(del.headers["x-amz-sdk-checksum-algorithm"], "CRC32");
      srv.seen.length = 0;
      await client.putObject({ Bucket: "b", Key: "k", Body: "x", ChecksumAlgorithm: "SHA256" });
      assert.equal(srv.seen[0].headers["x-amz-checksum-sha256"], reference("SHA256", Buffer.from("x")), "an algorithm the input names is always honoured");
    }
  });

  test("a checksum the caller supplies is sent as is, and no other is added", async () => {
    const client = s3();
    await client.putObject({ Bucket: "b", Key: "k", Body: "hello world", ChecksumSHA256: "c3VwcGxpZWQ=" });
    assert.equal(srv.seen[0].headers["x-amz-checksum-sha256"], "c3VwcGxpZWQ=");
    assert.deepEqual(checksumHeaders(srv.seen[0].headers), ["x-amz-checksum-sha256"]);
    await client.putObject({ Bucket: "b", Key: "k", Body: "hello world", ChecksumAlgorithm: "CRC32", ChecksumCRC32: "AAAAAA==" });
    assert.equal(srv.seen[1].headers["x-amz-checksum-crc32"], "AAAAAA==", "not overwritten with the body's CRC32");
    assert.equal(srv.seen[1].headers["x-amz-sdk-checksum-algorithm"], "CRC32");
  });

  test("an algorithm the client does not implement is refused before sending", async () => {
    await assert.rejects(s3().putObject({ Bucket: "b", Key: "k", Body: "x", ChecksumAlgorithm: "MD5" }), DistInputError);
    assert.equal(srv.seen.length, 0);
  });

  test("a stream of known length goes aws-chunked with the checksum as a trailer", async () => {
    const chunks = [Buffer.from("hello "), Buffer.from("streamed "), Buffer.from("world")];
    const total = chunks.reduce((n, c) => n + c.length, 0);
    await s3().putObject({ Bucket: "b", Key: "k", Body: Readable.from(chunks), ContentLength: total, ChecksumAlgorithm: "CRC64NVME" });
    const [req] = srv.seen;
    assert.equal(req.headers["content-encoding"], "aws-chunked");
    assert.equal(req.headers["x-amz-decoded-content-length"], String(total));
    assert.equal(req.headers["x-amz-trailer"], "x-amz-checksum-crc64nvme");
    assert.equal(req.headers["x-amz-content-sha256"], "STREAMING-UNSIGNED-PAYLOAD-TRAILER");
    assert.equal(req.headers["x-amz-sdk-checksum-algorithm"], "CRC64NVME");
    assert.equal(req.headers["x-amz-checksum-crc64nvme"], undefined, "in the trailer, not a header");
    assert.match(String(req.headers.authorization), /SignedHeaders=[^,]*x-amz-decoded-content-length[^,]*x-amz-trailer/);
    const { data, trailers } = decodeAwsChunked(req.body);
    assert.equal(data.toString(), "hello streamed world");
    assert.deepEqual(trailers, { "x-amz-checksum-crc64nvme": reference("CRC64NVME", data) });
  });

  test("a stream of unknown length: no default checksum; an asked-for algorithm is an error", async () => {
    const client = s3();
    await client.putObject({ Bucket: "b", Key: "k", Body: Readable.from([Buffer.from("abc")]) });
    assert.equal(srv.seen[0].body.toString(), "abc");
    assert.deepEqual(checksumHeaders(srv.seen[0].headers), [], "documented fallback: no checksum, and no algorithm header without one");
    await assert.rejects(client.putObject({ Bucket: "b", Key: "k", Body: Readable.from([Buffer.from("abc")]), ChecksumAlgorithm: "SHA1" }), DistInputError);
    assert.equal(srv.seen.length, 1);
  });

  describe("GetObject: the streamed Body is validated as it is read", () => {
    const content = Buffer.from("the object's content, ".repeat(200));
    const read = async (out: { Body: Readable }) => Buffer.concat(await out.Body.toArray());

    test("by default the request asks for checksums, and a matching one reads through", async () => {
      srv.replies.push({ headers: { "x-amz-checksum-crc32c": reference("CRC32C", content) }, body: content });
      const out = await s3().getObject({ Bucket: "b", Key: "k" });
      assert.equal(srv.seen[0].headers["x-amz-checksum-mode"], "ENABLED");
      assert.deepEqual(await read(out), content);
    });

    test("a mismatch fails the read at the end with a ChecksumMismatchError", async () => {
      const client = s3();
      for (const alg of ["CRC32", "SHA256"] as const) {
        const header = `x-amz-checksum-${alg.toLowerCase()}`;
        srv.replies.push({ headers: { [header]: reference(alg, Buffer.from("other")) }, body: content });
        const out = await client.getObject({ Bucket: "b", Key: "k" });
        await assert.rejects(read(out), (e: unknown) => {
          assert.ok(e instanceof DistMismatch);
          assert.equal(e.algorithm, alg);
          assert.equal(e.header, header);
          assert.equal(e.expected, reference(alg, Buffer.from("other")));
          assert.equal(e.actual, reference(alg, content));
          return true;
        });
      }
    });

    test("multipart composite checksums (…-N) are not validated", async () => {
      srv.replies.push({ headers: { "x-amz-checksum-crc32": "AAAAAA==-3" }, body: content });
      assert.deepEqual(await read(await s3().getObject({ Bucket: "b", Key: "k" })), content);
    });

    test("when_required: not asked for, not validated; ChecksumMode ENABLED turns it back on", async () => {
      const client = s3({ responseChecksumValidation: "when_required" });
      srv.replies.push({ headers: { "x-amz-checksum-crc32": "AAAAAA==" }, body: content });
      assert.deepEqual(await read(await client.getObject({ Bucket: "b", Key: "k" })), content);
      assert.equal(srv.seen[0].headers["x-amz-checksum-mode"], undefined);
      srv.replies.push({ headers: { "x-amz-checksum-crc32": "AAAAAA==" }, body: content });
      const out = await client.getObject({ Bucket: "b", Key: "k", ChecksumMode: "ENABLED" });
      assert.equal(srv.seen[1].headers["x-amz-checksum-mode"], "ENABLED");
      await assert.rejects(read(out), DistMismatch);
    });
  });
});

describe("buffered responses (a restJson1 fixture)", () => {
  const schema: ServiceSchema = service(
    {
      GetThingInput: { type: "structure", members: { mode: { target: "string", httpHeader: "x-amz-checksum-mode" } } },
      GetThingOutput: { type: "structure", members: { name: { target: "string" } } },
    },
    {
      GetThing: {
        input: "GetThingInput",
        output: "GetThingOutput",
        http: { method: "GET", uri: "/thing" },
        httpChecksum: { requestValidationModeMember: "mode", responseAlgorithms: ["CRC32C", "SHA256"] },
      },
    },
  );
  let srv: Awaited<ReturnType<typeof recordingServer>>;
  let client: Client;
  before(async () => {
    srv = await recordingServer();
    client = new Client(schema, {}, { endpoint: srv.url, region: "us-east-1", env: {}, maxAttempts: 1 }, restJson1, allFeatures);
  });
  after(() => {
    client.destroy();
    srv.close();
  });
  const body = '{"name":"thing"}';

  test("a matching checksum parses; the first of responseAlgorithms present is the one checked", async () => {
    srv.replies.push({ headers: { "x-amz-checksum-crc32c": reference("CRC32C", Buffer.from(body)), "x-amz-checksum-sha256": "bm90IGl0" }, body });
    assert.deepEqual({ ...(await client.send("GetThing", {})) }, { name: "thing" });
    assert.equal(srv.seen.at(-1)!.headers["x-amz-checksum-mode"], "ENABLED");
  });

  test("a mismatch is a ChecksumMismatchError, not a parsed output", async () => {
    srv.replies.push({ headers: { "x-amz-checksum-sha256": reference("SHA256", Buffer.from("{}")) }, body });
    await assert.rejects(client.send("GetThing", {}), (e: unknown) => e instanceof ChecksumMismatchError && e.algorithm === "SHA256" && e.actual === reference("SHA256", Buffer.from(body)));
  });

  test("validatingStream passes the bytes through unchanged, and errors at the end on a mismatch", async () => {
    const parts = () => Readable.from([Buffer.from("ab"), Buffer.from("c")]);
    const good = validatingStream(parts(), { algorithm: "CRC32", header: "x-amz-checksum-crc32", expected: reference("CRC32", Buffer.from("abc")) });
    assert.equal(Buffer.concat(await good.toArray()).toString(), "abc");
    const bad = validatingStream(parts(), { algorithm: "CRC32", header: "x-amz-checksum-crc32", expected: "AAAAAA==" });
    await assert.rejects(bad.toArray(), ChecksumMismatchError);
  });

  test("destroying the validating stream destroys its source (the connection is freed)", async () => {
    const src = new Readable({ read() {} });
    const s = validatingStream(src, { algorithm: "CRC32", header: "x-amz-checksum-crc32", expected: "AAAAAA==" });
    s.destroy();
    await new Promise((r) => setImmediate(r));
    assert.equal(src.destroyed, true);
  });
});
