/** Entry points: one-off resolution and cached resolvers. */
import type { EndpointRuleSet } from "../schema.js";
import { compileRuleSet, type CompiledRuleSet, type CompileOptions } from "./engine.js";
import type { PartitionsData, ResolvedEndpoint } from "./types.js";

export type EndpointParams = Record<string, unknown>;

export interface ResolverOptions extends CompileOptions {
  /** Most results kept (by parameter values); 0 disables the cache. Default 100. */
  cacheSize?: number;
}

export type EndpointResolver = (params: EndpointParams) => ResolvedEndpoint;

// Compiled rule sets, per rule set object and partition data.
const compiledCache = new WeakMap<object, WeakMap<PartitionsData, CompiledRuleSet>>();

/** Compiles (once per rule set and partitions object) and memoises. */
export function getCompiledRuleSet(ruleSet: EndpointRuleSet, options: CompileOptions): CompiledRuleSet {
  if (options.functions) return compileRuleSet(ruleSet, options);
  let byPartitions = compiledCache.get(ruleSet);
  if (!byPartitions) {
    byPartitions = new WeakMap();
    compiledCache.set(ruleSet, byPartitions);
  }
  let compiled = byPartitions.get(options.partitions);
  if (!compiled) {
    compiled = compileRuleSet(ruleSet, options);
    byPartitions.set(options.partitions, compiled);
  }
  return compiled;
}

/**
 * Resolves an endpoint (no result cache; the compiled rule set is memoised).
 * Throws `EndpointResolutionError` with the matching error rule's text.
 */
export function resolveEndpoint(
  ruleSet: EndpointRuleSet,
  params: EndpointParams,
  options: { partitions: PartitionsData },
): ResolvedEndpoint {
  return getCompiledRuleSet(ruleSet, options).resolve(params);
}

/**
 * Compiles a rule set and returns `resolve(params)`, which caches results by the values of
 * the rule set's parameters (FIFO eviction past `cacheSize`). Cached results are frozen and
 * shared between calls. Errors are not cached.
 */
export function createEndpointResolver(ruleSet: EndpointRuleSet, options: ResolverOptions): EndpointResolver {
  const compiled = getCompiledRuleSet(ruleSet, options);
  const size = options.cacheSize ?? 100;
  if (size <= 0) return (params) => compiled.resolve(params);
  const cache = new Map<string, ResolvedEndpoint>();
  // A client mostly resolves the same parameters call after call: comparing them with the last call's
  // values is cheaper than building a cache key (which costs as much as resolving a small rule set).
  const last = { names: [] as string[], values: [] as unknown[], hit: undefined as ResolvedEndpoint | undefined };
  return (params) => {
    if (last.hit !== undefined && sameAsLast(params, last.names, last.values)) return last.hit;
    const key = cacheKey(params);
    if (key === undefined) return compiled.resolve(params);
    let hit = cache.get(key);
    if (hit === undefined) {
      hit = deepFreeze(compiled.resolve(params));
      if (cache.size >= size) cache.delete(cache.keys().next().value!);
      cache.set(key, hit);
    }
    // cacheKey accepted the values, so they are strings, booleans or string arrays; arrays are not
    // compared by identity, so only all-scalar parameter sets are remembered
    last.names.length = 0;
    last.values.length = 0;
    last.hit = hit;
    for (const name in params) {
      const v = params[name];
      if (v === undefined || v === null) continue;
      if (Array.isArray(v)) {
        last.hit = undefined;
        break;
      }
      last.names.push(name);
      last.values.push(v);
    }
    return hit;
  };
}

/** Whether `params` holds exactly the remembered names and values (unset values ignored), in order. */
function sameAsLast(params: EndpointParams, names: string[], values: unknown[]): boolean {
  let n = 0;
  for (const name in params) {
    const v = params[name];
    if (v === undefined || v === null) continue;
    if (n >= names.length || names[n] !== name || values[n] !== v) return false;
    n++;
  }
  return n === names.length;
}

/**
 * An unambiguous key for the parameter values, in the object's own key order: for each set
 * value, its name (length-prefixed) and the value (strings length-prefixed, booleans one
 * letter, arrays counted). `undefined` (do not cache) for values of other types. Objects that
 * differ only in key order get different keys: a miss, never a wrong hit.
 */
function cacheKey(params: EndpointParams): string | undefined {
  let key = "";
  for (const name in params) {
    const v = params[name];
    if (v === undefined || v === null) continue;
    key += name.length + ":" + name;
    if (typeof v === "string") key += "=" + v.length + ":" + v;
    else if (v === true) key += "T";
    else if (v === false) key += "F";
    else if (Array.isArray(v)) {
      key += "[" + v.length;
      for (const item of v) {
        if (typeof item !== "string") return undefined;
        key += ":" + item.length + ":" + item;
      }
    } else return undefined;
  }
  return key;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
