/**
 * Parser for one Smithy IDL file (1.0 or 2.0) into an unresolved per-file form; `loader.ts` resolves
 * shape ids across files and assembles the JSON AST. Error messages follow Smithy's own wording
 * ("Syntax error at line L, column C: Expected ... but found ...") so they can be compared with
 * Smithy's test corpus.
 */
import { IdlError } from "./errors.js";
import { T, type Token, describeKind, describeToken, tokenize } from "./lexer.js";
import { type ExactDecimal, jsonText } from "./numbers.js";

/** A shape id as written in a node value (an unquoted string); resolved by the loader. */
export class ShapeIdNode {
  constructor(
    readonly id: string,
    readonly pos: number,
  ) {}
}

/** Numbers are exact: a double when it holds the literal as written, else a bigint / ExactDecimal (see numbers.ts). */
export type NodeValue = string | number | bigint | ExactDecimal | boolean | null | NodeValue[] | NodeObject | ShapeIdNode;
export interface NodeObject {
  [key: string]: NodeValue;
}

export interface RawId {
  id: string;
  pos: number;
}

/** `undefined` value: an annotation trait (`@foo` / `@foo()`), whose value depends on the trait's type. */
export interface RawTrait {
  id: RawId;
  value: NodeValue | undefined;
  pos: number;
}

export interface RawMember {
  name: string;
  pos: number;
  target?: RawId; // absent when elided
  traits: RawTrait[];
  docs?: string;
  defaultValue?: NodeValue;
  hasDefault: boolean;
}

export interface RawShape {
  type: string;
  name: string;
  pos: number;
  traits: RawTrait[];
  docs?: string;
  mixins: RawId[];
  forResource?: RawId;
  members?: RawMember[];
  /** service / resource bodies. */
  body?: NodeObject;
  bodyPos?: Record<string, number>;
  /** operation properties. */
  input?: RawId;
  output?: RawId;
  errors?: RawId[];
  /** Synthesized by inline `:=` I/O. */
  inlineOf?: "input" | "output";
}

export interface RawApply {
  target: RawId;
  traits: RawTrait[];
  pos: number;
}

export interface ParsedFile {
  file: string;
  source: string;
  version: string;
  versionExplicit: boolean;
  namespace?: string;
  uses: { id: RawId }[];
  metadata: { key: string; value: NodeValue; pos: number }[];
  shapes: RawShape[];
  applies: RawApply[];
  /** Offsets of line starts, for positions. */
  lineStarts: number[];
}

export const SIMPLE_TYPES = new Set([
  "blob", "boolean", "document", "string", "byte", "short", "integer", "long", "float", "double",
  "bigInteger", "bigDecimal", "timestamp",
]);
const AGGREGATE_TYPES = new Set(["structure", "union", "list", "set", "map"]);

export function computeLineStarts(src: string): number[] {
  const out = [0];
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c === 10) out.push(i + 1);
    else if (c === 13 && src.charCodeAt(i + 1) !== 10) out.push(i + 1);
  }
  return out;
}

export function position(lineStarts: number[], pos: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: pos - lineStarts[lo]! + 1 };
}

const MAX_DEPTH = 200;

class Parser {
  private toks: Token[];
  private i = 0;
  private lineStarts: number[];
  // Doc comments: lines collected since the last significant token.
  private docLines: string[] = [];
  private docTag = -1;
  private sigCount = 0;
  private depth = 0;
  private out: ParsedFile;
  private inputSuffix = "Input";
  private outputSuffix = "Output";

  constructor(
    private file: string,
    private src: string,
  ) {
    this.toks = tokenize(src);
    this.lineStarts = computeLineStarts(src);
    this.out = {
      file,
      source: src,
      version: "1.0",
      versionExplicit: false,
      uses: [],
      metadata: [],
      shapes: [],
      applies: [],
      lineStarts: this.lineStarts,
    };
  }

  // ---------------------------------------------------------------- errors / token helpers

  fail(msg: string, pos: number = this.peek().start, prefix = ""): never {
    const { line, column } = position(this.lineStarts, pos);
    throw new IdlError(`${prefix}Syntax error at line ${line}, column ${column}: ${msg}`, { file: this.file, line, column }, this.src);
  }

  private peek(): Token {
    return this.toks[this.i]!;
  }

  private peekAt(k: number): Token {
    return this.toks[Math.min(this.i + k, this.toks.length - 1)]!;
  }

  /** Raises the token's own lexing error, if any. */
  private check(t: Token): Token {
    if (t.error !== undefined) this.fail(t.error, t.errorAt ?? t.start);
    return t;
  }

  private advance(): Token {
    const t = this.toks[this.i]!;
    if (t.type !== T.EOF) this.i++;
    if (t.type !== T.SPACE && t.type !== T.NEWLINE && t.type !== T.COMMA && t.type !== T.COMMENT && t.type !== T.DOC_COMMENT) {
      this.sigCount++;
    }
    return t;
  }

  private found(t: Token): string {
    return describeToken(this.src, t);
  }

  private expect(type: T): Token {
    const t = this.peek();
    if (t.type === type) return this.check(this.advance());
    if (t.type === T.ERROR) this.check(t);
    this.fail(`Expected ${describeKind(type)} but found ${this.found(t)}`);
  }

  private expectOneOf(types: T[]): Token {
    const t = this.peek();
    if (types.includes(t.type)) return this.check(this.advance());
    if (t.type === T.ERROR) this.check(t);
    this.fail(`Expected one of ${types.map(describeKind).join(", ")}; but found ${this.found(t)}`);
  }

  private isIdent(word: string, k = 0): boolean {
    const t = this.peekAt(k);
    return t.type === T.IDENTIFIER && t.text === word;
  }

  /** Optional spaces. */
  private sp(): void {
    while (this.peek().type === T.SPACE) this.advance();
  }

  /** Required spaces. */
  private expectSp(): void {
    if (this.peek().type !== T.SPACE) this.expect(T.SPACE);
    this.sp();
  }

  /** Optional whitespace: spaces, newlines, commas, comments (doc comments are collected). */
  private ws(): void {
    for (;;) {
      const t = this.peek();
      switch (t.type) {
        case T.SPACE:
        case T.NEWLINE:
        case T.COMMA:
        case T.COMMENT:
          this.advance();
          continue;
        case T.DOC_COMMENT:
          if (this.docTag !== this.sigCount) {
            this.docLines = [];
            this.docTag = this.sigCount;
          }
          this.docLines.push(t.text!);
          this.advance();
          continue;
        default:
          return;
      }
    }
  }

  private isWs(t: Token): boolean {
    return t.type === T.SPACE || t.type === T.NEWLINE || t.type === T.COMMA || t.type === T.COMMENT || t.type === T.DOC_COMMENT;
  }

  private expectWs(): void {
    const t = this.peek();
    if (!this.isWs(t)) {
      if (t.type === T.ERROR) this.check(t);
      this.fail(`Expected one or more whitespace characters, but found ${this.found(t)}`);
    }
    this.ws();
  }

  /** A line break: optional spaces then a newline, a comment, or EOF; then any whitespace. */
  private br(): void {
    this.sp();
    const t = this.peek();
    if (t.type === T.NEWLINE || t.type === T.COMMENT || t.type === T.DOC_COMMENT || t.type === T.EOF) {
      // A doc comment ending a line is an ordinary comment.
      if (t.type === T.DOC_COMMENT) this.advance();
      this.ws();
      return;
    }
    if (t.type === T.ERROR) this.check(t);
    this.fail(`Expected a line break, but found ${this.found(t)}`);
  }

  private takeDocs(): string | undefined {
    if (this.docTag === this.sigCount && this.docLines.length > 0) {
      const d = this.docLines.join("\n");
      this.docLines = [];
      return d;
    }
    return undefined;
  }

  private identifier(): string {
    return this.expect(T.IDENTIFIER).text!;
  }

  private namespace(): string {
    let ns = this.identifier();
    while (this.peek().type === T.DOT) {
      this.advance();
      ns += "." + this.identifier();
    }
    return ns;
  }

  /** ShapeId = [Namespace "#"] Identifier ["$" Identifier] (no whitespace inside). */
  private shapeId(): RawId {
    const pos = this.peek().start;
    let id = this.identifier();
    if (this.peek().type === T.DOT) {
      while (this.peek().type === T.DOT) {
        this.advance();
        id += "." + this.identifier();
      }
      this.expect(T.POUND);
      id += "#" + this.identifier();
    } else if (this.peek().type === T.POUND) {
      this.advance();
      id += "#" + this.identifier();
    }
    if (this.peek().type === T.DOLLAR) {
      this.advance();
      id += "$" + this.identifier();
    }
    return { id, pos };
  }

  // ---------------------------------------------------------------- node values

  private static readonly VALUE_START = [T.STRING, T.TEXT_BLOCK, T.NUMBER, T.IDENTIFIER, T.LBRACE, T.LBRACKET];

  nodeValue(kinds: T[] = Parser.VALUE_START): NodeValue {
    const t = this.peek();
    switch (t.type) {
      case T.STRING:
      case T.TEXT_BLOCK:
        this.check(this.advance());
        return t.text!;
      case T.NUMBER:
        this.check(this.advance());
        return t.num!;
      case T.IDENTIFIER: {
        if (t.text === "true" || t.text === "false" || t.text === "null") {
          const next = this.peekAt(1).type;
          if (next !== T.DOT && next !== T.POUND && next !== T.DOLLAR) {
            this.advance();
            return t.text === "null" ? null : t.text === "true";
          }
        }
        const id = this.shapeId();
        return new ShapeIdNode(id.id, id.pos);
      }
      case T.LBRACKET:
        return this.nodeArray();
      case T.LBRACE:
        return this.nodeObject();
      default:
        this.expectOneOf(kinds);
        throw new Error("unreachable");
    }
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail("Parser exceeded maximum nesting depth");
  }

  private nodeArray(): NodeValue[] {
    this.enter();
    this.expect(T.LBRACKET);
    this.ws();
    const out: NodeValue[] = [];
    while (this.peek().type !== T.RBRACKET) {
      out.push(this.nodeValue());
      this.ws();
    }
    this.advance();
    this.depth--;
    return out;
  }

  private nodeObject(): NodeObject {
    this.enter();
    this.expect(T.LBRACE);
    this.ws();
    const out: NodeObject = Object.create(null);
    while (this.peek().type !== T.RBRACE) {
      const kt = this.expectOneOf([T.RBRACE, T.STRING, T.IDENTIFIER]);
      const key = kt.text!;
      this.ws();
      this.expect(T.COLON);
      this.ws();
      const v = this.nodeValue();
      if (Object.prototype.hasOwnProperty.call(out, key)) this.fail(`Duplicate member of node object: \`${key}\``, kt.start);
      out[key] = v;
      this.ws();
    }
    this.advance();
    this.depth--;
    return out;
  }

  // ---------------------------------------------------------------- statements

  parse(): ParsedFile {
    this.ws();
    this.controlSection();
    this.metadataSection();
    this.shapeSection();
    return this.out;
  }

  private controlSection(): void {
    const seen = new Set<string>();
    while (this.peek().type === T.DOLLAR) {
      this.advance();
      const kt = this.expectOneOf([T.IDENTIFIER, T.STRING]);
      const key = kt.text!;
      this.sp();
      this.expect(T.COLON);
      this.sp();
      const vt = this.peek();
      if (seen.has(key)) this.fail(`Duplicate control statement \`${key}\``, vt.start);
      seen.add(key);
      const value = this.nodeValue();
      switch (key) {
        case "version": {
          if (typeof value !== "string") {
            this.fail(`The $version control statement must have a string value, but found ${nodeToString(value)}`, vt.start);
          }
          if (!/^(1|1\.0|2|2\.0)$/.test(value)) this.fail(`Unsupported Smithy version number: ${value}`, this.peek().start);
          this.out.version = value.startsWith("1") ? "1.0" : "2.0";
          this.out.versionExplicit = true;
          break;
        }
        case "operationInputSuffix":
          if (typeof value !== "string" || !/^[A-Za-z0-9_]*$/.test(value)) {
            this.fail(`The $operationInputSuffix control statement must be a string of identifier characters, but found ${nodeToString(value)}`, vt.start);
          }
          this.inputSuffix = value;
          break;
        case "operationOutputSuffix":
          if (typeof value !== "string" || !/^[A-Za-z0-9_]*$/.test(value)) {
            this.fail(`The $operationOutputSuffix control statement must be a string of identifier characters, but found ${nodeToString(value)}`, vt.start);
          }
          this.outputSuffix = value;
          break;
        default:
          // Unknown control statements are ignored (Smithy warns).
          break;
      }
      this.br();
    }
  }

  private metadataSection(): void {
    while (this.isIdent("metadata")) {
      const pos = this.advance().start;
      this.expectSp();
      const key = this.expectOneOf([T.IDENTIFIER, T.STRING]).text!;
      this.sp();
      this.expect(T.EQUAL);
      this.sp();
      const value = this.nodeValue();
      this.out.metadata.push({ key, value, pos });
      this.br();
    }
  }

  private shapeSection(): void {
    if (this.peek().type === T.EOF) return;
    if (!this.isIdent("namespace")) {
      const t = this.peek();
      if (t.type === T.ERROR && !t.unexpected) this.check(t);
      this.fail(`Expected a namespace definition but found ${this.found(t)}`);
    }
    this.advance();
    this.expectSp();
    this.out.namespace = this.namespace();
    this.br();
    while (this.isIdent("use")) {
      this.advance();
      this.expectSp();
      const pos = this.peek().start;
      let id = this.namespace();
      this.expect(T.POUND);
      id += "#" + this.identifier();
      if (this.peek().type === T.DOLLAR) {
        this.advance();
        id += "$" + this.identifier();
      }
      this.out.uses.push({ id: { id, pos } });
      this.br();
    }
    while (this.peek().type !== T.EOF) {
      this.shapeOrApply();
    }
  }

  private traitStatements(): RawTrait[] {
    const traits: RawTrait[] = [];
    this.ws();
    while (this.peek().type === T.AT) {
      traits.push(this.trait());
      this.ws();
    }
    return traits;
  }

  private trait(): RawTrait {
    const pos = this.expect(T.AT).start;
    const id = this.shapeId();
    if (this.peek().type !== T.LPAREN) return { id, value: undefined, pos };
    this.advance();
    this.ws();
    if (this.peek().type === T.RPAREN) {
      this.advance();
      return { id, value: undefined, pos };
    }
    let value: NodeValue;
    const t = this.peek();
    const structured =
      (t.type === T.STRING && this.peekAfterWs(1).type === T.COLON) ||
      (t.type === T.IDENTIFIER && this.isStructuredTraitKey());
    if (structured) {
      const obj: NodeObject = Object.create(null);
      while (this.peek().type !== T.RPAREN) {
        const kt = this.expectOneOf([T.IDENTIFIER, T.STRING]);
        this.ws();
        this.expect(T.COLON);
        this.ws();
        const v = this.nodeValue();
        if (Object.prototype.hasOwnProperty.call(obj, kt.text!)) this.fail(`Duplicate member of node object: \`${kt.text}\``, kt.start);
        obj[kt.text!] = v;
        this.ws();
      }
      value = obj;
    } else {
      value = this.nodeValue([T.LBRACE, T.LBRACKET, T.TEXT_BLOCK, T.STRING, T.NUMBER, T.IDENTIFIER]);
      this.ws();
    }
    this.expect(T.RPAREN);
    return { id, value, pos };
  }

  /** An identifier opening a trait body starts `key: value` pairs unless it is a lone shape id value. */
  private isStructuredTraitKey(): boolean {
    const next = this.peekAt(1).type;
    if (next === T.DOT || next === T.POUND || next === T.DOLLAR) return false;
    const after = this.peekAfterWs(1).type;
    if (after === T.RPAREN) return false;
    return true;
  }

  private peekAfterWs(k: number): Token {
    let j = this.i + k;
    while (j < this.toks.length - 1 && this.isWs(this.toks[j]!)) j++;
    return this.toks[j]!;
  }

  private shapeOrApply(): void {
    const docs = this.takeDocs();
    const traits = this.traitStatements();
    const t = this.peek();
    if (t.type === T.IDENTIFIER && t.text === "apply") {
      if (traits.length > 0) this.fail("Traits applied to apply statement", t.start);
      this.apply();
      this.br();
      return;
    }
    if (t.type !== T.IDENTIFIER) this.expect(T.IDENTIFIER);
    const type = t.text!;
    const typePos = t.start;
    let shape: RawShape;
    if (SIMPLE_TYPES.has(type)) {
      this.advance();
      shape = this.newShape(type, docs, traits);
      this.mixinsOpt(shape);
      this.br();
    } else if (type === "enum" || type === "intEnum") {
      this.advance();
      shape = this.newShape(type, docs, traits);
      if (this.out.version === "1.0") this.fail(`${type} shapes cannot be used in Smithy version 1.0`, typePos);
      this.mixinsOpt(shape);
      this.ws();
      this.enumMembers(shape);
      this.br();
    } else if (AGGREGATE_TYPES.has(type)) {
      this.advance();
      if (type === "set" && this.out.version !== "1.0") this.fail(`set shapes cannot be used in Smithy version 2.0`, typePos);
      shape = this.newShape(type, docs, traits);
      this.forOpt(shape);
      this.mixinsOpt(shape);
      this.ws();
      this.members(shape);
      this.br();
    } else if (type === "service" || type === "resource") {
      this.advance();
      shape = this.newShape(type, docs, traits);
      this.mixinsOpt(shape);
      this.ws();
      const bodyPos = this.peek().start;
      shape.body = this.nodeObject();
      shape.bodyPos = { "": bodyPos };
      this.br();
    } else if (type === "operation") {
      this.advance();
      shape = this.newShape(type, docs, traits);
      this.mixinsOpt(shape);
      this.ws();
      this.operationBody(shape);
      this.br();
    } else {
      this.fail(`Unknown shape type: ${type}`, typePos);
    }
    this.out.shapes.push(shape);
  }

  private newShape(type: string, docs: string | undefined, traits: RawTrait[]): RawShape {
    this.expectSp();
    const t = this.peek();
    const name = this.identifier();
    const shape: RawShape = { type, name, pos: t.start, traits, mixins: [] };
    if (docs !== undefined) shape.docs = docs;
    return shape;
  }

  private forOpt(shape: RawShape): void {
    const save = this.i;
    this.sp();
    if (this.isIdent("for")) {
      const pos = this.peek().start;
      if (this.out.version === "1.0") {
        this.fail(
          `Structures can only be bound to resources with Smithy version 2 or later. Attempted to bind a structure to a resource with version \`${this.out.version}\`.`,
          pos,
        );
      }
      this.advance();
      this.expectSp();
      shape.forResource = this.shapeId();
    } else this.i = save;
  }

  private mixinsOpt(shape: RawShape): void {
    const save = this.i;
    this.sp();
    if (!this.isIdent("with")) {
      this.i = save;
      return;
    }
    const pos = this.peek().start;
    if (this.out.version === "1.0") {
      this.fail(
        "Mixins can only be used with Smithy version 2 or later. Attempted to use mixins with version `" + this.out.version + "`.",
        pos,
      );
    }
    this.advance();
    this.ws();
    this.expect(T.LBRACKET);
    this.ws();
    do {
      shape.mixins.push(this.shapeId());
      this.ws();
    } while (this.peek().type !== T.RBRACKET);
    this.advance();
  }

  private members(shape: RawShape): void {
    this.expect(T.LBRACE);
    const members: RawMember[] = [];
    shape.members = members;
    const names = new Set<string>();
    this.ws();
    while (this.peek().type !== T.RBRACE) {
      const docs = this.takeDocs();
      const traits = this.traitStatements();
      if (traits.length === 0 && this.peek().type === T.EOF) this.expect(T.RBRACE);
      const m: RawMember = { name: "", pos: this.peek().start, traits, hasDefault: false };
      if (docs !== undefined) m.docs = docs;
      if (this.peek().type === T.DOLLAR) {
        if (this.out.version === "1.0") this.fail("Members can only elide targets in IDL version 2 or later");
        this.advance();
        m.name = this.identifier();
      } else {
        if (this.peek().type === T.RBRACE) this.expect(T.IDENTIFIER);
        m.name = this.identifier();
        this.sp();
        this.expect(T.COLON);
        this.sp();
        m.target = this.shapeId();
      }
      if (names.has(m.name)) this.fail(`Found conflicting member name, \`${m.name}\``, m.pos, `${this.out.namespace}#${shape.name}: `);
      names.add(m.name);
      const save = this.i;
      this.sp();
      if (this.peek().type === T.EQUAL) {
        if (this.out.version === "1.0") this.fail("@default assignment is only supported in IDL version 2 or later");
        this.advance();
        this.sp();
        m.defaultValue = this.nodeValue();
        m.hasDefault = true;
        this.afterValue();
      } else {
        this.i = save;
        this.ws();
      }
      members.push(m);
    }
    this.advance();
  }

  private enumMembers(shape: RawShape): void {
    this.expect(T.LBRACE);
    const members: RawMember[] = [];
    shape.members = members;
    const names = new Set<string>();
    this.ws();
    while (this.peek().type !== T.RBRACE) {
      const docs = this.takeDocs();
      const traits = this.traitStatements();
      if (traits.length === 0 && this.peek().type === T.EOF) this.expect(T.RBRACE);
      const m: RawMember = { name: "", pos: this.peek().start, traits, hasDefault: false };
      if (docs !== undefined) m.docs = docs;
      m.name = this.identifier();
      if (names.has(m.name)) this.fail(`Found conflicting member name, \`${m.name}\``, m.pos, `${this.out.namespace}#${shape.name}: `);
      names.add(m.name);
      const save = this.i;
      this.sp();
      if (this.peek().type === T.EQUAL) {
        this.advance();
        this.sp();
        m.defaultValue = this.nodeValue();
        m.hasDefault = true;
        this.afterValue();
      } else {
        this.i = save;
        this.ws();
      }
      members.push(m);
    }
    this.advance();
  }

  /** ValueAssignment tail: [SP] [Comma] BR. */
  private afterValue(): void {
    this.sp();
    if (this.peek().type === T.COMMA) this.advance();
    this.br();
  }

  private operationBody(shape: RawShape): void {
    const opId = `${this.out.namespace}#${shape.name}`;
    this.expect(T.LBRACE);
    this.ws();
    while (this.peek().type !== T.RBRACE) {
      const kt = this.expect(T.IDENTIFIER);
      const key = kt.text!;
      if (key === "input" || key === "output") {
        if (shape[key]) this.fail(`Duplicate operation ${key} property for \`${opId}\``, kt.start);
        this.ws();
        if (this.peek().type === T.WALRUS) {
          const wpos = this.advance().start;
          if (this.out.version === "1.0") {
            throw new IdlError(
              "Inlined operation inputs and outputs can only be used with Smithy version 2 or later. Attempted to use inlined IO with version `1.0`.",
              { file: this.file, ...position(this.lineStarts, wpos) },
              this.src,
            );
          }
          shape[key] = this.inlineStructure(shape, key);
        } else {
          this.expect(T.COLON);
          this.ws();
          shape[key] = this.shapeId();
        }
      } else if (key === "errors") {
        if (shape.errors) this.fail(`Duplicate operation errors property for \`${opId}\``, kt.start);
        this.sp();
        this.expect(T.COLON);
        this.ws();
        this.expect(T.LBRACKET);
        this.ws();
        const errs: RawId[] = [];
        while (this.peek().type !== T.RBRACKET) {
          errs.push(this.shapeId());
          this.ws();
        }
        this.advance();
        shape.errors = errs;
      } else {
        throw new IdlError(`Unknown property ${key} for ${opId}`, { file: this.file, ...position(this.lineStarts, kt.start) }, this.src);
      }
      if (this.peek().type !== T.RBRACE) this.expectWs();
    }
    this.advance();
  }

  private inlineStructure(op: RawShape, kind: "input" | "output"): RawId {
    this.ws();
    const docs = this.takeDocs();
    const traits = this.traitStatements();
    const name = op.name + (kind === "input" ? this.inputSuffix : this.outputSuffix);
    const pos = this.peek().start;
    const shape: RawShape = { type: "structure", name, pos, traits, mixins: [], inlineOf: kind };
    if (docs !== undefined) shape.docs = docs;
    this.forOpt(shape);
    this.mixinsOpt(shape);
    this.ws();
    this.members(shape);
    this.out.shapes.push(shape);
    return { id: name, pos };
  }

  private apply(): void {
    const pos = this.advance().start;
    this.expectSp();
    const target = this.shapeId();
    this.expectWs();
    const traits: RawTrait[] = [];
    if (this.peek().type === T.LBRACE) {
      this.advance();
      const ts = this.traitStatements();
      traits.push(...ts);
      this.expect(T.RBRACE);
    } else {
      if (this.peek().type !== T.AT) this.expectOneOf([T.AT, T.LBRACE]);
      traits.push(this.trait());
    }
    this.out.applies.push({ target, traits, pos });
  }
}

export function nodeToString(v: NodeValue): string {
  if (v instanceof ShapeIdNode) return v.id;
  return jsonText(v, "");
}

/** Parses one IDL file into its unresolved form. Throws IdlError. */
export function parseIdlFile(file: string, text: string): ParsedFile {
  try {
    return new Parser(file, text.charCodeAt(0) === 0xfeff ? " " + text.slice(1) : text).parse();
  } catch (e) {
    if (e instanceof IdlError) throw e;
    if (e instanceof RangeError) throw new IdlError(`Input too deeply nested: ${e.message}`, { file });
    throw new IdlError(`internal error: ${(e as Error)?.message ?? String(e)}`, { file });
  }
}
