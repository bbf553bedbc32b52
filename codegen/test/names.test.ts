/**
 * Names: shapes named like globals, reserved words or runtime exports get safe type names;
 * operations named like client members get safe method names; collisions (local names across
 * namespaces, package names across models) are resolved the same way every time. (The name-clash
 * fixture's package is type-checked with the others in dropin.test.ts, in one tsc run.)
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { loadConfig } from "../src/config.js";
import { emitPackage } from "../src/emit-package.js";
import { planPackageNames, RESERVED_PACKAGE_BASES, serviceOf } from "../src/generate.js";
import { factoryName, methodName, methodNames, packageBaseName, safeMethodName, safeTypeName } from "../src/names.js";
import { cleanup, dropIn, FIXTURES, REPO, runCli, tempDir, tempWorkspace, write } from "./helpers.js";

after(cleanup);

const NAME_CLASH = join(FIXTURES, "name-clash.json");

describe("type names", () => {
  test("globals, reserved words and runtime exports get a trailing underscore", () => {
    for (const n of ["Object", "Error", "Date", "Record", "Symbol", "Promise", "Map", "ServiceException", "Client", "OneOf", "DocumentType", "T"]) {
      assert.equal(safeTypeName(n), n + "_");
    }
    for (const n of ["default", "string", "delete", "interface", "type", "keyof", "String", "Type"]) assert.equal(safeTypeName(n), n + "_");
    assert.equal(safeTypeName("Widget"), "Widget");
    assert.equal(safeTypeName("3DModel"), "_3DModel");
    assert.equal(safeTypeName("a-b"), "a_b");
  });

  test("the fixture's shapes get the names the rules give, deterministically", () => {
    const svc = serviceOf(NAME_CLASH);
    const name = (id: string) => svc.names.get(`example.names#${id}`);
    assert.equal(name("Object"), "Object_");
    assert.equal(name("Object_"), "Object__"); // a shape already called Object_ steps aside, in sorted order
    assert.equal(name("Error"), "Error_");
    assert.equal(name("Date"), "Date_");
    assert.equal(name("Record"), "Record_");
    assert.equal(name("Symbol"), "Symbol_");
    assert.equal(name("Promise"), "Promise_");
    assert.equal(name("Map"), "Map_");
    assert.equal(name("OneOf"), "OneOf_");
    assert.equal(name("ServiceException"), "ServiceException_");
    assert.equal(name("Client"), "Client_");
    assert.equal(name("T"), "T_");
    assert.equal(name("default"), "default_");
    assert.equal(name("string"), "string_");
    // the same local name in two namespaces: both qualified by namespace
    assert.equal(name("Thing"), "example_names_Thing");
    assert.equal(svc.names.get("example.other#Thing"), "example_other_Thing");
    // the runtime matches errors by their wire name when the class name differs
    assert.equal((svc.schema.shapes.ServiceException_ as { wireName?: string }).wireName, "ServiceException");
    assert.equal((svc.schema.shapes.T_ as { wireName?: string }).wireName, "T");
    const again = serviceOf(NAME_CLASH);
    assert.deepEqual([...again.names], [...svc.names]);
  });

  test("a service rename decides a clash instead of the namespace", () => {
    const dir = tempDir();
    const ast = JSON.parse(readFileSync(NAME_CLASH, "utf8"));
    ast.shapes["example.names#NameClash"].rename = { "example.other#Thing": "OtherThing" };
    const file = join(dir, "renamed.json");
    write(file, JSON.stringify(ast));
    const svc = serviceOf(file);
    assert.equal(svc.names.get("example.names#Thing"), "Thing");
    assert.equal(svc.names.get("example.other#Thing"), "OtherThing");
  });
});

describe("method names", () => {
  test("operations are camel-cased, leading acronyms as a word", () => {
    assert.equal(methodName("ConverseStream"), "converseStream");
    assert.equal(methodName("GetAPIKey"), "getAPIKey");
    assert.equal(methodName("SQSQueue"), "sqsQueue");
    assert.equal(methodName("ACL"), "acl");
  });

  test("operations named like client members get a trailing underscore", () => {
    for (const op of ["Send", "Destroy", "Config", "Schema", "Constructor", "Then", "ToJSON", "ToString", "ValueOf"]) {
      assert.equal(safeMethodName(op), methodName(op) + "_", op);
    }
    assert.equal(safeMethodName("SendMessage"), "sendMessage");
  });

  test("operations that still meet after camel-casing are told apart in sorted order", () => {
    assert.deepEqual([...methodNames(["SqsQueue", "Send", "SQSQueue", "Send_"])], [
      ["SQSQueue", "sqsQueue"],
      ["Send", "send_"],
      ["Send_", "send__"],
      ["SqsQueue", "sqsQueue_"],
    ]);
  });

  test("the generated client uses the safe names and keeps the runtime's own members", () => {
    const svc = serviceOf(NAME_CLASH);
    const files = emitPackage(svc, { scope: "@org", version: "0.0.0", modelFile: "name-clash.json" });
    const js = files.find((f) => f.path === "index.js")!.content;
    const dts = files.find((f) => f.path === "index.d.ts")!.content;
    for (const [m, op] of [["send_", "Send"], ["destroy_", "Destroy"], ["config_", "Config"], ["schema_", "Schema"], ["then_", "Then"]]) {
      assert.match(js, new RegExp(`\\n  ${m}\\(input, options\\) \\{\\n    return this\\.send\\(${JSON.stringify(op)}, input, options\\);`));
      assert.match(dts, new RegExp(`\\n  ${m}\\(input\\?: `));
    }
    assert.doesNotMatch(js, /\n  (send|destroy|config|then)\(/);
    // a shape already named NameClashClient: the client class steps aside
    assert.match(dts, /export declare class NameClashClient_ extends Client/);
  });
});

describe("package names", () => {
  test("the sdkId, lower-cased, letters and digits only", () => {
    assert.equal(packageBaseName("Bedrock Runtime"), "bedrockruntime");
    assert.equal(packageBaseName("ACM PCA"), "acmpca");
    assert.equal(packageBaseName("Foo.Bar (beta)_v2"), "foobarbetav2");
    assert.equal(packageBaseName("!!!"), "service");
  });

  test("factory functions are valid identifiers", () => {
    assert.equal(factoryName("bedrockruntime"), "bedrockruntime");
    assert.equal(factoryName("widgetstore-widgets"), "widgetstoreWidgets");
    assert.equal(factoryName("runtime-2"), "runtime2");
    assert.equal(factoryName("3d"), "_3d");
    assert.equal(factoryName("delete"), "delete_");
    assert.equal(factoryName("errors"), "errors_");
  });

  /** A workspace whose models/ holds widgets.json under several names and sdkIds. */
  function clashWorkspace(): { root: string; files: Record<string, string> } {
    const base = readFileSync(join(FIXTURES, "widgets.json"), "utf8");
    const withSdkId = (id: string) => base.replace('"sdkId": "Widget Store"', `"sdkId": ${JSON.stringify(id)}`);
    const root = tempWorkspace();
    const files = {
      widgets: dropIn(root, "widgets.json", withSdkId("Widget Store")),
      exact: dropIn(root, "widget-store.json", withSdkId("Widget-Store")),
      other: dropIn(root, "aaa.json", withSdkId("widget_store")),
      runtime: dropIn(root, "runtime.json", withSdkId("Runtime")),
      runtime2: dropIn(root, "my-runtime.json", withSdkId("RUNTIME")),
      partitions: dropIn(root, "parts.json", withSdkId("Partitions")),
    };
    return { root, files };
  }

  test("collisions: the model whose file is named after the sdkId keeps the name, the others get their file stem", () => {
    const { root, files } = clashWorkspace();
    const config = loadConfig(root);
    const plan = planPackageNames(config, Object.values(files));
    assert.equal(plan.get(files.exact), "widgetstore");
    assert.equal(plan.get(files.other), "widgetstore-aaa");
    assert.equal(plan.get(files.widgets), "widgetstore-widgets");
    // the workspace's own packages are never taken
    assert.ok(RESERVED_PACKAGE_BASES.has("runtime"));
    assert.equal(plan.get(files.runtime), "runtime-2");
    assert.equal(plan.get(files.runtime2), "runtime-myruntime");
    assert.equal(plan.get(files.partitions), "partitions-parts");
  });

  test("a model's package name does not depend on which others are generated with it", () => {
    const { root, files } = clashWorkspace();
    const config = loadConfig(root);
    const all = planPackageNames(config, Object.values(files));
    for (const f of Object.values(files)) assert.equal(planPackageNames(config, [f]).get(f), all.get(f), f);
    assert.equal(planPackageNames(config, [files.widgets, files.other].reverse()).get(files.widgets), "widgetstore-widgets");
  });

  test("the CLI writes each colliding model to its own package; the workspace's packages are untouched", () => {
    const { root } = clashWorkspace();
    const r = runCli(root, "--quiet");
    assert.equal(r.status, 0, r.stderr);
    const pkgs = ["widgetstore", "widgetstore-aaa", "widgetstore-widgets", "runtime-2", "runtime-myruntime", "partitions-parts"];
    for (const p of pkgs) {
      const pkg = JSON.parse(readFileSync(join(root, "packages", p, "package.json"), "utf8"));
      assert.equal(pkg.name, `@org/${p}`);
    }
    const parts = JSON.parse(readFileSync(join(root, "packages", "partitions", "package.json"), "utf8"));
    assert.equal(parts.name, "@org/partitions");
    assert.match(readFileSync(join(root, "packages", "runtime-myruntime", "index.js"), "utf8"), /export function runtimeMyruntime\(config\)/);
    // the repository's runtime was linked, not overwritten
    assert.match(readFileSync(join(REPO, "packages", "runtime", "package.json"), "utf8"), /"name": "@org\/runtime"/);
  });
});
