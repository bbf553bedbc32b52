/**
 * Conformance: every `endpointTests` case of every AWS model (and of the rules-engine IDL
 * corpus) against the engine. Cases are run with their `params`, including cases documented
 * with `operationInputs` (whose bound values are reflected in `params`).
 *
 * Partition data vintage: the models' test cases were generated when the ISO partitions
 * (aws-iso, aws-iso-b, aws-iso-e, aws-iso-f) did not support dual-stack and their
 * dualStackDnsSuffix was their dnsSuffix; the current partitions.json says otherwise. A case
 * that fails with the current data is retried with those legacy ISO outputs and counted
 * separately; it is a failure only if it fails with both (or always, with
 * ENDPOINTS_STRICT_PARTITIONS=1).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { compileRuleSet } from "../src/endpoints/engine.js";
import type { PartitionsData, ResolvedEndpoint } from "../src/endpoints/types.js";
import { loadCorpusEndpointData } from "./support/endpoints-corpus.js";
import {
  checkCase,
  legacyIsoPartitions,
  loadModelEndpointData,
  loadPartitions,
  type ServiceEndpointData,
} from "./support/endpoints-data.js";

const strict = process.env.ENDPOINTS_STRICT_PARTITIONS === "1";

interface Outcome {
  passed: number;
  legacy: number;
  failed: number;
  failures: Map<string, string[]>;
  legacyByService: Map<string, number>;
}

type Resolve = (p: Record<string, unknown>) => ResolvedEndpoint;

function compile(svc: ServiceEndpointData, partitions: PartitionsData): Resolve {
  const compiled = compileRuleSet(svc.ruleSet, { partitions });
  return (p) => compiled.resolve(p);
}

function runAll(data: ServiceEndpointData[], partitions: PartitionsData, legacy?: PartitionsData): Outcome {
  const o: Outcome = { passed: 0, legacy: 0, failed: 0, failures: new Map(), legacyByService: new Map() };
  for (const svc of data) {
    const fail = (msg: string) => {
      o.failed++;
      let list = o.failures.get(svc.service);
      if (!list) o.failures.set(svc.service, (list = []));
      list.push(msg);
    };
    let resolve: Resolve;
    try {
      resolve = compile(svc, partitions);
    } catch (e) {
      for (let i = 0; i < svc.testCases.length; i++) fail(`rule set did not compile: ${(e as Error).message}`);
      continue;
    }
    let resolveLegacy: Resolve | undefined;
    for (const tc of svc.testCases) {
      const why = checkCase(resolve, tc);
      if (why === undefined) {
        o.passed++;
        continue;
      }
      if (legacy && !strict) {
        resolveLegacy ??= compile(svc, legacy);
        if (checkCase(resolveLegacy, tc) === undefined) {
          o.legacy++;
          o.legacyByService.set(svc.service, (o.legacyByService.get(svc.service) ?? 0) + 1);
          continue;
        }
      }
      fail(`${tc.documentation ?? "(undocumented)"} ${JSON.stringify(tc.params ?? {})}: ${why}`);
    }
  }
  return o;
}

function report(label: string, o: Outcome): string {
  const lines = [`${label}: ${o.passed + o.legacy} passed, ${o.failed} failed`];
  if (o.legacy > 0) {
    lines.push(
      `  (${o.legacy} of the passed cases, in ${o.legacyByService.size} services, pass only with the legacy ISO partition outputs: ` +
        `their expectations predate partitions.json's dual-stack ISO partitions)`,
    );
  }
  for (const [svc, msgs] of o.failures) {
    lines.push(`  ${svc}: ${msgs.length} failed`);
    for (const m of msgs.slice(0, 5)) lines.push(`    - ${m}`);
    if (msgs.length > 5) lines.push(`    ... ${msgs.length - 5} more`);
  }
  return lines.join("\n");
}

const partitions = loadPartitions();
let models: ServiceEndpointData[] | undefined;
const modelData = () => (models ??= loadModelEndpointData());

test("endpointTests of every AWS model", () => {
  const t0 = performance.now();
  const data = modelData();
  const t1 = performance.now();
  const outcome = runAll(data, partitions, legacyIsoPartitions(partitions));
  const t2 = performance.now();
  console.log(report(`AWS models (${data.length} rule sets)`, outcome));
  console.log(`  load ${(t1 - t0).toFixed(0)} ms, compile+run ${(t2 - t1).toFixed(0)} ms`);
  assert.ok(outcome.passed > 0, "no test cases found");
  assert.equal(outcome.failed, 0, `${outcome.failed} endpoint test cases failed`);
});

test("every AWS rule set compiles in full (lazy: false)", () => {
  const problems: string[] = [];
  for (const svc of modelData()) {
    try {
      compileRuleSet(svc.ruleSet, { partitions, lazy: false });
    } catch (e) {
      problems.push(`${svc.service}: ${(e as Error).message}`);
    }
  }
  assert.deepEqual(problems, []);
});

test("endpointTests of the rules-engine corpus", (t) => {
  const data = loadCorpusEndpointData();
  if (data === undefined) {
    t.skip("rules-engine corpus not found");
    return;
  }
  const outcome = runAll(data, partitions);
  console.log(report(`rules-engine corpus (${data.length} files)`, outcome));
  assert.ok(outcome.passed > 0, "no corpus cases found");
  assert.equal(outcome.failed, 0, `${outcome.failed} corpus test cases failed`);
});
