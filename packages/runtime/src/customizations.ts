/**
 * Per-service behaviour that AWS's models do not describe but their services require (AWS's SDKs
 * hard-code the same; the protocol tests check them): API Gateway's `Accept`, Glacier's version
 * header, default account id and SHA-256 tree hash, Machine Learning's per-call Predict endpoint.
 * Each applies only to its service (by sdkId), so every other service is untouched.
 */
import { createHash } from "node:crypto";
import type { HttpRequest } from "./http/types.js";
import type { OperationSchema, ServiceSchema, StructureSchema } from "./schema.js";

/** The input with service-specific defaults filled in (a copy when anything changes). */
export function customizeInput(schema: ServiceSchema, op: OperationSchema, input: Record<string, unknown>): Record<string, unknown> {
  if (schema.sdkId === "Glacier" && op.input !== "Unit") {
    // Glacier's account id "-" means the caller's own account; it is the default when none is given
    const member = (schema.shapes[op.input] as StructureSchema | undefined)?.members.accountId;
    if (member?.httpLabel && (input.accountId === undefined || input.accountId === null || input.accountId === "")) {
      return { ...input, accountId: "-" };
    }
  }
  return input;
}

/** An endpoint the call itself names, overriding the configured one (Machine Learning's Predict). */
export function customEndpoint(schema: ServiceSchema, opName: string, input: Record<string, unknown>): string | undefined {
  if (schema.sdkId === "Machine Learning" && opName === "Predict" && typeof input.PredictEndpoint === "string" && input.PredictEndpoint) {
    return input.PredictEndpoint;
  }
  return undefined;
}

/** Service-specific headers on the serialised request. */
export function customizeRequest(schema: ServiceSchema, op: OperationSchema, request: HttpRequest): void {
  if (schema.sdkId === "API Gateway") {
    request.headers.accept ??= "application/json";
  } else if (schema.sdkId === "Glacier") {
    request.headers["x-amz-glacier-version"] ??= schema.version;
    // archives and parts (a blob payload) carry their checksums
    const body = request.body;
    if (hasBlobPayload(schema, op) && body !== undefined && (typeof body === "string" || body instanceof Uint8Array)) {
      const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
      request.headers["x-amz-content-sha256"] ??= createHash("sha256").update(bytes).digest("hex");
      request.headers["x-amz-sha256-tree-hash"] ??= treeHash(bytes);
    }
  }
}

function hasBlobPayload(schema: ServiceSchema, op: OperationSchema): boolean {
  const shape = op.input === "Unit" ? undefined : (schema.shapes[op.input] as StructureSchema | undefined);
  return Object.values(shape?.members ?? {}).some((m) => {
    if (!m.httpPayload) return false;
    return m.target === "blob" || schema.shapes[m.target]?.type === "blob";
  });
}

const MiB = 1024 * 1024;

/** Glacier's SHA-256 tree hash: hashes of 1 MiB chunks, combined pairwise up to one root. */
export function treeHash(bytes: Uint8Array): string {
  let level: Buffer[] = [];
  for (let i = 0; i < bytes.length || i === 0; i += MiB) {
    level.push(createHash("sha256").update(bytes.subarray(i, i + MiB)).digest());
    if (bytes.length === 0) break;
  }
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(i + 1 < level.length ? createHash("sha256").update(Buffer.concat([level[i], level[i + 1]])).digest() : level[i]);
    }
    level = next;
  }
  return level[0].toString("hex");
}
