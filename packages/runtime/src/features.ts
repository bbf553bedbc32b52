/**
 * Opt-in feature modules: runtime code only some services need, kept out of every other service's
 * load path and bundle. The runtime interprets a schema, so a bundler cannot tell which of its code a
 * service uses; instead a generated package imports the modules of `feature/` its model needs
 * (codegen/src/features.ts decides the same way as `featuresNeeded` below) and hands them to `Client`.
 * A call that needs a module the client was built without fails with a `NotSupportedError` naming it.
 */
import type { Readable } from "node:stream";
import type { Env } from "./config/profile.js";
import type { ResolvedEndpoint } from "./endpoints/types.js";
import type { ChecksumSettings } from "./feature/checksums.js";
import type { HttpRequest } from "./http/types.js";
import type { OperationSchema, ServiceSchema } from "./schema.js";

/** `aws.protocols#httpChecksum` and `smithy.api#httpChecksumRequired`: `feature/checksums`. */
export interface ChecksumFeature {
  resolveSettings(options: { requestChecksumCalculation?: string; responseChecksumValidation?: string; env: Env; profile?: string }): ChecksumSettings;
  /** Before serialisation: the input with the response-validation member filled in (a copy when it changes). */
  prepareInput(op: OperationSchema, input: Record<string, unknown>, settings: ChecksumSettings): Record<string, unknown>;
  /** After serialisation and compression: the request checksum the operation calls for, added in place. */
  applyToRequest(schema: ServiceSchema, op: OperationSchema, opName: string, input: Record<string, unknown>, request: HttpRequest, settings: ChecksumSettings): void;
  /** Throws a `ChecksumMismatchError` when a buffered response body does not match its checksum header. */
  checkBody(op: OperationSchema, input: Record<string, unknown>, headers: Record<string, string>, body: Uint8Array): void;
  /** A streaming response body, checked as it is read (or the body itself when there is nothing to check). */
  checkStream(op: OperationSchema, input: Record<string, unknown>, headers: Record<string, string>, body: Readable): Readable;
}

/** Behaviour AWS's models do not describe but some services require, keyed by sdkId: `feature/customizations`. */
export interface CustomizationFeature {
  customizeInput(schema: ServiceSchema, op: OperationSchema, input: Record<string, unknown>): Record<string, unknown>;
  /** An endpoint the call itself names, overriding every other. */
  customEndpoint(schema: ServiceSchema, opName: string, input: Record<string, unknown>): string | undefined;
  customizeRequest(schema: ServiceSchema, op: OperationSchema, request: HttpRequest): void;
  /** The endpoint of a service without a rule set that places it itself (S3), else undefined; `options` read only then. */
  endpointWithoutRules(schema: ServiceSchema, op: OperationSchema, input: Record<string, unknown>, options: () => EndpointWithoutRulesOptions): ResolvedEndpoint | undefined;
}

export interface EndpointWithoutRulesOptions {
  region: string;
  /** a configured endpoint, else AWS's own */
  endpoint?: string;
  forcePathStyle?: boolean;
  useAccelerateEndpoint?: boolean;
  useDualstackEndpoint?: boolean;
  useFipsEndpoint?: boolean;
}

/** `smithy.rules#operationContextParams`: the path expressions over an input, `feature/context-params`. */
export interface ContextParamsFeature {
  /** The value `path` selects from `input`; `null` when it selects nothing. */
  evaluatePath(path: string, input: unknown): unknown;
}

/** The feature modules a client is built with (`@org/runtime` exports `allFeatures`). */
export interface ClientFeatures {
  checksums?: ChecksumFeature;
  customizations?: CustomizationFeature;
  contextParams?: ContextParamsFeature;
}

export type FeatureName = keyof ClientFeatures;

/** Each feature's module, `@org/runtime/feature/<module>`, exporting an object named after the feature. */
export const FEATURE_MODULES: Readonly<Record<FeatureName, string>> = { checksums: "checksums", customizations: "customizations", contextParams: "context-params" };

/** The services (by sdkId) `feature/customizations` changes; codegen/src/features.ts keeps the same list. */
export const CUSTOMIZED_SDK_IDS: readonly string[] = ["API Gateway", "Glacier", "Machine Learning", "S3"];

/** The features one operation's calls need. */
export function featuresNeeded(schema: ServiceSchema, op: OperationSchema): FeatureName[] {
  const out: FeatureName[] = [];
  if (op.httpChecksum || op.httpChecksumRequired) out.push("checksums");
  if (CUSTOMIZED_SDK_IDS.includes(schema.sdkId)) out.push("customizations");
  if (op.operationContextParams) out.push("contextParams");
  return out;
}

/** The error message for a call that needs a feature the client was built without. */
export function missingFeatureMessage(sdkId: string, opName: string, feature: FeatureName): string {
  const why = { checksums: "computes flexible checksums", customizations: "needs its service customizations", contextParams: "binds endpoint parameters from operationContextParams paths" }[feature];
  return `${sdkId} ${opName}: the operation ${why}, but the client was built without them; import { ${feature} } from "@org/runtime/feature/${FEATURE_MODULES[feature]}" and pass it in the client's features (or build it with \`allFeatures\` from "@org/runtime")`;
}
