/**
 * Multi-file assembly of Smithy IDL (and JSON AST) files into one Smithy 2.0 JSON AST:
 * namespaces and `use`, shape-id resolution (use > namespace > prelude), metadata merging, `apply`,
 * mixins, target elision, inline operation I/O, enum members, default values, documentation comments,
 * and the 1.0 → 2.0 upgrade (sets, primitive defaults). The prelude is loaded implicitly and never
 * emitted.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AstMember, AstShape } from "../model.js";
import { IdlError } from "./errors.js";
import { ExactDecimal, isExactNumber, jsonText, parseJsonExact, sameExactNumber, toDoubles } from "./numbers.js";
import { type NodeValue, type ParsedFile, type RawId, type RawShape, type RawTrait, ShapeIdNode, parseIdlFile, position } from "./parser.js";

export type Traits = Record<string, unknown>;

export interface LoadOptions {
  /**
   * How mixins appear in the output:
   * - `false` (default): as Smithy's JSON AST serializer writes them — `mixins` lists, only local
   *   members and traits, and `"type": "apply"` entries for inherited members given new traits;
   * - `true`: flattened — every shape carries all its members and inherited traits, and mixin shapes
   *   (marked `@mixin`) are removed, so the model needs no mixin support downstream;
   * - `"keep"`: flattened members and traits, but mixin shapes and `mixins` lists are kept.
   */
  flattenMixins?: boolean | "keep";
  /** Path of the prelude (default: SMITHY_PRELUDE, else ../shared/corpora/smithy-idl/prelude.smithy beside the repository). */
  prelude?: string;
  /** Accept traits that no loaded shape defines (Smithy rejects them). */
  allowUnknownTraits?: boolean;
  /** Accept member / operation targets that no loaded shape defines. */
  allowUnknownTargets?: boolean;
  /** Text of the files instead of reading them from disk (keyed by the same path). */
  sources?: Record<string, string>;
  /**
   * Read every number as a JS double, rounding the ones it cannot hold (as JSON.parse does), for
   * consumers that only handle plain JSON numbers. By default such numbers stay exact: integers as
   * `bigint`, others as `ExactDecimal` (see numbers.ts; `jsonText` writes them as JSON).
   */
  doubleNumbers?: boolean;
}

export interface JsonAst {
  smithy: string;
  metadata: Record<string, unknown>;
  shapes: Record<string, AstShape>;
}

interface Src {
  file: string;
  source?: string;
  lineStarts?: number[];
}

interface Member {
  name: string;
  target: string;
  traits: Traits;
  elided?: boolean;
  pos?: number;
  targetPos?: number;
}

interface Shape {
  id: string;
  type: string;
  traits: Traits;
  members: Member[];
  mixins: string[];
  props: Record<string, unknown>;
  version: string;
  src: Src;
  pos?: number;
  forResource?: string;
  /** Traits introduced on inherited members (by apply or redefinition), by member name. */
  introduced: Map<string, Traits>;
  prelude?: boolean;
  flat?: { members: Map<string, Member>; traits: Traits; inherited: Set<string>; props: Record<string, unknown> };
  flattening?: boolean;
}

const API = "smithy.api#";
const MEMBER_TYPES = new Set(["structure", "union", "enum", "intEnum"]);
const PRIMITIVE_ZERO: Record<string, unknown> = {
  boolean: false, byte: 0, short: 0, integer: 0, long: 0, float: 0, double: 0,
};
const SHAPE_TYPES = new Set([
  "blob", "boolean", "document", "string", "byte", "short", "integer", "long", "float", "double", "bigInteger",
  "bigDecimal", "timestamp", "enum", "intEnum", "list", "set", "map", "structure", "union", "service", "resource",
  "operation",
]);

function fail(msg: string, src?: Src, pos?: number): never {
  if (src && pos !== undefined && src.lineStarts && src.source !== undefined) {
    const { line, column } = position(src.lineStarts, pos);
    throw new IdlError(msg, { file: src.file, line, column }, src.source);
  }
  throw new IdlError(msg, src ? { file: src.file } : undefined);
}

/** Service / operation properties inherited from mixins: lists append (without repeats), objects merge, scalars override. */
function mergeProps(into: Record<string, unknown>, from: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(from)) {
    const old = into[k];
    if (Array.isArray(old) && Array.isArray(v)) {
      const out = [...old];
      for (const x of v) if (!out.some((y) => deepEqual(x, y))) out.push(x);
      into[k] = out;
    } else if (old && v && typeof old === "object" && typeof v === "object" && !Array.isArray(old) && !Array.isArray(v) && !("target" in v) && !(old instanceof ExactDecimal) && !(v instanceof ExactDecimal)) {
      into[k] = { ...old, ...v };
    } else into[k] = v;
  }
}

/** Sets an own property, even `__proto__`. */
function setKey(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === "__proto__") Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isExactNumber(a) || isExactNumber(b)) return isExactNumber(a) && isExactNumber(b) && sameExactNumber(a, b);
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** Adds a trait, merging as Smithy does: lists concatenate, equal values are fine, else conflict. */
function mergeTrait(traits: Traits, id: string, value: unknown, where: string, src?: Src, pos?: number): void {
  if (!Object.prototype.hasOwnProperty.call(traits, id)) {
    traits[id] = value;
    return;
  }
  const old = traits[id];
  if (Array.isArray(old) && Array.isArray(value)) {
    traits[id] = [...old, ...value];
    return;
  }
  if (deepEqual(old, value)) return;
  fail(`Conflicting \`${id}\` trait found on shape \`${where}\`: ${jsonText(old)} vs ${jsonText(value)}`, src, pos);
}

// ------------------------------------------------------------------ prelude

let preludeCache: { file: string; parsed: ParsedFile } | undefined;

/**
 * The prelude: $SMITHY_PRELUDE, else a `prelude.smithy` next to this module (or, from `dist/idl`,
 * in `src/idl`), else Smithy's own copy in the shared corpus beside the repository
 * (`../shared/corpora/smithy-idl/prelude.smithy`), which we read in place rather than copy.
 */
function defaultPreludePath(): string {
  if (process.env.SMITHY_PRELUDE) return process.env.SMITHY_PRELUDE;
  const here = dirname(fileURLToPath(import.meta.url));
  for (const p of [join(here, "prelude.smithy"), join(here, "../../src/idl/prelude.smithy")]) {
    if (existsSync(p)) return p;
  }
  // codegen/{src,dist}/idl → the repository root is three levels up
  return join(here, "../../../../shared/corpora/smithy-idl/prelude.smithy");
}

function loadPrelude(path: string): ParsedFile {
  if (preludeCache && preludeCache.file === path) return preludeCache.parsed;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new IdlError(`cannot read the Smithy prelude: ${(e as Error).message}`, { file: path });
  }
  const parsed = parseIdlFile(path, text);
  preludeCache = { file: path, parsed };
  return parsed;
}

// ------------------------------------------------------------------ the assembler

interface JsonFile {
  file: string;
  version: string;
  metadata: Record<string, unknown>;
  shapes: Record<string, Record<string, unknown>>;
}

class Assembler {
  shapes = new Map<string, Shape>();
  /** Every defined id (prelude included) → the source that defines it. */
  defined = new Map<string, Src>();
  preludeNames = new Map<string, string>(); // public prelude name → id
  metadata: Record<string, unknown> = Object.create(null);
  metaSeen = new Map<string, Src>();
  /** Where each trait was written ("shapeId traitId" → source position), for error messages. */
  traitSites = new Map<string, { src: Src; pos: number }>();
  applies: { target: string; traits: Traits; src: Src; pos?: number }[] = [];

  constructor(readonly options: LoadOptions) {}

  // -- resolution

  resolve(raw: string, ns: string | undefined, uses: Map<string, string>): string {
    if (raw.includes("#")) return raw;
    const dollar = raw.indexOf("$");
    const name = dollar < 0 ? raw : raw.slice(0, dollar);
    const member = dollar < 0 ? "" : raw.slice(dollar);
    const used = uses.get(name);
    if (used) return used + member;
    if (ns !== undefined && this.defined.has(`${ns}#${name}`)) return `${ns}#${name}${member}`;
    const p = this.preludeNames.get(name);
    if (p) return p + member;
    return `${ns ?? "smithy.api"}#${name}${member}`;
  }

  // -- building shapes from a parsed IDL file

  addIdl(pf: ParsedFile, prelude: boolean): void {
    const src: Src = { file: pf.file, source: pf.source, lineStarts: pf.lineStarts };
    const ns = pf.namespace;
    const uses = new Map<string, string>();
    for (const u of pf.uses) {
      const id = u.id.id;
      if (id.includes("$")) fail(`Use statements cannot use members: \`${id}\``, src, u.id.pos);
      const name = id.slice(id.indexOf("#") + 1);
      const prev = uses.get(name);
      if (prev && prev !== id) fail(`Cannot use name \`${id}\` because it conflicts with \`${prev}\``, src, u.id.pos);
      uses.set(name, id);
    }
    for (const s of pf.shapes) {
      const used = uses.get(s.name);
      if (used && used !== `${ns}#${s.name}`) {
        fail(`Shape name \`${s.name}\` conflicts with imported shape \`${used}\``, src, s.pos);
      }
    }
    const res = (r: RawId) => this.resolve(r.id, ns, uses);
    const node = (v: NodeValue): unknown => this.resolveNode(v, ns, uses, src);
    const traitsOf = (raw: RawTrait[], docs: string | undefined, where: string): Traits => {
      const t: Traits = Object.create(null);
      if (docs !== undefined) t[API + "documentation"] = docs;
      for (const rt of raw) {
        const id = res(rt.id);
        mergeTrait(t, id, rt.value === undefined ? {} : node(rt.value), where, src, rt.pos);
        const site = `${where} ${id}`;
        if (!this.traitSites.has(site)) this.traitSites.set(site, { src, pos: rt.pos });
      }
      return t;
    };

    // metadata
    for (const m of pf.metadata) this.addMetadata(m.key, node(m.value), src, m.pos);

    for (const rs of pf.shapes) {
      const id = `${ns}#${rs.name}`;
      const shape: Shape = {
        id,
        type: rs.type,
        traits: traitsOf(rs.traits, rs.docs, id),
        members: [],
        mixins: rs.mixins.map(res),
        props: Object.create(null),
        version: pf.version,
        src,
        pos: rs.pos,
        introduced: new Map(),
      };
      if (prelude) shape.prelude = true;
      if (rs.forResource) shape.forResource = res(rs.forResource);
      if (rs.inlineOf) {
        const tid = API + rs.inlineOf;
        if (!(tid in shape.traits)) shape.traits[tid] = {};
      }
      if (rs.members) {
        for (const rm of rs.members) {
          const mid = `${id}$${rm.name}`;
          const m: Member = { name: rm.name, target: rm.target ? res(rm.target) : "", traits: traitsOf(rm.traits, rm.docs, mid), pos: rm.pos };
          if (rm.target) m.targetPos = rm.target.pos;
          if (!rm.target && rs.type !== "enum" && rs.type !== "intEnum") m.elided = true;
          if (rs.type === "enum" || rs.type === "intEnum") {
            m.target = API + "Unit";
            this.enumValue(rs, rm.name, rm.hasDefault ? node(rm.defaultValue!) : undefined, m, id, src);
          } else if (rm.hasDefault) {
            mergeTrait(m.traits, API + "default", node(rm.defaultValue!), mid, src, rm.pos);
          }
          shape.members.push(m);
        }
      }
      if (rs.type === "operation") this.operationProps(rs, shape, res, src);
      if (rs.body) this.entityProps(rs, shape, ns, uses, src);
      this.define(shape);
    }

    for (const a of pf.applies) {
      const target = res(a.target);
      this.applies.push({ target, traits: traitsOf(a.traits, undefined, target), src, pos: a.pos });
    }
  }

  enumValue(rs: RawShape, name: string, value: unknown, m: Member, id: string, src: Src): void {
    const where = `${id}$${name}`;
    if (rs.type === "enum") {
      if (value === undefined) {
        if (!(API + "enumValue" in m.traits)) m.traits[API + "enumValue"] = name;
        return;
      }
      if (typeof value !== "string") fail(`${where}: enum members can only be assigned string values, but found: ${jsonText(value)}`, src, m.pos);
      mergeTrait(m.traits, API + "enumValue", value, where, src, m.pos);
      return;
    }
    if (value === undefined) return;
    // exact numbers are the ones a double cannot hold: far outside the int range, or a long fraction
    if (typeof value === "bigint") fail(`${where}: intEnum members must fit within an integer, but found: ${value}`, src, m.pos);
    if (value instanceof ExactDecimal) fail(`${where}: intEnum members do not support floating point values`, src, m.pos);
    if (typeof value !== "number") fail(`${where}: intEnum members require integer values, but found: ${jsonText(value)}`, src, m.pos);
    if (!Number.isInteger(value)) fail(`${where}: intEnum members do not support floating point values`, src, m.pos);
    if (value > 2147483647 || value < -2147483648) fail(`${where}: intEnum members must fit within an integer, but found: ${value}`, src, m.pos);
    mergeTrait(m.traits, API + "enumValue", value, where, src, m.pos);
  }

  operationProps(rs: RawShape, shape: Shape, res: (r: RawId) => string, src: Src): void {
    if (rs.input) shape.props.input = { target: res(rs.input) };
    if (rs.output) shape.props.output = { target: res(rs.output) };
    if (rs.errors) shape.props.errors = rs.errors.map((e) => ({ target: res(e) }));
    void src;
  }

  entityProps(rs: RawShape, shape: Shape, ns: string | undefined, uses: Map<string, string>, src: Src): void {
    const body = rs.body!;
    const pos = rs.bodyPos?.[""];
    const idOf = (key: string, v: NodeValue): string => {
      if (v instanceof ShapeIdNode) return this.resolve(v.id, ns, uses);
      if (typeof v === "string") return this.resolve(v, ns, uses);
      fail(`${shape.id}: expected a shape id for \`${key}\`, but found ${jsonText(v)}`, src, pos);
    };
    const list = (key: string, v: NodeValue) => {
      if (!Array.isArray(v)) fail(`${shape.id}: expected a list of shape ids for \`${key}\``, src, pos);
      return v.map((x) => ({ target: idOf(key, x) }));
    };
    const map = (key: string, v: NodeValue) => {
      if (!v || typeof v !== "object" || Array.isArray(v) || v instanceof ShapeIdNode || v instanceof ExactDecimal) fail(`${shape.id}: expected an object for \`${key}\``, src, pos);
      const out: Record<string, { target: string }> = {};
      for (const [k, x] of Object.entries(v)) setKey(out, k, { target: idOf(key, x) });
      return out;
    };
    for (const [key, v] of Object.entries(body)) {
      if (shape.type === "service") {
        switch (key) {
          case "version":
            if (typeof v !== "string") fail(`${shape.id}: service version must be a string`, src, pos);
            shape.props.version = v;
            break;
          case "operations":
          case "resources":
          case "errors":
            shape.props[key] = list(key, v);
            break;
          case "rename": {
            if (!v || typeof v !== "object" || Array.isArray(v) || v instanceof ShapeIdNode || v instanceof ExactDecimal) fail(`${shape.id}: expected an object for \`rename\``, src, pos);
            const out: Record<string, string> = {};
            for (const [k, x] of Object.entries(v)) {
              if (typeof x !== "string") fail(`${shape.id}: rename values must be strings`, src, pos);
              setKey(out, this.resolve(k, ns, uses), x);
            }
            shape.props.rename = out;
            break;
          }
          default:
            fail(`Unknown property ${key} for ${shape.id}`, src, pos);
        }
      } else {
        switch (key) {
          case "identifiers":
            shape.props[key] = map(key, v);
            break;
          case "properties":
            if (shape.version === "1.0") fail("Resource properties can only be used with Smithy version 2 or later.", src, pos);
            shape.props[key] = map(key, v);
            break;
          case "create":
          case "put":
          case "read":
          case "update":
          case "delete":
          case "list":
            shape.props[key] = { target: idOf(key, v) };
            break;
          case "operations":
          case "collectionOperations":
          case "resources":
            shape.props[key] = list(key, v);
            break;
          default:
            fail(`Unknown property ${key} for ${shape.id}`, src, pos);
        }
      }
    }
  }

  resolveNode(v: NodeValue, ns: string | undefined, uses: Map<string, string>, src: Src): unknown {
    if (v instanceof ShapeIdNode) {
      const id = this.resolve(v.id, ns, uses);
      if (ns === undefined && !v.id.includes("#")) {
        const base = id.includes("$") ? id.slice(0, id.indexOf("$")) : id;
        if (!this.defined.has(base)) fail(`Syntactic shape ID \`${v.id}\` does not resolve to a valid shape ID: \`${id}\``, src, v.pos);
      }
      return id;
    }
    if (Array.isArray(v)) return v.map((x) => this.resolveNode(x, ns, uses, src));
    if (v !== null && typeof v === "object" && !(v instanceof ExactDecimal)) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) setKey(out, k, this.resolveNode(x, ns, uses, src));
      return out;
    }
    return v;
  }

  define(shape: Shape): void {
    const prev = this.shapes.get(shape.id);
    if (prev) {
      if (prev.prelude && !shape.prelude) fail(`Cannot define shape \`${shape.id}\`: the prelude namespace is reserved`, shape.src, shape.pos);
      if (this.equalDefinitions(prev, shape)) return;
      fail(`Conflicting shape definition for \`${shape.id}\` (also defined in ${prev.src.file})`, shape.src, shape.pos);
    }
    this.shapes.set(shape.id, shape);
  }

  equalDefinitions(a: Shape, b: Shape): boolean {
    return (
      a.type === b.type &&
      deepEqual(a.traits, b.traits) &&
      deepEqual(a.mixins, b.mixins) &&
      deepEqual(a.props, b.props) &&
      deepEqual(
        a.members.map((m) => [m.name, m.target, m.traits]),
        b.members.map((m) => [m.name, m.target, m.traits]),
      )
    );
  }

  addMetadata(key: string, value: unknown, src: Src, pos?: number): void {
    if (!Object.prototype.hasOwnProperty.call(this.metadata, key)) {
      this.metadata[key] = value;
      this.metaSeen.set(key, src);
      return;
    }
    const old = this.metadata[key];
    if (Array.isArray(old) && Array.isArray(value)) {
      this.metadata[key] = [...old, ...value];
      return;
    }
    if (deepEqual(old, value)) return;
    fail(`Metadata conflict for key \`${key}\`. Defined in both \`${this.metaSeen.get(key)?.file}\` and \`${src.file}\``, src, pos);
  }

  // -- JSON AST input

  addJson(jf: JsonFile): void {
    const src: Src = { file: jf.file };
    for (const [k, v] of Object.entries(jf.metadata)) this.addMetadata(k, v, src);
    for (const [id, raw] of Object.entries(jf.shapes)) {
      if (!raw || typeof raw !== "object" || Array.isArray(raw)) fail(`${id}: shape must be an object`, src);
      const type = raw.type;
      if (typeof type !== "string") fail(`${id}: shape has no "type"`, src);
      if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*#[A-Za-z_][A-Za-z0-9_]*(\$[A-Za-z_][A-Za-z0-9_]*)?$/.test(id)) {
        fail(`Invalid shape id \`${id}\``, src);
      }
      const traits = this.jsonTraits(raw.traits, id, src);
      if (type === "apply") {
        this.applies.push({ target: id, traits, src });
        continue;
      }
      if (!SHAPE_TYPES.has(type) || id.includes("$")) fail(`${id}: invalid shape type \`${type}\``, src);
      const shape: Shape = { id, type, traits, members: [], mixins: [], props: Object.create(null), version: jf.version, src, introduced: new Map() };
      const memberOf = (name: string, m: unknown): Member => {
        if (!m || typeof m !== "object" || typeof (m as AstMember).target !== "string") fail(`${id}$${name}: member requires a "target"`, src);
        return { name, target: (m as AstMember).target, traits: this.jsonTraits((m as AstMember).traits, `${id}$${name}`, src) };
      };
      for (const [k, v] of Object.entries(raw)) {
        switch (k) {
          case "type":
          case "traits":
            break;
          case "members":
            if (!v || typeof v !== "object") fail(`${id}: "members" must be an object`, src);
            for (const [name, m] of Object.entries(v as object)) shape.members.push(memberOf(name, m));
            break;
          case "member":
          case "key":
          case "value":
            shape.members.push(memberOf(k, v));
            break;
          case "mixins":
            if (!Array.isArray(v)) fail(`${id}: "mixins" must be a list`, src);
            shape.mixins = v.map((x: { target?: unknown }) => {
              if (typeof x?.target !== "string") fail(`${id}: invalid mixin reference`, src);
              return x.target;
            });
            break;
          default:
            shape.props[k] = v;
        }
      }
      this.define(shape);
    }
  }

  jsonTraits(raw: unknown, where: string, src: Src): Traits {
    const t: Traits = Object.create(null);
    if (raw === undefined) return t;
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) fail(`${where}: "traits" must be an object`, src);
    for (const [k, v] of Object.entries(raw)) {
      if (!k.includes("#")) fail(`${where}: trait id \`${k}\` must be absolute`, src);
      t[k] = v;
    }
    return t;
  }

  // -- mixins, elision, apply

  flatten(shape: Shape): NonNullable<Shape["flat"]> {
    if (shape.flat) return shape.flat;
    if (shape.flattening) fail(`Mixin cycle detected involving \`${shape.id}\``, shape.src, shape.pos);
    shape.flattening = true;
    const members = new Map<string, Member>();
    const inheritedFrom = new Map<string, string>();
    const traits: Traits = Object.create(null);
    const inherited = new Set<string>();
    const bad: string[] = [];
    const props: Record<string, unknown> = {};
    for (const mid of shape.mixins) {
      const mixin = this.shapes.get(mid);
      if (!mixin) fail(`${shape.id}: mixin \`${mid}\` is not defined`, shape.src, shape.pos);
      if (mixin.type !== shape.type) {
        bad.push(mid);
        continue;
      }
      if (!(API + "mixin" in mixin.traits)) fail(`Shape \`${shape.id}\` uses \`${mid}\` as a mixin, but it is not marked with the @mixin trait`, shape.src, shape.pos);
      const mf = this.flatten(mixin);
      mergeProps(props, mf.props);
      const local = new Set<string>(
        ((mixin.traits[API + "mixin"] as { localTraits?: string[] } | undefined)?.localTraits ?? []).concat([API + "mixin"]),
      );
      for (const [k, v] of Object.entries(mf.traits)) if (!local.has(k)) traits[k] = v;
      for (const [name, m] of mf.members) {
        const local = shape.members.find((x) => x.name === name && !x.elided);
        if (local && local.target !== m.target) {
          fail(`${shape.id}$${name}: Member conflicts with an inherited mixin member: \`${mid}$${name}\``, shape.src, local.pos ?? shape.pos);
        }
        const prev = members.get(name);
        if (prev && prev.target !== m.target) {
          fail(`${shape.id}$${name}: Member conflicts with an inherited mixin member: \`${shape.id}$${name}\``, shape.src, shape.pos);
        }
        // The same member from several mixins: their traits combine (later mixins win).
        members.set(name, { name, target: m.target, traits: { ...(prev?.traits ?? {}), ...m.traits } });
        inheritedFrom.set(name, `${mid}$${name}`);
        inherited.add(name);
      }
    }
    if (bad.length) {
      fail(
        `Mixins may only be mixed into shapes of the same type. The following mixins were applied to the ${shape.type} shape \`${shape.id}\` which are not ${shape.type} shapes: [${bad.map((b) => `\`${b}\``).join(", ")}]`,
        shape.src,
        shape.pos,
      );
    }
    for (const m of shape.members) {
      if (m.elided && !m.target) {
        let target: string | undefined;
        if (shape.forResource) {
          const r = this.shapes.get(shape.forResource);
          if (!r) fail(`${shape.id}: the resource \`${shape.forResource}\` is not defined`, shape.src, shape.pos);
          if (r.type !== "resource") {
            fail(`The target of the \`for\` production must be a resource shape, but found a ${r.type} shape: ${r.id}`, shape.src, shape.pos);
          }
          const ids = r.props.identifiers as Record<string, { target: string }> | undefined;
          const props = r.props.properties as Record<string, { target: string }> | undefined;
          target = ids?.[m.name]?.target ?? props?.[m.name]?.target;
        }
        target ??= members.get(m.name)?.target;
        if (!target) {
          fail(`${shape.id}$${m.name}: Member target was elided, but no bound resource or mixin contained a matching identifier or member name.`, shape.src, m.pos ?? shape.pos);
        }
        m.target = target;
      }
      const prev = members.get(m.name);
      if (prev) {
        if (prev.target !== m.target) {
          fail(`${shape.id}$${m.name}: Member conflicts with an inherited mixin member: \`${inheritedFrom.get(m.name)}\``, shape.src, m.pos ?? shape.pos);
        }
        // A redefinition: the local traits are introduced on the inherited member.
        const intro = shape.introduced.get(m.name) ?? Object.create(null);
        for (const [k, v] of Object.entries(m.traits)) mergeTrait(intro, k, v, `${shape.id}$${m.name}`, shape.src, m.pos);
        shape.introduced.set(m.name, intro);
      } else {
        members.set(m.name, m);
      }
    }
    // Local members that redefine inherited ones are not local any more.
    shape.members = shape.members.filter((m) => !inherited.has(m.name));
    for (const [name, intro] of shape.introduced) {
      const m = members.get(name);
      if (!m) fail(`Cannot apply traits to \`${shape.id}$${name}\`: the member does not exist`, shape.src, shape.pos);
      Object.assign(m.traits, intro);
    }
    Object.assign(traits, shape.traits);
    mergeProps(props, shape.props);
    shape.flattening = false;
    shape.flat = { members, traits, inherited, props };
    return shape.flat;
  }

  applyAll(): void {
    for (const a of this.applies) {
      if (Object.keys(a.traits).length === 0) continue;
      const dollar = a.target.indexOf("$");
      const sid = dollar < 0 ? a.target : a.target.slice(0, dollar);
      const shape = this.shapes.get(sid);
      if (!shape) fail(`Trait applied to shape \`${a.target}\` that does not exist`, a.src, a.pos);
      if (shape.prelude) fail(`Cannot apply traits to prelude shape \`${a.target}\``, a.src, a.pos);
      if (dollar < 0) {
        for (const [k, v] of Object.entries(a.traits)) mergeTrait(shape.traits, k, v, sid, a.src, a.pos);
        continue;
      }
      const name = a.target.slice(dollar + 1);
      const local = shape.members.find((m) => m.name === name);
      if (local) {
        for (const [k, v] of Object.entries(a.traits)) mergeTrait(local.traits, k, v, a.target, a.src, a.pos);
        continue;
      }
      if (shape.mixins.length === 0) fail(`Trait applied to shape \`${a.target}\` that does not exist`, a.src, a.pos);
      const intro = shape.introduced.get(name) ?? Object.create(null);
      for (const [k, v] of Object.entries(a.traits)) mergeTrait(intro, k, v, a.target, a.src, a.pos);
      shape.introduced.set(name, intro);
    }
  }

  // -- validation and upgrades

  validate(): void {
    const unknownTargets = !this.options.allowUnknownTargets;
    const lower = new Map<string, string>();
    for (const id of this.shapes.keys()) {
      const k = id.toLowerCase();
      const other = lower.get(k);
      if (other !== undefined) {
        const s = this.shapes.get(id)!;
        fail(`Shape ID \`${id}\` conflicts with other shape IDs in the model: [\`${other}\`]`, s.src, s.pos);
      }
      lower.set(k, id);
    }
    const has = (id: string) => this.shapes.has(id);
    for (const shape of this.shapes.values()) {
      if (shape.prelude) continue;
      const where = shape.id;
      if (shape.version === "1.0" && API + "mixin" in shape.traits && shape.src.lineStarts) {
        fail(`Mixins can only be used in Smithy 2.0 or later. Attempted to apply a @mixin trait to \`${shape.id}\` in a model file using version \`1.0\`.`, shape.src, shape.pos);
      }
      const flat = shape.flat!;
      const ns = where.slice(0, where.indexOf("#"));
      const checkPrivate = (id: string, what: string, pos = shape.pos) => {
        const t = this.shapes.get(id);
        if (t && API + "private" in t.traits && !id.startsWith(ns + "#")) {
          fail(`${what} references \`${id}\`, a private shape of another namespace`, shape.src, pos);
        }
      };
      for (const m of shape.members) checkPrivate(m.target, `${where}$${m.name}`, m.targetPos ?? m.pos);
      for (const mid of shape.mixins) checkPrivate(mid, where);
      if (shape.forResource) checkPrivate(shape.forResource, where);
      if (shape.forResource) {
        const r = this.shapes.get(shape.forResource);
        if (!r) fail(`${where}: the resource \`${shape.forResource}\` is not defined`, shape.src, shape.pos);
        if (r.type !== "resource") fail(`The target of the \`for\` production must be a resource shape, but found a ${r.type} shape: ${r.id}`, shape.src, shape.pos);
      }
      if (flat.members.size > 1) {
        const seen = new Map<string, string>();
        for (const n of flat.members.keys()) {
          const other = seen.get(n.toLowerCase());
          if (other !== undefined) fail(`${where}: member \`${n}\` conflicts case-insensitively with member \`${other}\``, shape.src, shape.pos);
          seen.set(n.toLowerCase(), n);
        }
      }
      if (shape.type === "list" || shape.type === "set") {
        if (!flat.members.has("member")) fail(`Missing required member of shape \`${where}\`: member`, shape.src, shape.pos);
        for (const n of flat.members.keys()) if (n !== "member") fail(`${where}: ${shape.type} shapes may only have a \`member\` member, found \`${n}\``, shape.src, shape.pos);
      } else if (shape.type === "map") {
        const missing = ["key", "value"].filter((k) => !flat.members.has(k));
        if (missing.length === 1) fail(`Missing required member of shape \`${where}\`: ${missing[0]}`, shape.src, shape.pos);
        if (missing.length === 2) fail(`Missing required members of shape \`${where}\`: key, value`, shape.src, shape.pos);
        for (const n of flat.members.keys()) if (n !== "key" && n !== "value") fail(`${where}: map shapes may only have \`key\` and \`value\` members, found \`${n}\``, shape.src, shape.pos);
      } else if (shape.type === "enum") {
        if (flat.members.size === 0) fail(`${where}: enum must have at least one entry`, shape.src, shape.pos);
      } else if (shape.type === "intEnum") {
        if (flat.members.size === 0) fail(`${where}: intEnum shapes must have at least one member`, shape.src, shape.pos);
        for (const m of flat.members.values()) {
          if (typeof m.traits[API + "enumValue"] !== "number") fail(`${where}$${m.name}: intEnum members require integer values, but found: null`, shape.src, m.pos ?? shape.pos);
        }
      } else if (!MEMBER_TYPES.has(shape.type) && flat.members.size > 0) {
        fail(`${where}: ${shape.type} shapes cannot have members`, shape.src, shape.pos);
      }
      if (API + "mixin" in shape.traits) {
        if (shape.type === "operation" && (shape.props.input || shape.props.output)) {
          const isUnit = (x: unknown) => (x as { target?: string } | undefined)?.target === API + "Unit";
          if (!(isUnit(shape.props.input) || !shape.props.input) || !(isUnit(shape.props.output) || !shape.props.output)) {
            fail(`Operation shapes with the mixin trait MUST target \`smithy.api#Unit\` for their input and output. Operation mixin shape \`${where}\` defines one or both of these properties.`, shape.src, shape.pos);
          }
        }
        if (shape.type === "resource" && Object.keys(shape.props).length > 0) {
          fail(`Resource shapes with the mixin trait may not define any properties. Resource mixin shape \`${where}\` defines one or more properties.`, shape.src, shape.pos);
        }
      }
      if (unknownTargets) {
        const need = (id: string, what: string, pos = shape.pos) => {
          if (!has(id)) fail(`${what} targets an unknown shape \`${id}\``, shape.src, pos);
        };
        for (const m of shape.members) need(m.target, `${where}$${m.name}`, m.targetPos ?? m.pos ?? shape.pos);
        for (const k of ["input", "output", "create", "put", "read", "update", "delete", "list"]) {
          const r = shape.props[k] as { target?: string } | undefined;
          if (r?.target) need(r.target, `${where} (${k})`);
        }
        for (const k of ["errors", "operations", "resources", "collectionOperations"]) {
          const r = shape.props[k];
          if (Array.isArray(r)) for (const x of r) if (typeof x?.target === "string") need(x.target, `${where} (${k})`);
        }
        for (const k of ["identifiers", "properties"]) {
          const r = shape.props[k];
          if (r && typeof r === "object") for (const x of Object.values(r)) if (typeof x?.target === "string") need(x.target, `${where} (${k})`);
        }
      }
      if (!this.options.allowUnknownTraits) {
        const check = (t: Traits, w: string) => {
          for (const id of Object.keys(t)) {
            const def = this.shapes.get(id);
            if (!def || !(API + "trait" in def.traits)) {
              const site = this.traitSites.get(`${w} ${id}`);
              fail(
                `Unable to resolve trait \`${id}\`. If this is a custom trait, then it must be defined before it can be used in a model (on \`${w}\`).`,
                site?.src ?? shape.src,
                site?.pos ?? shape.pos,
              );
            }
          }
        };
        check(shape.traits, where);
        for (const m of shape.members) check(m.traits, `${where}$${m.name}`);
        for (const [n, t] of shape.introduced) check(t, `${where}$${n}`);
      }
    }
  }

  /**
   * Annotation traits (`@foo`, stored as `{}`) and null trait values are coerced to the trait's
   * type: `[]` for list traits, `{}` for structure traits.
   */
  fixAnnotations(): void {
    const fix = (t: Traits) => {
      for (const [id, v] of Object.entries(t)) {
        if (v !== null && !(typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0)) continue;
        const def = this.shapes.get(id);
        if (!def) continue;
        if (def.type === "list" || def.type === "set") t[id] = [];
        else if (v === null && (def.type === "structure" || def.type === "map")) t[id] = {};
      }
    };
    for (const shape of this.shapes.values()) {
      if (shape.prelude) continue;
      fix(shape.traits);
      for (const m of shape.members) fix(m.traits);
    }
    for (const a of this.applies) fix(a.traits);
  }

  upgrade(): void {
    for (const shape of this.shapes.values()) {
      if (shape.prelude) continue;
      if (shape.type === "set") {
        shape.type = "list";
        if (!(API + "uniqueItems" in shape.traits)) shape.traits[API + "uniqueItems"] = {};
      }
      if (shape.version !== "1.0") continue;
      // 1.0 root number/boolean shapes without @box were primitives: they get a zero default;
      // @box itself has no 2.0 meaning once the defaults are explicit.
      if (shape.type in PRIMITIVE_ZERO) {
        if (API + "box" in shape.traits) delete shape.traits[API + "box"];
        else if (!(API + "default" in shape.traits)) shape.traits[API + "default"] = PRIMITIVE_ZERO[shape.type];
      }
    }
    for (const shape of this.shapes.values()) {
      if (shape.prelude || shape.version !== "1.0" || shape.type !== "structure") continue;
      for (const m of shape.members) {
        const target = this.shapes.get(m.target);
        const boxed = API + "box" in m.traits;
        if (boxed) delete m.traits[API + "box"];
        if (API + "default" in m.traits || !target) continue;
        const targetDefault = target.traits[API + "default"];
        if (target.type in PRIMITIVE_ZERO && targetDefault !== undefined && targetDefault !== null) {
          m.traits[API + "default"] = boxed ? null : targetDefault;
        } else if (target.type === "blob" && API + "streaming" in target.traits && !(API + "required" in m.traits)) {
          m.traits[API + "default"] = "";
        }
      }
    }
  }

  // -- output

  /** Traits a shape with mixins declares itself, minus those equal to what it inherits. */
  introducedShapeTraits(shape: Shape): Traits {
    if (!shape.mixins.length) return shape.traits;
    const inherited: Traits = {};
    for (const mid of shape.mixins) {
      const mixin = this.shapes.get(mid);
      if (!mixin?.flat) continue;
      const local = new Set<string>(((mixin.traits[API + "mixin"] as { localTraits?: string[] } | undefined)?.localTraits ?? []).concat([API + "mixin"]));
      for (const [k, v] of Object.entries(mixin.flat.traits)) if (!local.has(k)) inherited[k] = v;
    }
    const out: Traits = {};
    for (const [k, v] of Object.entries(shape.traits)) if (!(k in inherited) || !deepEqual(inherited[k], v)) out[k] = v;
    return out;
  }

  /** Traits introduced on an inherited member, minus those equal to what it inherits. */
  introducedMemberTraits(shape: Shape, name: string, intro: Traits): Traits {
    const inherited: Traits = {};
    for (const mid of shape.mixins) {
      const m = this.shapes.get(mid)?.flat?.members.get(name);
      if (m) Object.assign(inherited, m.traits);
    }
    const out: Traits = {};
    for (const [k, v] of Object.entries(intro)) if (!(k in inherited) || !deepEqual(inherited[k], v)) out[k] = v;
    return out;
  }

  serialize(): JsonAst {
    const mode = this.options.flattenMixins ?? false;
    const shapes: Record<string, AstShape> = {};
    for (const shape of this.shapes.values()) {
      if (shape.prelude) continue;
      const flat = shape.flat!;
      if (mode === true && API + "mixin" in shape.traits) continue;
      const out: Record<string, unknown> = { type: shape.type };
      const flatMode = mode !== false;
      if (shape.mixins.length && mode !== true) out.mixins = shape.mixins.map((target) => ({ target }));
      const members: Member[] = flatMode ? [...flat.members.values()] : shape.members;
      const memberJson = (m: Member): AstMember => {
        const j: AstMember = { target: m.target };
        if (Object.keys(m.traits).length) j.traits = { ...m.traits };
        return j;
      };
      if (shape.type === "list" || shape.type === "set") {
        const m = members.find((x) => x.name === "member");
        if (m) out.member = memberJson(m);
      } else if (shape.type === "map") {
        const k = members.find((x) => x.name === "key");
        const v = members.find((x) => x.name === "value");
        if (k) out.key = memberJson(k);
        if (v) out.value = memberJson(v);
      } else if (MEMBER_TYPES.has(shape.type)) {
        const ms: Record<string, AstMember> = {};
        for (const m of members) setKey(ms, m.name, memberJson(m));
        out.members = ms;
      }
      if (shape.type === "operation") {
        out.input = shape.props.input ?? { target: API + "Unit" };
        out.output = shape.props.output ?? { target: API + "Unit" };
      }
      for (const [k, v] of Object.entries(flatMode ? flat.props : shape.props)) {
        if (Array.isArray(v) && v.length === 0) continue;
        out[k] = v;
      }
      const traits = flatMode ? flat.traits : this.introducedShapeTraits(shape);
      if (Object.keys(traits).length) out.traits = { ...traits };
      shapes[shape.id] = out as unknown as AstShape;
      if (!flatMode) {
        for (const [name, intro] of shape.introduced) {
          const traits = this.introducedMemberTraits(shape, name, intro);
          if (Object.keys(traits).length === 0) continue;
          shapes[`${shape.id}$${name}`] = { type: "apply", traits } as AstShape;
        }
      }
    }
    return { smithy: "2.0", metadata: { ...this.metadata }, shapes };
  }
}

// ------------------------------------------------------------------ entry points

function parseJsonFile(file: string, text: string): JsonFile {
  let ast: unknown;
  try {
    ast = parseJsonExact(text);
  } catch (e) {
    throw new IdlError(`invalid JSON: ${(e as Error).message}`, { file });
  }
  if (!ast || typeof ast !== "object" || Array.isArray(ast)) throw new IdlError("not a Smithy JSON AST object", { file });
  const { smithy, shapes, metadata } = ast as { smithy?: unknown; shapes?: unknown; metadata?: unknown };
  if (typeof smithy !== "string" || !/^(1|2)(\.\d+)?$/.test(smithy)) {
    throw new IdlError(`missing or unsupported "smithy" version ${JSON.stringify(smithy)}`, { file });
  }
  if (shapes !== undefined && (!shapes || typeof shapes !== "object" || Array.isArray(shapes))) throw new IdlError(`"shapes" must be an object`, { file });
  if (metadata !== undefined && (!metadata || typeof metadata !== "object" || Array.isArray(metadata))) throw new IdlError(`"metadata" must be an object`, { file });
  return {
    file,
    version: smithy.startsWith("1") ? "1.0" : "2.0",
    shapes: (shapes ?? {}) as JsonFile["shapes"],
    metadata: (metadata ?? {}) as Record<string, unknown>,
  };
}

/** Parses one IDL file (syntax only; no cross-file resolution). Throws IdlError. */
export function parseIdl(file: string, text: string): ParsedFile {
  return parseIdlFile(file, text);
}

/**
 * Loads `.smithy` (IDL 1.0 / 2.0) and `.json` (JSON AST) files together, with the prelude, into one
 * Smithy 2.0 JSON AST. Throws IdlError on any problem.
 */
export function loadIdlModels(files: string[], options: LoadOptions = {}): JsonAst {
  const inputs: { file: string; text: string }[] = [];
  for (const file of new Set(files)) {
    let text = options.sources?.[file];
    if (text === undefined) {
      try {
        text = readFileSync(file, "utf8");
      } catch (e) {
        throw new IdlError(`cannot read: ${(e as Error).message}`, { file });
      }
    }
    inputs.push({ file, text });
  }
  return loadIdlSources(inputs, options);
}

/** Like loadIdlModels, from in-memory texts. */
export function loadIdlSources(inputs: { file: string; text: string }[], options: LoadOptions = {}): JsonAst {
  try {
    return assemble(inputs, options);
  } catch (e) {
    if (e instanceof IdlError) throw e;
    if (e instanceof RangeError) throw new IdlError(`model too deeply nested: ${e.message}`, { file: inputs[0]?.file ?? "<input>" });
    throw new IdlError(`internal error: ${(e as Error)?.message ?? String(e)}`, { file: inputs[0]?.file ?? "<input>" });
  }
}

function assemble(inputs: { file: string; text: string }[], options: LoadOptions): JsonAst {
  const prelude = loadPrelude(options.prelude ?? defaultPreludePath());
  const parsed: (ParsedFile | JsonFile)[] = inputs.map(({ file, text }) =>
    file.endsWith(".json") ? parseJsonFile(file, text) : parseIdlFile(file, text),
  );
  const a = new Assembler(options);
  // Names first, so forward and cross-file references resolve.
  for (const s of prelude.shapes) {
    const id = `smithy.api#${s.name}`;
    a.defined.set(id, { file: prelude.file });
    if (!s.traits.some((t) => t.id.id === "private")) a.preludeNames.set(s.name, id);
  }
  for (const p of parsed) {
    if ("lineStarts" in p) {
      if (p.namespace === undefined) continue;
      for (const s of p.shapes) a.defined.set(`${p.namespace}#${s.name}`, { file: p.file });
    } else {
      for (const id of Object.keys(p.shapes)) if (!id.includes("$")) a.defined.set(id, { file: p.file });
    }
  }
  a.addIdl(prelude, true);
  for (const p of parsed) {
    if ("lineStarts" in p) a.addIdl(p, false);
    else a.addJson(p);
  }
  a.fixAnnotations();
  a.applyAll();
  a.upgrade();
  for (const s of a.shapes.values()) a.flatten(s);
  a.validate();
  const ast = a.serialize();
  return options.doubleNumbers ? toDoubles(ast) : ast;
}
