/**
 * Tokenizer for the Smithy IDL. It never throws: characters it cannot lex become ERROR tokens that
 * carry the message the parser raises when (and only when) it reaches them, so errors are reported
 * in source order.
 */
import { type NodeNumber, numberFromText } from "./numbers.js";

export const enum T {
  SPACE,
  NEWLINE,
  COMMA,
  COMMENT,
  DOC_COMMENT,
  AT,
  STRING,
  TEXT_BLOCK,
  COLON,
  WALRUS,
  IDENTIFIER,
  DOT,
  POUND,
  DOLLAR,
  NUMBER,
  LBRACE,
  RBRACE,
  LBRACKET,
  RBRACKET,
  LPAREN,
  RPAREN,
  EQUAL,
  ERROR,
  EOF,
}

const NAMES = [
  "SPACE", "NEWLINE", "COMMA", "COMMENT", "DOC_COMMENT", "AT", "STRING", "TEXT_BLOCK", "COLON", "WALRUS",
  "IDENTIFIER", "DOT", "POUND", "DOLLAR", "NUMBER", "LBRACE", "RBRACE", "LBRACKET", "RBRACKET", "LPAREN",
  "RPAREN", "EQUAL", "ERROR", "EOF",
];
const LEXEMES: (string | undefined)[] = [
  " ", "\n", ",", "//", "///", "@", '"', '"""', ":", ":=", undefined, ".", "#", "$", undefined, "{", "}", "[", "]",
  "(", ")", "=", undefined, undefined,
];

/** How an expected token kind is described in messages, e.g. `LBRACE('{')`, `IDENTIFIER`. */
export function describeKind(t: T): string {
  const lex = LEXEMES[t];
  return lex === undefined ? NAMES[t]! : `${NAMES[t]}(${quoteLexeme(lex)})`;
}

function quoteLexeme(s: string): string {
  return "'" + s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t") + "'";
}

export interface Token {
  type: T;
  start: number;
  end: number;
  /** STRING / TEXT_BLOCK / DOC_COMMENT: decoded text; IDENTIFIER: the name; NUMBER: the lexeme. */
  text: string | undefined;
  /** NUMBER: its value, exact (a double when it holds the literal as written, else bigint / ExactDecimal). */
  num: NodeNumber | undefined;
  /** ERROR (and strings that fail to decode): the message to raise. */
  error: string | undefined;
  /** Position at which the error is reported, when it is not the token start. */
  errorAt: number | undefined;
  /** Whether `error` is a plain "unexpected character" (describable as ERROR('x')). */
  unexpected: boolean;
}

/** Tokens share one hidden class (all fields always present), which keeps lexing fast. */
class Tok implements Token {
  text: string | undefined = undefined;
  num: NodeNumber | undefined = undefined;
  error: string | undefined = undefined;
  errorAt: number | undefined = undefined;
  unexpected = false;
  constructor(
    public type: T,
    public start: number,
    public end: number,
  ) {}
}

const isAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number) => c >= 48 && c <= 57;
const isIdentChar = (c: number) => isAlpha(c) || isDigit(c) || c === 95;

export function tokenize(src: string): Token[] {
  const toks: Token[] = [];
  const n = src.length;
  let i = 0;
  const push = (type: T, start: number, end: number, extra?: Partial<Token>) => {
    const t = new Tok(type, start, end);
    if (extra) {
      if (extra.text !== undefined) t.text = extra.text;
      if (extra.num !== undefined) t.num = extra.num;
      if (extra.error !== undefined) t.error = extra.error;
      if (extra.errorAt !== undefined) t.errorAt = extra.errorAt;
      if (extra.unexpected) t.unexpected = true;
    }
    toks.push(t);
  };
  while (i < n) {
    const c = src.charCodeAt(i);
    const start = i;
    switch (c) {
      case 32: // space
      case 9: // tab
        while (i < n && (src.charCodeAt(i) === 32 || src.charCodeAt(i) === 9)) i++;
        push(T.SPACE, start, i);
        continue;
      case 10:
        push(T.NEWLINE, start, ++i);
        continue;
      case 13:
        if (src.charCodeAt(i + 1) === 10) {
          i += 2;
          push(T.NEWLINE, start, i);
        } else {
          i++;
          push(T.NEWLINE, start, i);
        }
        continue;
      case 44:
        push(T.COMMA, start, ++i);
        continue;
      case 64:
        push(T.AT, start, ++i);
        continue;
      case 58:
        if (src.charCodeAt(i + 1) === 61) {
          i += 2;
          push(T.WALRUS, start, i);
        } else push(T.COLON, start, ++i);
        continue;
      case 46:
        push(T.DOT, start, ++i);
        continue;
      case 35:
        push(T.POUND, start, ++i);
        continue;
      case 36:
        push(T.DOLLAR, start, ++i);
        continue;
      case 123:
        push(T.LBRACE, start, ++i);
        continue;
      case 125:
        push(T.RBRACE, start, ++i);
        continue;
      case 91:
        push(T.LBRACKET, start, ++i);
        continue;
      case 93:
        push(T.RBRACKET, start, ++i);
        continue;
      case 40:
        push(T.LPAREN, start, ++i);
        continue;
      case 41:
        push(T.RPAREN, start, ++i);
        continue;
      case 61:
        push(T.EQUAL, start, ++i);
        continue;
      case 47: {
        if (src.charCodeAt(i + 1) !== 47) {
          push(T.ERROR, start, ++i, { error: `Unexpected character: '/'`, unexpected: true });
          continue;
        }
        // `///` is a documentation comment only as the first thing on its line.
        const doc = src.charCodeAt(i + 2) === 47 && src.charCodeAt(i + 3) !== 47 && firstOnLine(src, i);
        let j = src.indexOf("\n", i);
        j = j < 0 ? n : j + 1;
        if (doc) {
          let text = src.slice(i + 3, j).replace(/\r?\n$/, "");
          if (text.startsWith(" ")) text = text.slice(1);
          push(T.DOC_COMMENT, start, j, { text });
        } else push(T.COMMENT, start, j);
        i = j;
        continue;
      }
      case 34: {
        if (src.charCodeAt(i + 1) === 34 && src.charCodeAt(i + 2) === 34) {
          // text block
          let j = i + 3;
          let closed = false;
          while (j < n) {
            const d = src.charCodeAt(j);
            if (d === 92) {
              j += 2;
              continue;
            }
            if (d === 34 && src.charCodeAt(j + 1) === 34 && src.charCodeAt(j + 2) === 34) {
              closed = true;
              break;
            }
            j++;
          }
          if (!closed) {
            push(T.ERROR, start, n, { error: `Expected: '"', but found '[EOF]'`, errorAt: n });
            i = n;
            continue;
          }
          const raw = src.slice(i + 3, j);
          i = j + 3;
          const r = decodeTextBlock(raw);
          if (typeof r === "string") push(T.TEXT_BLOCK, start, i, { text: r });
          else push(T.TEXT_BLOCK, start, i, { error: "Error parsing text block: " + r.error });
          continue;
        }
        let j = i + 1;
        let closed = false;
        while (j < n) {
          const d = src.charCodeAt(j);
          if (d === 92) {
            j += 2;
            continue;
          }
          if (d === 34) {
            closed = true;
            break;
          }
          j++;
        }
        if (!closed) {
          push(T.ERROR, start, n, { error: `Expected: '"', but found '[EOF]'`, errorAt: n });
          i = n;
          continue;
        }
        const raw = src.slice(i + 1, j);
        i = j + 1;
        const r = unescape(raw);
        if (typeof r === "string") push(T.STRING, start, i, { text: r });
        else push(T.STRING, start, i, { error: "Error parsing quoted string: " + r.error });
        continue;
      }
      default:
        break;
    }
    if (c === 45 || isDigit(c)) {
      // -? int frac? exp?
      let j = i;
      let err: string | undefined;
      if (src.charCodeAt(j) === 45) j++;
      if (!isDigit(src.charCodeAt(j))) {
        err = `'-' must be followed by a digit`;
      } else {
        while (isDigit(src.charCodeAt(j))) j++;
        if (src.charCodeAt(j) === 46) {
          j++;
          if (!isDigit(src.charCodeAt(j))) err = `'.' must be followed by a digit`;
          while (isDigit(src.charCodeAt(j))) j++;
        }
        if (!err && (src.charCodeAt(j) === 101 || src.charCodeAt(j) === 69)) {
          j++;
          if (src.charCodeAt(j) === 43 || src.charCodeAt(j) === 45) j++;
          if (!isDigit(src.charCodeAt(j))) err = `'e', '+', and '-' must be followed by a digit`;
          while (isDigit(src.charCodeAt(j))) j++;
        }
      }
      const lexeme = src.slice(i, j);
      i = j;
      if (err) push(T.NUMBER, start, i, { text: lexeme, error: `Invalid number '${lexeme}': ${err}` });
      else push(T.NUMBER, start, i, { text: lexeme, num: numberFromText(lexeme) });
      continue;
    }
    if (isAlpha(c) || c === 95) {
      let j = i;
      while (src.charCodeAt(j) === 95) j++;
      if (j > i && !isIdentChar(src.charCodeAt(j))) {
        const found = j < n ? src[j] : "[EOF]";
        push(T.ERROR, start, j + 1, { error: `Expected a valid identifier character, but found '${found}'`, errorAt: j });
        i = j + 1;
        continue;
      }
      while (j < n && isIdentChar(src.charCodeAt(j))) j++;
      push(T.IDENTIFIER, start, j, { text: src.slice(i, j) });
      i = j;
      continue;
    }
    // Unknown character (take a whole surrogate pair).
    const cp = src.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    push(T.ERROR, start, i + len, { error: `Unexpected character: '${src.slice(i, i + len)}'`, unexpected: true });
    i += len;
  }
  toks.push(new Tok(T.EOF, n, n));
  return toks;
}

/** Describes a found token, e.g. `IDENTIFIER('apply')`, `NEWLINE('\n')`, `EOF`. */
export function describeToken(src: string, t: Token): string {
  if (t.type === T.EOF) return "EOF";
  return `${NAMES[t.type]}(${quoteLexeme(src.slice(t.start, t.end))})`;
}

function firstOnLine(src: string, i: number): boolean {
  for (let j = i - 1; j >= 0; j--) {
    const c = src.charCodeAt(j);
    if (c === 10 || c === 13) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

function unescape(raw: string): string | { error: string } {
  if (raw.indexOf("\\") < 0 && raw.indexOf("\r") < 0) return raw;
  let out = "";
  const n = raw.length;
  for (let i = 0; i < n; i++) {
    const c = raw[i]!;
    if (c === "\r") {
      // Normalize CRLF / CR to LF.
      out += "\n";
      if (raw[i + 1] === "\n") i++;
      continue;
    }
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = raw[++i];
    switch (e) {
      case '"':
      case "\\":
      case "/":
        out += e;
        break;
      case "b":
        out += "\b";
        break;
      case "f":
        out += "\f";
        break;
      case "n":
        out += "\n";
        break;
      case "r":
        out += "\r";
        break;
      case "t":
        out += "\t";
        break;
      case "\n":
        break;
      case "\r":
        if (raw[i + 1] === "\n") i++;
        break;
      case "u": {
        let code = 0;
        for (let k = 1; k <= 4; k++) {
          const h = raw[i + k];
          if (h === undefined) return { error: "Invalid unclosed unicode escape found in string" };
          const v = parseInt(h, 16);
          if (!/[0-9a-fA-F]/.test(h)) return { error: `Invalid unicode escape character: \`${h}\`` };
          code = code * 16 + v;
        }
        out += String.fromCharCode(code);
        i += 4;
        break;
      }
      default:
        return { error: `Invalid escape found in string: \`\\${e ?? ""}\`` };
    }
  }
  return out;
}

function decodeTextBlock(raw: string): string | { error: string } {
  raw = raw.replace(/\r\n?/g, "\n");
  if (raw.length === 0) return { error: "Text block is empty" };
  const open = /^[ \t]*\n/.exec(raw);
  if (!open) return { error: "Text block must start with a new line" };
  const lines = raw.slice(open[0].length).split("\n");
  // Minimum indentation over non-blank lines; the closing-delimiter line always counts.
  let min = Infinity;
  for (let k = 0; k < lines.length; k++) {
    const l = lines[k]!;
    const isLast = k === lines.length - 1;
    const m = /^[ \t]*/.exec(l)![0].length;
    if (m === l.length && !isLast) continue;
    if (m < min) min = m;
  }
  if (min === Infinity) min = 0;
  const out = lines.map((l) => {
    if (/^[ \t]*$/.test(l)) return "";
    return l.slice(min).replace(/[ \t]+$/, "");
  });
  return unescape(out.join("\n"));
}
