/**
 * Test data for the endpoint rules engine: rule sets and `endpointTests` cases from the AWS
 * models (Smithy JSON AST) and from the rules-engine IDL corpus.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { EndpointRuleSet } from "../../src/schema.js";
import assert from "node:assert/strict";
import { EndpointResolutionError, type PartitionsData, type ResolvedEndpoint } from "../../src/endpoints/types.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");

export const modelsDir = process.env.AWS_MODELS_DIR ?? resolve(repoRoot, "../shared/aws-models");
export const rulesCorpusDir =
  process.env.SMITHY_RULES_TESTS_DIR ?? resolve(repoRoot, "../shared/corpora/protocol-tests/smithy-rules-engine-tests");

export interface EndpointTestCase {
  documentation?: string;
  params?: Record<string, unknown>;
  expect: {
    error?: string;
    endpoint?: { url: string; properties?: Record<string, unknown>; headers?: Record<string, string[]> };
  };
  operationInputs?: unknown[];
}

export interface ServiceEndpointData {
  /** Model file name without `.json`, or the corpus file name. */
  service: string;
  ruleSet: EndpointRuleSet;
  testCases: EndpointTestCase[];
}

export function loadPartitions(): PartitionsData {
  return JSON.parse(readFileSync(join(modelsDir, "partitions.json"), "utf8")) as PartitionsData;
}

const RULESET_KEY = Buffer.from('"smithy.rules#endpointRuleSet"');
const TESTS_KEY = Buffer.from('"smithy.rules#endpointTests"');

/**
 * Extracts the JSON value that follows `key` in `buf` without parsing the whole model: finds the
 * key, then the extent of the following object by matching braces outside strings.
 */
function extractValue(buf: Buffer, key: Buffer): unknown {
  const at = buf.indexOf(key);
  if (at < 0) return undefined;
  let i = at + key.length;
  while (i < buf.length && buf[i] !== 0x7b /* { */) {
    const c = buf[i]!;
    if (c !== 0x3a && c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return undefined; // not `key: {`
    i++;
  }
  const start = i;
  let depth = 0;
  let inString = false;
  for (; i < buf.length; i++) {
    const c = buf[i]!;
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      if (--depth === 0) return JSON.parse(buf.toString("utf8", start, i + 1));
    }
  }
  return undefined;
}

function fromFullModel(text: string): { ruleSet?: EndpointRuleSet; tests?: { testCases: EndpointTestCase[] } } {
  const model = JSON.parse(text) as { shapes: Record<string, { type: string; traits?: Record<string, unknown> }> };
  for (const shape of Object.values(model.shapes)) {
    if (shape.type === "service" && shape.traits?.["smithy.rules#endpointRuleSet"]) {
      return {
        ruleSet: shape.traits["smithy.rules#endpointRuleSet"] as EndpointRuleSet,
        tests: shape.traits["smithy.rules#endpointTests"] as { testCases: EndpointTestCase[] } | undefined,
      };
    }
  }
  return {};
}

/** Every model in `modelsDir` that has a rule set (test cases may be empty). */
export function loadModelEndpointData(filter?: (service: string) => boolean): ServiceEndpointData[] {
  const out: ServiceEndpointData[] = [];
  for (const file of readdirSync(modelsDir).sort()) {
    if (!file.endsWith(".json") || file === "partitions.json") continue;
    const service = file.slice(0, -5);
    if (filter && !filter(service)) continue;
    const buf = readFileSync(join(modelsDir, file));
    let ruleSet = extractValue(buf, RULESET_KEY) as EndpointRuleSet | undefined;
    let tests = extractValue(buf, TESTS_KEY) as { testCases: EndpointTestCase[] } | undefined;
    if (!ruleSet || !Array.isArray(ruleSet.rules)) ({ ruleSet, tests } = fromFullModel(buf.toString("utf8")));
    if (!ruleSet) continue;
    out.push({ service, ruleSet, testCases: tests?.testCases ?? [] });
  }
  return out;
}

export function corpusAvailable(): boolean {
  return existsSync(rulesCorpusDir);
}

/** Why a case failed, or undefined if it passed. */
export function checkCase(resolve: (p: Record<string, unknown>) => ResolvedEndpoint, tc: EndpointTestCase): string | undefined {
  let got: ResolvedEndpoint | undefined;
  let error: unknown;
  try {
    got = resolve(tc.params ?? {});
  } catch (e) {
    error = e;
  }
  if (tc.expect.error !== undefined) {
    if (got) return `expected error ${JSON.stringify(tc.expect.error)}, got endpoint ${JSON.stringify(got)}`;
    if (!(error instanceof EndpointResolutionError)) return `expected error ${JSON.stringify(tc.expect.error)}, got ${String(error)}`;
    if (error.message !== tc.expect.error) return `expected error ${JSON.stringify(tc.expect.error)}, got ${JSON.stringify(error.message)}`;
    return undefined;
  }
  const want = tc.expect.endpoint;
  if (!want) return "test case expects neither endpoint nor error";
  if (!got) return `expected ${want.url}, got error ${error instanceof Error ? error.message : String(error)}`;
  if (got.url !== want.url) return `expected url ${want.url}, got ${got.url}`;
  try {
    assert.deepStrictEqual(got.properties ?? {}, want.properties ?? {});
    assert.deepStrictEqual(got.headers ?? {}, want.headers ?? {});
  } catch {
    return `properties/headers differ: got ${JSON.stringify({ p: got.properties, h: got.headers })}, want ${JSON.stringify({ p: want.properties, h: want.headers })}`;
  }
  return undefined;
}


/**
 * partitions.json with the ISO partitions' outputs as the models' endpoint tests expect them:
 * the tests were generated before aws-iso* partitions got dual-stack (supportsDualStack was
 * false and dualStackDnsSuffix was the dnsSuffix).
 */
export function legacyIsoPartitions(data: PartitionsData): PartitionsData {
  return {
    ...data,
    partitions: data.partitions.map((p) =>
      /^aws-iso/.test(p.id)
        ? { ...p, outputs: { ...p.outputs, supportsDualStack: false, dualStackDnsSuffix: p.outputs.dnsSuffix } }
        : p,
    ),
  };
}
