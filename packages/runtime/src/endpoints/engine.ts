/**
 * Endpoint rule set engine: compiles a `smithy.rules#endpointRuleSet` once into a tree of
 * closures (no eval / new Function), then resolves parameters against it.
 *
 * Evaluation state is a flat array of "slots": slot 0 holds the input parameters object, then
 * one slot per declared parameter and one per assigned variable name (a fresh one when a name
 * would shadow another in scope). Scoping is resolved when compiling, so a reference always
 * reads the slot of the binding in scope at that point; a reference to a name that is neither
 * a parameter nor bound reads the input object as-is.
 *
 * By default the rules under a tree rule with conditions are compiled the first time the tree
 * is entered, so the up-front cost stays small for big rule sets (S3) and only the paths in use
 * are ever compiled. `lazy: false` compiles (and so validates) everything up front.
 */
import type { EndpointParameter, EndpointRuleSet } from "../schema.js";
import * as lib from "./functions.js";
import { partitionFunction } from "./partitions.js";
import { EndpointResolutionError, EndpointRuleSetError, type PartitionsData, type ResolvedEndpoint } from "./types.js";

type Slots = unknown[];
type Expr = (s: Slots) => unknown;
type Cond = (s: Slots) => boolean;
/** Returns the endpoint, `undefined` when the rule does not apply, or throws. */
type RuleFn = (s: Slots) => ResolvedEndpoint | undefined;
type Scope = ReadonlyMap<string, number>;

/** A library function: evaluated arguments in, value out (`undefined` = empty). */
export type EndpointFunction = (...args: any[]) => unknown;

export interface CompileOptions {
  /** `partitions.json` contents, for `aws.partition`. */
  partitions: PartitionsData;
  /** Extra or replacement library functions, by name. */
  functions?: Record<string, EndpointFunction>;
  /**
   * Compile tree rules' sub-rules on first use (default true). With `false`, every rule is
   * compiled, and a malformed rule set rejected, by `compileRuleSet` itself.
   */
  lazy?: boolean;
}

type ParamType = "string" | "boolean" | "stringarray";

interface ParamSpec {
  name: string;
  slot: number;
  type: ParamType;
  required: boolean;
  default: unknown;
}

/** A compiled rule set. */
export interface CompiledRuleSet {
  /** Declared parameters, in rule set order. */
  readonly parameterNames: readonly string[];
  /** Resolves without any result cache. Throws `EndpointResolutionError`. */
  resolve(params: Record<string, unknown>): ResolvedEndpoint;
}

const STANDARD_FUNCTIONS: Record<string, EndpointFunction> = {
  isSet: lib.isSet,
  not: lib.not,
  booleanEquals: lib.booleanEquals,
  stringEquals: lib.stringEquals,
  getAttr: lib.getAttr,
  substring: lib.substring,
  uriEncode: lib.uriEncode,
  parseURL: lib.parseURL,
  isValidHostLabel: lib.isValidHostLabel,
  split: lib.split,
  coalesce: lib.coalesce,
  ite: lib.ite,
  "aws.parseArn": lib.parseArn,
  "aws.isVirtualHostableS3Bucket": lib.isVirtualHostableS3Bucket,
};

/** Functions whose result is always a boolean (their call can be a condition directly). */
const BOOLEAN_FUNCTIONS = new Set([
  "isSet",
  "not",
  "booleanEquals",
  "stringEquals",
  "isValidHostLabel",
  "aws.isVirtualHostableS3Bucket",
]);

const NO_MATCH_MESSAGE = "No endpoint rule matched the parameters";

function noMatch(): never {
  throw new EndpointResolutionError(NO_MATCH_MESSAGE, "no-match");
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function constant(value: unknown): Expr {
  return () => value;
}

class Compiler {
  /** Slots allocated so far (slot 0 is the input object); grows as lazy parts compile. */
  slotCount = 1;
  readonly params: ParamSpec[] = [];
  private readonly assigned = new Map<string, number>();
  private readonly functions: Record<string, EndpointFunction>;
  private readonly lazy: boolean;

  constructor(options: CompileOptions) {
    this.functions = { ...STANDARD_FUNCTIONS, "aws.partition": partitionFunction(options.partitions), ...options.functions };
    this.lazy = options.lazy ?? true;
  }

  compile(ruleSet: EndpointRuleSet): RuleFn {
    if (!isObject(ruleSet) || !Array.isArray(ruleSet.rules)) throw new EndpointRuleSetError("rule set must have a `rules` array");
    const scope = new Map<string, number>();
    for (const [name, def] of Object.entries(ruleSet.parameters ?? {})) {
      const slot = this.slotCount++;
      this.params.push(paramSpec(name, slot, def));
      scope.set(name, slot);
    }
    const body = this.rules(ruleSet.rules, scope);
    return (s) => {
      const r = body(s);
      return r === undefined ? noMatch() : r;
    };
  }

  // ---- rules -------------------------------------------------------------------------------

  /** A list of rules: the first that applies wins; `undefined` if none does. */
  private rules(rules: unknown[], scope: Scope): RuleFn {
    const fns: RuleFn[] = [];
    this.collect(rules, scope, fns);
    if (fns.length === 1) return fns[0]!;
    if (fns.length === 2) {
      const [a, b] = fns as [RuleFn, RuleFn];
      return (s) => a(s) ?? b(s);
    }
    return (s) => {
      for (let i = 0; i < fns.length; i++) {
        const r = fns[i]!(s);
        if (r !== undefined) return r;
      }
      return undefined;
    };
  }

  /**
   * Compiles rules into `out`. A tree rule without conditions always applies and is terminal,
   * so its sub-rules are spliced in place and the rules after it dropped: every rule list is
   * the body of the rule set or of a tree rule, which both fail the same way when no rule matches.
   */
  private collect(rules: unknown[], scope: Scope, out: RuleFn[]): void {
    for (const rule of rules) {
      if (!isObject(rule)) throw new EndpointRuleSetError("rule must be an object");
      const conditions = (rule.conditions ?? []) as unknown[];
      if (rule.type === "tree" && conditions.length === 0) {
        this.collect(asArray(rule.rules, "tree rule `rules`"), scope, out);
        return;
      }
      out.push(this.rule(rule, scope));
      if (conditions.length === 0) return; // always applies: later rules are unreachable
    }
  }

  private rule(rule: Record<string, unknown>, outer: Scope): RuleFn {
    const scope = new Map(outer);
    const conds = asArray(rule.conditions ?? [], "rule `conditions`").map((c) => this.condition(c, scope));
    const when = allOf(conds);
    switch (rule.type) {
      case "endpoint": {
        const build = this.endpoint(rule.endpoint, scope);
        return when ? (s) => (when(s) ? build(s) : undefined) : build;
      }
      case "error": {
        const message = this.expr(rule.error, scope);
        const fail = (s: Slots): never => {
          throw new EndpointResolutionError(String(message(s)), "rule");
        };
        return when ? (s) => (when(s) ? fail(s) : undefined) : fail;
      }
      case "tree": {
        const rules = asArray(rule.rules, "tree rule `rules`");
        let body = this.lazy ? undefined : this.rules(rules, scope);
        return (s) => {
          if (when && !when(s)) return undefined;
          const r = (body ??= this.rules(rules, scope))(s);
          return r === undefined ? noMatch() : r;
        };
      }
      default:
        throw new EndpointRuleSetError(`unknown rule type ${JSON.stringify(rule.type)}`);
    }
  }

  /** Compiles a condition; an `assign` binds a slot in `scope` (which it mutates). */
  private condition(node: unknown, scope: Map<string, number>): Cond {
    if (!isObject(node) || typeof node.fn !== "string") throw new EndpointRuleSetError("condition must be a function call");
    const value = this.call(node.fn, asArray(node.argv ?? [], "`argv`"), scope);
    const assign = node.assign;
    if (assign === undefined) {
      if (BOOLEAN_FUNCTIONS.has(node.fn) && !this.isOverridden(node.fn)) return value as Cond;
      return (s) => {
        const v = value(s);
        return v !== undefined && v !== null && v !== false;
      };
    }
    if (typeof assign !== "string") throw new EndpointRuleSetError("`assign` must be a string");
    let slot = this.assigned.get(assign);
    if (slot === undefined || scope.has(assign)) {
      slot = this.slotCount++;
      if (!this.assigned.has(assign)) this.assigned.set(assign, slot);
    }
    scope.set(assign, slot);
    const at = slot;
    return (s) => {
      const v = value(s);
      if (v === undefined || v === null || v === false) return false;
      s[at] = v;
      return true;
    };
  }

  private isOverridden(fn: string): boolean {
    return this.functions[fn] !== STANDARD_FUNCTIONS[fn];
  }

  private endpoint(node: unknown, scope: Scope): RuleFn {
    if (!isObject(node)) throw new EndpointRuleSetError("endpoint rule needs an `endpoint` object");
    const url = this.expr(node.url, scope);
    const props = isObject(node.properties) && Object.keys(node.properties).length > 0 ? this.literal(node.properties, scope) : undefined;
    const headers = isObject(node.headers) && Object.keys(node.headers).length > 0 ? this.headers(node.headers, scope) : undefined;
    if (props && headers) {
      return (s) => ({ url: url(s) as string, properties: props(s) as Record<string, unknown>, headers: headers(s) });
    }
    if (props) return (s) => ({ url: url(s) as string, properties: props(s) as Record<string, unknown> });
    if (headers) return (s) => ({ url: url(s) as string, headers: headers(s) });
    return (s) => ({ url: url(s) as string });
  }

  private headers(node: Record<string, unknown>, scope: Scope): (s: Slots) => Record<string, string[]> {
    const names = Object.keys(node);
    const values = names.map((n) => asArray(node[n], `header ${n}`).map((v) => this.expr(v, scope)));
    return (s) => {
      const out: Record<string, string[]> = {};
      for (let i = 0; i < names.length; i++) {
        const exprs = values[i]!;
        const list: string[] = new Array(exprs.length);
        for (let j = 0; j < exprs.length; j++) list[j] = exprs[j]!(s) as string;
        out[names[i]!] = list;
      }
      return out;
    };
  }

  /** Endpoint properties: strings are templates, arrays and objects are built fresh each time. */
  private literal(node: unknown, scope: Scope): Expr {
    if (typeof node === "string") return this.template(node, scope);
    if (Array.isArray(node)) {
      const items = node.map((n) => this.literal(n, scope));
      return (s) => {
        const out: unknown[] = new Array(items.length);
        for (let i = 0; i < items.length; i++) out[i] = items[i]!(s);
        return out;
      };
    }
    if (isObject(node)) {
      const keys = Object.keys(node);
      const values = keys.map((k) => this.literal(node[k], scope));
      return (s) => {
        const out: Record<string, unknown> = {};
        for (let i = 0; i < keys.length; i++) out[keys[i]!] = values[i]!(s);
        return out;
      };
    }
    return constant(node);
  }

  // ---- expressions -------------------------------------------------------------------------

  private expr(node: unknown, scope: Scope): Expr {
    if (typeof node === "string") return this.template(node, scope);
    if (typeof node === "number" || typeof node === "boolean") return constant(node);
    if (node === null || node === undefined) return constant(undefined);
    if (Array.isArray(node)) {
      const items = node.map((n) => this.expr(n, scope));
      return (s) => items.map((e) => e(s));
    }
    if (isObject(node)) {
      if (typeof node.ref === "string") return this.ref(node.ref, scope);
      if (typeof node.fn === "string") return this.call(node.fn, asArray(node.argv ?? [], "`argv`"), scope);
      return this.literal(node, scope);
    }
    throw new EndpointRuleSetError(`unsupported expression ${JSON.stringify(node)}`);
  }

  private ref(name: string, scope: Scope): Expr {
    const slot = scope.get(name);
    if (slot !== undefined) return (s) => s[slot];
    // Not a parameter nor a binding in scope: an undeclared input (as in rule sets that leave
    // their parameters implicit).
    return (s) => {
      const input = s[0] as Record<string, unknown>;
      return Object.hasOwn(input, name) ? input[name] : undefined;
    };
  }

  private call(fn: string, argv: unknown[], scope: Scope): Expr {
    const impl = this.functions[fn];
    if (!impl) throw new EndpointRuleSetError(`unknown function ${JSON.stringify(fn)}`);
    if (impl === STANDARD_FUNCTIONS[fn]) {
      const special = this.special(fn, argv, scope);
      if (special) return special;
    }
    const args = argv.map((a) => this.expr(a, scope));
    switch (args.length) {
      case 0:
        return () => impl();
      case 1: {
        const [a] = args as [Expr];
        return (s) => impl(a(s));
      }
      case 2: {
        const [a, b] = args as [Expr, Expr];
        return (s) => impl(a(s), b(s));
      }
      case 3: {
        const [a, b, c] = args as [Expr, Expr, Expr];
        return (s) => impl(a(s), b(s), c(s));
      }
      case 4: {
        const [a, b, c, d] = args as [Expr, Expr, Expr, Expr];
        return (s) => impl(a(s), b(s), c(s), d(s));
      }
      default:
        return (s) => impl(...args.map((e) => e(s)));
    }
  }

  /** Inlined forms of the most frequent standard calls. */
  private special(fn: string, argv: unknown[], scope: Scope): Expr | undefined {
    switch (fn) {
      case "isSet": {
        const arg = argv[0];
        const slot = isObject(arg) && typeof arg.ref === "string" ? scope.get(arg.ref) : undefined;
        if (slot !== undefined) return (s) => s[slot] !== undefined && s[slot] !== null;
        const e = this.expr(arg, scope);
        return (s) => {
          const v = e(s);
          return v !== undefined && v !== null;
        };
      }
      case "not": {
        const e = this.expr(argv[0], scope);
        return (s) => !e(s);
      }
      case "booleanEquals":
      case "stringEquals": {
        const [x, y] = argv;
        const k = literalOf(y) ?? literalOf(x);
        const other = literalOf(y) !== undefined ? x : y;
        if (k !== undefined) {
          const value = k.value;
          const slot = isObject(other) && typeof other.ref === "string" ? scope.get(other.ref) : undefined;
          if (slot !== undefined) return (s) => s[slot] === value;
          const e = this.expr(other, scope);
          return (s) => e(s) === value;
        }
        const a = this.expr(x, scope);
        const b = this.expr(y, scope);
        return (s) => a(s) === b(s);
      }
      case "getAttr": {
        const path = argv[1];
        if (typeof path !== "string") return undefined;
        return this.path(this.expr(argv[0], scope), lib.parsePath(path));
      }
      case "coalesce": {
        const args = argv.map((a) => this.expr(a, scope));
        return (s) => {
          for (let i = 0; i < args.length; i++) {
            const v = args[i]!(s);
            if (v !== undefined && v !== null) return v;
          }
          return undefined;
        };
      }
      case "ite": {
        const [c, t, f] = argv.map((a) => this.expr(a, scope)) as [Expr, Expr, Expr];
        return (s) => (c(s) === true ? t(s) : f(s));
      }
      default:
        return undefined;
    }
  }

  /** `getAttr` with a path known when compiling. */
  private path(target: Expr, steps: lib.PathStep[]): Expr {
    if (steps.length === 1) {
      const step = steps[0]!;
      if (typeof step === "string" && !(step in Object.prototype)) {
        return (s) => {
          const o = target(s);
          return typeof o === "object" && o !== null && !Array.isArray(o) ? (o as Record<string, unknown>)[step] : undefined;
        };
      }
      if (typeof step === "number") {
        return (s) => {
          const o = target(s);
          return Array.isArray(o) && step < o.length ? o[step] : undefined;
        };
      }
    }
    return (s) => lib.getAttr(target(s), steps);
  }

  /** A template string: `{Name}` and `{Name#path}` are replaced; `{{` and `}}` are braces. */
  private template(text: string, scope: Scope): Expr {
    const parts: (string | Expr)[] = [];
    let literal = "";
    let i = 0;
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === "{") {
        if (text[i + 1] === "{") {
          literal += "{";
          i += 2;
          continue;
        }
        const end = text.indexOf("}", i + 1);
        if (end < 0) throw new EndpointRuleSetError(`unclosed template placeholder in ${JSON.stringify(text)}`);
        if (literal) parts.push(literal);
        literal = "";
        parts.push(this.placeholder(text.slice(i + 1, end), scope));
        i = end + 1;
      } else if (ch === "}") {
        if (text[i + 1] !== "}") throw new EndpointRuleSetError(`unescaped } in template ${JSON.stringify(text)}`);
        literal += "}";
        i += 2;
      } else {
        literal += ch;
        i++;
      }
    }
    if (literal) parts.push(literal);
    if (parts.length === 0) return constant("");
    if (parts.length === 1) {
      const [p] = parts;
      if (typeof p === "string") return constant(p);
      const e = p!;
      // A lone placeholder: the value itself when it is a string (the usual case), else its text.
      return (s) => {
        const v = e(s);
        return typeof v === "string" || v === undefined || v === null ? v : String(v);
      };
    }
    const piece = (p: string | Expr): Expr => (typeof p === "string" ? constant(p) : p);
    if (parts.length === 2) {
      const [a, b] = parts.map(piece) as [Expr, Expr];
      return (s) => "" + a(s) + b(s);
    }
    if (parts.length === 3) {
      const [a, b, c] = parts.map(piece) as [Expr, Expr, Expr];
      return (s) => "" + a(s) + b(s) + c(s);
    }
    if (parts.length === 4) {
      const [a, b, c, d] = parts.map(piece) as [Expr, Expr, Expr, Expr];
      return (s) => "" + a(s) + b(s) + c(s) + d(s);
    }
    const all = parts.map(piece);
    return (s) => {
      let out = "";
      for (let j = 0; j < all.length; j++) out += all[j]!(s);
      return out;
    };
  }

  private placeholder(body: string, scope: Scope): Expr {
    const hash = body.indexOf("#");
    const name = (hash < 0 ? body : body.slice(0, hash)).trim();
    if (!name) throw new EndpointRuleSetError(`empty template placeholder {${body}}`);
    const target = this.ref(name, scope);
    return hash < 0 ? target : this.path(target, lib.parsePath(body.slice(hash + 1).trim()));
  }
}

function asArray(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw new EndpointRuleSetError(`${what} must be an array`);
  return v;
}

function literalOf(node: unknown): { value: unknown } | undefined {
  if (typeof node === "boolean" || typeof node === "number") return { value: node };
  if (typeof node === "string" && !node.includes("{") && !node.includes("}")) return { value: node };
  return undefined;
}

function allOf(conds: Cond[]): Cond | undefined {
  switch (conds.length) {
    case 0:
      return undefined;
    case 1:
      return conds[0];
    case 2: {
      const [a, b] = conds as [Cond, Cond];
      return (s) => a(s) && b(s);
    }
    case 3: {
      const [a, b, c] = conds as [Cond, Cond, Cond];
      return (s) => a(s) && b(s) && c(s);
    }
    default:
      return (s) => {
        for (let i = 0; i < conds.length; i++) if (!conds[i]!(s)) return false;
        return true;
      };
  }
}

function paramSpec(name: string, slot: number, def: EndpointParameter): ParamSpec {
  const type = String(def?.type ?? "").toLowerCase();
  if (type !== "string" && type !== "boolean" && type !== "stringarray") {
    throw new EndpointRuleSetError(`parameter ${name} has unsupported type ${JSON.stringify(def?.type)}`);
  }
  if (def.default !== undefined && !hasType(def.default, type)) {
    throw new EndpointRuleSetError(`default of parameter ${name} is not a ${def.type}`);
  }
  return { name, slot, type, required: def.required === true, default: def.default };
}

function hasType(v: unknown, type: ParamType): boolean {
  switch (type) {
    case "string":
      return typeof v === "string";
    case "boolean":
      return typeof v === "boolean";
    case "stringarray":
      return Array.isArray(v) && v.every((x) => typeof x === "string");
  }
}

const TYPE_NAMES: Record<ParamType, string> = { string: "a string", boolean: "a boolean", stringarray: "an array of strings" };

function describe(v: unknown): string {
  if (Array.isArray(v)) return "an array with non-string items";
  return v === null ? "null" : typeof v;
}

/** Compiles a rule set. Throws `EndpointRuleSetError` if the rule set is malformed. */
export function compileRuleSet(ruleSet: EndpointRuleSet, options: CompileOptions): CompiledRuleSet {
  const compiler = new Compiler(options);
  const root = compiler.compile(ruleSet);
  const params = compiler.params;
  const parameterNames = params.map((p) => p.name);
  return {
    parameterNames,
    resolve(input) {
      const s: Slots = new Array(compiler.slotCount);
      s[0] = input;
      for (let i = 0; i < params.length; i++) {
        const p = params[i]!;
        let v = input[p.name];
        if (v === undefined || v === null) {
          v = p.default;
          if (v === undefined && p.required) {
            throw new EndpointResolutionError(`Missing required endpoint parameter: ${p.name}`, "parameter");
          }
        } else if (!hasType(v, p.type)) {
          throw new EndpointResolutionError(
            `Endpoint parameter ${p.name} must be ${TYPE_NAMES[p.type]}, got ${describe(v)}`,
            "parameter",
          );
        }
        s[p.slot] = v;
      }
      return root(s)!;
    },
  };
}
