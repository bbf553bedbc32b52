/**
 * The generated packages' declarations, and the examples that use them, type-check under `strict`:
 * what a user's editor and compiler see.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { test } from "node:test";

test("generated packages and examples type-check under strict", () => {
  const tsc = join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc");
  const res = spawnSync(process.execPath, [tsc, "-p", "tsconfig.generated.json", "--listFilesOnly"], { encoding: "utf8" });
  const checked = res.stdout.split("\n").filter((f) => /packages\/[^/]+\/index\.d\.ts$/.test(f));
  assert.ok(checked.some((f) => f.endsWith("packages/bedrockruntime/index.d.ts")), "bedrockruntime is among the checked packages");
  const run = spawnSync(process.execPath, [tsc, "-p", "tsconfig.generated.json"], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  console.log(`# type-checked ${checked.length} generated package(s) and the examples`);
});
