/**
 * Shared helpers of the codegen tests: temp workspaces (a `models/` folder, `packages/` and
 * `node_modules/@org` links of their own, so nothing is written into the repository), the CLI run
 * as a child process, file-tree snapshots and the strict type-check of generated packages.
 */
import { spawnSync } from "node:child_process";
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../src/cli.js";
import { loadConfig } from "../src/config.js";

export const REPO = fileURLToPath(new URL("../..", import.meta.url)).replace(/\/$/, "");
export const FIXTURES = fileURLToPath(new URL("./fixtures", import.meta.url));
/** The AWS models directory the repository is configured with. */
export const AWS_MODELS = loadConfig(REPO).modelsDir;

const temps: string[] = [];

/** A fresh temp folder, removed by {@link cleanup}. */
export function tempDir(prefix = "codegen-test-"): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
}

export function cleanup(): void {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
}

export interface WorkspaceOptions {
  /** model stems for models/services.json */
  services?: string[];
  /** files to drop into models/: name → fixture file name (copied) or JSON text */
  dropIns?: Record<string, string>;
  /** modelsDir in services.json (default: the repository's AWS models directory) */
  modelsDir?: string;
}

/**
 * A temp workspace like the repository's: `models/services.json`, drop-ins, and `node_modules` with
 * `@org/runtime`, `@org/eventstream` and `@types` linked to the repository's, so generated packages
 * import and type-check there.
 */
export function tempWorkspace(opts: WorkspaceOptions = {}): string {
  const root = tempDir("codegen-ws-");
  mkdirSync(join(root, "models"));
  writeFileSync(
    join(root, "models", "services.json"),
    JSON.stringify({ modelsDir: opts.modelsDir ?? AWS_MODELS, services: opts.services ?? [] }, null, 2),
  );
  for (const [name, content] of Object.entries(opts.dropIns ?? {})) dropIn(root, name, content);
  mkdirSync(join(root, "node_modules", "@org"), { recursive: true });
  symlinkSync(join(REPO, "packages", "runtime"), join(root, "node_modules", "@org", "runtime"), "dir");
  symlinkSync(join(REPO, "packages", "eventstream"), join(root, "node_modules", "@org", "eventstream"), "dir");
  symlinkSync(join(REPO, "node_modules", "@types"), join(root, "node_modules", "@types"), "dir");
  return root;
}

/** Drops a model into a workspace's models/: a fixture file name, or the model's JSON text. */
export function dropIn(root: string, name: string, content: string): string {
  const path = join(root, "models", name);
  if (/^[\w.-]+\.json$/.test(content)) cpSync(join(FIXTURES, content), path);
  else writeFileSync(path, content);
  return path;
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the codegen CLI's `main` (from source) in this process on a workspace, collecting its output. */
export function runCli(root: string, ...args: string[]): CliResult {
  const out: string[] = [];
  const err: string[] = [];
  const saved = process.env.AWS_MODELS_DIR;
  delete process.env.AWS_MODELS_DIR; // the workspace's services.json says where the models are
  try {
    const status = main([`--root=${root}`, ...args], { log: (l) => out.push(l), error: (l) => err.push(l) });
    return { status, stdout: out.map((l) => l + "\n").join(""), stderr: err.map((l) => l + "\n").join("") };
  } finally {
    if (saved !== undefined) process.env.AWS_MODELS_DIR = saved;
  }
}

/** Runs the codegen CLI as a program (a child process), for what only a process shows: its exit code. */
export function runCliProcess(root: string, ...args: string[]): CliResult {
  const env = { ...process.env };
  delete env.AWS_MODELS_DIR;
  const r = spawnSync(process.execPath, ["--import", "tsx", join(REPO, "codegen", "src", "cli.ts"), `--root=${root}`, ...args], {
    cwd: REPO,
    env,
    encoding: "utf8",
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface Entry {
  /** file content, or `-> target` for a symlink */
  content: string;
  mtimeMs: number;
}

/** Every file (and symlink, unfollowed) under `dir`, by relative path, sorted. */
export function snapshot(dir: string): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = lstatSync(p);
      if (st.isSymbolicLink()) out.set(relative(dir, p), { content: `-> ${readlinkSync(p)}`, mtimeMs: st.mtimeMs });
      else if (st.isDirectory()) walk(p);
      else out.set(relative(dir, p), { content: readFileSync(p, "utf8"), mtimeMs: st.mtimeMs });
    }
  };
  walk(dir);
  return out;
}

/** The contents of a snapshot, without mtimes, for deepStrictEqual. */
export function contents(s: Map<string, Entry>): Record<string, string> {
  return Object.fromEntries([...s].map(([k, v]) => [k, v.content]));
}

/**
 * Type-checks files under `strict` with the repository's TypeScript (as `tsc -p`), from a tsconfig
 * written into `root`. Returns tsc's output; empty when it passes.
 */
export function typecheck(root: string, include: string[]): { status: number | null; output: string } {
  const tsconfig = join(root, "tsconfig.check.json");
  writeFileSync(
    tsconfig,
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        lib: ["ES2023"],
        types: ["node"],
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        allowJs: false,
      },
      include,
    }),
  );
  const tsc = join(REPO, "node_modules", "typescript", "bin", "tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", tsconfig], { cwd: root, encoding: "utf8" });
  return { status: r.status, output: (r.stdout + r.stderr).trim() };
}

/** Writes a file, creating its folder. */
export function write(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
