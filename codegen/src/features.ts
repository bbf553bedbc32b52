/**
 * The runtime's opt-in feature modules (`@org/runtime/feature/<module>`, see its features.ts) a generated
 * package imports: exactly those its model needs, so no other service loads or bundles their code.
 * Decided as the runtime's `featuresNeeded` decides per call (a call needing a module its client lacks
 * fails); codegen imports only the runtime's types, so the two constants below repeat the runtime's,
 * and codegen/test/features.test.ts checks that they agree.
 */
import type { FeatureName } from "@org/runtime/features";
import type { ServiceSchema } from "@org/runtime/schema";

/** `CUSTOMIZED_SDK_IDS` in the runtime's features.ts: the services `feature/customizations` changes. */
export const CUSTOMIZED_SDK_IDS: readonly string[] = ["API Gateway", "Glacier", "Machine Learning", "S3"];

/** `FEATURE_MODULES` in the runtime's features.ts: each feature's module, exporting an object of the feature's name. */
export const FEATURE_MODULES: Readonly<Record<FeatureName, string>> = { checksums: "checksums", customizations: "customizations", contextParams: "context-params" };

/** The features a service's operations need, in a fixed order. */
export function featuresOf(schema: ServiceSchema): FeatureName[] {
  const ops = Object.values(schema.operations);
  const out: FeatureName[] = [];
  if (ops.some((op) => op.httpChecksum || op.httpChecksumRequired)) out.push("checksums");
  if (CUSTOMIZED_SDK_IDS.includes(schema.sdkId)) out.push("customizations");
  if (ops.some((op) => op.operationContextParams)) out.push("contextParams");
  return out;
}
