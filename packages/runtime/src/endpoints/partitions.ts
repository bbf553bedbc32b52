/** `aws.partition`: maps a region to its partition's outputs, from `partitions.json` data. */
import type { PartitionOutputs, PartitionsData } from "./types.js";

export type PartitionFunction = (region: unknown) => PartitionOutputs | undefined;

const compiled = new WeakMap<PartitionsData, PartitionFunction>();
const MAX_CACHED_REGIONS = 512;

/**
 * Returns the `aws.partition` function for some partition data (memoised per data object).
 * A region listed explicitly wins (with its overrides); then the first partition whose
 * `regionRegex` matches; otherwise the `aws` partition. Results are shared, frozen objects.
 */
export function partitionFunction(data: PartitionsData): PartitionFunction {
  let fn = compiled.get(data);
  if (!fn) {
    fn = buildPartitionFunction(data);
    compiled.set(data, fn);
  }
  return fn;
}

function outputsOf(id: string, outputs: PartitionOutputs, overrides?: Record<string, unknown>): PartitionOutputs {
  const result: PartitionOutputs = { ...outputs, name: outputs.name ?? id };
  if (overrides) {
    for (const key of Object.keys(overrides)) {
      if (key !== "description") result[key] = overrides[key];
    }
  }
  return Object.freeze(result);
}

function buildPartitionFunction(data: PartitionsData): PartitionFunction {
  if (!data || !Array.isArray(data.partitions)) throw new TypeError("partitions data must have a `partitions` array");
  const known = new Map<string, PartitionOutputs>();
  const patterns: { re: RegExp; outputs: PartitionOutputs }[] = [];
  let fallback: PartitionOutputs | undefined;
  for (const p of data.partitions) {
    const base = outputsOf(p.id, p.outputs);
    for (const region of Object.keys(p.regions ?? {})) {
      const overrides = p.regions[region];
      known.set(region, overrides && Object.keys(overrides).some((k) => k !== "description") ? outputsOf(p.id, p.outputs, overrides) : base);
    }
    patterns.push({ re: new RegExp(p.regionRegex), outputs: base });
    if (p.id === "aws") fallback = base;
  }
  fallback ??= patterns[0]?.outputs;
  // Regions matched by pattern are remembered (bounded) so the regex runs once per region.
  const seen = new Map<string, PartitionOutputs | undefined>();
  return (region: unknown) => {
    if (typeof region !== "string") return undefined;
    const hit = known.get(region);
    if (hit !== undefined) return hit;
    let out = seen.get(region);
    if (out !== undefined) return out;
    out = fallback;
    for (const p of patterns) {
      if (p.re.test(region)) {
        out = p.outputs;
        break;
      }
    }
    if (seen.size < MAX_CACHED_REGIONS) seen.set(region, out);
    return out;
  };
}
