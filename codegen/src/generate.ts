/**
 * Generation of packages from model files: load → build the service → emit → write. Failures of one
 * model never stop the others; the caller gets each outcome.
 */
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, extname, join, relative } from "node:path";
import type { CodegenConfig } from "./config.js";
import { emitPackage, type GeneratedFile, HEADER } from "./emit-package.js";
import { loadJsonModel, ModelError, type SmithyModel } from "./model.js";
import { buildService, type ServiceModel } from "./service.js";

export interface Outcome {
  modelFile: string;
  packageName?: string;
  dir?: string;
  error?: Error;
}

export const VERSION = "0.1.0";

export function loadModel(file: string): SmithyModel {
  if (extname(file) === ".smithy") {
    throw new ModelError(file, undefined, "Smithy IDL models are not supported yet (use the JSON AST)");
  }
  return loadJsonModel(file);
}

/** Builds the service of one model file (a model file must hold exactly one service). */
export function serviceOf(file: string): ServiceModel {
  const model = loadModel(file);
  const services = model.services();
  if (services.length === 0) throw new ModelError(file, undefined, "the model defines no service shape");
  if (services.length > 1) throw new ModelError(file, services[1], `the model defines ${services.length} services; put each in its own file`);
  return buildService(model, services[0]);
}

/** Writes a generated package; files whose content is unchanged are left alone. */
export function writePackage(dir: string, files: GeneratedFile[]): void {
  mkdirSync(dir, { recursive: true });
  for (const f of files) {
    const path = join(dir, f.path);
    if (existsSync(path) && readFileSync(path, "utf8") === f.content) continue;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.content);
  }
}

/**
 * Makes a generated package importable from the workspace root, as `pnpm install` would link a root
 * dependency, so a new package works without re-running the installer.
 */
export function linkPackage(config: CodegenConfig, pkgName: string, dir: string): void {
  const link = join(config.root, "node_modules", ...pkgName.split("/"));
  const target = relative(dirname(link), dir);
  try {
    const st = lstatSync(link);
    if (st.isSymbolicLink() && readlinkSync(link) === target) return;
    rmSync(link, { recursive: true, force: true });
  } catch {
    // not there yet
  }
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(target, link, "dir");
}

/** `@org/partitions`: AWS's partitions data, generated from the models folder's partitions.json. */
export function generatePartitions(config: CodegenConfig): string {
  const src = join(config.modelsDir, "partitions.json");
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(src, "utf8"));
  } catch (e) {
    throw new ModelError(src, undefined, `cannot read the partitions data: ${(e as Error).message}`);
  }
  const name = `${config.scope}/partitions`;
  const dir = join(config.outDir, "partitions");
  writePackage(dir, [
    {
      path: "package.json",
      content:
        JSON.stringify(
          { name, version: VERSION, description: "AWS partitions for endpoint rules (aws.partition)", type: "module", main: "index.js", types: "index.d.ts", sideEffects: false, license: "Apache-2.0" },
          null,
          2,
        ) + "\n",
    },
    { path: "index.js", content: `${HEADER}\n// From partitions.json, for the endpoint rules' aws.partition function.\nexport const partitions = ${JSON.stringify(data)};\n` },
    { path: "index.d.ts", content: `${HEADER}\nexport declare const partitions: import("${config.scope}/runtime").PartitionsData;\n` },
  ]);
  linkPackage(config, name, dir);
  return dir;
}

export function generateOne(config: CodegenConfig, modelFile: string, taken: Map<string, string>): Outcome {
  try {
    const svc = serviceOf(modelFile);
    let base = svc.packageBase;
    const owner = taken.get(base);
    if (owner && owner !== modelFile) {
      // two sdkIds that collapse to the same name: the later file (by path order) gets its file stem appended
      base = `${base}-${modelFile.replace(/^.*\//, "").replace(/\.[a-z]+$/, "").replace(/[^a-z0-9]/gi, "").toLowerCase()}`;
    }
    taken.set(base, modelFile);
    svc.packageBase = base;
    const files = emitPackage(svc, { scope: config.scope, version: VERSION, modelFile: relative(config.root, modelFile) });
    const dir = join(config.outDir, base);
    writePackage(dir, files);
    const packageName = `${config.scope}/${base}`;
    linkPackage(config, packageName, dir);
    return { modelFile, packageName, dir };
  } catch (error) {
    return { modelFile, error: error as Error };
  }
}
