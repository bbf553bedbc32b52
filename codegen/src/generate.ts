/**
 * Generation of packages from model files: load → build the service → emit → write. Failures of one
 * model never stop the others; the caller gets each outcome.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, extname, join, relative } from "node:path";
import { allModels, type CodegenConfig, stem } from "./config.js";
import { emitPackage, type GeneratedFile, HEADER } from "./emit-package.js";
import { loadIdlModels, parseIdl } from "./idl/index.js";
import { type AstShape, loadJsonModel, localName, ModelError, SmithyModel } from "./model.js";
import { packageBaseName } from "./names.js";
import { buildService, type ServiceModel } from "./service.js";

export interface Outcome {
  modelFile: string;
  packageName?: string;
  dir?: string;
  error?: Error;
}

export const VERSION = "0.1.0";

export function loadModel(file: string): SmithyModel {
  if (extname(file) === ".smithy") return loadIdlModel(file);
  const model = loadJsonModel(file);
  // a JSON AST written by hand may still use mixins or `apply`; the IDL loader flattens both
  for (const s of model.shapes.values()) {
    if (s.mixins?.length || s.type === "apply") return fromIdlLoader(file, [file], undefined);
  }
  return model;
}

/**
 * A `.smithy` file is loaded together with the other `.smithy` files in its folder, as Smithy loads a
 * sources folder, so shared shapes can live in files of their own; the services generated from it
 * are the ones it declares. (JSON AST files are whole models and stand alone.)
 */
function loadIdlModel(file: string): SmithyModel {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ModelError(file, undefined, `cannot read: ${(e as Error).message}`);
  }
  // an IdlError already names the file, line and column, and shows the line
  const parsed = parseIdl(file, text);
  const declared = new Set(parsed.shapes.filter((s) => s.type === "service").map((s) => `${parsed.namespace}#${s.name}`));
  const dir = dirname(file);
  const neighbours = readdirSync(dir)
    .filter((f) => f.endsWith(".smithy") && !f.startsWith("."))
    .sort()
    .map((f) => join(dir, f));
  return fromIdlLoader(file, neighbours.includes(file) ? neighbours : [...neighbours, file], declared);
}

function fromIdlLoader(file: string, files: string[], declared: Set<string> | undefined): SmithyModel {
  // AWS's own traits (aws.api#service, aws.protocols#restJson1, ...) are defined outside the
  // prelude; the generator reads trait values and does not need their definitions. Numbers are read
  // as doubles, as for JSON AST models (the emitted schemas hold plain JSON values)
  const ast = loadIdlModels(files, { flattenMixins: true, allowUnknownTraits: true, doubleNumbers: true });
  const model = new SmithyModel(file, ast.shapes as Record<string, AstShape>, ast.metadata);
  if (declared) model.declaredServices = declared;
  return model;
}

/** Builds the service of one model file (a model file must hold exactly one service). */
export function serviceOf(file: string): ServiceModel {
  const model = loadModel(file);
  const services = model.services();
  if (services.length === 0) throw new ModelError(file, undefined, "the model defines no service shape");
  if (services.length > 1) {
    throw new ModelError(file, undefined, `the model defines ${services.length} services (${services.join(", ")}); put each in its own file`);
  }
  return buildService(model, services[0]);
}

/**
 * Writes a generated package; files whose content is unchanged are left alone, and files an earlier
 * generation wrote but this one does not (say `endpoints.js`, which older generators wrote) are
 * removed, so regenerating gives the same bytes as generating into a fresh folder. `node_modules`
 * (which `pnpm install` creates) and dot-files are not ours and are kept.
 */
export function writePackage(dir: string, files: GeneratedFile[]): void {
  mkdirSync(dir, { recursive: true });
  const wanted = new Set(files.map((f) => join(dir, f.path)));
  const prune = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === "node_modules" || e.name.startsWith(".")) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) prune(p);
      else if (!wanted.has(p)) rmSync(p, { force: true });
    }
  };
  prune(dir);
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
  if (!config.linkDir) return;
  const link = join(config.linkDir, ...pkgName.split("/"));
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

/**
 * Package names of the workspace's own packages, which a generated package must never take (a
 * service whose sdkId is `Runtime` would otherwise overwrite `packages/runtime`).
 */
export const RESERVED_PACKAGE_BASES = new Set(["runtime", "eventstream", "partitions", "codegen"]);

/**
 * The package name (folder under `packages/`, `@org/<name>`) of every model in `files`.
 *
 * A model's name is its sdkId lower-cased with everything but letters and digits removed
 * (`Bedrock Runtime` → `bedrockruntime`). When several models collapse to the same name, the rule
 * looks at every model the generator knows (the models directory and `models/` drop-ins, not just
 * the ones being generated), so a model's package name never depends on which others are generated
 * in the same run:
 *   1. the claimants are ordered: first a model whose file stem, reduced the same way, equals the
 *      name (AWS names its files after the sdkId: `bedrock-runtime.json`), then by file stem, then by
 *      path;
 *   2. the first keeps the plain name; each other one gets `<name>-<its reduced file stem>`, or when
 *      that is taken too, `<name>-2`, `<name>-3`, ... in the same order;
 *   3. a name in {@link RESERVED_PACKAGE_BASES} is never given out plain: all its claimants are
 *      suffixed as in rule 2.
 * No two AWS models collide today; the rule is for models dropped into `models/`.
 */
export function planPackageNames(config: CodegenConfig, files: string[]): Map<string, string> {
  let known: string[] = [];
  try {
    known = allModels(config);
  } catch {
    // no models directory: only the drop-ins and the named files count
  }
  const claims = new Map<string, string[]>(); // base → files
  const cache = openSdkIdCache(config);
  for (const file of new Set([...known, ...config.dropIns, ...files])) {
    const sdkId = peekSdkId(file, cache);
    if (sdkId === undefined) continue; // unreadable: generateOne reports it
    const base = packageBaseName(sdkId);
    claims.set(base, [...(claims.get(base) ?? []), file]);
  }
  saveSdkIdCache(config, cache);
  const used = new Set<string>([...claims.keys(), ...RESERVED_PACKAGE_BASES]);
  const out = new Map<string, string>();
  const reduced = (f: string) => stem(f).toLowerCase().replace(/[^a-z0-9]/g, "");
  for (const base of [...claims.keys()].sort()) {
    const group = claims.get(base)!.sort(
      (a, b) => Number(reduced(b) === base) - Number(reduced(a) === base) || cmp(stem(a), stem(b)) || cmp(a, b),
    );
    group.forEach((file, i) => {
      if (i === 0 && !RESERVED_PACKAGE_BASES.has(base)) {
        out.set(file, base);
        return;
      }
      let name = reduced(file) && reduced(file) !== base ? `${base}-${reduced(file)}` : `${base}-2`;
      for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
      used.add(name);
      out.set(file, name);
    });
  }
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A model's sdkId without a full parse (the AWS models are large): the `aws.api#service` trait's
 * `sdkId`, else the service shape's name, as {@link buildService} derives it (a file where the quick
 * look finds nothing is parsed); `undefined` when the file cannot be read or holds no single service.
 */
function peekSdkId(file: string, cache: SdkIdCache): string | undefined {
  let stamp: string;
  try {
    const st = statSync(file);
    stamp = `${st.size}:${st.mtimeMs}`;
  } catch {
    return undefined;
  }
  const hit = cache.entries[file];
  if (hit && hit.stamp === stamp) return hit.sdkId ?? undefined;
  const sdkId = readSdkId(file);
  cache.entries[file] = { stamp, sdkId: sdkId ?? null };
  cache.dirty = true;
  return sdkId;
}

/**
 * sdkIds by file, size and mtime, kept between runs in `node_modules/.cache/org-codegen/`: reading
 * the 413 AWS models (132 MB) takes a quarter of a second, more than regenerating one service.
 */
interface SdkIdCache {
  entries: Record<string, { stamp: string; sdkId: string | null }>;
  dirty: boolean;
}
const sdkIdCaches = new Map<string, SdkIdCache>();

function sdkIdCacheFile(config: CodegenConfig): string {
  return join(config.root, "node_modules", ".cache", "org-codegen", "sdk-ids.json");
}

function openSdkIdCache(config: CodegenConfig): SdkIdCache {
  const file = sdkIdCacheFile(config);
  let cache = sdkIdCaches.get(file);
  if (!cache) {
    cache = { entries: {}, dirty: false };
    try {
      const parsed = JSON.parse(readFileSync(file, "utf8"));
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) cache.entries = parsed;
    } catch {
      // no cache yet, or unreadable: it is rebuilt
    }
    sdkIdCaches.set(file, cache);
  }
  return cache;
}

function saveSdkIdCache(config: CodegenConfig, cache: SdkIdCache): void {
  if (!cache.dirty) return;
  try {
    const file = sdkIdCacheFile(config);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(cache.entries));
    cache.dirty = false;
  } catch {
    // a read-only checkout still generates, just without the cache
  }
}

function readSdkId(file: string): string | undefined {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return undefined;
  }
  // searching the bytes and decoding only the trait's neighbourhood is ~10x faster than decoding the file
  const at = buf.indexOf('"aws.api#service"');
  if (at >= 0) {
    const near = buf.subarray(at, at + 2000).toString("utf8");
    const quick = /^"aws\.api#service"\s*:\s*\{[^{}]*?"sdkId"\s*:\s*("(?:[^"\\]|\\.)*")/.exec(near);
    if (quick) return JSON.parse(quick[1]) as string;
  }
  try {
    const model = loadModel(file);
    const services = model.services();
    if (services.length !== 1) return undefined;
    const s = model.shapes.get(services[0])!;
    return (s.traits?.["aws.api#service"] as { sdkId?: string } | undefined)?.sdkId ?? localName(services[0]);
  } catch {
    return undefined;
  }
}

/**
 * Generates one model's package. `names` is the plan from {@link planPackageNames} (computed for
 * this file when absent or without it).
 */
export function generateOne(config: CodegenConfig, modelFile: string, names?: Map<string, string>): Outcome {
  try {
    if (extname(modelFile) === ".smithy" && loadModel(modelFile).services().length === 0) {
      return { modelFile }; // a file of shared shapes: used by the files beside it, no package of its own
    }
    const svc = serviceOf(modelFile);
    const plan = names?.has(modelFile) ? names : planPackageNames(config, [modelFile]);
    const base = plan.get(modelFile) ?? svc.packageBase;
    svc.packageBase = base;
    // what `pnpm codegen` accepts: the stem of a model it finds by name, else the file's path
    const findable = config.dropIns.includes(modelFile) || dirname(modelFile) === config.modelsDir;
    const modelName = findable ? stem(modelFile) : relative(config.root, modelFile);
    const files = emitPackage(svc, { scope: config.scope, version: VERSION, modelFile: relative(config.root, modelFile), modelName });
    const dir = join(config.outDir, base);
    writePackage(dir, files);
    const packageName = `${config.scope}/${base}`;
    linkPackage(config, packageName, dir);
    return { modelFile, packageName, dir };
  } catch (error) {
    return { modelFile, error: error as Error };
  }
}
