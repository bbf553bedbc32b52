/**
 * Which models to generate and where they are. `models/services.json` lists services by model file
 * stem; model files dropped into `models/` itself are always generated. AWS's models are read in
 * place from `modelsDir` (or `AWS_MODELS_DIR`), never copied into the repository.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, extname, isAbsolute, join, resolve } from "node:path";

export interface CodegenConfig {
  root: string;
  modelsDir: string;
  /** model stems listed in services.json */
  services: string[];
  /** model files found in `models/` */
  dropIns: string[];
  /** where packages are written: `<root>/packages` unless overridden */
  outDir: string;
  /**
   * The `node_modules` folder that gets an `@org/<name>` symlink per generated package
   * (`<root>/node_modules`), or `null` to link nothing (tests generating into a temp folder).
   */
  linkDir: string | null;
  scope: string;
}

/** Overrides of the defaults, for tests and `--out-dir` (which writes into a temp folder). */
export interface ConfigOverrides {
  outDir?: string;
  modelsDir?: string;
  /** defaults to `<root>/node_modules`, or `null` (no links) when `outDir` is overridden */
  linkDir?: string | null;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

const MODEL_EXT = new Set([".json", ".smithy"]);

export function loadConfig(root: string, env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): CodegenConfig {
  const dir = join(root, "models");
  const file = join(dir, "services.json");
  let raw: { modelsDir?: string; services?: unknown; scope?: string } = {};
  if (existsSync(file)) {
    try {
      raw = JSON.parse(readFileSync(file, "utf8"));
    } catch (e) {
      throw new ConfigError(`${file}: invalid JSON: ${(e as Error).message}`);
    }
  }
  if (raw.services !== undefined && (!Array.isArray(raw.services) || raw.services.some((s) => typeof s !== "string"))) {
    throw new ConfigError(`${file}: "services" must be a list of model names`);
  }
  const modelsDirRaw = overrides.modelsDir || env.AWS_MODELS_DIR || raw.modelsDir || "../shared/aws-models";
  const modelsDir = isAbsolute(modelsDirRaw) ? modelsDirRaw : resolve(root, modelsDirRaw);
  const dropIns = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => MODEL_EXT.has(extname(f)) && f !== "services.json" && !f.startsWith("."))
        .sort()
        .map((f) => join(dir, f))
    : [];
  return {
    root,
    modelsDir,
    services: (raw.services as string[] | undefined) ?? [],
    dropIns,
    outDir: overrides.outDir ? resolve(overrides.outDir) : join(root, "packages"),
    linkDir: overrides.linkDir !== undefined ? overrides.linkDir && resolve(overrides.linkDir) : overrides.outDir ? null : join(root, "node_modules"),
    scope: raw.scope ?? "@org",
  };
}

/**
 * Every model file in the models directory (for `--all`), except those a drop-in of the same stem
 * replaces: a model dropped into `models/` overrides AWS's model of that name, as it does for
 * `pnpm codegen <name>` (see {@link findModel}).
 */
export function allModels(config: CodegenConfig): string[] {
  if (!existsSync(config.modelsDir)) throw new ConfigError(modelsDirMissing(config));
  const shadowed = new Set(config.dropIns.map(stem));
  return readdirSync(config.modelsDir)
    .filter((f) => f.endsWith(".json") && f !== "partitions.json" && !f.startsWith(".") && !shadowed.has(stem(f)))
    .sort()
    .map((f) => join(config.modelsDir, f));
}

/** A model named on the command line or in services.json: a path, a drop-in stem, or a stem in modelsDir. */
export function findModel(config: CodegenConfig, name: string): string {
  if (MODEL_EXT.has(extname(name)) && existsSync(resolve(name))) return resolve(name);
  for (const f of config.dropIns) if (stem(f) === name) return f;
  const inDir = join(config.modelsDir, `${name}.json`);
  if (existsSync(inDir)) return inDir;
  if (!existsSync(config.modelsDir)) throw new ConfigError(modelsDirMissing(config));
  throw new ConfigError(`no model named "${name}" in models/ or ${config.modelsDir}`);
}

export function stem(file: string): string {
  return basename(file, extname(file));
}

function modelsDirMissing(config: CodegenConfig): string {
  return (
    `models directory ${config.modelsDir} does not exist. Set AWS_MODELS_DIR or "modelsDir" in models/services.json ` +
    `to a folder of Smithy JSON models (AWS publishes them in the aws/api-models-aws GitHub repository; see models/README.md).`
  );
}
