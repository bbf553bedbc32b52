/** Runs the Smithy loader corpus (valid pairs and invalid files) through the IDL loader. */
import { fileURLToPath } from "node:url";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { IdlError } from "../../src/idl/errors.js";
import { deepEqual, loadIdlModels } from "../../src/idl/loader.js";
import { jsonText } from "../../src/idl/numbers.js";

export const CORPUS = fileURLToPath(new URL("../../../../shared/corpora/smithy-idl/loader", import.meta.url));

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Normalizes a flattened AST for semantic comparison. */
export function normalize(ast: { shapes: Record<string, unknown>; metadata?: Record<string, unknown> }): unknown {
  const shapes: Record<string, unknown> = {};
  for (const [id, s0] of Object.entries(ast.shapes)) {
    const s = { ...(s0 as Record<string, unknown>) };
    for (const k of Object.keys(s)) {
      const v = s[k];
      if ((Array.isArray(v) && v.length === 0) || (v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0)) delete s[k];
    }
    if (s.type === "operation") {
      for (const k of ["input", "output"]) if ((s[k] as { target?: string } | undefined)?.target === "smithy.api#Unit") delete s[k];
    }
    const fixMember = (m: Record<string, unknown>) => {
      if (m.traits && Object.keys(m.traits).length === 0) delete m.traits;
      return m;
    };
    if (s.members) s.members = Object.fromEntries(Object.entries(s.members as Record<string, Record<string, unknown>>).map(([k, m]) => [k, fixMember({ ...m })]));
    for (const k of ["member", "key", "value"]) if (s[k]) s[k] = fixMember({ ...(s[k] as Record<string, unknown>) });
    shapes[id] = s;
  }
  return { metadata: ast.metadata ?? {}, shapes };
}

export interface ValidResult {
  file: string;
  ok: boolean;
  error?: string;
}

export function runValid(): ValidResult[] {
  const shared = join(CORPUS, "valid/__shared.json");
  const out: ValidResult[] = [];
  for (const f of walk(join(CORPUS, "valid"))) {
    if (!f.endsWith(".smithy") || f.endsWith(".flattened.smithy")) continue;
    const expectedFile = f.replace(/\.smithy$/, ".json");
    try {
      statSync(expectedFile);
    } catch {
      continue;
    }
    try {
      const got = loadIdlModels([f, shared], { flattenMixins: "keep" });
      const expected = loadIdlModels([expectedFile, shared], { flattenMixins: "keep" });
      // The default (Smithy-serializer) form must round-trip to the same model too.
      const serialized = loadIdlModels([f, shared]);
      const roundTrip = loadIdlModels(["rt.json"], { flattenMixins: "keep", sources: { "rt.json": toJsonText(serialized) } });
      const a = normalize(got);
      const b = normalize(expected);
      const c = normalize(roundTrip);
      if (!deepEqual(a, b)) out.push({ file: f, ok: false, error: diff(a, b) });
      else if (!deepEqual(a, c)) out.push({ file: f, ok: false, error: "round trip differs: " + diff(a, c) });
      else out.push({ file: f, ok: true });
    } catch (e) {
      out.push({ file: f, ok: false, error: (e as Error).message });
    }
  }
  return out;
}

/** JSON text of a loaded AST: numbers a double cannot hold (bigint, ExactDecimal) stay as written. */
export function toJsonText(v: unknown): string {
  return jsonText(v);
}

function diff(a: unknown, b: unknown, path = ""): string {
  if (deepEqual(a, b)) return "";
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = diff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}/${k}`);
      if (d) return d;
    }
  }
  return `${path}: got ${jsonText(a)} expected ${jsonText(b)}`;
}

export interface InvalidResult {
  file: string;
  expected: string;
  rejected: boolean;
  matched: boolean;
  clean: boolean;
  message?: string;
}

export function expectedMessage(text: string): string {
  const first = text.split(/\r?\n/, 1)[0]!;
  return first.replace(/^\/\/\s*/, "").replace(/\s*\|\s*[A-Za-z.]+\s*$/, "").trim();
}

export function runInvalid(): InvalidResult[] {
  const out: InvalidResult[] = [];
  for (const f of walk(join(CORPUS, "invalid"))) {
    if (!f.endsWith(".smithy")) continue;
    const expected = expectedMessage(readFileSync(f, "utf8"));
    try {
      loadIdlModels([f]);
      out.push({ file: f, expected, rejected: false, matched: false, clean: true });
    } catch (e) {
      const clean = e instanceof IdlError;
      const message = (e as Error).message;
      out.push({ file: f, expected, rejected: true, clean, matched: clean && message.includes(expected), message });
    }
  }
  return out;
}
