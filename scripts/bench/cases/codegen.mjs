// Case 7: codegen and type-checking, as subprocesses, timed by wall clock.
//   all:      `pnpm codegen --all --quiet --out-dir=<tmp>`: every model in the models directory (--full only)
//   one:      `pnpm codegen bedrock-runtime --quiet --out-dir=<tmp>`
//   typecheck: tsc -p <tmp>/tsconfig.json, tsconfig.generated.json's compiler options over the
//             generated packages' index.d.ts (all of them with --full, bedrock-runtime otherwise)
// The packages are generated into a temporary folder inside the workspace (so `@org/runtime` resolves
// from the root node_modules), never into packages/, and `--out-dir` links nothing into node_modules,
// so the workspace is left exactly as it was; the folder is deleted afterwards.
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { absRow, now } from "../lib/common.mjs";

const root = fileURLToPath(new URL("../../..", import.meta.url));

function timed(cmd, args) {
  return new Promise((resolve, reject) => {
    const t = now();
    const child = spawn(cmd, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("exit", (code) => {
      const ms = now() - t;
      if (code !== 0) reject(new Error(`${cmd} ${args.join(" ")} exited ${code}:\n${out.slice(-4000)}`));
      else resolve({ ms, out });
    });
  });
}

export async function run({ full }) {
  const tmp = join(root, "bench", `.codegen-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const rows = [];
  const extra = {};
  const pnpm = process.platform === "win32" ? "pnpm.cmd" : "pnpm";
  try {
    const tsc = join(root, "node_modules", ".bin", "tsc");
    const generated = JSON.parse(readFileSync(join(root, "tsconfig.generated.json"), "utf8"));
    const typecheck = async (dir, name) => {
      const cfg = join(tmp, `tsconfig.${name}.json`);
      writeFileSync(cfg, JSON.stringify({ compilerOptions: generated.compilerOptions, include: [`${dir}/*/index.d.ts`] }, null, 1));
      return (await timed(tsc, ["-p", cfg])).ms / 1000;
    };

    // one service: through pnpm (what a developer types) and the same CLI without pnpm, alternating
    const one = [];
    const oneNode = [];
    const pnpmAlone = [];
    const cli = join(root, "codegen", "dist", "cli.js");
    for (let r = 0; r < (full ? 7 : 3); r++) {
      for (const viaPnpm of r % 2 ? [false, true] : [true, false]) {
        rmSync(join(tmp, "one"), { recursive: true, force: true });
        const args = ["bedrock-runtime", "--quiet", `--out-dir=${join(tmp, "one")}`];
        const { ms } = viaPnpm ? await timed(pnpm, ["codegen", ...args]) : await timed(process.execPath, [cli, ...args]);
        (viaPnpm ? one : oneNode).push(ms / 1000);
      }
      pnpmAlone.push((await timed(pnpm, ["exec", "true"])).ms / 1000);
    }
    rows.push(absRow("pnpm codegen bedrock-runtime (one service)", "s", one, { limit: 1 }));
    rows.push(absRow("node codegen/dist/cli.js bedrock-runtime (same CLI without pnpm's start-up; info)", "s", oneNode));
    rows.push(absRow("pnpm's own start-up: `pnpm exec true` (info)", "s", pnpmAlone));

    // the IDL loader: every protocol-test model (~180 .smithy files) in one load, in a fresh process
    const idl = [];
    for (let r = 0; r < (full ? 5 : 3); r++) {
      const { out } = await timed(process.execPath, [join(root, "scripts", "bench", "lib", "idl-load.mjs")]);
      const res = JSON.parse(out.trim().split("\n").pop());
      idl.push(res.ms / 1000);
      extra.idlFiles = res.files;
      extra.idlShapes = res.shapes;
    }
    rows.push(absRow(`IDL loader: all protocol-test models (${extra.idlFiles} .smithy files, ${extra.idlShapes} shapes)`, "s", idl, { limit: 2 }));

    if (full) {
      const all = [];
      for (let r = 0; r < 3; r++) {
        rmSync(join(tmp, "all"), { recursive: true, force: true });
        const { ms, out } = await timed(pnpm, ["codegen", "--all", "--quiet", `--out-dir=${join(tmp, "all")}`]);
        all.push(ms / 1000);
        extra.codegenAllOutput = out.trim().split("\n").slice(-3).join("\n");
      }
      extra.packagesGenerated = readdirSync(join(tmp, "all")).length;
      rows.push(absRow(`pnpm codegen --all (${extra.packagesGenerated} packages incl. partitions)`, "s", all, { limit: 20 }));
      const tc = [];
      for (let r = 0; r < 2; r++) tc.push(await typecheck("all", "all"));
      rows.push(absRow("tsc -p (tsconfig.generated.json options) over every generated package", "s", tc, { limit: 120 }));
    } else {
      const tc = [];
      for (let r = 0; r < 2; r++) tc.push(await typecheck("one", "one"));
      rows.push(absRow("tsc over the bedrock-runtime package (quick: not the 413-package check)", "s", tc));
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return {
    id: "codegen",
    title: "7. Codegen and type-check (subprocesses, wall time)",
    setup: `generated with --out-dir into a temporary folder (deleted after; packages/ and node_modules untouched)${full ? "; 3 runs of --all, 7 of one service (each way), 2 type-checks" : "; --quick: one service only (3 runs), no --all"}`,
    rows,
    extra,
  };
}
