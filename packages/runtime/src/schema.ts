/**
 * The schema a generated package hands to the runtime. It is the whole contract between `codegen/` and
 * `@org/runtime`: the runtime interprets it, so no generated code serialises anything.
 *
 * Trait keys use Smithy's own trait names (`httpLabel`, `jsonName`, ...) so the schema reads like the
 * model and every binding is greppable. Shapes are referenced by name; prelude simple types and simple
 * shapes that carry no trait the runtime needs are referenced by their primitive name (`"string"`).
 *
 * Two forms: `ServiceSchema` is what the runtime reads (every member an object, every shape with a
 * `type`); `CompactServiceSchema` is what a generated `schema.js` holds, the same data written shorter
 * (see `CompactShape`). `expandSchema` turns the second into the first, once per schema object.
 */

/** Smithy simple types, plus `Unit` for `smithy.api#Unit`. */
export type Primitive =
  | "string"
  | "boolean"
  | "byte"
  | "short"
  | "integer"
  | "long"
  | "float"
  | "double"
  | "bigInteger"
  | "bigDecimal"
  | "blob"
  | "timestamp"
  | "document"
  | "Unit";

/** A primitive name or a key of `ServiceSchema.shapes`. */
export type ShapeRef = string;

export type TimestampFormat = "date-time" | "http-date" | "epoch-seconds";

/** Traits the runtime may read on a member (copied from the member, not from its target). */
export interface MemberSchema {
  target: ShapeRef;
  required?: true;
  clientOptional?: true;
  default?: unknown;
  sensitive?: true;
  // HTTP bindings
  httpLabel?: true;
  httpQuery?: string;
  httpQueryParams?: true;
  httpHeader?: string;
  httpPrefixHeaders?: string;
  httpPayload?: true;
  httpResponseCode?: true;
  hostLabel?: true;
  // serialisation
  jsonName?: string;
  xmlName?: string;
  xmlAttribute?: true;
  xmlFlattened?: true;
  xmlNamespace?: { uri: string; prefix?: string };
  ec2QueryName?: string;
  timestampFormat?: TimestampFormat;
  idempotencyToken?: true;
  // event streams
  eventHeader?: true;
  eventPayload?: true;
  // endpoint rules
  contextParam?: string;
}

export interface StructureSchema {
  type: "structure";
  members: Record<string, MemberSchema>;
  /** The shape's name in the model, when its key here differs (renamed to avoid a clash); errors are matched by it. */
  wireName?: string;
  /** `smithy.api#error`: the shape is an error. */
  error?: "client" | "server";
  httpError?: number;
  retryable?: { throttling?: boolean };
  /** `aws.protocols#awsQueryError` */
  awsQueryError?: { code: string; httpResponseCode: number };
  xmlName?: string;
  xmlNamespace?: { uri: string; prefix?: string };
  sensitive?: true;
}

export interface UnionSchema {
  type: "union";
  members: Record<string, MemberSchema>;
  /** `smithy.api#streaming` on a union: an event stream. */
  streaming?: true;
  xmlName?: string;
  sensitive?: true;
}

export interface ListSchema {
  type: "list";
  member: MemberSchema;
  sparse?: true;
  xmlName?: string;
  sensitive?: true;
}

export interface MapSchema {
  type: "map";
  key: MemberSchema;
  value: MemberSchema;
  sparse?: true;
  xmlName?: string;
  sensitive?: true;
}

/** A simple shape kept by name because it carries traits the runtime needs. */
export interface SimpleSchema {
  type: Exclude<Primitive, "Unit" | "document"> | "document" | "enum" | "intEnum";
  timestampFormat?: TimestampFormat;
  mediaType?: string;
  streaming?: true;
  requiresLength?: true;
  sensitive?: true;
  xmlName?: string;
  /** enum / intEnum values, member name → value */
  enum?: Record<string, string | number>;
}

export type ShapeSchema = StructureSchema | UnionSchema | ListSchema | MapSchema | SimpleSchema;

export interface HttpBinding {
  method: string;
  /** The `uri` pattern: `/model/{modelId}/converse`, greedy labels as `{key+}`. */
  uri: string;
  code?: number;
}

export interface OperationSchema {
  input: ShapeRef;
  output: ShapeRef;
  errors?: ShapeRef[];
  http?: HttpBinding;
  /** Effective auth schemes for this operation, when they differ from the service's. */
  auth?: string[];
  optionalAuth?: true;
  unsignedPayload?: true;
  /** `smithy.api#endpoint` host prefix, e.g. `{AccountId}.` */
  hostPrefix?: string;
  httpChecksum?: Record<string, unknown>;
  httpChecksumRequired?: true;
  requestCompression?: { encodings: string[] };
  idempotent?: true;
  paginated?: { inputToken?: string; outputToken?: string; items?: string; pageSize?: string };
  waitable?: Record<string, unknown>;
  staticContextParams?: Record<string, { value: unknown }>;
  operationContextParams?: Record<string, { path: string }>;
  /** `aws.customizations#s3UnwrappedXmlOutput`: the output's XML root is the member itself (S3 GetBucketLocation). */
  s3UnwrappedXmlOutput?: true;
  /** `aws.api#clientDiscoveredEndpoint`: the operation may be sent to a discovered endpoint. */
  clientDiscoveredEndpoint?: { required: boolean };
  /** The input/output member that is an event stream, if any (derived by codegen). */
  inputEventStream?: string;
  outputEventStream?: string;
  /** Why this operation cannot be called yet (the call rejects with a NotSupportedError). */
  unsupported?: string;
}

export interface EndpointParameter {
  type: "String" | "string" | "Boolean" | "boolean" | "StringArray" | "stringArray";
  builtIn?: string;
  required?: boolean;
  default?: unknown;
  deprecated?: unknown;
  documentation?: string;
}

export interface EndpointRuleSet {
  version: string;
  parameters: Record<string, EndpointParameter>;
  rules: unknown[];
}

export interface ServiceSchema {
  /** Shape name of the service, e.g. `AmazonBedrockFrontendService`. */
  name: string;
  sdkId: string;
  version: string;
  /** Protocol trait local name: `restJson1`, `awsJson1_0`, `awsJson1_1`, `restXml`, `awsQuery`, `ec2Query`, `rpcv2Cbor`, ... */
  protocol: string;
  /** Options of the protocol trait and protocol-related service traits (xmlNamespace, awsQueryCompatible). */
  protocolOptions?: Record<string, unknown>;
  endpointPrefix?: string;
  /** `aws.auth#sigv4` name. */
  signingName?: string;
  /** Service-level auth schemes in priority order. */
  auth: string[];
  /** Suffix of `AWS_ENDPOINT_URL_<X>`: sdkId upper-cased, spaces to underscores. */
  envName: string;
  clientContextParams?: Record<string, { type: string; documentation?: string }>;
  /** `aws.api#clientEndpointDiscovery`: the operation that returns endpoints, and the error for an invalid one. */
  clientEndpointDiscovery?: { operation: string; error?: string };
  endpointRuleSet?: EndpointRuleSet;
  /** AWS partitions (from `@org/partitions`) for the rule set's `aws.partition`. */
  partitions?: unknown;
  operations: Record<string, OperationSchema>;
  shapes: Record<string, ShapeSchema>;
}

const PRIMITIVES = new Set<string>([
  "string",
  "boolean",
  "byte",
  "short",
  "integer",
  "long",
  "float",
  "double",
  "bigInteger",
  "bigDecimal",
  "blob",
  "timestamp",
  "document",
  "Unit",
]);

export function isPrimitive(ref: ShapeRef): ref is Primitive {
  return PRIMITIVES.has(ref);
}

/** The type of a reference: a primitive name, or the `type` of the named shape. */
export function shapeType(schema: ServiceSchema, ref: ShapeRef): string {
  if (PRIMITIVES.has(ref)) return ref;
  const shape = schema.shapes[ref];
  if (!shape) throw new Error(`schema of ${schema.sdkId} has no shape named ${ref}`);
  if (shape.type === "enum") return "string";
  if (shape.type === "intEnum") return "integer";
  return shape.type;
}

// ---------------------------------------------------------------------------------------------------
// The compact form: what generated `schema.js` files hold. It is written for a reader as much as for
// the runtime, and is about 30% smaller than the expanded form once minified (Bedrock Runtime's shapes
// and operations: 33.7 → 24.1 KB), which is most of what a bundled client's generated code weighs:
//
//   ConverseRequest: { structure: { modelId: { target: "string", httpLabel: true, required: true }, system: "SystemContentBlock[]" } },
//   Message: { structure: { role: "string!", content: "ContentBlock[]!" } },
//   RoleList: { list: { target: "string", xmlName: "Role" } },            (a list with a trait keeps its name)
//   RequestMetadata: { map: { key: "string", value: "string" }, sensitive: true },
//
// - an aggregate shape names its kind by its key (`structure`, `union`, `list`, `map`) instead of
//   `type` + `members` / `member` / `key` + `value`; its own traits sit beside it as in `ShapeSchema`;
// - a member with no trait is just its target's name (`"string"`), with no trait but `required` its
//   target's name and `!` (`"string!"`, as in GraphQL), otherwise a `MemberSchema`;
// - a target `"X[]"` is a list of `X` with no trait on itself or its member: such a list has no entry
//   in `shapes`, and expands to one named `"X[]"` (its model name is dropped: the runtime reads a
//   list's name only as restXml's root element for an `httpPayload`, and codegen keeps those named).
// Simple shapes keep the `ShapeSchema` form (`{ type: "timestamp", timestampFormat: "date-time" }`).

/** A member as written in a compact schema: `"Target"` / `"Target!"` (required) when it has no other trait. */
export type CompactMember = ShapeRef | MemberSchema;

export type CompactShape =
  | ({ structure: Record<string, CompactMember> } & Omit<StructureSchema, "type" | "members">)
  | ({ union: Record<string, CompactMember> } & Omit<UnionSchema, "type" | "members">)
  | ({ list: CompactMember } & Omit<ListSchema, "type" | "member">)
  | ({ map: { key: CompactMember; value: CompactMember } } & Omit<MapSchema, "type" | "key" | "value">)
  | SimpleSchema;

/** A generated package's `schema`: a `ServiceSchema` whose shapes may be written in the compact form. */
export interface CompactServiceSchema extends Omit<ServiceSchema, "shapes"> {
  shapes: Record<string, CompactShape | ShapeSchema>;
}

/** The suffix of a target that is an unnamed list: `"ContentBlock[]"` is a list of `ContentBlock`. */
export const LIST_SUFFIX = "[]";
/** The suffix of a member written as a string that is required: `"string!"` is `{ target: "string", required: true }`. */
export const REQUIRED_SUFFIX = "!";

// one expansion per schema object: a package's schema is shared by every client made from it, and the
// runtime's per-shape caches (compiled JSON converters, event plans) key on the expanded shapes' identity
const expanded = new WeakMap<object, ServiceSchema>();

/**
 * The `ServiceSchema` the runtime reads, from a generated package's compact `schema`. A schema whose
 * shapes are all in the expanded form (hand-written in tests, or already expanded) is returned as it is.
 *
 * Every shape is expanded at once, when the first client of the package is made: ~0.7 ms for Bedrock
 * Runtime's 155 shapes in a cold process, less than the expanded form costs to load (its schema.js
 * loads ~1.3 ms slower). Expanding a shape when it is first read (a getter per shape) would cost
 * ~0.3 ms up front and much more per shape, and the runtime reads every shape at its first error
 * response (to index the error shapes); a plain, complete `shapes` object is simpler to reason about.
 */
export function expandSchema(schema: CompactServiceSchema | ServiceSchema): ServiceSchema {
  let out = expanded.get(schema);
  if (out) return out;
  const compact = schema.shapes as Record<string, CompactShape | ShapeSchema>;
  if (Object.values(compact).every((s) => "type" in s)) out = schema as ServiceSchema;
  else {
    const shapes: Record<string, ShapeSchema> = {};
    for (const name in compact) {
      const s = compact[name];
      shapes[name] = "type" in s ? s : expandShape(shapes, s); // a simple shape is the same in both forms
    }
    out = { ...schema, shapes };
  }
  expanded.set(schema, out);
  expanded.set(out, out);
  return out;
}

function expandShape(shapes: Record<string, ShapeSchema>, s: Exclude<CompactShape, SimpleSchema>): ShapeSchema {
  // no rest/spread: every shape has its own object layout, and plain loops are faster on cold code
  let out: Record<string, unknown>;
  let kind: string;
  if ("structure" in s) out = { type: (kind = "structure"), members: expandMembers(shapes, s.structure) };
  else if ("union" in s) out = { type: (kind = "union"), members: expandMembers(shapes, s.union) };
  else if ("list" in s) out = { type: (kind = "list"), member: expandMember(shapes, s.list) };
  else out = { type: (kind = "map"), key: expandMember(shapes, s.map.key), value: expandMember(shapes, s.map.value) };
  for (const k in s) if (k !== kind) out[k] = s[k as keyof typeof s]; // the shape's own traits
  return out as unknown as ShapeSchema;
}

function expandMembers(shapes: Record<string, ShapeSchema>, members: Record<string, CompactMember>): Record<string, MemberSchema> {
  const out: Record<string, MemberSchema> = {};
  for (const k in members) out[k] = expandMember(shapes, members[k]);
  return out;
}

function expandMember(shapes: Record<string, ShapeSchema>, m: CompactMember): MemberSchema {
  const full = typeof m !== "string" ? m : m.endsWith(REQUIRED_SUFFIX) ? { target: m.slice(0, -REQUIRED_SUFFIX.length), required: true as const } : { target: m };
  if (full.target.endsWith(LIST_SUFFIX)) addUnnamedList(shapes, full.target);
  return full;
}

/** Adds the list shape a `"X[]"` target stands for (and `"X[]"`'s own, for `"X[][]"`). */
function addUnnamedList(shapes: Record<string, ShapeSchema>, ref: ShapeRef): void {
  while (ref.endsWith(LIST_SUFFIX) && !shapes[ref]) {
    const item = ref.slice(0, -LIST_SUFFIX.length);
    shapes[ref] = { type: "list", member: { target: item } };
    ref = item;
  }
}
