#!/usr/bin/env node
/**
 * `pnpm codegen [model...] [--all]`: generates the services listed in models/services.json plus every
 * model dropped into models/, or just the named ones. Failures are listed at the end and make the
 * exit code non-zero; the other services still generate.
 */
import { realpathSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { allModels, type CodegenConfig, ConfigError, findModel, loadConfig } from "./config.js";
import { generateOne, generatePartitions, type Outcome, planPackageNames } from "./generate.js";

const USAGE = `usage: pnpm codegen [model ...] [--all] [--quiet] [--root=DIR] [--out-dir=DIR]
  (no model)   the services in models/services.json and every model file in models/
  model        a model file stem (bedrock-runtime), a package name (bedrockruntime), or a path to a .json model
  --all        every model in the models directory (AWS_MODELS_DIR or models/services.json "modelsDir")
  --root=DIR   the workspace whose models/ and packages/ to use (default: this repository)
  --out-dir=DIR  write the packages there instead of <root>/packages, and link none into node_modules`;

/** Where the CLI prints: the console, or a test's collector. */
export interface CliIO {
  log(line: string): void;
  error(line: string): void;
  /** a live progress line (`\r`-rewritten); only on a terminal */
  progress?(text: string): void;
}

const CONSOLE: CliIO = {
  log: (l) => console.log(l),
  error: (l) => console.error(l),
  ...(process.stdout.isTTY ? { progress: (t: string) => void process.stdout.write(t) } : {}),
};

/** Runs the CLI; returns the exit code (0 ok, 1 a failure, 2 a usage error). */
export function main(argv: string[], io: CliIO = CONSOLE): number {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const names: string[] = [];
  for (const a of argv) {
    const m = /^(--[a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) names.push(a);
    else if (m[2] !== undefined && ["--root", "--out-dir"].includes(m[1])) values.set(m[1], m[2]);
    else if (m[2] === undefined && ["--all", "--quiet", "--help"].includes(m[1])) flags.add(m[1]);
    else {
      io.error(`unknown option ${a}\n${USAGE}`);
      return 2;
    }
  }
  const root = resolve(values.get("--root") ?? fileURLToPath(new URL("../..", import.meta.url)));
  if (flags.has("--help")) {
    io.log(USAGE);
    return 0;
  }
  let files: string[];
  let config: CodegenConfig;
  try {
    config = loadConfig(root, process.env, values.has("--out-dir") ? { outDir: values.get("--out-dir") } : {});
    if (flags.has("--all")) files = [...allModels(config), ...config.dropIns];
    else if (names.length) files = names.map((n) => findModelOrPackage(config, n));
    else files = [...config.services.map((n) => findModel(config, n)), ...config.dropIns];
  } catch (e) {
    if (e instanceof ConfigError || (e as Error).name === "ModelError") {
      io.error(`codegen: ${(e as Error).message}`);
      return 1;
    }
    throw e;
  }
  files = [...new Set(files)];

  const started = performance.now();
  const progress = new Progress(files.length, flags.has("--quiet"), io);
  const packageNames = planPackageNames(config, files);
  const outcomes: Outcome[] = [];
  // @org/partitions, for the endpoint rules; without it the packages still generate (a model with no
  // rule set never needs it), and the failure is listed with the others
  try {
    generatePartitions(config);
  } catch (e) {
    outcomes.push({ modelFile: join(config.modelsDir, "partitions.json"), packageName: `${config.scope}/partitions`, error: e as Error });
  }
  for (const file of files) {
    const o = generateOne(config, file, packageNames);
    outcomes.push(o);
    progress.tick(o.packageName ?? relative(root, file), !!o.error);
  }
  progress.done();
  const failed = outcomes.filter((o) => o.error);
  const ok = outcomes.filter((o) => o.packageName && !o.error).length;
  const secs = ((performance.now() - started) / 1000).toFixed(2);
  io.log(`codegen: ${ok} package${ok === 1 ? "" : "s"} generated in ${secs} s${failed.length ? `, ${failed.length} failed` : ""}`);
  for (const f of failed) {
    // a ModelError's message starts with the file's absolute path; the relative one says the same
    const msg = f.error!.message.startsWith(`${f.modelFile}: `) ? f.error!.message.slice(f.modelFile.length + 2) : f.error!.message;
    io.error(`  FAILED ${relative(root, f.modelFile)}: ${msg}`);
  }
  return failed.length ? 1 : 0;
}

/** A model by file stem or path, else the model whose package has that name (`bedrockruntime`). */
function findModelOrPackage(config: CodegenConfig, name: string): string {
  try {
    return findModel(config, name);
  } catch (e) {
    for (const [file, pkg] of planPackageNames(config, [])) if (pkg === name || `${config.scope}/${pkg}` === name) return file;
    throw e;
  }
}

/** A live counter on a terminal; plain lines otherwise (CI logs). */
class Progress {
  private n = 0;
  constructor(
    private readonly total: number,
    private readonly quiet: boolean,
    private readonly io: CliIO,
  ) {}
  tick(label: string, failed: boolean): void {
    this.n++;
    if (this.quiet) return;
    if (this.io.progress) this.io.progress(`\r\x1b[K[${this.n}/${this.total}] ${label}${failed ? " (failed)" : ""}`);
    else this.io.log(`[${this.n}/${this.total}] ${label}${failed ? " FAILED" : ""}`);
  }
  done(): void {
    if (this.io.progress && !this.quiet && this.n) this.io.progress("\r\x1b[K");
  }
}

// run when invoked as a program (`node codegen/dist/cli.js`, the `org-codegen` bin), not when imported
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
