/**
 * The in-memory Smithy model: the JSON AST's shape map, indexed, plus the walks the generator needs
 * (the service's operations through its resources, the closure of shapes an operation reaches).
 * Every failure names the file and the shape id, because a user dropping a model in `models/`
 * must be able to find what is wrong without reading our code.
 */
import { readFileSync } from "node:fs";

export type Traits = Record<string, unknown>;

export interface AstMember {
  target: string;
  traits?: Traits;
}

export interface AstShape {
  type: string;
  traits?: Traits;
  members?: Record<string, AstMember>;
  member?: AstMember;
  key?: AstMember;
  value?: AstMember;
  input?: { target: string };
  output?: { target: string };
  errors?: { target: string }[];
  operations?: { target: string }[];
  resources?: { target: string }[];
  version?: string;
  // resource lifecycle operations
  create?: { target: string };
  put?: { target: string };
  read?: { target: string };
  update?: { target: string };
  delete?: { target: string };
  list?: { target: string };
  collectionOperations?: { target: string }[];
  mixins?: { target: string }[];
}

export class ModelError extends Error {
  override name = "ModelError";
  constructor(
    readonly file: string,
    readonly shapeId: string | undefined,
    detail: string,
  ) {
    super(`${file}${shapeId ? `: ${shapeId}` : ""}: ${detail}`);
  }
}

/** Prelude simple shapes, which a JSON AST references without defining. */
const PRELUDE_TYPES: Record<string, string> = {
  String: "string",
  Blob: "blob",
  BigInteger: "bigInteger",
  BigDecimal: "bigDecimal",
  Timestamp: "timestamp",
  Document: "document",
  Boolean: "boolean",
  PrimitiveBoolean: "boolean",
  Byte: "byte",
  PrimitiveByte: "byte",
  Short: "short",
  PrimitiveShort: "short",
  Integer: "integer",
  PrimitiveInteger: "integer",
  Long: "long",
  PrimitiveLong: "long",
  Float: "float",
  PrimitiveFloat: "float",
  Double: "double",
  PrimitiveDouble: "double",
  Unit: "structure",
};

export const UNIT = "smithy.api#Unit";

export class SmithyModel {
  readonly shapes: Map<string, AstShape>;

  constructor(
    readonly file: string,
    shapes: Record<string, AstShape>,
    readonly metadata: Record<string, unknown> = {},
  ) {
    this.shapes = new Map(Object.entries(shapes));
  }

  /** The shape with this id; prelude shapes resolve to synthetic simple shapes. */
  shape(id: string, from?: string): AstShape {
    const s = this.shapes.get(id);
    if (s) return s;
    if (id.startsWith("smithy.api#")) {
      const type = PRELUDE_TYPES[id.slice(11)];
      if (type) return id === UNIT ? { type: "structure", members: {}, traits: { "smithy.api#unitType": {} } } : { type };
    }
    throw new ModelError(this.file, from ?? id, `references ${id}, which the model does not define`);
  }

  has(id: string): boolean {
    return this.shapes.has(id) || (id.startsWith("smithy.api#") && id.slice(11) in PRELUDE_TYPES);
  }

  /**
   * The services this model's file declares. A `.smithy` file is loaded with its neighbours, whose
   * services are theirs to generate; `declaredServices` then says which ones are this file's.
   */
  declaredServices?: ReadonlySet<string>;

  services(): string[] {
    const out: string[] = [];
    for (const [id, s] of this.shapes) if (s.type === "service" && (!this.declaredServices || this.declaredServices.has(id))) out.push(id);
    return out.sort();
  }

  /** The service's operations, including those bound through resources, sorted by id. */
  operationsOf(serviceId: string): string[] {
    const ops = new Set<string>();
    const seen = new Set<string>();
    const visit = (id: string, from: string) => {
      if (seen.has(id)) return;
      seen.add(id);
      const s = this.shape(id, from);
      if (s.type === "operation") {
        ops.add(id);
        return;
      }
      const refs = [
        ...(s.operations ?? []),
        ...(s.resources ?? []),
        ...(s.collectionOperations ?? []),
        ...[s.create, s.put, s.read, s.update, s.delete, s.list].filter((x): x is { target: string } => !!x),
      ];
      for (const r of refs) visit(r.target, id);
    };
    visit(serviceId, serviceId);
    return [...ops].sort();
  }
}

export function trait<T = unknown>(traits: Traits | undefined, id: string): T | undefined {
  return traits?.[id] as T | undefined;
}

export function hasTrait(traits: Traits | undefined, id: string): boolean {
  return traits !== undefined && id in traits;
}

/** Reads and validates a Smithy JSON AST file. */
export function loadJsonModel(file: string): SmithyModel {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ModelError(file, undefined, `cannot read: ${(e as Error).message}`);
  }
  return parseJsonModel(file, text);
}

export function parseJsonModel(file: string, text: string): SmithyModel {
  let ast: unknown;
  try {
    ast = JSON.parse(text);
  } catch (e) {
    throw new ModelError(file, undefined, `invalid JSON: ${(e as Error).message}`);
  }
  if (!ast || typeof ast !== "object" || Array.isArray(ast)) throw new ModelError(file, undefined, "not a Smithy JSON AST object");
  const { smithy, shapes, metadata } = ast as { smithy?: unknown; shapes?: unknown; metadata?: Record<string, unknown> };
  if (typeof smithy !== "string" || !/^[12]\./.test(smithy)) {
    throw new ModelError(file, undefined, `missing or unsupported "smithy" version ${JSON.stringify(smithy)}`);
  }
  if (!shapes || typeof shapes !== "object") throw new ModelError(file, undefined, `missing "shapes"`);
  for (const [id, s] of Object.entries(shapes as Record<string, unknown>)) {
    if (!/^[A-Za-z_][\w.]*#[A-Za-z_]\w*$/.test(id)) throw new ModelError(file, id, "invalid shape id");
    if (!s || typeof s !== "object" || typeof (s as AstShape).type !== "string") {
      throw new ModelError(file, id, `shape has no "type"`);
    }
  }
  return new SmithyModel(file, shapes as Record<string, AstShape>, metadata ?? {});
}

/**
 * Every member of a shape with its Smithy member id (`ns#Shape$name`, `ns#List$member`,
 * `ns#Map$key`), for closure walks whose errors name the member that holds a bad reference.
 */
export function membersOf(id: string, s: AstShape): [string, AstMember][] {
  const out: [string, AstMember][] = [];
  if (s.members) for (const [name, m] of Object.entries(s.members)) out.push([`${id}$${name}`, m]);
  if (s.member) out.push([`${id}$member`, s.member]);
  if (s.key) out.push([`${id}$key`, s.key]);
  if (s.value) out.push([`${id}$value`, s.value]);
  return out;
}

/** Every target of a shape (members, list member, map key/value), for closure walks. */
export function targetsOf(s: AstShape): AstMember[] {
  const out: AstMember[] = [];
  if (s.members) out.push(...Object.values(s.members));
  if (s.member) out.push(s.member);
  if (s.key) out.push(s.key);
  if (s.value) out.push(s.value);
  return out;
}

export function localName(id: string): string {
  return id.slice(id.indexOf("#") + 1);
}
