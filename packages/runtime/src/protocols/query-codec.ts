/**
 * Form-urlencoded request bodies of awsQuery and ec2Query (`Action=...&Version=...&...`), and what
 * both protocols share around them: the request, the XML error body, `awsQueryError` codes.
 *
 * Naming, per member: awsQuery uses `xmlName`, else the member name; ec2Query uses `ec2QueryName`,
 * else `xmlName` capitalised, else the member name capitalised.
 * Lists: awsQuery `Name.member.N` (`member` renamed by the list member's `xmlName`), flattened
 * `Name.N`; ec2Query always `Name.N`. An empty list is `Name=` in awsQuery and left out in ec2Query.
 * Maps: `Name.entry.N.key` / `Name.entry.N.value` (renamed by the key and value `xmlName`),
 * flattened `Name.N.key`. Indexes start at 1.
 */
import { InputValidationError } from "../errors.js";
import type { HttpRequest } from "../http/types.js";
import { type MemberSchema, type ServiceSchema, type ShapeRef, type StructureSchema, shapeType } from "../schema.js";
import { escapeUri, scalarToString } from "./http-binding.js";
import type { ErrorInfo, RequestContext } from "./protocol.js";
import { parseXmlError } from "./rest-xml.js";
import { describe } from "./values.js";
import { type XmlNode, child, readXmlMembers } from "./xml-codec.js";

export type QueryFlavor = "awsQuery" | "ec2Query";

/** The whole request: `POST /` with the form body. */
export function queryRequest(ctx: RequestContext, flavor: QueryFlavor): HttpRequest {
  const { schema, op, opName, input, endpoint } = ctx;
  const pairs: [string, string][] = [
    ["Action", opName],
    ["Version", schema.version],
  ];
  if (op.input !== "Unit") writeStructure(schema, schema.shapes[op.input] as StructureSchema, input, "", pairs, flavor, opName);
  return {
    method: "POST",
    protocol: endpoint.protocol,
    hostname: endpoint.hostname,
    ...(endpoint.port !== undefined ? { port: endpoint.port } : {}),
    path: (endpoint.path || "") + "/",
    query: {},
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: pairs.map(([k, v]) => `${escapeUri(k)}=${escapeUri(v)}`).join("&"),
  };
}

/** A member's key segment. */
export function queryName(m: MemberSchema, name: string, flavor: QueryFlavor): string {
  if (flavor === "awsQuery") return m.xmlName ?? name;
  if (m.ec2QueryName) return m.ec2QueryName;
  const n = m.xmlName ?? name;
  return n.charAt(0).toUpperCase() + n.slice(1);
}

function writeStructure(schema: ServiceSchema, s: StructureSchema, value: Record<string, unknown>, prefix: string, out: [string, string][], flavor: QueryFlavor, where: string): void {
  for (const k in s.members) {
    const v = value[k];
    if (v === undefined || v === null) continue;
    const m = s.members[k];
    writeValue(schema, m.target, m, v, prefix + queryName(m, k, flavor), out, flavor, `${where}.${k}`);
  }
}

function writeValue(schema: ServiceSchema, ref: ShapeRef, m: MemberSchema, value: unknown, key: string, out: [string, string][], flavor: QueryFlavor, where: string): void {
  const type = shapeType(schema, ref);
  switch (type) {
    case "structure":
    case "union": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) throw new InputValidationError(`${where}: expected an object, got ${describe(value)}`);
      const s = schema.shapes[ref] as StructureSchema;
      if (type === "union") {
        const set = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] != null);
        if (set.length !== 1 || !Object.hasOwn(s.members, set[0])) {
          throw new InputValidationError(`${where}: a union takes exactly one of ${Object.keys(s.members).join(", ")}; got ${set.join(", ") || "none"}`);
        }
      }
      writeStructure(schema, s, value as Record<string, unknown>, key + ".", out, flavor, where);
      return;
    }
    case "list": {
      if (!Array.isArray(value)) throw new InputValidationError(`${where}: expected an array, got ${describe(value)}`);
      const item = (schema.shapes[ref] as { member: MemberSchema }).member;
      if (value.length === 0) {
        // awsQuery sends an empty list as `Name=`; ec2Query sends nothing (Ec2EmptyQueryLists)
        if (flavor === "awsQuery") out.push([key, ""]);
        return;
      }
      const base = flavor === "ec2Query" || m.xmlFlattened ? key : `${key}.${item.xmlName ?? "member"}`;
      value.forEach((v, i) => {
        if (v === null || v === undefined) throw new InputValidationError(`${where}[${i}]: a list cannot hold null`);
        writeValue(schema, item.target, item, v, `${base}.${i + 1}`, out, flavor, `${where}[${i}]`);
      });
      return;
    }
    case "map": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) throw new InputValidationError(`${where}: expected an object map, got ${describe(value)}`);
      const s = schema.shapes[ref] as { key: MemberSchema; value: MemberSchema };
      const base = flavor === "ec2Query" || m.xmlFlattened ? key : `${key}.entry`;
      let i = 0;
      for (const k in value as Record<string, unknown>) {
        const v = (value as Record<string, unknown>)[k];
        if (v === null || v === undefined) continue;
        i++;
        out.push([`${base}.${i}.${s.key.xmlName ?? "key"}`, k]);
        writeValue(schema, s.value.target, s.value, v, `${base}.${i}.${s.value.xmlName ?? "value"}`, out, flavor, `${where}.${k}`);
      }
      return;
    }
    case "document":
      throw new InputValidationError(`${where}: documents cannot be sent in a query request`);
    default:
      out.push([key, scalarToString(schema, m.target === ref ? m : { target: ref }, value, "date-time", where)]);
  }
}

/**
 * The error of an XML query response. A code the service sent in place of the shape name
 * (`aws.protocols#awsQueryError`) is mapped back to the shape's name.
 */
export function queryError(schema: ServiceSchema, body: Uint8Array, status: number): ErrorInfo {
  const info = parseXmlError(body, status);
  if (info.code) info.code = errorNameForCode(schema, info.code) ?? info.code;
  return info;
}

/**
 * The modeled error's members from the `<Error>` element, plus the error's query `Code` and `Type` as
 * the service sent them (the code a customer matches on: an `awsQueryError` code such as `Customized`
 * rather than the shape's name), unless the error models members of those names.
 */
export function queryErrorFields(schema: ServiceSchema, shape: StructureSchema, info: ErrorInfo): Record<string, unknown> {
  const node = info.body as XmlNode | undefined;
  if (!node?.children) return {};
  const out = readXmlMembers(schema, shape, node, "error");
  for (const name of ["Code", "Type"]) {
    const text = child(node, name)?.text.trim();
    if (text && !Object.hasOwn(shape.members, name)) out[name] ??= text;
  }
  return out;
}

const customCodes = new WeakMap<ServiceSchema, Map<string, string>>();
function errorNameForCode(schema: ServiceSchema, code: string): string | undefined {
  let map = customCodes.get(schema);
  if (!map) {
    map = new Map();
    for (const [name, s] of Object.entries(schema.shapes)) {
      if (s.type === "structure" && s.error && s.awsQueryError) map.set(s.awsQueryError.code, s.wireName ?? name);
    }
    customCodes.set(schema, map);
  }
  return map.get(code);
}
