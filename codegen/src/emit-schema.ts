/**
 * The schema as a generated `index.js` writes it, after the client and the errors: `CompactServiceSchema`
 * (see `@org/runtime/schema`), the service's `ServiceSchema` with the repetition taken out, which the
 * runtime's `expandSchema` puts back. It is what a user reads to see what a call sends, so it stays one row per member:
 *
 *   ConverseRequest: { structure: { modelId: { target: "string", httpLabel: true, required: true }, messages: "Message[]" } },
 *
 * and it is most of a bundled client's generated code, so every byte the runtime can rebuild is left out.
 */
import type { CompactMember, CompactServiceSchema, CompactShape, MemberSchema, ServiceSchema, ShapeRef, ShapeSchema } from "@org/runtime/schema";
import { printLiteral } from "./print.js";

/** Same as `LIST_SUFFIX` and `REQUIRED_SUFFIX` in `@org/runtime/schema` (codegen imports only its types). */
const LIST_SUFFIX = "[]";
const REQUIRED_SUFFIX = "!";

/**
 * The schema part of a generated `index.js`: the imports it needs (`@org/partitions` with a rule set) and
 * its code, the `schema` export with the comment that says how to read it.
 */
export function schemaSection(schema: ServiceSchema, scope: string): { imports: string[]; code: string } {
  const { endpointRuleSet, ...rest } = schema;
  let body = printLiteral(compactSchema(rest), "");
  if (endpointRuleSet) {
    // last, on one line: data for the runtime's rules engine. The model's rule set as is, but for the
    // parameters' documentation, which nothing reads (an eighth of AWS's rule sets' bytes)
    const parameters = Object.fromEntries(Object.entries(endpointRuleSet.parameters).map(([k, { documentation: _, ...p }]) => [k, p]));
    const rules = JSON.stringify({ ...endpointRuleSet, parameters });
    body = body.replace(
      /\n}$/,
      () => `\n  // The model's smithy.rules#endpointRuleSet, evaluated by @org/runtime with the AWS partitions.\n  endpointRuleSet: ${rules},\n  partitions,\n}`,
    );
  }
  return {
    imports: endpointRuleSet ? [`import { partitions } from "${scope}/partitions";`] : [],
    code: [
      "// What @org/runtime reads to send each call, written compactly: a member with no trait is its target's name",
      '// (`"string"`, `"string!"` when required), `"X[]"` is a list of X; `expandSchema` in @org/runtime/schema spells it out.',
      '/** @type {import("@org/runtime").CompactServiceSchema} */',
      `export const schema = ${body};`,
      "",
    ].join("\n"),
  };
}

export function compactSchema(schema: ServiceSchema): CompactServiceSchema {
  const unnamed = unnamedLists(schema);
  // a reference to an unnamed list becomes `"Item[]"` (`"Item[][]"` for a list of such lists)
  const ref = (target: ShapeRef, seen = new Set<string>()): ShapeRef => {
    if (!unnamed.has(target) || seen.has(target)) return target;
    seen.add(target);
    return ref((schema.shapes[target] as { member: MemberSchema }).member.target, seen) + LIST_SUFFIX;
  };
  // a member with no trait but `required` is `"Target!"`, with none `"Target"`
  const member = (m: MemberSchema): CompactMember => {
    const { target, required, ...traits } = m;
    if (Object.keys(traits).length === 0) return ref(target) + (required ? REQUIRED_SUFFIX : "");
    return { ...m, target: ref(target) };
  };
  const members = (ms: Record<string, MemberSchema>): Record<string, CompactMember> =>
    Object.fromEntries(Object.entries(ms).map(([k, m]) => [k, member(m)]));

  const shapes: Record<string, CompactShape> = {};
  for (const [name, s] of Object.entries(schema.shapes)) {
    if (unnamed.has(name)) continue;
    shapes[name] = compactShape(s, member, members);
  }
  return { ...schema, shapes };
}

function compactShape(
  s: ShapeSchema,
  member: (m: MemberSchema) => CompactMember,
  members: (ms: Record<string, MemberSchema>) => Record<string, CompactMember>,
): CompactShape {
  switch (s.type) {
    case "structure": {
      const { type: _, members: ms, ...traits } = s;
      return { structure: members(ms), ...traits };
    }
    case "union": {
      const { type: _, members: ms, ...traits } = s;
      return { union: members(ms), ...traits };
    }
    case "list": {
      const { type: _, member: m, ...traits } = s;
      return { list: member(m), ...traits };
    }
    case "map": {
      const { type: _, key, value, ...traits } = s;
      return { map: { key: member(key), value: member(value) }, ...traits };
    }
    default:
      return s;
  }
}

/**
 * Lists written as `"Item[]"` at their references instead of by name: those with no trait of their
 * own or on their member. A list an `httpPayload` member targets keeps its name (restXml names the
 * payload's root element after the shape).
 */
function unnamedLists(schema: ServiceSchema): Set<string> {
  const payloads = new Set<string>();
  for (const s of Object.values(schema.shapes)) {
    if (s.type !== "structure") continue;
    for (const m of Object.values(s.members)) if (m.httpPayload) payloads.add(m.target);
  }
  const out = new Set<string>();
  for (const [name, s] of Object.entries(schema.shapes)) {
    if (s.type === "list" && Object.keys(s).length === 2 && Object.keys(s.member).length === 1 && !payloads.has(name)) out.add(name);
  }
  return out;
}
