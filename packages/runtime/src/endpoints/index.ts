/**
 * Endpoint rules engine (`smithy.rules#endpointRuleSet`).
 *
 *   const resolve = createEndpointResolver(ruleSet, { partitions, cacheSize: 100 });
 *   resolve({ Region: "us-west-2", UseFIPS: false, UseDualStack: false }).url;
 *
 * or, one-off, `resolveEndpoint(ruleSet, params, { partitions })`. Failures throw
 * `EndpointResolutionError` (an error rule's text exactly, no rule matched, or bad parameters);
 * malformed rule sets throw `EndpointRuleSetError`. `partitions` is the contents of
 * partitions.json: the engine reads no files.
 */
export {
  EndpointResolutionError,
  EndpointRuleSetError,
  type PartitionEntry,
  type PartitionOutputs,
  type PartitionsData,
  type ResolvedEndpoint,
} from "./types.js";
export { compileRuleSet, type CompiledRuleSet, type CompileOptions, type EndpointFunction } from "./engine.js";
export {
  createEndpointResolver,
  getCompiledRuleSet,
  resolveEndpoint,
  type EndpointParams,
  type EndpointResolver,
  type ResolverOptions,
} from "./resolver.js";
export { partitionFunction, type PartitionFunction } from "./partitions.js";
export * as endpointFunctions from "./functions.js";
