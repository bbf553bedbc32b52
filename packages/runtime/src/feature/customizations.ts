/**
 * Per-service behaviour that AWS's models do not describe but their services require (AWS's SDKs
 * hard-code the same; the protocol tests check them): API Gateway's `Accept`, Glacier's version
 * header, default account id and SHA-256 tree hash, Machine Learning's per-call Predict endpoint,
 * S3's bucket addressing when the S3 schema has no endpoint rule set.
 * Each applies only to its service (by sdkId), so every other service is untouched.
 *
 * An opt-in feature (see features.ts): the packages of the services in `CUSTOMIZED_SDK_IDS` import
 * `customizations`, so no other service loads this code.
 */
import { builtin } from "../builtins.js";
import { isS3WithoutRules, s3BucketLabel } from "../endpoint-params.js";
import type { ResolvedEndpoint } from "../endpoints/types.js";
import type { CustomizationFeature, EndpointWithoutRulesOptions } from "../features.js";
import type { HttpRequest } from "../http/types.js";
import { escapeUri } from "../protocols/http-binding.js";
import type { OperationSchema, ServiceSchema, StructureSchema } from "../schema.js";

const { createHash } = builtin("node:crypto");

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

// ---- S3 bucket addressing without an endpoint rule set -------------------------------------------

/**
 * The endpoint of an S3 call without a rule set, as S3's rules place the bucket: virtual-hosted
 * (`https://<bucket>.s3.<region>.amazonaws.com`) when the bucket is a DNS label and path-style is not
 * forced, else in the path (`https://s3.<region>.amazonaws.com/<bucket>`); Transfer Acceleration
 * (`s3-accelerate`, virtual-hosted only), dual-stack and FIPS hosts on AWS's endpoints. A configured
 * endpoint is used as it is (dual-stack and acceleration do not apply to it), the bucket in front of
 * its host unless the host is an IP address or path-style is forced. Signed as S3 signs: no double
 * encoding or normalisation of the path (`/foo/../key.txt` is a key).
 */
export function s3EndpointWithoutRules(schema: ServiceSchema, op: OperationSchema, input: Record<string, unknown>, o: EndpointWithoutRulesOptions): ResolvedEndpoint {
  const label = s3BucketLabel(schema, op);
  const raw = label !== undefined ? input[label] : undefined;
  const bucket = typeof raw === "string" && raw !== "" ? raw : undefined;
  let url: string;
  if (o.endpoint) {
    const u = new URL(o.endpoint);
    const base = u.pathname.replace(/\/+$/, "");
    const ip = /^\d+\.\d+\.\d+\.\d+$/.test(u.hostname) || u.hostname.startsWith("[");
    if (bucket && !o.forcePathStyle && !ip && virtualHostable(bucket, u.protocol === "https:")) url = `${u.protocol}//${bucket}.${u.host}${base}`;
    else url = `${u.protocol}//${u.host}${base}${bucket ? "/" + escapeUri(bucket) : ""}`;
  } else {
    const dns = o.region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    const virtual = bucket !== undefined && !o.forcePathStyle && virtualHostable(bucket, true);
    const dualstack = o.useDualstackEndpoint ? ".dualstack" : "";
    const host = virtual && o.useAccelerateEndpoint ? `s3-accelerate${dualstack}.${dns}` : `s3${o.useFipsEndpoint ? "-fips" : ""}${dualstack}.${o.region}.${dns}`;
    url = virtual ? `https://${bucket}.${host}` : `https://${host}${bucket ? "/" + escapeUri(bucket) : ""}`;
  }
  const signingName = schema.signingName ?? "s3";
  return { url, properties: { authSchemes: [{ name: "sigv4", signingName, signingRegion: o.region, disableDoubleEncoding: true, disableNormalizePath: true }] } };
}

/** A bucket name usable as a DNS label (S3's `isVirtualHostableS3Bucket`); dots only without TLS. */
function virtualHostable(bucket: string, tls: boolean): boolean {
  if (bucket.length < 3 || bucket.length > 63) return false;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(bucket)) return false;
  const labels = bucket.split(".");
  if (tls && labels.length > 1) return false;
  return labels.every((l) => /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(l));
}

/** The feature `Client` calls through (see features.ts). */
export const customizations: CustomizationFeature = {
  customizeInput,
  customEndpoint,
  customizeRequest,
  endpointWithoutRules: (schema, op, input, options) => (isS3WithoutRules(schema) ? s3EndpointWithoutRules(schema, op, input, options()) : undefined),
};
