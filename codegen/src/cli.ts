#!/usr/bin/env node
/**
 * `pnpm codegen [model...] [--all]`: generates the services listed in models/services.json plus every
 * model dropped into models/, or just the named ones. Failures are listed at the end and make the
 * exit code non-zero; the other services still generate.
 */
import { relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { allModels, ConfigError, findModel, loadConfig } from "./config.js";
import { generateOne, generatePartitions, type Outcome } from "./generate.js";

const USAGE = `usage: pnpm codegen [model ...] [--all] [--quiet]
  (no model)   the services in models/services.json and every model file in models/
  model        a model file stem (bedrock-runtime), or a path to a .json model
  --all        every model in the models directory (AWS_MODELS_DIR or models/services.json "modelsDir")`;

function main(argv: string[]): number {
  const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
  const flags = new Set(argv.filter((a) => a.startsWith("--")));
  const names = argv.filter((a) => !a.startsWith("--"));
  for (const f of flags) {
    if (!["--all", "--quiet", "--help"].includes(f)) {
      console.error(`unknown option ${f}\n${USAGE}`);
      return 2;
    }
  }
  if (flags.has("--help")) {
    console.log(USAGE);
    return 0;
  }
  let files: string[];
  const config = loadConfig(root);
  try {
    if (flags.has("--all")) files = [...allModels(config), ...config.dropIns];
    else if (names.length) files = names.map((n) => findModel(config, n));
    else files = [...config.services.map((n) => findModel(config, n)), ...config.dropIns];
    generatePartitions(config);
  } catch (e) {
    if (e instanceof ConfigError || (e as Error).name === "ModelError") {
      console.error(`codegen: ${(e as Error).message}`);
      return 1;
    }
    throw e;
  }
  files = [...new Set(files)];

  const started = performance.now();
  const progress = new Progress(files.length, flags.has("--quiet"));
  const taken = new Map<string, string>();
  const outcomes: Outcome[] = [];
  for (const file of files) {
    const o = generateOne(config, file, taken);
    outcomes.push(o);
    progress.tick(o.packageName ?? relative(root, file), !!o.error);
  }
  progress.done();
  const failed = outcomes.filter((o) => o.error);
  const ok = outcomes.length - failed.length;
  const secs = ((performance.now() - started) / 1000).toFixed(2);
  console.log(`codegen: ${ok} package${ok === 1 ? "" : "s"} generated in ${secs} s${failed.length ? `, ${failed.length} failed` : ""}`);
  for (const f of failed) console.error(`  FAILED ${relative(root, f.modelFile)}: ${f.error!.message}`);
  return failed.length ? 1 : 0;
}

/** A live counter on a terminal; plain lines otherwise (CI logs). */
class Progress {
  private n = 0;
  private readonly tty = process.stdout.isTTY === true;
  constructor(
    private readonly total: number,
    private readonly quiet: boolean,
  ) {}
  tick(label: string, failed: boolean): void {
    this.n++;
    if (this.quiet) return;
    if (this.tty) process.stdout.write(`\r\x1b[K[${this.n}/${this.total}] ${label}${failed ? " (failed)" : ""}`);
    else console.log(`[${this.n}/${this.total}] ${label}${failed ? " FAILED" : ""}`);
  }
  done(): void {
    if (this.tty && !this.quiet && this.n) process.stdout.write("\r\x1b[K");
  }
}

process.exitCode = main(process.argv.slice(2));
