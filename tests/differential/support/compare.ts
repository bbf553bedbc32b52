/**
 * Compares two captured requests (ours, v3's) and lists every difference that matters on the wire.
 *
 * Compared: method, scheme/host/port (the endpoint), path (exactly: both hand over a percent-encoded path),
 * query (as a multiset of decoded pairs), body (semantically per content type: JSON deep-equal,
 * form-urlencoded as a multiset of decoded pairs, XML as a canonical tree; bytes otherwise), every
 * header but the few in `IGNORED_HEADERS`, and the SigV4 Authorization: the credential scope, the
 * SignedHeaders set, and our signature re-computed independently (see `verifySignature`).
 *
 * Differences that are acceptable, each with its reason, are applied here and never reported:
 * - `IGNORED_HEADERS`: headers that identify or instrument the SDK itself.
 * - body bytes that differ while the bodies are semantically equal (the XML declaration v3 writes, JSON key
 *   order, ...); then the headers derived from the bytes (`content-length`, `x-amz-content-sha256`,
 *   checksums) necessarily differ too and are not compared.
 * - a different integrity checksum (v3's flexible-checksum CRC32 where we send Content-MD5): both satisfy
 *   `requestChecksumRequired`. Sending none where v3 sends one is a difference.
 */
import { createHash, createHmac } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { crc32, gunzipSync } from "node:zlib";
import { SaxesParser } from "saxes";
import { SignatureV4 } from "@smithy/signature-v4";
import type { Wire } from "./wire.js";

export interface Diff {
  /** a stable name for the kind of difference: `host`, `path`, `query`, `body`, `header:<name>`, `checksum`, `signed-header:<name>`, `signature`, ... */
  kind: string;
  detail: string;
}

/**
 * Headers never compared, with why that is acceptable.
 */
export const IGNORED_HEADERS: Record<string, string> = {
  "user-agent": "names the SDK (org-aws-sdk-js vs aws-sdk-js/3.x); services use it for metrics only; never signed",
  "x-amz-user-agent":
    "v3 repeats its user agent in x-amz-user-agent (needed in browsers, which forbid setting User-Agent) and signs it; optional",
  "amz-sdk-invocation-id":
    "SDK retry metadata (a random UUID per call), optional per the SDK retry behaviour spec; v3 signs it, which changes only the SignedHeaders set",
  "amz-sdk-request": "SDK retry metadata (`attempt=1; max=1`), optional like amz-sdk-invocation-id; v3 signs it",
  authorization: "compared structurally: credential scope, SignedHeaders set, and our signature re-computed independently",
};

/** Integrity-checksum headers: one of them satisfies a `requestChecksumRequired` operation. */
const isChecksumHeader = (h: string) => h === "content-md5" || h.startsWith("x-amz-checksum-");
/** Headers whose value is a function of the body bytes. */
const isBodyDerived = (h: string) => h === "content-length" || h === "x-amz-content-sha256" || isChecksumHeader(h);

export interface CompareOptions {
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  signingDate: Date;
  /** how each side's HTTP client writes the query into the URL (ours: the runtime's NodeHttpClient; v3: node-http-handler) */
  oursQueryString?: (query: Record<string, unknown>) => string;
  v3QueryString?: (query: Record<string, unknown>) => string;
}

export async function compareWire(ours: Wire, v3: Wire, opts: CompareOptions): Promise<{ diffs: Diff[]; notes: string[] }> {
  const diffs: Diff[] = [];
  const notes: string[] = [];
  const d = (kind: string, detail: string) => diffs.push({ kind, detail });
  // the Host header an HTTP client sends when the request has none (node:http always does; RFC 9112 §3.2
  // requires it): a request that is not signed need not carry it
  for (const w of [ours, v3]) {
    if (w.headers.host === undefined) {
      w.headers = { ...w.headers, host: `${w.hostname}${w.port ? `:${w.port}` : ""}` };
      notes.push(`${w === ours ? "ours" : "v3"} leaves Host to the HTTP client`);
    }
  }

  if (ours.method !== v3.method) d("method", `ours ${ours.method}, v3 ${v3.method}`);
  const origin = (w: Wire) => `${w.protocol}//${w.hostname}${w.port ? `:${w.port}` : ""}`;
  const sameOrigin = origin(ours) === origin(v3);
  if (!sameOrigin) d("host", `ours ${origin(ours)}, v3 ${origin(v3)}`);
  if (ours.path !== v3.path) d("path", `ours ${ours.path}, v3 ${v3.path}`);
  const qd = multisetDiff(ours.query.map(pairKey), v3.query.map(pairKey));
  if (qd) d("query", qd);
  else if (opts.oursQueryString && opts.v3QueryString) {
    // the same parameters: then the URL's query string must encode them the same way, in any order, and
    // with `k` and `k=` alike (an empty value: URL parsers and the SigV4 canonical query read both as k="")
    const parts = (q: string) =>
      q
        .replace(/^\?/, "")
        .split("&")
        .filter(Boolean)
        .map((p) => (p.includes("=") ? p : `${p}=`));
    const ud = multisetDiff(parts(opts.oursQueryString(ours.rawQuery)), parts(opts.v3QueryString(v3.rawQuery)));
    if (ud) d("url-query", `the URL's query string differs: ${ud}`);
  }
  for (const [who, w] of [["ours", ours], ["v3", v3]] as const) {
    for (const problem of integrityProblems(w)) {
      if (who === "ours") d(`integrity:${problem.header}`, problem.detail);
      else notes.push(`v3: ${problem.detail}`);
    }
  }

  // body
  const bytesEqual = Buffer.from(ours.body).equals(Buffer.from(v3.body));
  if (!bytesEqual) {
    const ct = (v3.headers["content-type"] ?? ours.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
    // requestCompression: compressed bytes differ between zlib settings; what was compressed must not
    const gz = (w: Wire) => /(^|,)\s*gzip\s*$/.test(w.headers["content-encoding"] ?? "");
    const plain = (w: Wire) => (gz(w) ? new Uint8Array(gunzipSync(w.body)) : w.body);
    if (gz(ours) && gz(v3)) notes.push("both bodies gzip-compressed; compared decompressed");
    const sem = semanticBodyDiff(ct, gz(ours) && gz(v3) ? plain(ours) : ours.body, gz(ours) && gz(v3) ? plain(v3) : v3.body);
    if (sem) d("body", sem);
    else notes.push(`body bytes differ but are equal as ${bodyKind(ct, v3.body)}`);
  }
  if (ours.streamed !== v3.streamed) notes.push(`body streamed: ours ${ours.streamed}, v3 ${v3.streamed}`);

  // checksums
  const oursSums = Object.keys(ours.headers).filter(isChecksumHeader).sort();
  const v3Sums = Object.keys(v3.headers).filter(isChecksumHeader).sort();
  let skipChecksums = false;
  if (!isDeepStrictEqual(oursSums, v3Sums)) {
    if (oursSums.length && v3Sums.length) {
      skipChecksums = true;
      notes.push(`integrity checksum: ours ${oursSums.join(",")}, v3 ${v3Sums.join(",")} (either satisfies the service)`);
    } else {
      d("checksum", `ours sends ${oursSums.join(",") || "no checksum header"}, v3 sends ${v3Sums.join(",") || "none"}`);
      skipChecksums = true;
    }
  }
  const skipHeader = (h: string) =>
    h in IGNORED_HEADERS ||
    (!sameOrigin && h === "host") ||
    (!bytesEqual && isBodyDerived(h)) ||
    (skipChecksums && (isChecksumHeader(h) || h === "x-amz-sdk-checksum-algorithm"));

  // headers
  for (const h of new Set([...Object.keys(ours.headers), ...Object.keys(v3.headers)])) {
    if (skipHeader(h)) continue;
    const a = ours.headers[h];
    const b = v3.headers[h];
    if (a === b) continue;
    if (a === undefined) d(`header:${h}`, `v3 sends ${h}: ${clip(b)}; ours does not`);
    else if (b === undefined) d(`header:${h}`, `ours sends ${h}: ${clip(a)}; v3 does not`);
    else d(`header:${h}`, `ours ${JSON.stringify(clip(a))}, v3 ${JSON.stringify(clip(b))}`);
  }

  // authorization
  const oa = parseAuth(ours.headers.authorization);
  const va = parseAuth(v3.headers.authorization);
  if (!oa || !va) {
    if (!!oa !== !!va) d("authorization", `ours ${oa ? "signs" : "does not sign"}, v3 ${va ? "signs" : "does not sign"}`);
  } else {
    if (oa.credential !== va.credential) d("credential-scope", `ours ${oa.credential}, v3 ${va.credential}`);
    // presence in the signature is compared for body-derived headers too (their values may differ)
    const norm = (s: string[]) =>
      s.filter((h) => !(h in IGNORED_HEADERS) && !(!sameOrigin && h === "host") && !(skipChecksums && (isChecksumHeader(h) || h === "x-amz-sdk-checksum-algorithm")));
    const os = new Set(norm(oa.signedHeaders));
    const vs = new Set(norm(va.signedHeaders));
    for (const h of os) if (!vs.has(h)) d(`signed-header:${h}`, `ours signs ${h}, v3 does not`);
    for (const h of vs) if (!os.has(h)) d(`signed-header:${h}`, `v3 signs ${h}, ours does not`);
    const problem = await verifySignature(ours, oa, opts);
    if (problem) d("signature", problem);
  }
  return { diffs, notes };
}

/** Headers that describe the body but do not match it. */
function integrityProblems(w: Wire): { header: string; detail: string }[] {
  const out: { header: string; detail: string }[] = [];
  const h = w.headers;
  const b = Buffer.from(w.body);
  const check = (header: string, actual: string) => {
    if (h[header] !== undefined && h[header] !== actual) out.push({ header, detail: `${header}: ${h[header]} does not match the body (${actual})` });
  };
  check("content-length", String(b.byteLength));
  if (h["x-amz-content-sha256"] !== undefined && !/^(UNSIGNED-PAYLOAD|STREAMING-)/.test(h["x-amz-content-sha256"])) {
    check("x-amz-content-sha256", createHash("sha256").update(b).digest("hex"));
  }
  check("content-md5", createHash("md5").update(b).digest("base64"));
  check("x-amz-checksum-sha256", createHash("sha256").update(b).digest("base64"));
  check("x-amz-checksum-sha1", createHash("sha1").update(b).digest("base64"));
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(b) >>> 0);
  check("x-amz-checksum-crc32", crc.toString("base64"));
  return out;
}

interface Auth {
  credential: string;
  signedHeaders: string[];
  signature: string;
}

function parseAuth(h: string | undefined): Auth | undefined {
  if (!h) return undefined;
  const m = /^AWS4-HMAC-SHA256 Credential=([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]+)$/.exec(h);
  if (!m) return { credential: h, signedHeaders: [], signature: "" };
  return { credential: m[1], signedHeaders: m[2].split(";"), signature: m[3] };
}

class NodeSha256 {
  #h;
  constructor(secret?: string | Uint8Array) {
    this.#h = secret === undefined ? createHash("sha256") : createHmac("sha256", secret);
  }
  update(data: string | Uint8Array) {
    this.#h.update(data);
  }
  async digest() {
    return new Uint8Array(this.#h.digest());
  }
}

/**
 * Re-computes our request's signature the way v3 signs: `@smithy/signature-v4` at the fixed clock, with
 * the credential scope v3 used, over exactly the headers our Authorization lists, and with v3's path
 * handling (S3: the path as sent, no double-encoding or normalisation; every other service: both).
 * A different result means our signature does not match our request as AWS would verify it.
 */
async function verifySignature(ours: Wire, auth: Auth, opts: CompareOptions): Promise<string | undefined> {
  const scope = auth.credential.split("/");
  if (scope.length !== 5) return `unparseable credential ${auth.credential}`;
  const [, , region, service] = scope;
  const signer = new SignatureV4({
    credentials: opts.credentials,
    region,
    service,
    sha256: NodeSha256 as never,
    uriEscapePath: service !== "s3",
    applyChecksum: true,
  });
  const headers: Record<string, string> = {};
  for (const h of auth.signedHeaders) if (ours.headers[h] !== undefined) headers[h] = ours.headers[h];
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of ours.query) query[k] = k in query ? [...[query[k]].flat(), v] : v;
  const req = {
    method: ours.method,
    protocol: ours.protocol,
    hostname: ours.hostname,
    ...(ours.port ? { port: ours.port } : {}),
    path: ours.path,
    query,
    headers,
    body: ours.body,
  };
  const signed = await signer.sign(req as never, {
    signingDate: opts.signingDate,
    unsignableHeaders: new Set<string>(),
    signableHeaders: new Set(auth.signedHeaders),
  });
  const again = parseAuth((signed as { headers: Record<string, string> }).headers.authorization);
  if (!again) return "re-signing produced no Authorization";
  if (!isDeepStrictEqual(again.signedHeaders, auth.signedHeaders)) return `re-signed over ${again.signedHeaders.join(";")}, ours over ${auth.signedHeaders.join(";")}`;
  if (again.signature !== auth.signature) return `our signature ${auth.signature} differs from the one re-computed for our request (${again.signature})`;
  return undefined;
}

const pairKey = ([k, v]: [string, string]) => `${k}=${v}`;
const clip = (s: string, n = 160) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** `only ours: [...]; only v3: [...]`, or undefined when the multisets are equal. */
function multisetDiff(a: string[], b: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const x of a) counts.set(x, (counts.get(x) ?? 0) + 1);
  for (const x of b) counts.set(x, (counts.get(x) ?? 0) - 1);
  const onlyA: string[] = [];
  const onlyB: string[] = [];
  for (const [x, n] of counts) {
    for (let i = 0; i < n; i++) onlyA.push(x);
    for (let i = 0; i < -n; i++) onlyB.push(x);
  }
  if (!onlyA.length && !onlyB.length) return undefined;
  return [onlyA.length ? `only ours: ${onlyA.map((x) => clip(x)).join(" | ")}` : "", onlyB.length ? `only v3: ${onlyB.map((x) => clip(x)).join(" | ")}` : ""]
    .filter(Boolean)
    .join("; ");
}

function bodyKind(ct: string, v3Body: Uint8Array): "json" | "form" | "xml" | "bytes" {
  if (ct === "application/json" || /^application\/x-amz-json-1\.[01]$/.test(ct) || ct.endsWith("+json")) return "json";
  if (ct === "application/x-www-form-urlencoded") return "form";
  if (ct === "application/xml" || ct === "text/xml" || (ct === "" && Buffer.from(v3Body).toString("utf8").trimStart().startsWith("<"))) return "xml";
  return "bytes";
}

/** A description of how the bodies differ in meaning, or undefined when they mean the same. */
function semanticBodyDiff(ct: string, ours: Uint8Array, v3: Uint8Array): string | undefined {
  const a = Buffer.from(ours).toString("utf8");
  const b = Buffer.from(v3).toString("utf8");
  const kind = bodyKind(ct, v3);
  const raw = () => `(${kind}) ours ${JSON.stringify(clip(a, 400))}, v3 ${JSON.stringify(clip(b, 400))}`;
  try {
    switch (kind) {
      case "json": {
        if (!a || !b) return raw();
        const ja = JSON.parse(a);
        const jb = JSON.parse(b);
        if (isDeepStrictEqual(ja, jb)) return undefined;
        return `(json) ${jsonDiff(ja, jb, "$").slice(0, 8).join("; ")}`;
      }
      case "form": {
        const pa = [...new URLSearchParams(a)].map(pairKey);
        const pb = [...new URLSearchParams(b)].map(pairKey);
        const md = multisetDiff(pa, pb);
        return md ? `(form) ${md}` : undefined;
      }
      case "xml": {
        if (!a.trim() || !b.trim()) return raw();
        const xa = canonicalXml(a);
        const xb = canonicalXml(b);
        return xa === xb ? undefined : `(xml) ours ${clip(xa, 600)}\n      v3   ${clip(xb, 600)}`;
      }
      default:
        return `(${ct || "no content-type"}) bytes differ: ours ${ours.byteLength} bytes ${JSON.stringify(clip(a, 200))}, v3 ${v3.byteLength} bytes ${JSON.stringify(clip(b, 200))}`;
    }
  } catch (e) {
    return `${raw()}: ${(e as Error).message}`;
  }
}

function jsonDiff(a: unknown, b: unknown, at: string): string[] {
  if (isDeepStrictEqual(a, b)) return [];
  if (a && b && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b)) {
    const out: string[] = [];
    const ka = Object.keys(a as object);
    const kb = Object.keys(b as object);
    for (const k of new Set([...ka, ...kb])) {
      const p = Array.isArray(a) ? `${at}[${k}]` : `${at}.${k}`;
      if (!(k in (a as object))) out.push(`${p}: only v3 ${clip(JSON.stringify((b as any)[k]))}`);
      else if (!(k in (b as object))) out.push(`${p}: only ours ${clip(JSON.stringify((a as any)[k]))}`);
      else out.push(...jsonDiff((a as any)[k], (b as any)[k], p));
    }
    return out;
  }
  return [`${at}: ours ${clip(JSON.stringify(a))}, v3 ${clip(JSON.stringify(b))}`];
}

/**
 * A canonical text of an XML document: the XML declaration dropped, attributes (namespace declarations
 * included) sorted, whitespace-only text between elements dropped, text unescaped then re-escaped one way,
 * and child elements sorted by name, stably: in restXml a structure's members are told apart by element
 * name and their order carries no meaning (v3 writes required members first, we write them in model
 * order), while the order of same-named elements (list entries, flattened or wrapped) is kept.
 * Text inside leaf elements is kept exactly (after the parser's own end-of-line normalisation, which is
 * what a server sees too).
 */
export function canonicalXml(xml: string): string {
  type El = { name: string; attrs: [string, string][]; kids: (El | string)[] };
  const parser = new SaxesParser({ position: false });
  const stack: El[] = [];
  let root: El | undefined;
  parser.on("opentag", (t) => {
    const el: El = { name: t.name, attrs: Object.entries(t.attributes as Record<string, string>).sort(), kids: [] };
    if (stack.length) stack[stack.length - 1].kids.push(el);
    else root = el;
    stack.push(el);
  });
  const text = (s: string) => {
    if (stack.length) stack[stack.length - 1].kids.push(s);
  };
  parser.on("text", text);
  parser.on("cdata", text);
  parser.on("closetag", () => void stack.pop());
  parser.write(xml).close();
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#13;").replace(/"/g, "&quot;");
  const render = (el: El): string => {
    // merge adjacent text, drop whitespace-only text when the element has child elements
    const kids: (El | string)[] = [];
    for (const k of el.kids) {
      if (typeof k === "string" && typeof kids[kids.length - 1] === "string") kids[kids.length - 1] += k;
      else kids.push(k);
    }
    const hasEl = kids.some((k) => typeof k !== "string");
    const kept = kids.filter((k) => !(hasEl && typeof k === "string" && k.trim() === ""));
    const onlyEls = kept.every((k) => typeof k !== "string");
    const ordered = onlyEls ? [...(kept as El[])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) : kept;
    const inner = ordered.map((k) => (typeof k === "string" ? esc(k) : render(k))).join("");
    const attrs = el.attrs.map(([k, v]) => ` ${k}="${esc(v)}"`).join("");
    return `<${el.name}${attrs}>${inner}</${el.name}>`;
  };
  if (!root) throw new Error("no root element");
  return render(root);
}
