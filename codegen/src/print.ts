/**
 * Prints JSON-like data as a readable JavaScript literal: bare identifier keys, and any object or
 * array that fits on one line kept on one line, so a schema entry reads as one row per member.
 */
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const WIDTH = 110;

export function printLiteral(value: unknown, indent = ""): string {
  const flat = printFlat(value);
  if (flat.length + indent.length <= WIDTH || !isNested(value)) return flat;
  const inner = indent + "  ";
  if (Array.isArray(value)) {
    return `[\n${value.map((v) => inner + printLiteral(v, inner)).join(",\n")},\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${printLiteral(v, inner)}`).join(",\n")},\n${indent}}`;
}

function isNested(v: unknown): boolean {
  return v !== null && typeof v === "object" && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0);
}

function key(k: string): string {
  return IDENT.test(k) ? k : JSON.stringify(k);
}

function printFlat(v: unknown): string {
  if (v === null || typeof v !== "object") return v === undefined ? "undefined" : JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(printFlat).join(", ")}]`;
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return "{}";
  return `{ ${entries.map(([k, x]) => `${key(k)}: ${printFlat(x)}`).join(", ")} }`;
}
