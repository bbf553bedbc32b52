/**
 * The compact schema a generated package hands to the runtime. It is the whole contract between
 * `codegen/` and `@org/runtime`: the runtime interprets it, so no generated code serialises anything.
 *
 * Trait keys use Smithy's own trait names (`httpLabel`, `jsonName`, ...) so the schema reads like the
 * model and every binding is greppable. Shapes are referenced by name; prelude simple types and simple
 * shapes that carry no trait the runtime needs are referenced by their primitive name (`"string"`).
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
