/**
 * Generation is a pure function of the model: the same bytes every time, whether the package folder
 * is fresh, already generated, or holds edits and leftovers from an older generation.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { findModel, loadConfig } from "../src/config.js";
import { generateOne, planPackageNames } from "../src/generate.js";
import { cleanup, contents, REPO, snapshot, tempDir } from "./helpers.js";

after(cleanup);

describe("determinism", () => {
  const outA = tempDir();
  const outB = tempDir();
  const configA = loadConfig(REPO, process.env, { outDir: outA });
  const configB = loadConfig(REPO, process.env, { outDir: outB });
  const model = findModel(configA, "bedrock-runtime");

  test("an --out-dir config writes there and links nothing into the repository", () => {
    assert.equal(configA.outDir, outA);
    assert.equal(configA.linkDir, null);
    assert.equal(loadConfig(REPO).linkDir, join(REPO, "node_modules"));
    assert.equal(loadConfig(REPO).outDir, join(REPO, "packages"));
  });

  test("generating bedrock-runtime twice gives byte-identical files, and the second run writes nothing", () => {
    const o1 = generateOne(configA, model);
    assert.ifError(o1.error);
    assert.equal(o1.packageName, "@org/bedrockruntime");
    assert.equal(o1.dir, join(outA, "bedrockruntime"));
    const first = snapshot(outA);
    assert.ok(first.size >= 6, [...first.keys()].join(", "));
    for (const f of ["package.json", "index.js", "index.d.ts", "types.d.ts", "errors.d.ts", "README.md"]) {
      assert.ok(first.has(join("bedrockruntime", f)), `missing ${f}`);
    }
    const o2 = generateOne(configA, model, planPackageNames(configA, [model]));
    assert.ifError(o2.error);
    const second = snapshot(outA);
    assert.deepEqual(contents(second), contents(first));
    for (const [path, e] of second) assert.equal(e.mtimeMs, first.get(path)!.mtimeMs, `${path} was rewritten`);
  });

  test("a fresh folder gets the same bytes as an existing one", () => {
    const o = generateOne(configB, model);
    assert.ifError(o.error);
    assert.deepEqual(contents(snapshot(outB)), contents(snapshot(outA)));
  });

  test("regenerating over edited files and leftovers restores exactly the fresh output", () => {
    const dir = join(outA, "bedrockruntime");
    writeFileSync(join(dir, "index.d.ts"), readFileSync(join(dir, "index.d.ts"), "utf8") + "// a local edit\n");
    writeFileSync(join(dir, "index.js"), "");
    writeFileSync(join(dir, "schema.js"), "// a file older generators wrote\n");
    writeFileSync(join(dir, "old-file.js"), "// from an older generator\n");
    const o = generateOne(configA, model);
    assert.ifError(o.error);
    assert.deepEqual(contents(snapshot(outA)), contents(snapshot(outB)));
  });

  test("what is not the generator's is kept: node_modules (pnpm install) and dot-files", () => {
    const dir = join(outA, "bedrockruntime");
    mkdirSync(join(dir, "node_modules", "@org"), { recursive: true });
    symlinkSync(join(REPO, "packages", "runtime"), join(dir, "node_modules", "@org", "runtime"));
    writeFileSync(join(dir, ".npmrc"), "x=1\n");
    const o = generateOne(configA, model);
    assert.ifError(o.error);
    assert.ok(existsSync(join(dir, "node_modules", "@org", "runtime", "package.json")));
    assert.equal(readFileSync(join(dir, ".npmrc"), "utf8"), "x=1\n");
  });

  test("the README names the model the way `pnpm codegen` accepts it", () => {
    const readme = readFileSync(join(outA, "bedrockruntime", "README.md"), "utf8");
    assert.match(readme, /regenerate with `pnpm codegen bedrock-runtime`/);
  });
});
