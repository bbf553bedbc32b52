// Case 4: esbuild bundle (minified, platform node, ESM) of the same small ConverseStream app on each
// SDK: bytes and gzip bytes. Each bundle is then run against the local server (streams 20 events) to
// show it is complete. Both get the same banner (a `require` for CommonJS dependencies in ESM output).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import { CREDENTIALS, row } from "../lib/common.mjs";
import { startServer } from "../lib/server.mjs";

const here = fileURLToPath(new URL("..", import.meta.url));

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), "org-bench-bundle-"));
  const server = await startServer();
  const out = {};
  try {
    for (const variant of ["ours", "v3", "ours-esm", "v3-esm"]) {
      const side = variant.replace("-esm", "");
      const esm = variant.endsWith("-esm");
      const outfile = join(dir, `${variant}.mjs`);
      const r = await esbuild.build({
        entryPoints: [join(here, "apps", `bundle-${side}.mjs`)],
        bundle: true,
        minify: true,
        platform: "node",
        format: "esm",
        target: "node20",
        outfile,
        metafile: true,
        // default for platform node is "main,module" (CommonJS builds); the -esm variant prefers ES modules (better tree-shaking)
        ...(esm ? { mainFields: ["module", "main"] } : {}),
        logLevel: "silent",
        banner: { js: 'import{createRequire as __cr}from"node:module";const require=__cr(import.meta.url);' },
      });
      const code = readFileSync(outfile);
      const inputs = Object.entries(r.metafile.outputs[Object.keys(r.metafile.outputs)[0]].inputs);
      const byPackage = {};
      for (const [path, { bytesInOutput }] of inputs) {
        const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path.replace(/.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, "node_modules/"));
        const pkg = m ? m[1] : path.startsWith("../../packages/") ? `@org/${path.split("/")[3]}` : path;
        byPackage[pkg] = (byPackage[pkg] ?? 0) + bytesInOutput;
      }
      // run it: the bundle must work on its own
      const env = { ...process.env, AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey };
      delete env.AWS_PROFILE;
      delete env.AWS_BEARER_TOKEN_BEDROCK;
      const p = spawnSync(process.execPath, [outfile, server.url], { cwd: dir, env, encoding: "utf8", timeout: 30_000 });
      if (p.status !== 0) throw new Error(`${side} bundle failed to run: ${p.stderr}`);
      out[variant] = {
        bytes: code.length,
        gzip: gzipSync(code, { level: 9 }).length,
        modules: inputs.length,
        topPackages: Object.entries(byPackage).sort((a, b) => b[1] - a[1]).slice(0, 8),
        ran: p.stdout.trim().split(/\s+/).length + " words streamed",
      };
    }
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    id: "bundle",
    title: "4. Bundle size (esbuild, minified, platform node, ESM)",
    setup: `apps/bundle-{ours,v3}.mjs (ConverseStream, print deltas); esbuild ${esbuild.version}; both bundles run against the local server as a check; deterministic, one build`,
    rows: [
      row("bundle bytes", "bytes", [out.ours.bytes], [out.v3.bytes], { higherIsBetter: false, target: 0.2 }),
      row("bundle gzip -9 bytes", "bytes", [out.ours.gzip], [out.v3.gzip], { higherIsBetter: false, target: 0.2 }),
      row("bundle bytes, mainFields module,main (info)", "bytes", [out["ours-esm"].bytes], [out["v3-esm"].bytes], { higherIsBetter: false }),
      row("bundle gzip -9 bytes, mainFields module,main (info)", "bytes", [out["ours-esm"].gzip], [out["v3-esm"].gzip], { higherIsBetter: false }),
    ],
    extra: out,
  };
}
