/**
 * Conversion of the HTML found in `smithy.api#documentation` traits into
 * Markdown-flavoured TSDoc text, plus helpers that wrap such text in a
 * `/** ... *\/` block and extract a one-line summary.
 *
 * The converter is a single forward pass over the input: a hand-written tag
 * scanner feeding a small line-oriented Markdown writer. It never throws on
 * malformed input (unclosed tags, stray `<`, unbalanced closes) and never
 * produces the character sequence that would terminate a block comment.
 */

// ---------------------------------------------------------------------------
// Tag table
// ---------------------------------------------------------------------------

/** How a tag is rendered. */
type TagKind =
  | "para" // block: paragraph
  | "list" // ul / ol
  | "li"
  | "dl"
  | "dt"
  | "dd"
  | "heading"
  | "pre" // raw, fenced
  | "code" // inline code span
  | "bold"
  | "italic"
  | "link"
  | "callout" // <note>, <important>, ...
  | "drop" // element and its content removed
  | "br"
  | "hr"
  | "table"
  | "tr"
  | "cell"
  | "inline"; // transparent: tag removed, content kept

interface TagInfo {
  kind: TagKind;
  /**
   * The name is not an HTML element (AWS/DocBook-specific or a `<placeholder>`
   * such as `arn:aws:s3:<region>`): only treat an opening tag as markup when a
   * matching closing tag follows; otherwise it is literal text.
   */
  needsClose: boolean;
  /** Label for callouts. */
  label?: string;
}

const TAGS = new Map<string, TagInfo>();
function def(kind: TagKind, needsClose: boolean, names: string, label?: string): void {
  for (const n of names.split(" ")) TAGS.set(n, { kind, needsClose, label });
}
def("para", false, "p div section article header footer main aside nav figure figcaption address center blockquote summary details");
def("para", true, "example examples name description para simpara");
def("list", false, "ul ol dir menu");
def("li", false, "li");
def("dl", false, "dl");
def("dt", false, "dt");
def("dd", false, "dd");
def("heading", false, "h1 h2 h3 h4 h5 h6");
def("pre", false, "pre xmp listing");
def("pre", true, "request response programlisting screen");
def("code", false, "code tt kbd samp");
def("code", true, "literal userinput computeroutput filename varname command parameter");
def("bold", false, "b strong");
def("italic", false, "i em cite dfn var");
def("italic", true, "replaceable emphasis");
def("link", false, "a");
def("link", true, "ulink");
def("callout", true, "note", "Note");
def("callout", true, "important", "Important");
def("callout", true, "warning", "Warning");
def("callout", true, "caution", "Caution");
def("callout", true, "tip", "Tip");
def("drop", false, "script style template head");
def("drop", true, "fullname");
def("br", false, "br");
def("hr", false, "hr");
def("table", false, "table");
def("tr", false, "tr");
def("cell", false, "td th");
def("inline", false, "span u ins del s strike sup sub small big mark abbr acronym q font label nobr bdi bdo time img wbr thead tbody tfoot caption colgroup col html body");

// ---------------------------------------------------------------------------
// Entities
// ---------------------------------------------------------------------------

const NAMED_ENTITIES: Record<string, string> = {
  lt: "<", gt: ">", amp: "&", quot: '"', apos: "'", nbsp: " ",
  copy: "©", reg: "®", trade: "™", hellip: "…", mdash: "—", ndash: "–",
  lsquo: "‘", rsquo: "’", ldquo: "“", rdquo: "”", sbquo: "‚", bdquo: "„",
  laquo: "«", raquo: "»", bull: "•", middot: "·", times: "×", divide: "÷",
  deg: "°", plusmn: "±", micro: "µ", para: "¶", sect: "§", euro: "€",
  pound: "£", yen: "¥", cent: "¢", larr: "←", rarr: "→", uarr: "↑", darr: "↓",
  harr: "↔", le: "≤", ge: "≥", ne: "≠", asymp: "≈", infin: "∞", minus: "−",
  prime: "′", Prime: "″", shy: "", zwsp: "", ensp: " ", emsp: " ", thinsp: " ",
  iexcl: "¡", iquest: "¿", eacute: "é", Eacute: "É", egrave: "è", agrave: "à",
  aacute: "á", iacute: "í", oacute: "ó", uacute: "ú", ntilde: "ñ", ccedil: "ç",
  auml: "ä", ouml: "ö", uuml: "ü", Auml: "Ä", Ouml: "Ö", Uuml: "Ü", szlig: "ß",
  check: "✓", hyphen: "‐", lowbar: "_", ast: "*", sol: "/", bsol: "\\",
  grave: "`", lbrack: "[", rbrack: "]", lbrace: "{", rbrace: "}", vert: "|",
  verbar: "|", colon: ":", semi: ";", comma: ",", period: ".", excl: "!",
  quest: "?", num: "#", dollar: "$", percnt: "%", commat: "@", equals: "=",
  plus: "+", lpar: "(", rpar: ")", tilde: "~", Hat: "^",
};

const ENTITY_RE = /&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g;

function entityReplace(m: string, dec: string | undefined, hex: string | undefined, name: string | undefined): string {
  if (name !== undefined) {
    return Object.prototype.hasOwnProperty.call(NAMED_ENTITIES, name) ? NAMED_ENTITIES[name]! : m;
  }
  const cp = dec !== undefined ? parseInt(dec, 10) : parseInt(hex!, 16);
  if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return "\uFFFD";
  if (cp === 0xa0) return " ";
  return String.fromCodePoint(cp);
}

/** Decodes HTML character references (named subset, decimal, hex). Unknown references are left alone. */
export function decodeEntities(s: string): string {
  return s.indexOf("&") < 0 ? s : s.replace(ENTITY_RE, entityReplace);
}

// ---------------------------------------------------------------------------
// Character helpers
// ---------------------------------------------------------------------------

function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 12;
}
function isAlpha(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c > 127;
}
function isAsciiPunct(c: number): boolean {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}
function isNameChar(c: number): boolean {
  return c < 128 && (CLASS[c]! & C_NAME) !== 0;
}

const WS_RUN = /[ \t\n\r\f\v\u0085\u2028\u2029]+/g;

// Character classes for the ASCII range.
const C_WS = 1; // HTML whitespace (plus \v)
const C_SPECIAL = 2; // may need escaping in prose (see `Converter.escape`)
const C_NAME = 4; // tag-name character
const CLASS = new Uint8Array(128);
for (const ch of " \t\n\r\f\v") CLASS[ch.charCodeAt(0)]! |= C_WS;
for (const ch of "`*\\<@_&]|") CLASS[ch.charCodeAt(0)]! |= C_SPECIAL;
for (let c = 0; c < 128; c++) if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 95 || c === 58 || c === 46) CLASS[c]! |= C_NAME;

function isWsX(c: number): boolean {
  return c < 128 ? (CLASS[c]! & C_WS) !== 0 : c === 0x85 || c === 0x2028 || c === 0x2029;
}

// Side results of `collapse` (avoids allocating a result object per call).
let collapseLead = false;
let collapseTrail = false;
let collapseSpecial = false;

/**
 * HTML whitespace collapsing of `s[from, to)`: runs of whitespace become one
 * space; the result is trimmed, with `collapseLead`/`collapseTrail` telling
 * whether whitespace was trimmed and `collapseSpecial` whether any character
 * that may need escaping occurs.
 */
function collapse(s: string, from: number, to: number): string {
  let out = "";
  let rs = -1;
  let sp = false;
  let lead = false;
  let special = false;
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k);
    const cls = c < 128 ? CLASS[c]! : c === 0x85 || c === 0x2028 || c === 0x2029 ? C_WS : 0;
    if (cls === 0) {
      if (rs < 0) {
        if (sp && out !== "") out += " ";
        sp = false;
        rs = k;
      }
    } else if ((cls & C_WS) !== 0) {
      if (c === 32 && rs >= 0 && k + 1 < to && !isWsX(s.charCodeAt(k + 1))) continue; // single inner space
      if (rs >= 0) {
        out += s.slice(rs, k);
        rs = -1;
      } else if (out === "") lead = true;
      sp = true;
    } else {
      if (rs < 0) {
        if (sp && out !== "") out += " ";
        sp = false;
        rs = k;
      }
      if ((cls & C_SPECIAL) !== 0) special = true;
    }
  }
  if (rs >= 0) {
    out += rs === from && to === s.length && from === 0 ? s : s.slice(rs, to);
    sp = false;
  }
  collapseLead = lead;
  collapseTrail = sp && out !== "";
  collapseSpecial = special;
  return out;
}
const MAX_TAG_LEN = 2048;
const MAX_LIST_DEPTH = 8;

/** Longest run of consecutive backticks in `s`. */
function maxBacktickRun(s: string): number {
  let max = 0;
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) === 96) {
      run++;
      if (run > max) max = run;
    } else run = 0;
  }
  return max;
}

/** Renders `s` as a Markdown code span, choosing a delimiter longer than any backtick run inside. */
function codeSpan(s: string): string {
  if (s.indexOf("`") < 0) return "`" + s + "`";
  const fence = "`".repeat(maxBacktickRun(s) + 1);
  const pad = s.charCodeAt(0) === 96 || s.charCodeAt(s.length - 1) === 96 || (s.charCodeAt(0) === 32 && s.charCodeAt(s.length - 1) === 32) ? " " : "";
  return fence + pad + s + pad + fence;
}

/** Only absolute links survive; relative/fragment links render as their text. */
function cleanUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const u = decodeEntities(raw).trim();
  if (!/^(?:https?:\/\/|mailto:)\S/i.test(u)) return undefined;
  // Keep the destination a single Markdown token and comment-safe.
  return u.replace(/[\s()<>*`]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0"));
}

const HREF_RE = /(?:^|[\s"'])(href|url)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;

function hrefOf(attrs: string): string | undefined {
  const m = HREF_RE.exec(attrs);
  if (!m) return undefined;
  return m[2] ?? m[3] ?? m[4];
}

// ---------------------------------------------------------------------------
// Converter
// ---------------------------------------------------------------------------

interface ListCtx {
  ordered: boolean;
  n: number;
  base: string;
  started: boolean;
}

interface InlineCtx {
  tag: string;
  open: string;
  close: string;
  emitted: boolean;
}

class Converter {
  private readonly src: string;
  private textFrom = 0;
  private readonly lines: string[] = [];
  private cur = "";
  private lineOpen = false;
  private atLineStart = false;
  private brk = 0;
  private space = false;
  private absorb = false;
  private indent = "";
  private marker = "";
  private prefix = "";
  private brLine = -1;
  private readonly lists: ListCtx[] = [];
  private readonly inl: InlineCtx[] = [];
  // inline code capture
  private codeDepth = 0;
  private codeBuf = "";
  private codeUrl: string | undefined;
  // tables
  private cellDepth = 0;
  private cellOpen = false;
  private cellStart = false;
  private rowCells = 0;
  private rowIndex = 0;
  private tableDepth = 0;
  // open counts of needsClose / unknown tags that were treated as markup
  private opened: Map<string, number> | undefined;
  private lastDq = -2;
  private nextAmp = -1;
  private attrStart = 0;
  private attrEnd = 0;
  private closeCache: Map<string, number> | undefined;
  private lastSq = -2;

  constructor(src: string) {
    this.src = src;
  }

  run(): string {
    const s = this.src;
    const n = s.length;
    let i = 0;
    while (i < n) {
      const lt = s.indexOf("<", i);
      if (lt < 0) break;
      const next = this.tag(lt);
      // A '<' that does not start a tag stays in the pending text run.
      if (next < 0) i = lt + 1;
      else i = this.textFrom = next;
    }
    this.flushText(n);
    this.finish();
    let out = this.lines.join("\n");
    if (out.indexOf("*/") >= 0) out = out.replaceAll("*/", "*\\/");
    return out;
  }

  // ----- tag scanning ------------------------------------------------------

  private flushText(to: number): void {
    if (to > this.textFrom) this.text(this.textFrom, to);
    this.textFrom = to;
  }

  /** Tries to parse and handle a tag at `lt`; returns the index after it, or -1 if it is text. */
  private tag(lt: number): number {
    const s = this.src;
    const n = s.length;
    let k = lt + 1;
    if (k >= n) return -1;
    let c = s.charCodeAt(k);
    if (c === 33 /* ! */) {
      if (s.startsWith("<!--", lt)) {
        const e = s.indexOf("-->", lt + 4);
        if (e < 0) return -1;
        this.flushText(lt);
        return e + 3;
      }
      const e = s.indexOf(">", lt);
      if (e < 0 || e - lt > MAX_TAG_LEN) return -1;
      this.flushText(lt);
      return e + 1;
    }
    let closing = false;
    if (c === 47 /* / */) {
      closing = true;
      k++;
      c = k < n ? s.charCodeAt(k) : 0;
    }
    if (!isAlpha(c)) return -1;
    const nameStart = k;
    let upper = false;
    while (k < n) {
      const d = s.charCodeAt(k);
      if (!isNameChar(d)) break;
      if (d <= 90 && d >= 65) upper = true;
      k++;
    }
    const rawName = s.slice(nameStart, k);
    // attributes
    const attrStart = k;
    let selfClose = false;
    if (k < n) {
      c = s.charCodeAt(k);
      if (c !== 62 && c !== 47 && !isWs(c)) return -1;
    }
    for (;;) {
      if (k >= n || k - lt > MAX_TAG_LEN) return -1;
      c = s.charCodeAt(k);
      if (c === 62 /* > */) break;
      if (c === 60 /* < */) return -1;
      if (c === 61 /* = */) {
        k++;
        while (k < n && isWs(s.charCodeAt(k))) k++;
        if (k >= n) return -1;
        const q = s.charCodeAt(k);
        if (q === 34 || q === 39) {
          const e = this.findQuote(q, k + 1);
          if (e < 0 || e - lt > MAX_TAG_LEN) return -1;
          k = e + 1;
        }
        continue;
      }
      if (c === 47 && k + 1 < n && s.charCodeAt(k + 1) === 62) selfClose = true;
      k++;
    }
    const tagEnd = k + 1;
    const name = upper ? rawName.toLowerCase() : rawName;
    this.flushText(lt);
    this.attrStart = attrStart;
    this.attrEnd = k;
    return this.handle(name, rawName, closing, selfClose, lt, tagEnd);
  }

  private findQuote(q: number, from: number): number {
    const s = this.src;
    if (q === 34) {
      if (this.lastDq === -2) this.lastDq = s.lastIndexOf('"');
      if (from > this.lastDq) return -1;
      return s.indexOf('"', from);
    }
    if (this.lastSq === -2) this.lastSq = s.lastIndexOf("'");
    if (from > this.lastSq) return -1;
    return s.indexOf("'", from);
  }

  /**
   * Start of the next `</name` at or after `from`, or -1. Results are cached
   * per name (positions only move forward), which keeps many unclosed
   * placeholders such as `<region>` linear.
   */
  private nextClose(rawName: string, name: string, from: number): number {
    const cache = (this.closeCache ??= new Map());
    const hit = cache.get(name);
    if (hit !== undefined && (hit === -1 || hit >= from)) return hit;
    let p = this.closeAt(rawName, from);
    if (rawName !== name) {
      const q = this.closeAt(name, from);
      if (p < 0 || (q >= 0 && q < p)) p = q;
    }
    const up = name.toUpperCase();
    if (up !== rawName && up !== name) {
      const q = this.closeAt(up, from);
      if (p < 0 || (q >= 0 && q < p)) p = q;
    }
    cache.set(name, p);
    return p;
  }

  /** Next `</name` (exact case) not followed by another name character (`</p` is not `</pre`). */
  private closeAt(name: string, from: number): number {
    const s = this.src;
    const needle = "</" + name;
    for (;;) {
      const p = s.indexOf(needle, from);
      if (p < 0 || !isNameChar(s.charCodeAt(p + needle.length))) return p;
      from = p + needle.length;
    }
  }

  private hasClose(rawName: string, name: string, from: number): boolean {
    return this.nextClose(rawName, name, from) >= 0;
  }

  /** Finds the closing tag `</name ...>` from `from`; returns [start, end] or undefined. */
  private findClose(rawName: string, name: string, from: number): [number, number] | undefined {
    const p = this.nextClose(rawName, name, from);
    if (p < 0) return undefined;
    const e = this.src.indexOf(">", p);
    return e < 0 ? undefined : [p, e + 1];
  }

  private bump(name: string, d: number): boolean {
    const m = (this.opened ??= new Map());
    const v = m.get(name) ?? 0;
    if (d < 0 && v <= 0) return false;
    m.set(name, v + d);
    return true;
  }

  private literalTag(lt: number, end: number): number {
    this.text(lt, end);
    return end;
  }

  /** Attribute text of the tag being handled. */
  private attrs(): string {
    return this.src.slice(this.attrStart, this.attrEnd);
  }

  private handle(name: string, rawName: string, closing: boolean, selfClose: boolean, lt: number, end: number): number {
    const info = TAGS.get(name);
    if (info === undefined || info.needsClose) {
      // Placeholders like <region> or <account-id> are text unless closed later.
      if (closing) {
        if (!this.bump(name, -1)) return this.literalTag(lt, end);
        if (info === undefined) return end;
      } else {
        if (selfClose && info === undefined) return end;
        if (!this.hasClose(rawName, name, end)) return this.literalTag(lt, end);
        if (info === undefined) {
          this.bump(name, 1);
          return end;
        }
        // raw-content elements consume their closing tag themselves
        if (info.kind !== "pre" && info.kind !== "drop") this.bump(name, 1);
      }
    }
    if (info === undefined) return end;
    const kind = info.kind;

    // Inside an inline code span only a few things matter.
    if (this.codeDepth > 0) {
      if (kind === "code") {
        if (closing) {
          if (--this.codeDepth === 0) this.finishCode();
        } else this.codeDepth++;
        return end;
      }
      if (kind === "link" && !closing) {
        if (this.codeBuf.trim() === "") this.codeUrl = cleanUrl(hrefOf(this.attrs()));
        return end;
      }
      if (kind === "inline" || kind === "bold" || kind === "italic" || kind === "link") return end;
      if (kind === "br") {
        this.codeBuf += " ";
        return end;
      }
      // A block-level tag ends an unclosed code span.
      this.codeDepth = 0;
      this.finishCode();
    }

    switch (kind) {
      case "inline":
        return end;
      case "para":
        if (this.cellDepth > 0) {
          this.softBreak();
          return end;
        }
        if (closing && this.lists.length > 0 && !this.absorb) this.block(1);
        else this.block(2);
        return end;
      case "br":
        this.lineBreak();
        return end;
      case "hr":
        this.block(2);
        this.rawLine("---");
        this.block(2);
        return end;
      case "code":
        if (!closing) {
          this.codeDepth = 1;
          this.codeBuf = "";
          this.codeUrl = undefined;
        }
        return end;
      case "bold":
      case "italic":
        if (closing) this.popInline(name);
        else {
          const m = kind === "bold" ? "**" : "_";
          this.inl.push({ tag: name, open: m, close: m, emitted: false });
        }
        return end;
      case "link":
        if (closing) this.popInline(name);
        else if (!this.inl.some((x) => x.tag === "a" || x.tag === "ulink")) {
          const url = cleanUrl(hrefOf(this.attrs()));
          if (url !== undefined) this.inl.push({ tag: name, open: "[", close: "](" + url + ")", emitted: false });
        }
        return end;
      case "heading":
      case "dt":
        if (this.cellDepth > 0) {
          this.softBreak();
          return end;
        }
        this.block(2);
        if (!closing) this.inl.push({ tag: name, open: "**", close: "**", emitted: false });
        return end;
      case "dd":
      case "dl":
        if (this.cellDepth === 0) this.block(2);
        else this.softBreak();
        return end;
      case "callout":
        if (this.cellDepth > 0) {
          this.softBreak();
          return end;
        }
        this.block(2);
        if (!closing) {
          this.prefix = "**" + info.label! + ":** ";
          this.absorb = true;
        } else {
          this.prefix = "";
          this.absorb = false;
        }
        return end;
      case "list":
        return this.list(name, closing, end);
      case "li":
        return this.item(closing, end);
      case "pre":
        return this.pre(rawName, name, closing, end);
      case "drop": {
        if (closing) return end;
        const c = this.findClose(rawName, name, end);
        return c === undefined ? this.src.length : c[1];
      }
      case "table":
        if (closing) {
          if (this.tableDepth > 0) {
            this.endRow();
            this.tableDepth--;
            if (this.tableDepth === 0) this.block(2);
          }
        } else {
          if (this.tableDepth === 0) {
            this.block(2);
            this.rowIndex = 0;
          }
          this.tableDepth++;
        }
        return end;
      case "tr":
        if (this.tableDepth === 0) {
          this.block(1);
          return end;
        }
        this.endRow();
        return end;
      case "cell":
        if (this.tableDepth === 0) {
          if (!closing) this.softBreak();
          return end;
        }
        if (closing) {
          this.endCell();
          return end;
        }
        this.endCell();
        this.beginCell();
        return end;
    }
    return end;
  }

  // ----- lists -------------------------------------------------------------

  private list(name: string, closing: boolean, end: number): number {
    if (this.cellDepth > 0) {
      this.softBreak();
      return end;
    }
    if (closing) {
      const l = this.lists.pop();
      if (l !== undefined) {
        this.marker = "";
        this.prefix = "";
        this.absorb = false;
        this.block(this.lists.length === 0 ? 2 : 1);
        this.indent = l.base;
        // text following a nested list inside an item is a new paragraph of that item
        if (this.lists.length > 0) this.brk = 2;
      }
      return end;
    }
    this.flushPrefix();
    if (this.marker !== "") {
      // a list as the first content of an item: give the outer marker its own line
      this.openLine();
      this.endLine();
      this.brk = 1;
    }
    this.block(this.lists.length === 0 ? 2 : 1);
    // Indentation stops growing past a sane depth (keeps output linear in the input).
    const base = this.lists.length < MAX_LIST_DEPTH ? this.indent : this.lists[this.lists.length - 1]!.base;
    this.lists.push({ ordered: name === "ol", n: 0, base, started: false });
    return end;
  }

  private item(closing: boolean, end: number): number {
    if (this.cellDepth > 0) {
      this.softBreak();
      return end;
    }
    if (closing) {
      const l = this.lists[this.lists.length - 1];
      this.block(1);
      if (l !== undefined) this.indent = l.base;
      this.marker = "";
      this.prefix = "";
      this.absorb = false;
      return end;
    }
    let l = this.lists[this.lists.length - 1];
    if (l === undefined) {
      // <li> without a list: behave as if inside <ul>
      this.block(2);
      l = { ordered: false, n: 0, base: this.indent, started: false };
      this.lists.push(l);
    }
    this.absorb = false;
    this.prefix = "";
    this.block(1);
    if (l.started && this.lines.length > 0) this.brk = 1;
    l.started = true;
    l.n++;
    const m = l.ordered ? l.n + ". " : "- ";
    this.marker = l.base + m;
    this.indent = l.base + " ".repeat(m.length);
    this.absorb = true;
    return end;
  }

  // ----- preformatted ------------------------------------------------------

  private pre(rawName: string, name: string, closing: boolean, end: number): number {
    if (closing) return end; // stray close
    const c = this.findClose(rawName, name, end);
    const innerEnd = c === undefined ? this.src.length : c[0];
    const after = c === undefined ? this.src.length : c[1];
    let body = stripTags(this.src.slice(end, innerEnd));
    body = decodeEntities(body).replace(/\r\n?|[\u2028\u2029\u0085]/g, "\n").replace(/[\t\v\f]/g, "    ");
    const raw = body.split("\n").map((l) => l.trimEnd());
    let a = 0;
    let b = raw.length;
    while (a < b && raw[a] === "") a++;
    while (b > a && raw[b - 1] === "") b--;
    if (a === b) return after;
    let common = Infinity;
    for (let j = a; j < b; j++) {
      const l = raw[j]!;
      if (l === "") continue;
      let w = 0;
      while (w < l.length && l.charCodeAt(w) === 32) w++;
      if (w < common) common = w;
    }
    const fence = "`".repeat(Math.max(3, maxBacktickRun(body) + 1));
    this.flushPrefix();
    this.block(2);
    this.rawLine(fence);
    for (let j = a; j < b; j++) {
      const l = raw[j]!;
      this.lines.push(l === "" ? "" : this.indent + l.slice(common));
    }
    this.lines.push(this.indent + fence);
    this.block(2);
    return after;
  }

  // ----- tables ------------------------------------------------------------

  private beginCell(): void {
    if (this.rowCells === 0) {
      this.block(1);
      this.openLine();
      this.cur += "|";
    }
    this.cur += " ";
    this.atLineStart = false;
    this.space = false;
    this.rowCells++;
    this.cellStart = true;
    this.cellOpen = true;
    this.cellDepth++;
  }

  private endCell(): void {
    if (!this.cellOpen) return;
    this.closeInline(true);
    if (this.codeDepth > 0) {
      this.codeDepth = 0;
      this.finishCode();
    }
    this.cur += " |";
    this.space = false;
    this.cellOpen = false;
    this.cellDepth--;
  }

  private endRow(): void {
    this.endCell();
    if (this.rowCells === 0) return;
    const cells = this.rowCells;
    this.rowCells = 0;
    this.lines.push(this.cur.trimEnd());
    this.lineOpen = false;
    if (this.rowIndex++ === 0) {
      this.lines.push(this.indent + "|" + " --- |".repeat(cells));
    }
    this.brk = 1;
  }

  // ----- writer ------------------------------------------------------------

  private openLine(): void {
    if (this.lineOpen) return;
    if (this.lines.length > 0 && this.brk >= 2) {
      this.stripBr();
      this.lines.push("");
    }
    if (this.marker !== "") {
      this.cur = this.marker;
      this.marker = "";
    } else this.cur = this.indent;
    if (this.prefix !== "") {
      this.cur += this.prefix;
      this.prefix = "";
      this.atLineStart = false;
    } else this.atLineStart = true;
    this.lineOpen = true;
    this.brk = 0;
    this.absorb = false;
    this.space = false;
  }

  /** Starts inline content: opens the line, writes pending space and deferred openers. */
  private beginContent(): void {
    if (!this.lineOpen) this.openLine();
    else if (this.space && !this.cellStart) {
      this.cur += " ";
      this.atLineStart = false;
    }
    this.space = false;
    this.cellStart = false;
    for (const x of this.inl) {
      if (!x.emitted) {
        this.cur += x.open;
        x.emitted = true;
        this.atLineStart = false;
      }
    }
  }

  private endLine(): void {
    if (!this.lineOpen) return;
    this.lines.push(this.cur.trimEnd());
    this.lineOpen = false;
    this.cur = "";
  }

  /** Closes emitted inline markers; `drop` forgets them (block boundary), otherwise they reopen. */
  private closeInline(drop: boolean): void {
    const inl = this.inl;
    for (let j = inl.length - 1; j >= 0; j--) {
      const x = inl[j]!;
      if (x.emitted) {
        this.cur += x.close;
        x.emitted = false;
      }
    }
    if (drop) inl.length = 0;
  }

  private popInline(name: string): void {
    const inl = this.inl;
    let j = inl.length - 1;
    while (j >= 0 && inl[j]!.tag !== name) j--;
    if (j < 0) return;
    for (let t = inl.length - 1; t >= j; t--) {
      const x = inl[t]!;
      if (x.emitted) this.cur += x.close;
    }
    inl.length = j;
  }

  private block(n: number): void {
    if (this.cellDepth > 0) {
      this.softBreak();
      return;
    }
    if (this.codeDepth > 0) {
      this.codeDepth = 0;
      this.finishCode();
    }
    this.closeInline(true);
    this.endLine();
    if (!this.absorb && n > this.brk) this.brk = n;
    this.space = false;
  }

  private softBreak(): void {
    if (this.lineOpen && !this.cellStart) this.space = true;
  }

  private stripBr(): void {
    if (this.brLine >= 0 && this.brLine === this.lines.length - 1) {
      const l = this.lines[this.brLine]!;
      if (l.endsWith("\\")) this.lines[this.brLine] = l.slice(0, -1).trimEnd();
    }
    this.brLine = -1;
  }

  private lineBreak(): void {
    if (this.cellDepth > 0) {
      this.softBreak();
      return;
    }
    if (this.codeDepth > 0) {
      this.codeBuf += " ";
      return;
    }
    if (this.lineOpen) {
      this.closeInline(false);
      this.cur += "\\";
      this.endLine();
      this.brLine = this.lines.length - 1;
      if (this.brk < 1) this.brk = 1;
    } else if (this.lines.length > 0 && !this.absorb) {
      // <br><br> or <br> at the start of a block: paragraph break
      this.stripBr();
      this.brk = 2;
    }
    this.space = false;
  }

  private flushPrefix(): void {
    if (this.prefix === "") return;
    this.beginContent();
    this.endLine();
    this.brk = 2;
  }

  private rawLine(s: string): void {
    this.openLine();
    this.cur += s;
    this.endLine();
  }

  private finishCode(): void {
    const raw = this.codeBuf;
    const url = this.codeUrl;
    this.codeBuf = "";
    this.codeUrl = undefined;
    const collapsed = raw.replace(WS_RUN, " ");
    const body = collapsed.trim();
    if (body === "") {
      if (collapsed.length > 0 && this.lineOpen) this.space = true;
      return;
    }
    if (collapsed.charCodeAt(0) === 32 && this.lineOpen) this.space = true;
    this.beginContent();
    let span = codeSpan(body);
    if (this.tableDepth > 0) span = span.replaceAll("|", "\\|");
    this.cur += url === undefined ? span : "[" + span + "](" + url + ")";
    this.atLineStart = false;
    this.space = collapsed.charCodeAt(collapsed.length - 1) === 32;
  }

  /** Character data `src[from, to)` (entities still encoded). */
  private text(from: number, to: number): void {
    let src = this.src;
    if (this.nextAmp < from) this.nextAmp = src.indexOf("&", from) >>> 0; // -1 -> 2^32-1
    if (this.nextAmp < to) {
      src = decodeEntities(src.slice(from, to));
      from = 0;
      to = src.length;
    }
    if (this.codeDepth > 0) {
      this.codeBuf += from === 0 && to === src.length ? src : src.slice(from, to);
      return;
    }
    const body = collapse(src, from, to);
    if (body === "") {
      if (collapseLead && this.lineOpen) this.space = true;
      return;
    }
    if (collapseLead && this.lineOpen) this.space = true;
    const special = collapseSpecial;
    const trail = collapseTrail;
    this.beginContent();
    const lineStart = this.atLineStart;
    if (!lineStart && !special) this.cur += body;
    else {
      // Only `@` and `_` look at the preceding character; avoid reading `cur` (a rope) otherwise.
      const c0 = body.charCodeAt(0);
      const cur = this.cur;
      const prev = (c0 === 64 || c0 === 95) && cur.length > 0 ? cur.charCodeAt(cur.length - 1) : 32;
      this.cur += this.escape(body, lineStart, prev, special);
    }
    this.atLineStart = false;
    this.space = trail;
  }

  /** Escapes Markdown/TSDoc-significant characters in prose. */
  private escape(s: string, lineStart: boolean, prevChar: number, special: boolean): string {
    let out = "";
    let last = 0;
    const n = s.length;
    const inTable = this.tableDepth > 0;
    if (lineStart) {
      const c0 = s.charCodeAt(0);
      let k = -1;
      if (c0 === 35 /* # */ || c0 === 62 /* > */ || c0 === 126 /* ~ */) k = 0;
      else if (c0 === 45 || c0 === 43 || c0 === 61 || c0 === 95) {
        let r = 1;
        while (r < n && s.charCodeAt(r) === c0) r++;
        if (r === n || s.charCodeAt(r) === 32) k = 0;
      } else if (c0 >= 48 && c0 <= 57) {
        let r = 1;
        while (r < n && r < 10 && s.charCodeAt(r) >= 48 && s.charCodeAt(r) <= 57) r++;
        const d = s.charCodeAt(r);
        if (r < n && (d === 46 || d === 41) && (r + 1 === n || s.charCodeAt(r + 1) === 32)) k = r;
      }
      if (k >= 0) {
        out = s.slice(0, k) + "\\";
        last = k;
      }
    }
    for (let k = special ? 0 : n; k < n; k++) {
      const c = s.charCodeAt(k);
      let esc = false;
      switch (c) {
        case 96: // `
        case 42: // *
          esc = true;
          break;
        case 92: // backslash
          esc = k + 1 === n || isAsciiPunct(s.charCodeAt(k + 1));
          break;
        case 60: {
          // <
          const d = k + 1 < n ? s.charCodeAt(k + 1) : 0;
          esc = isAlpha(d) || d === 47 || d === 33 || d === 63;
          break;
        }
        case 64: {
          // @ starting a word
          const p = k > 0 ? s.charCodeAt(k - 1) : prevChar;
          esc = !isWordChar(p) && p !== 92 && k + 1 < n && isAlpha(s.charCodeAt(k + 1));
          break;
        }
        case 95: {
          // _ at a word boundary could open/close emphasis
          const p = k > 0 ? s.charCodeAt(k - 1) : prevChar;
          const d = k + 1 < n ? s.charCodeAt(k + 1) : 32;
          esc = !isWordChar(p) || !isWordChar(d);
          break;
        }
        case 38: {
          // & that would read as a character reference
          let r = k + 1;
          while (r < n && r - k < 34 && (isWordChar(s.charCodeAt(r)) || s.charCodeAt(r) === 35)) r++;
          esc = r > k + 1 && r < n && s.charCodeAt(r) === 59;
          break;
        }
        case 91: // [ ... ]( would read as a link
        case 93:
          esc = c === 93 && k + 1 < n && (s.charCodeAt(k + 1) === 40 || s.charCodeAt(k + 1) === 91);
          break;
        case 124: // |
          esc = inTable;
          break;
      }
      if (esc && !(last === k && out.endsWith("\\"))) {
        out += s.slice(last, k) + "\\";
        last = k;
      }
    }
    return last === 0 && out === "" ? s : out + s.slice(last);
  }

  private finish(): void {
    if (this.codeDepth > 0) {
      this.codeDepth = 0;
      this.finishCode();
    }
    if (this.tableDepth > 0) this.endRow();
    this.cellDepth = 0;
    this.closeInline(true);
    this.endLine();
    this.stripBr();
    while (this.lines.length > 0 && this.lines[this.lines.length - 1] === "") this.lines.pop();
  }
}

/** Removes tags from raw `<pre>` content (keeping `<br>` as a newline); stray `<` stays. */
function stripTags(s: string): string {
  if (s.indexOf("<") < 0) return s;
  let out = "";
  let i = 0;
  const n = s.length;
  while (i < n) {
    const lt = s.indexOf("<", i);
    if (lt < 0) break;
    out += s.slice(i, lt);
    const c = lt + 1 < n ? s.charCodeAt(lt + 1) : 0;
    const e = s.indexOf(">", lt);
    if ((isAlpha(c) || c === 47 || c === 33) && e > 0 && e - lt < MAX_TAG_LEN && s.lastIndexOf("<", e) === lt) {
      const tag = s.slice(lt + 1, e).toLowerCase();
      let nameEnd = tag.charCodeAt(0) === 47 ? 1 : 0;
      while (nameEnd < tag.length && isNameChar(tag.charCodeAt(nameEnd))) nameEnd++;
      const nm = tag.slice(tag.charCodeAt(0) === 47 ? 1 : 0, nameEnd);
      const info = TAGS.get(nm);
      if (nm === "br") out += "\n";
      else if (info === undefined && c !== 33) out += s.slice(lt, e + 1); // placeholder text
      i = e + 1;
    } else {
      out += "<";
      i = lt + 1;
    }
  }
  return out + s.slice(i);
}

/**
 * Converts Smithy documentation HTML into Markdown-flavoured TSDoc body text.
 * The result contains no `*` followed by `/`, no trailing spaces, and no
 * unescaped `@` at the start of a word.
 */
export function htmlToTsdoc(html: string): string {
  if (!html) return "";
  return new Converter(html).run();
}

/**
 * Builds a `/** ... *\/` block, each line prefixed with `indent + " * "`.
 *
 * `text` is the documentation as found in the `smithy.api#documentation`
 * trait (HTML; plain text works too) and is converted with {@link htmlToTsdoc}.
 * `extraTags` are already TSDoc (e.g. `@deprecated Use X.`, `@throws ...`) and
 * are emitted verbatim (made comment-safe), one entry per line, after a blank
 * line. Returns "" when there is neither text nor tags. The block has no
 * trailing newline (it is one entry of a line array joined with "\n").
 */
export function docComment(text: string | undefined, indent: string, extraTags?: string[]): string {
  const body: string[] = [];
  const md = text ? htmlToTsdoc(text) : "";
  if (md) {
    const ls = md.split("\n");
    let a = 0;
    let b = ls.length;
    while (a < b && ls[a]!.trim() === "") a++;
    while (b > a && ls[b - 1]!.trim() === "") b--;
    for (let j = a; j < b; j++) body.push(ls[j]!.trimEnd());
  }
  if (extraTags !== undefined) {
    let first = true;
    for (const t of extraTags) {
      if (!t || t.trim() === "") continue;
      if (first && body.length > 0) body.push("");
      first = false;
      for (const l of t.split(LINE_BREAK)) body.push(l.trimEnd());
    }
  }
  if (body.length === 0) return "";
  let out = indent + "/**\n";
  for (const l of body) {
    const safe = l.indexOf("*/") >= 0 ? l.replaceAll("*/", "*\\/") : l;
    out += safe === "" ? indent + " *\n" : indent + " * " + safe + "\n";
  }
  return out + indent + " */";
}

const CALLOUT_RE = /<(note|important|warning|caution|tip)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;

const LINE_BREAK = /\r\n?|[\n\u2028\u2029]/;

const ABBREVIATIONS = new Set(["e.g", "i.e", "etc", "vs", "approx", "inc", "ltd", "corp", "co", "mr", "ms", "mrs", "dr", "no", "st", "u.s", "cf", "al", "ex", "fig", "max", "min", "sec", "est"]);

/**
 * One-line summary of documentation HTML: the first sentence of the first
 * prose paragraph (callouts such as `<important>` notices skipped), as inline
 * Markdown on a single line. `|` is not escaped (the caller does that for
 * table cells).
 */
export function firstSentence(html: string): string {
  // Callouts (end-of-support notices and the like) are not the summary.
  let md = htmlToTsdoc(html.replace(CALLOUT_RE, " "));
  if (md === "") md = htmlToTsdoc(html);
  if (md === "") return "";
  let para = "";
  for (const block of md.split("\n\n")) {
    const t = block.trim();
    if (t === "" || t.startsWith("```") || t.startsWith("|") || t === "---") continue;
    para = t;
    break;
  }
  if (para === "") return "";
  // Join the block's lines, dropping list markers, hard breaks and indentation.
  const s = para
    .split("\n")
    .map((l) => l.trim().replace(/^(?:[-] |\d{1,9}\. )/, "").replace(/\\$/, ""))
    .join(" ")
    .replace(/ {2,}/g, " ")
    .trim();
  const end = sentenceEnd(s);
  return s.slice(0, end).trim();
}

function sentenceEnd(s: string): number {
  const n = s.length;
  let code = 0; // length of the open code-span delimiter
  let bold = false;
  let link = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(k);
    if (c === 92 /* \ */ && code === 0) {
      k++;
      continue;
    }
    if (c === 96) {
      let r = k;
      while (r < n && s.charCodeAt(r) === 96) r++;
      const run = r - k;
      if (code === 0) code = run;
      else if (code === run) code = 0;
      k = r - 1;
      continue;
    }
    if (code > 0) continue;
    if (c === 42 && s.charCodeAt(k + 1) === 42) {
      bold = !bold;
      k++;
      continue;
    }
    if (c === 91) {
      link++;
      continue;
    }
    if (c === 93) {
      if (link > 0) link--;
      if (s.charCodeAt(k + 1) === 40) {
        // skip link destination
        const e = s.indexOf(")", k);
        if (e > 0) k = e;
      }
      continue;
    }
    if (link > 0) continue;
    if (c !== 46 && c !== 33 && c !== 63) continue;
    let j = k + 1;
    while (j < n) {
      const d = s.charCodeAt(j);
      if (d === 42 || d === 95 || d === 34 || d === 39 || d === 41 || d === 8221 || d === 8217) j++;
      else break;
    }
    const closesBold = s.slice(k + 1, j).includes("**");
    if (bold && !closesBold) continue;
    if (j >= n) return n;
    if (s.charCodeAt(j) !== 32) continue;
    const nx = s.charCodeAt(j + 1);
    const startsSentence = (nx >= 65 && nx <= 90) || (nx >= 48 && nx <= 57) || nx === 91 || nx === 96 || nx === 42 || nx === 95 || nx === 40 || nx === 34;
    if (!startsSentence) continue;
    if (c === 46) {
      let w = k;
      while (w > 0 && s.charCodeAt(w - 1) !== 32 && s.charCodeAt(w - 1) !== 40) w--;
      const word = s.slice(w, k).toLowerCase();
      if (ABBREVIATIONS.has(word) || (k - w === 1 && s.charCodeAt(w) >= 65 && s.charCodeAt(w) <= 90)) continue;
    }
    return j;
  }
  return n;
}
