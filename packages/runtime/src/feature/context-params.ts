/**
 * `smithy.rules#operationContextParams` paths: the JMESPath subset the Smithy spec allows (identifiers,
 * sub-expressions, wildcard projections `[*]` / `.*`, multi-select lists, flatten `[]`, `keys()`), plus
 * numeric indexes, evaluated over an operation's input to bind endpoint parameters (endpoint-params.ts).
 *
 * An opt-in feature (see features.ts): only the packages of models with such paths (S3's DeleteObjects,
 * DynamoDB's batch operations, ...) import `contextParams`.
 */
import type { ContextParamsFeature } from "../features.js";

type PathNode =
  | { type: "identity" }
  | { type: "field"; name: string }
  | { type: "sub"; left: PathNode; right: PathNode }
  | { type: "index"; left: PathNode; index: number }
  | { type: "projection"; left: PathNode; right: PathNode }
  | { type: "valueProjection"; left: PathNode; right: PathNode }
  | { type: "flatten"; child: PathNode }
  | { type: "multiList"; items: PathNode[] }
  | { type: "keys"; arg: PathNode };

type Token = { t: "id"; v: string } | { t: "num"; v: number } | { t: "." | "*" | "[" | "]" | "[]" | "," | "(" | ")" | "eof" };

function tokenize(path: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < path.length) {
    const c = path[i]!;
    if (c === " " || c === "\t" || c === "\n") {
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < path.length && /[A-Za-z0-9_]/.test(path[j]!)) j++;
      out.push({ t: "id", v: path.slice(i, j) });
      i = j;
    } else if (c === '"') {
      let j = i + 1;
      while (j < path.length && path[j] !== '"') j += path[j] === "\\" ? 2 : 1;
      if (j >= path.length) throw new Error(`unterminated quoted identifier in ${JSON.stringify(path)}`);
      out.push({ t: "id", v: JSON.parse(path.slice(i, j + 1)) as string });
      i = j + 1;
    } else if (/[-0-9]/.test(c)) {
      let j = i + 1;
      while (j < path.length && /[0-9]/.test(path[j]!)) j++;
      out.push({ t: "num", v: Number(path.slice(i, j)) });
      i = j;
    } else if (c === "[" && path[i + 1] === "]") {
      out.push({ t: "[]" });
      i += 2;
    } else if (".*[],()".includes(c)) {
      out.push({ t: c as "." });
      i++;
    } else {
      throw new Error(`unsupported character ${JSON.stringify(c)} in path ${JSON.stringify(path)}`);
    }
  }
  out.push({ t: "eof" });
  return out;
}

// binding powers, as in the JMESPath reference grammar
const BP: Record<string, number> = { eof: 0, "]": 0, ",": 0, ")": 0, "[]": 9, "*": 20, ".": 40, "[": 55, "(": 60, id: 0, num: 0 };
const PROJECTION_STOP = 10;

class PathParser {
  #tokens: Token[];
  #i = 0;
  constructor(readonly path: string) {
    this.#tokens = tokenize(path);
  }
  parse(): PathNode {
    const node = this.#expr(0);
    if (this.#peek().t !== "eof") this.#fail(`unexpected ${this.#peek().t}`);
    return node;
  }
  #peek(): Token {
    return this.#tokens[this.#i]!;
  }
  #next(): Token {
    return this.#tokens[this.#i++]!;
  }
  #expect(t: Token["t"]): Token {
    const tok = this.#next();
    if (tok.t !== t) this.#fail(`expected ${t}, found ${tok.t}`);
    return tok;
  }
  #fail(why: string): never {
    throw new Error(`unsupported operationContextParams path ${JSON.stringify(this.path)}: ${why}`);
  }
  #expr(rbp: number): PathNode {
    let left = this.#nud(this.#next());
    while (rbp < BP[this.#peek().t]!) left = this.#led(this.#next(), left);
    return left;
  }
  #nud(tok: Token): PathNode {
    switch (tok.t) {
      case "id":
        return { type: "field", name: tok.v };
      case "*":
        return { type: "valueProjection", left: { type: "identity" }, right: this.#projectionRhs(BP["*"]!) };
      case "[]":
        return { type: "projection", left: { type: "flatten", child: { type: "identity" } }, right: this.#projectionRhs(BP["[]"]!) };
      case "[": {
        const next = this.#peek();
        if (next.t === "num") {
          this.#next();
          this.#expect("]");
          return { type: "index", left: { type: "identity" }, index: next.v };
        }
        if (next.t === "*" && this.#tokens[this.#i + 1]?.t === "]") {
          this.#i += 2;
          return { type: "projection", left: { type: "identity" }, right: this.#projectionRhs(BP["*"]!) };
        }
        return this.#multiList();
      }
      default:
        return this.#fail(`unexpected ${tok.t}`);
    }
  }
  #led(tok: Token, left: PathNode): PathNode {
    switch (tok.t) {
      case ".":
        if (this.#peek().t === "*") {
          this.#next();
          return { type: "valueProjection", left, right: this.#projectionRhs(BP["*"]!) };
        }
        return { type: "sub", left, right: this.#dotRhs(BP["."]!) };
      case "[]":
        return { type: "projection", left: { type: "flatten", child: left }, right: this.#projectionRhs(BP["[]"]!) };
      case "[": {
        const next = this.#next();
        if (next.t === "num") {
          this.#expect("]");
          return { type: "index", left, index: next.v };
        }
        if (next.t !== "*") this.#fail("only [*], [] and [<number>] may follow an expression");
        this.#expect("]");
        return { type: "projection", left, right: this.#projectionRhs(BP["*"]!) };
      }
      case "(": {
        if (left.type !== "field" || left.name !== "keys") this.#fail("keys() is the only function supported");
        const arg = this.#expr(0);
        this.#expect(")");
        return { type: "keys", arg };
      }
      default:
        return this.#fail(`unexpected ${tok.t}`);
    }
  }
  #projectionRhs(rbp: number): PathNode {
    const t = this.#peek().t;
    if (BP[t]! < PROJECTION_STOP) return { type: "identity" };
    if (t === "[" || t === "[]") return this.#expr(rbp);
    if (t === ".") {
      this.#next();
      return this.#dotRhs(rbp);
    }
    return this.#fail(`unexpected ${t} after a projection`);
  }
  #dotRhs(rbp: number): PathNode {
    const t = this.#peek().t;
    if (t === "id" || t === "*") return this.#expr(rbp);
    if (t === "[") {
      this.#next();
      return this.#multiList();
    }
    return this.#fail(`unexpected ${t} after "."`);
  }
  #multiList(): PathNode {
    const items: PathNode[] = [];
    for (;;) {
      items.push(this.#expr(0));
      const tok = this.#next();
      if (tok.t === "]") break;
      if (tok.t !== ",") this.#fail(`expected , or ] in a multi-select list, found ${tok.t}`);
    }
    return { type: "multiList", items };
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Date);

function evaluate(node: PathNode, value: unknown): unknown {
  switch (node.type) {
    case "identity":
      return value;
    case "field":
      return isObject(value) ? (value[node.name] ?? null) : null;
    case "sub": {
      const l = evaluate(node.left, value);
      return l === null ? null : evaluate(node.right, l);
    }
    case "index": {
      const l = evaluate(node.left, value);
      if (!Array.isArray(l)) return null;
      return l[node.index < 0 ? l.length + node.index : node.index] ?? null;
    }
    case "projection":
    case "valueProjection": {
      const l = evaluate(node.left, value);
      const base = node.type === "projection" ? (Array.isArray(l) ? l : null) : isObject(l) ? Object.values(l) : null;
      if (base === null) return null;
      const out: unknown[] = [];
      for (const item of base) {
        const v = evaluate(node.right, item);
        if (v !== null && v !== undefined) out.push(v);
      }
      return out;
    }
    case "flatten": {
      const l = evaluate(node.child, value);
      if (!Array.isArray(l)) return null;
      const out: unknown[] = [];
      for (const item of l) {
        if (Array.isArray(item)) out.push(...item);
        else out.push(item);
      }
      return out;
    }
    case "multiList":
      return value === null || value === undefined ? null : node.items.map((n) => evaluate(n, value) ?? null);
    case "keys": {
      const l = evaluate(node.arg, value);
      return isObject(l) ? Object.keys(l) : null;
    }
  }
}

const compiledPaths = new Map<string, PathNode>();

/** Compiles an operationContextParams path (throws for expressions outside the subset). */
export function compilePath(path: string): PathNode {
  let node = compiledPaths.get(path);
  if (!node) {
    node = new PathParser(path).parse();
    compiledPaths.set(path, node);
  }
  return node;
}

/** Evaluates an operationContextParams path on an operation's input; `null` when it selects nothing. */
export function evaluatePath(path: string, input: unknown): unknown {
  return evaluate(compilePath(path), input);
}

/** The feature `EndpointParamBinder` calls through (see features.ts). */
export const contextParams: ContextParamsFeature = { evaluatePath };
