/**
 * Real generated clients for the protocol tests: runs codegen for the named models into a temporary
 * folder (never into packages/), with `@org/*` resolving to this workspace's packages, and imports
 * them. The generated code runs on the built runtime (`dist/`), as a user's would: `pnpm build` first.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("../../../..", import.meta.url));

export interface Generated {
  dir: string;
  /** the generated package's index.js, imported */
  load(pkg: string): Promise<Record<string, any>>;
  cleanup(): void;
}

export function generateClients(models: string[]): Generated {
  const dir = mkdtempSync(join(tmpdir(), "org-sdk-gen-"));
  const res = spawnSync(process.execPath, [join(root, "codegen/dist/cli.js"), ...models, `--out-dir=${dir}`, "--quiet"], { cwd: root, encoding: "utf8" });
  if (res.status !== 0) throw new Error(`codegen ${models.join(" ")} failed: ${res.stderr || res.stdout}`);
  // the generated packages import @org/runtime and @org/eventstream (this workspace's) and
  // @org/partitions (generated beside them)
  mkdirSync(join(dir, "node_modules/@org"), { recursive: true });
  symlinkSync(join(root, "packages/runtime"), join(dir, "node_modules/@org/runtime"), "dir");
  symlinkSync(join(root, "packages/eventstream"), join(dir, "node_modules/@org/eventstream"), "dir");
  symlinkSync(join(dir, "partitions"), join(dir, "node_modules/@org/partitions"), "dir");
  return {
    dir,
    load: (pkg) => import(pathToFileURL(join(dir, pkg, "index.js")).href),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}
export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

/** A local HTTP server on 127.0.0.1 that records requests and answers from a queue. */
export async function recordingServer(): Promise<{ url: string; seen: Seen[]; replies: Reply[]; close(): void }> {
  const seen: Seen[] = [];
  const replies: Reply[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
      const r = replies.shift() ?? {};
      res.writeHead(r.status ?? 200, r.headers ?? {});
      res.end(r.body ?? "");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    replies,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** Client config for a local server: static keys, no environment, no retries. */
export function localConfig(url: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { region: "us-east-1", endpoint: url, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" }, env: {}, maxAttempts: 1, ...extra };
}
