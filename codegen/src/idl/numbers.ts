/**
 * Exact numbers in Smithy node values. A JavaScript double cannot hold every number a model writes
 * (`-9223372036854775809`, `0.100000000000000000000001`), and the values that need the precision
 * (bigInteger / bigDecimal trait values, protocol-test params) are the ones a double would change.
 *
 * A number literal is read as a JS `number` when the double holds it as written (the double's own
 * shortest text denotes the same decimal value), which is every literal of ordinary models. Otherwise
 * an integer literal (no fraction, no exponent) becomes a `bigint`, and any other literal an
 * `ExactDecimal` holding its text. Both stay exact through the loader, compare by value
 * (`sameExactNumber`), and are written back as their digits by `jsonText`, the JSON writer of
 * loader output (`JSON.stringify` cannot write a bigint, nor a number without rounding it).
 */

/** A decimal literal a double cannot hold, kept as its source text (a JSON / IDL number literal). */
export class ExactDecimal {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type NodeNumber = number | bigint | ExactDecimal;

const NUMBER = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * The canonical form of a number literal: `[-]<digits>e<exponent>` with no leading or trailing zeros
 * in the digits (`"0"` for zero), so equal values have equal forms (`1.50` and `15e-1` → `15e-1`);
 * undefined for anything else (`Infinity`, `NaN`).
 */
export function canonicalNumber(text: string): string | undefined {
  const m = NUMBER.exec(text);
  if (!m) return undefined;
  const frac = m[3] ?? "";
  let digits = (m[2]! + frac).replace(/^0+/, "");
  if (digits === "") return "0";
  let exp = BigInt(m[4] ?? 0) - BigInt(frac.length);
  const trimmed = digits.replace(/0+$/, "");
  exp += BigInt(digits.length - trimmed.length);
  digits = trimmed;
  return `${m[1]}${digits}e${exp}`;
}

/** A number literal (IDL or JSON grammar) as a node value: a double when exact, else bigint / ExactDecimal. */
export function numberFromText(text: string): NodeNumber {
  const n = Number(text);
  // at most 15 significant digits and no exponent: a double always holds it as written
  if (text.length <= 15 && text.indexOf("e") < 0 && text.indexOf("E") < 0) return n;
  if (canonicalNumber(String(n)) === canonicalNumber(text)) return n;
  return /^-?\d+$/.test(text) ? BigInt(text) : new ExactDecimal(text);
}

/** Whether `v` is one of the exact (non-double) number forms. */
export function isExactNumber(v: unknown): v is bigint | ExactDecimal {
  return typeof v === "bigint" || v instanceof ExactDecimal;
}

/** Whether two exact numbers have the same value (`1e400` and `1E+400`; a bigint and an integral decimal). */
export function sameExactNumber(a: bigint | ExactDecimal, b: bigint | ExactDecimal): boolean {
  return canonicalNumber(String(a)) === canonicalNumber(String(b));
}

/** An exact number as a JS double (rounded): for consumers that only handle plain JSON numbers. */
export function toDouble(v: NodeNumber): number {
  return typeof v === "number" ? v : Number(String(v));
}

/** Replaces, in place, every exact number inside a JSON-like value by its double; returns the value. */
export function toDoubles<T>(v: T): T {
  if (isExactNumber(v)) return toDouble(v) as T;
  if (v !== null && typeof v === "object") {
    // arrays too (by index); an own `__proto__` data property is assigned as itself
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const x = o[k];
      if ((x !== null && typeof x === "object") || typeof x === "bigint") o[k] = toDoubles(x);
    }
  }
  return v;
}

/** An exact number as JSON text (the literal's digits; a leading-zero integer part made valid JSON). */
function exactJson(v: bigint | ExactDecimal): string {
  return typeof v === "bigint" ? v.toString() : v.text.replace(/^(-?)0+(?=\d)/, "$1");
}

/**
 * `JSON.stringify(value, null, indent)` for loader output, writing exact numbers as their digits.
 * Same text as JSON.stringify otherwise (`toJSON`, undefined members dropped, non-finite numbers as null).
 */
export function jsonText(value: unknown, indent: number | string = ""): string {
  const step = typeof indent === "number" ? " ".repeat(Math.min(10, Math.max(0, indent))) : indent.slice(0, 10);
  return write(value, "", step, "") ?? "undefined";
}

function write(v: unknown, key: string, step: string, pad: string): string | undefined {
  if (v !== null && typeof v === "object" && typeof (v as { toJSON?: unknown }).toJSON === "function") {
    v = (v as { toJSON: (k: string) => unknown }).toJSON(key);
  }
  if (v === null) return "null";
  switch (typeof v) {
    case "string":
      return JSON.stringify(v);
    case "number":
      return Number.isFinite(v) ? String(v) : "null";
    case "boolean":
      return v ? "true" : "false";
    case "bigint":
      return exactJson(v);
    case "object":
      break;
    default:
      return undefined;
  }
  if (v instanceof ExactDecimal) return exactJson(v);
  const inner = pad + step;
  const open = step ? "\n" + inner : "";
  const sep = step ? ",\n" + inner : ",";
  const close = step ? "\n" + pad : "";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    const items: string[] = [];
    for (let i = 0; i < v.length; i++) items.push(write(v[i], String(i), step, inner) ?? "null");
    return `[${open}${items.join(sep)}${close}]`;
  }
  const items: string[] = [];
  for (const k of Object.keys(v as object)) {
    const x = write((v as Record<string, unknown>)[k], k, step, inner);
    if (x !== undefined) items.push(`${JSON.stringify(k)}:${step ? " " : ""}${x}`);
  }
  return items.length === 0 ? "{}" : `{${open}${items.join(sep)}${close}}`;
}

/** Text that may hold a number a double cannot: 16+ digits (or dots) in a row, or an exponent. */
const MAYBE_INEXACT = /[\d.]{16}|\d[eE][+-]?\d/;

/**
 * `JSON.parse(text)` with numbers read by `numberFromText`. Throws JSON.parse's own SyntaxError on
 * invalid JSON; text with no long or exponent number is left to JSON.parse alone.
 */
export function parseJsonExact(text: string): unknown {
  const plain = JSON.parse(text);
  if (!MAYBE_INEXACT.test(text)) return plain;
  return new ExactJsonParser(text).parse();
}

/** A JSON reader for text JSON.parse accepted, keeping exact numbers (no error handling needed). */
class ExactJsonParser {
  private i = 0;
  private static readonly WS = /[ \t\n\r]*/y;
  private static readonly STRING = /"(?:[^"\\]|\\.)*"/y;
  private static readonly NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

  constructor(private readonly s: string) {}

  parse(): unknown {
    return this.value();
  }

  private ws(): void {
    ExactJsonParser.WS.lastIndex = this.i;
    ExactJsonParser.WS.exec(this.s);
    this.i = ExactJsonParser.WS.lastIndex;
  }

  private token(re: RegExp): string {
    re.lastIndex = this.i;
    const m = re.exec(this.s)!;
    this.i = re.lastIndex;
    return m[0];
  }

  private value(): unknown {
    this.ws();
    const c = this.s[this.i];
    if (c === "{") {
      this.i++;
      const out: Record<string, unknown> = {};
      this.ws();
      if (this.s[this.i] === "}") {
        this.i++;
        return out;
      }
      for (;;) {
        this.ws();
        const k = JSON.parse(this.token(ExactJsonParser.STRING)) as string;
        this.ws();
        this.i++; // ':'
        const v = this.value();
        // an own data property, even for `__proto__` (as JSON.parse makes it)
        if (k === "__proto__") Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
        else out[k] = v;
        this.ws();
        if (this.s[this.i++] === "}") return out;
      }
    }
    if (c === "[") {
      this.i++;
      const out: unknown[] = [];
      this.ws();
      if (this.s[this.i] === "]") {
        this.i++;
        return out;
      }
      for (;;) {
        out.push(this.value());
        this.ws();
        if (this.s[this.i++] === "]") return out;
      }
    }
    if (c === '"') return JSON.parse(this.token(ExactJsonParser.STRING));
    if (c === "t") {
      this.i += 4;
      return true;
    }
    if (c === "f") {
      this.i += 5;
      return false;
    }
    if (c === "n") {
      this.i += 4;
      return null;
    }
    return numberFromText(this.token(ExactJsonParser.NUMBER));
  }
}
