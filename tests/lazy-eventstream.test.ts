/**
 * A program that makes only plain calls never loads @org/eventstream; the first streaming call loads it.
 * Each case runs in a new Node process whose module loader refuses "@org/eventstream" (a resolve hook),
 * so a plain call succeeding shows the codec was not loaded, and a streaming call failing with the
 * hook's error shows the hook works and that the codec loads with that call.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, test } from "node:test";
import { CREDENTIALS, FakeBedrock, eventStream, json } from "./support/fake-bedrock.js";
import { converseStreamFrames } from "./support/frames.js";

const root = new URL("..", import.meta.url).pathname;
let server: FakeBedrock;
let endpoint: string;
let dir: string;
let register: string;

before(async () => {
  server = new FakeBedrock();
  endpoint = await server.start();
  dir = mkdtempSync(join(tmpdir(), "org-lazy-es-"));
  writeFileSync(
    join(dir, "hooks.mjs"),
    `export async function resolve(specifier, context, next) {
       if (specifier === "@org/eventstream") throw new Error("refused: @org/eventstream");
       return next(specifier, context);
     }\n`,
  );
  register = join(dir, "register.mjs");
  writeFileSync(register, `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(join(dir, "hooks.mjs")).href)});\n`);
});
after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs an ES module program in a new Node process (from the repository root), with `flags` before it. */
function node(program: string, flags: string[] = []): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [...flags, "--input-type=module", "-e", program], { cwd: root });
    let out = "";
    let err = "";
    p.stdout.on("data", (c) => (out += c));
    p.stderr.on("data", (c) => (err += c));
    p.on("close", (code) => resolve({ code, out, err }));
  });
}

/** Runs `body` (an ES module using `client`) in a new process with the refusing hook. */
function run(body: string): Promise<{ code: number | null; out: string; err: string }> {
  const program = `import { bedrockruntime } from "@org/bedrockruntime";
const client = bedrockruntime({ region: "us-east-1", endpoint: ${JSON.stringify(endpoint)}, credentials: ${JSON.stringify(CREDENTIALS)}, env: {} });
try { ${body} } finally { client.destroy(); }`;
  return node(program, ["--import", pathToFileURL(register).href]);
}

describe("@org/eventstream loads with the first streaming call", () => {
  test("a plain Converse call runs without it", async () => {
    server.answer(json(200, { output: { message: { role: "assistant", content: [{ text: "Hi!" }] } }, stopReason: "end_turn", usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 }, metrics: { latencyMs: 1 } }));
    const r = await run(`const out = await client.converse({ modelId: "m", messages: [{ role: "user", content: [{ text: "x" }] }] }); console.log(out.output.message.content[0].text);`);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.trim(), "Hi!");
  });

  test("a ConverseStream call needs it (so the hook is in force)", async () => {
    server.answer(eventStream(converseStreamFrames(["a", "b"])));
    const r = await run(`await (await client.converseStream({ modelId: "m", messages: [{ role: "user", content: [{ text: "x" }] }] })).stream(() => {});`);
    assert.notEqual(r.code, 0);
    assert.match(r.err, /refused: @org\/eventstream/);
  });

  test("without the hook, streamParser from the service package reads the stream", async () => {
    server.answer(eventStream(converseStreamFrames(["a", "b"])));
    const program = `import { bedrockruntime, streamParser } from "@org/bedrockruntime";
const client = bedrockruntime({ region: "us-east-1", endpoint: ${JSON.stringify(endpoint)}, credentials: ${JSON.stringify(CREDENTIALS)}, env: {} });
const con = await (await client.converseStream({ modelId: "m", messages: [{ role: "user", content: [{ text: "x" }] }] })).stream({ connection: true });
let text = ""; for (let ev; (ev = await streamParser(con)) !== null; ) text += ev.contentBlockDelta?.delta?.text ?? "";
console.log(text); client.destroy();`;
    const r = await node(program);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.trim(), "ab");
  });
});
