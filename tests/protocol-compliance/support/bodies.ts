/**
 * Body comparison by media type: JSON, XML, form-urlencoded and CBOR semantically, anything else
 * byte for byte. Each returns a list of differences (empty when equal). The decoders here are the
 * runner's own, so a runtime codec bug cannot hide behind the same bug in the comparison.
 */
import { diff } from "./values.js";

export function compareBody(mediaType: string | undefined, expected: string, actual: Uint8Array): string[] {
  const media = (mediaType ?? "").toLowerCase();
  const actualText = Buffer.from(actual).toString("utf8");
  if (media.includes("json")) {
    if (expected.trim() === "" || actualText.trim() === "") {
      return expected.trim() === actualText.trim() ? [] : [`body: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actualText)}`];
    }
    let a: unknown;
    try {
      a = JSON.parse(actualText);
    } catch {
      return [`body is not JSON: ${JSON.stringify(actualText.slice(0, 200))}`];
    }
    return diff(JSON.parse(expected), a, "body");
  }
  if (media.includes("xml")) {
    if (expected.trim() === "" || actualText.trim() === "") {
      return expected.trim() === actualText.trim() ? [] : [`body: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actualText.slice(0, 300))}`];
    }
    try {
      return diff(parseXml(expected), parseXml(actualText), "body");
    } catch (e) {
      return [`body is not XML (${(e as Error).message}): ${JSON.stringify(actualText.slice(0, 200))}`];
    }
  }
  if (media.includes("x-www-form-urlencoded")) {
    return diff(formPairs(expected), formPairs(actualText), "body");
  }
  if (media.includes("cbor")) {
    const exp = Buffer.from(expected, "base64");
    if (exp.length === 0 || actual.length === 0) return exp.length === actual.length ? [] : [`body: expected ${exp.length} CBOR bytes, got ${actual.length}`];
    try {
      return diff(decodeCbor(new Uint8Array(exp)), decodeCbor(actual), "body");
    } catch (e) {
      return [`body is not CBOR: ${(e as Error).message}`];
    }
  }
  return expected === actualText ? [] : [`body: expected ${JSON.stringify(expected.slice(0, 300))}, got ${JSON.stringify(actualText.slice(0, 300))}`];
}

// ---- form-urlencoded ---------------------------------------------------------------------------

function formPairs(text: string): string[] {
  const s = text.replace(/\s*\n\s*/g, "").trim();
  if (!s) return [];
  return s
    .split("&")
    .map((p) => {
      const i = p.indexOf("=");
      const dec = (x: string) => decodeURIComponent(x.replace(/\+/g, " "));
      return i < 0 ? `${dec(p)}=` : `${dec(p.slice(0, i))}=${dec(p.slice(i + 1))}`;
    })
    .sort();
}

// ---- XML -----------------------------------------------------------------------------------------

interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, e: string) => {
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" }[e]!;
  });
}

/** A small XML parser: elements, attributes, text, CDATA; declarations and comments are skipped. */
export function parseXml(src: string): XmlNode {
  let i = 0;
  const root: XmlNode = { name: "#document", attrs: {}, children: [], text: "" };
  const stack: XmlNode[] = [root];
  while (i < src.length) {
    const lt = src.indexOf("<", i);
    const top = stack[stack.length - 1];
    if (lt < 0) {
      top.text += decodeEntities(src.slice(i));
      break;
    }
    if (lt > i) top.text += decodeEntities(src.slice(i, lt));
    if (src.startsWith("<?", lt)) {
      i = src.indexOf("?>", lt) + 2;
    } else if (src.startsWith("<!--", lt)) {
      i = src.indexOf("-->", lt) + 3;
    } else if (src.startsWith("<![CDATA[", lt)) {
      const end = src.indexOf("]]>", lt);
      top.text += src.slice(lt + 9, end);
      i = end + 3;
    } else if (src[lt + 1] === "/") {
      const gt = src.indexOf(">", lt);
      const name = src.slice(lt + 2, gt).trim();
      const node = stack.pop()!;
      if (node.name !== name) throw new Error(`</${name}> closes <${node.name}>`);
      i = gt + 1;
    } else {
      const gt = findTagEnd(src, lt);
      let inner = src.slice(lt + 1, gt);
      const selfClosing = inner.endsWith("/");
      if (selfClosing) inner = inner.slice(0, -1);
      const m = /^([^\s/>]+)/.exec(inner);
      if (!m) throw new Error(`bad tag at ${lt}`);
      const node: XmlNode = { name: m[1], attrs: {}, children: [], text: "" };
      const attrRe = /([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
      let a: RegExpExecArray | null;
      const rest = inner.slice(m[1].length);
      while ((a = attrRe.exec(rest))) node.attrs[a[1]] = decodeEntities(a[3] ?? a[4] ?? "");
      top.children.push(node);
      if (!selfClosing) stack.push(node);
      i = gt + 1;
    }
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  const norm = (n: XmlNode): XmlNode => ({
    name: n.name,
    attrs: n.attrs,
    // siblings of different names may come in any order (a structure's members; Smithy's XML
    // comparison is by name, as XMLUnit's byName matcher): a stable sort by name keeps the order
    // that matters, of same-named siblings (list items, flattened members)
    children: n.children.map(norm).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    // whitespace between elements is formatting, not content
    text: n.children.length ? n.text.trim() : n.text,
  });
  const doc = norm(root);
  if (doc.children.length !== 1) throw new Error(`expected one root element, got ${doc.children.length}`);
  return doc.children[0];
}

function findTagEnd(src: string, from: number): number {
  let q: string | undefined;
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (q) {
      if (c === q) q = undefined;
    } else if (c === '"' || c === "'") q = c;
    else if (c === ">") return i;
  }
  throw new Error("unterminated tag");
}

// ---- CBOR ----------------------------------------------------------------------------------------

/** Decodes one CBOR item; maps become objects with keys sorted, tags `{ $tag, value }`. */
export function decodeCbor(bytes: Uint8Array): unknown {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = 0;
  const BREAK = Symbol("break");
  const arg = (info: number): number | bigint => {
    if (info < 24) return info;
    if (info === 24) return dv.getUint8(p++);
    if (info === 25) return (p += 2), dv.getUint16(p - 2);
    if (info === 26) return (p += 4), dv.getUint32(p - 4);
    if (info === 27) {
      const v = dv.getBigUint64(p);
      p += 8;
      return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
    }
    throw new Error(`bad additional info ${info}`);
  };
  const item = (): unknown => {
    const b = dv.getUint8(p++);
    const major = b >> 5;
    const info = b & 31;
    if (major === 7) {
      if (info === 20) return false;
      if (info === 21) return true;
      if (info === 22) return null;
      if (info === 23) return undefined;
      if (info === 25) return (p += 2), half(dv.getUint16(p - 2));
      if (info === 26) return (p += 4), dv.getFloat32(p - 4);
      if (info === 27) return (p += 8), dv.getFloat64(p - 8);
      if (info === 31) return BREAK;
      if (info < 24) return { $simple: info };
      return { $simple: dv.getUint8(p++) };
    }
    const indefinite = info === 31;
    const n = indefinite ? -1 : arg(info);
    switch (major) {
      case 0:
        return n;
      case 1:
        return typeof n === "bigint" ? -1n - n : -1 - n;
      case 2:
      case 3: {
        const chunks: Uint8Array[] = [];
        if (indefinite) {
          for (;;) {
            const c = item();
            if (c === BREAK) break;
            chunks.push(typeof c === "string" ? new Uint8Array(Buffer.from(c, "utf8")) : (c as Uint8Array));
          }
        } else {
          chunks.push(bytes.subarray(p, p + Number(n)));
          p += Number(n);
        }
        const all = new Uint8Array(Buffer.concat(chunks));
        return major === 2 ? all : Buffer.from(all).toString("utf8");
      }
      case 4: {
        const out: unknown[] = [];
        for (let k = 0; indefinite || k < Number(n); k++) {
          const v = item();
          if (v === BREAK) break;
          out.push(v);
        }
        return out;
      }
      case 5: {
        const entries: [string, unknown][] = [];
        for (let k = 0; indefinite || k < Number(n); k++) {
          const key = item();
          if (key === BREAK) break;
          entries.push([String(key), item()]);
        }
        entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        return Object.fromEntries(entries);
      }
      case 6:
        return { $tag: Number(n), value: item() };
    }
    throw new Error(`bad major type ${major}`);
  };
  const v = item();
  return v;
}

function half(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}
