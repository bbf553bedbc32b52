/**
 * Reads the rules-engine IDL corpus: extracts the `@endpointRuleSet(...)` and
 * `@endpointTests(...)` trait values from each `.smithy` file with a small Smithy node-value
 * parser (objects, arrays, strings, numbers, keywords, comments; commas are whitespace).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { EndpointRuleSet } from "../../src/schema.js";
import { rulesCorpusDir, type EndpointTestCase, type ServiceEndpointData } from "./endpoints-data.js";

class NodeParser {
  i = 0;
  constructor(readonly text: string) {}

  fail(msg: string): never {
    const line = this.text.slice(0, this.i).split("\n").length;
    throw new Error(`${msg} at line ${line}`);
  }

  ws(): void {
    const t = this.text;
    for (;;) {
      const c = t[this.i];
      if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === ",") this.i++;
      else if (c === "/" && t[this.i + 1] === "/") {
        const nl = t.indexOf("\n", this.i);
        this.i = nl < 0 ? t.length : nl + 1;
      } else return;
    }
  }

  value(): unknown {
    this.ws();
    const c = this.text[this.i];
    if (c === "{") return this.object("}");
    if (c === "[") {
      this.i++;
      const out: unknown[] = [];
      for (;;) {
        this.ws();
        if (this.text[this.i] === "]") {
          this.i++;
          return out;
        }
        out.push(this.value());
      }
    }
    if (c === '"') return this.string();
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.i, this.i + 40));
    if (m) {
      this.i += m[0].length;
      return Number(m[0]);
    }
    const id = this.identifier();
    if (id === "true") return true;
    if (id === "false") return false;
    if (id === "null") return null;
    return id; // a shape id
  }

  /** Members `key: value` up to `close` (after an opening `{` if close is `}`). */
  object(close: string): Record<string, unknown> {
    if (close === "}") this.i++;
    const out: Record<string, unknown> = {};
    for (;;) {
      this.ws();
      if (this.text[this.i] === close) {
        this.i++;
        return out;
      }
      const key = this.text[this.i] === '"' ? this.string() : this.identifier();
      this.ws();
      if (this.text[this.i] !== ":") this.fail(`expected ':' after ${key}`);
      this.i++;
      out[key] = this.value();
    }
  }

  identifier(): string {
    const m = /^[A-Za-z_][A-Za-z0-9_.#$]*/.exec(this.text.slice(this.i, this.i + 200));
    if (!m) this.fail(`unexpected ${JSON.stringify(this.text[this.i])}`);
    this.i += m[0].length;
    return m[0];
  }

  string(): string {
    const t = this.text;
    if (t.startsWith('"""', this.i)) this.fail("text blocks are not supported");
    this.i++;
    let out = "";
    for (;;) {
      const c = t[this.i++];
      if (c === undefined) this.fail("unterminated string");
      if (c === '"') return out;
      if (c !== "\\") {
        out += c;
        continue;
      }
      const e = t[this.i++];
      switch (e) {
        case "n":
          out += "\n";
          break;
        case "t":
          out += "\t";
          break;
        case "r":
          out += "\r";
          break;
        case "b":
          out += "\b";
          break;
        case "f":
          out += "\f";
          break;
        case "u":
          out += String.fromCharCode(parseInt(t.slice(this.i, this.i + 4), 16));
          this.i += 4;
          break;
        case "\n":
          break; // escaped line break
        default:
          out += e; // \" \\ \/ \'
      }
    }
  }

  /** The value of the trait applied as `@name(...)`, or undefined if absent. */
  static trait(text: string, name: string): unknown {
    const at = text.indexOf(`@${name}(`);
    if (at < 0) return undefined;
    const p = new NodeParser(text);
    p.i = at + name.length + 2;
    p.ws();
    if (text[p.i] === ")") return {};
    // Structured form `key: value ...` or a single node value.
    const save = p.i;
    let structured = false;
    if (/[A-Za-z_"]/.test(text[p.i]!)) {
      try {
        if (text[p.i] === '"') p.string();
        else p.identifier();
        p.ws();
        structured = text[p.i] === ":";
      } catch {
        structured = false;
      }
    }
    p.i = save;
    if (structured) return p.object(")");
    const v = p.value();
    p.ws();
    if (text[p.i] !== ")") p.fail("expected ')'");
    return v;
  }
}

/** Parses one Smithy node value (exported for tests). */
export function parseSmithyNode(text: string): unknown {
  return new NodeParser(text).value();
}

/** The corpus' rule sets and test cases, or undefined if the corpus is not available. */
export function loadCorpusEndpointData(): ServiceEndpointData[] | undefined {
  if (!existsSync(rulesCorpusDir)) return undefined;
  const out: ServiceEndpointData[] = [];
  for (const file of readdirSync(rulesCorpusDir).sort()) {
    if (!file.endsWith(".smithy")) continue;
    const text = readFileSync(join(rulesCorpusDir, file), "utf8");
    const ruleSet = NodeParser.trait(text, "endpointRuleSet") as EndpointRuleSet | undefined;
    const tests = NodeParser.trait(text, "endpointTests") as { testCases?: EndpointTestCase[] } | undefined;
    if (!ruleSet) continue;
    out.push({ service: file, ruleSet, testCases: tests?.testCases ?? [] });
  }
  return out;
}
