/**
 * Which of the runtime's opt-in feature modules a generated package imports (src/features.ts): what its
 * model needs, decided as the runtime decides per call, and nothing for a service that needs none.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { CUSTOMIZED_SDK_IDS as RUNTIME_CUSTOMIZED, FEATURE_MODULES as RUNTIME_MODULES, featuresNeeded, type FeatureName } from "../../packages/runtime/src/features.js";
import { emitPackage } from "../src/emit-package.js";
import { CUSTOMIZED_SDK_IDS, FEATURE_MODULES, featuresOf } from "../src/features.js";
import { serviceOf } from "../src/generate.js";
import { AWS_MODELS, REPO } from "./helpers.js";

const MODELS = ["bedrock-runtime", "s3", "glacier", "api-gateway", "machine-learning", "dynamodb", "sqs"].filter((m) => existsSync(join(AWS_MODELS, `${m}.json`)));
const services = new Map(MODELS.map((m) => [m, serviceOf(join(AWS_MODELS, `${m}.json`))]));
const indexJs = (m: string) => emitPackage(services.get(m)!, { scope: "@org", version: "0.0.0", modelFile: `${m}.json` }).find((f) => f.path === "index.js")!.content;
const featureImports = (js: string) => [...js.matchAll(/^import \{ (\w+) \} from "@org\/runtime\/feature\/([\w-]+)";$/gm)].map((m) => `${m[1]} ${m[2]}`);

describe("feature modules a generated package imports", () => {
  test("codegen's constants are the runtime's", () => {
    assert.deepEqual(CUSTOMIZED_SDK_IDS, RUNTIME_CUSTOMIZED);
    assert.deepEqual(FEATURE_MODULES, RUNTIME_MODULES);
  });

  test("the package's features are those the runtime asks for, over all its operations", () => {
    for (const [m, svc] of services) {
      const needed = new Set<FeatureName>();
      for (const op of Object.values(svc.schema.operations)) for (const f of featuresNeeded(svc.schema, op)) needed.add(f);
      assert.deepEqual(new Set(featuresOf(svc.schema)), needed, m);
    }
  });

  test("Bedrock Runtime imports none: no checksum, customization or path-evaluator code on its load path", { skip: !services.has("bedrock-runtime") }, () => {
    const js = indexJs("bedrock-runtime");
    assert.deepEqual(featureImports(js), []);
    assert.doesNotMatch(js, /@org\/runtime\/feature\//);
    assert.match(js, /super\(schema, errors, config, restJson1\);/);
  });

  test("S3 imports checksums (httpChecksum) and customizations (by sdkId), and hands them to the client", { skip: !services.has("s3") }, () => {
    const js = indexJs("s3");
    const features = featuresOf(services.get("s3")!.schema);
    assert.deepEqual(features.slice(0, 2), ["checksums", "customizations"]);
    assert.deepEqual(featureImports(js), features.map((f) => `${f} ${FEATURE_MODULES[f]}`));
    assert.match(js, new RegExp(`super\\(schema, errors, config, restXml, \\{ ${features.join(", ")} \\}\\);`));
  });

  test("each feature alone, where the model calls for only it", () => {
    for (const [m, want] of [["glacier", ["customizations"]], ["machine-learning", ["customizations"]], ["dynamodb", ["contextParams"]], ["sqs", []]] as const) {
      if (services.has(m)) assert.deepEqual(featuresOf(services.get(m)!.schema), want, m);
    }
  });

  test("every feature module is a subpath export and a bundle entry of the runtime, after the service entries", () => {
    const pkg = JSON.parse(readFileSync(join(REPO, "packages/runtime/package.json"), "utf8"));
    assert.deepEqual(pkg.exports["./feature/*"], { types: "./dist/feature/*.d.ts", default: "./dist/esm/feature/*.js" });
    const entries: string[] = pkg.scripts.build.split(" ").filter((a: string) => a.endsWith(".ts"));
    const lastService = Math.max(...entries.map((e, i) => (e.startsWith("service/") ? i : -1)));
    for (const module of Object.values(FEATURE_MODULES)) {
      const at = entries.indexOf(`feature/${module}.ts`);
      assert.ok(at > lastService, `feature/${module}.ts is an entry after the service entries`);
      assert.ok(existsSync(join(REPO, "packages/runtime/src/feature", `${module}.ts`)), module);
    }
  });
});
