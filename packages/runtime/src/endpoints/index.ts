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
