/** The examples run as a user runs them, and print what they promise. */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";

test("examples/converse-stream.ts shows the three paws-style modes against a local endpoint", () => {
  const out = execFileSync(process.execPath, ["--import", "tsx", "examples/converse-stream.ts"], { encoding: "utf8", env: { ...process.env, AWS_PROFILE: "none" } });
  const lines = out.trim().split("\n");
  const answer = "A 'hello world' program is the smallest complete program: it shows the toolchain works.";
  assert.equal(lines[0], answer, "mode 1: stream(handler) writes the whole answer");
  const words = answer.split(/(?<= )/);
  assert.deepEqual(lines.slice(1, 1 + words.length), words, "mode 2: streamParser, one delta per line");
  const raw = lines.slice(1 + words.length);
  assert.equal(raw[0], 'messageStart {"role":"assistant"}', "mode 3: raw messages");
  assert.equal(raw.length, words.length + 4);
  assert.match(raw.at(-1)!, /^metadata \{"usage"/);
});
