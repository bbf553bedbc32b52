/**
 * Every AWS model generates, type-checks under `strict` in one pass, and imports in plain Node with
 * a working client: what "an SDK, not a Bedrock client" means. Generated into tests/.generated-all-<pid>/
 * (git-ignored), so the packages resolve @org/runtime from the repository like a user's would.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("..", import.meta.url));
// one folder per run: two runs at once (a developer and CI, say) must not delete each other's output
const OUT = join(REPO, "tests", `.generated-all-${process.pid}`);
const MODELS = process.env.AWS_MODELS_DIR ?? join(REPO, "..", "shared", "aws-models");
let packages: string[] = [];

before(() => {
  rmSync(OUT, { recursive: true, force: true });
  const started = Date.now();
  const r = spawnSync(process.execPath, [join(REPO, "codegen/dist/cli.js"), "--all", "--quiet", `--out-dir=${OUT}`], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  packages = readdirSync(OUT).filter((d) => existsSync(join(OUT, d, "index.js")) && d !== "partitions").sort();
  const models = readdirSync(MODELS).filter((f) => f.endsWith(".json") && f !== "partitions.json");
  console.log(`# generated ${packages.length} packages from ${models.length} models in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  assert.equal(packages.length, models.length);
});

after(() => rmSync(OUT, { recursive: true, force: true }));

test("every generated package type-checks under strict, in one pass", () => {
  writeFileSync(
    join(OUT, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", lib: ["ES2023"], types: ["node"], typeRoots: [join(REPO, "node_modules/@types")], strict: true, noEmit: true, skipLibCheck: false },
      include: ["*/index.d.ts"],
    }),
  );
  const started = Date.now();
  const tsc = join(REPO, "node_modules", "typescript", "bin", "tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", join(OUT, "tsconfig.json")], { encoding: "utf8" });
  assert.equal(r.status, 0, (r.stdout + r.stderr).slice(0, 5000));
  console.log(`# type-checked ${packages.length} packages in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

test("Node imports every package and builds a client with one method per operation", async () => {
  let methods = 0;
  for (const name of packages) {
    const mod = await import(pathToFileURL(join(OUT, name, "index.js")).href);
    const factory = Object.entries(mod).find(([k, v]) => typeof v === "function" && /^[a-z_$]/.test(k) && k !== "streamParser" && k !== "readEventMessage")?.[1] as
      | ((c: object) => { destroy(): void })
      | undefined;
    assert.ok(factory, `${name}: no client factory exported`);
    const client = factory({ region: "us-east-1", credentials: { accessKeyId: "AKID", secretAccessKey: "secret" } });
    const { schema } = mod;
    for (const op of Object.keys(schema.operations)) {
      const proto = Object.getPrototypeOf(client) as Record<string, unknown>;
      const has = Object.getOwnPropertyNames(proto).some((m) => m.toLowerCase().replace(/_$/, "") === op.toLowerCase());
      assert.ok(has, `${name}: no method for ${op}`);
      methods++;
    }
    client.destroy();
  }
  console.log(`# imported ${packages.length} packages, ${methods} operation methods`);
});
