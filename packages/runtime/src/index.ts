/** @org/runtime: everything a generated package needs, and the pieces a caller may want to use directly. */
// every protocol, registered by name for clients built without naming theirs
export { protocolFor, registerProtocol, type Protocol } from "./protocols/index.js";
export { Client, type CallOptions, type ClientConfig, type HttpHandler } from "./client.js";
export { NodeHttpClient, type SendOptions } from "./http/node-client.js";
export {
  InputValidationError,
  NetworkError,
  NotSupportedError,
  RequestTimeoutError,
  ResponseParseError,
  ServiceException,
  type ResponseMetadata,
  type ServiceExceptionInit,
} from "./errors.js";
export type { DocumentType, OneOf, Output, StreamingBlobInput, StreamingBlobOutput } from "./types.js";
export type * from "./schema.js";
export type { EventStreamResponse, EventStreamHandler } from "@org/eventstream";
export { eventFrameSigner, inputEventFrames, STREAMING_EVENTS_PAYLOAD, type InputEvents } from "./input-event-stream.js";
export { EndpointResolutionError, resolveEndpoint, createEndpointResolver, type PartitionsData, type ResolvedEndpoint } from "./endpoints/index.js";
export { UnsupportedAuthSchemeError, type AccountIdEndpointMode } from "./endpoint-params.js";
export * from "./config/index.js";
export * from "./auth/index.js";
export type { HttpRequest, HttpResponse } from "./http/types.js";
export { ChecksumMismatchError, CHECKSUM_ALGORITHMS, type ChecksumAlgorithm, type ChecksumWhen, computeChecksum } from "./feature/checksums.js";
export { CUSTOMIZED_SDK_IDS, FEATURE_MODULES, type ChecksumFeature, type ClientFeatures, type ContextParamsFeature, type CustomizationFeature, type FeatureName } from "./features.js";

import { checksums } from "./feature/checksums.js";
import { contextParams } from "./feature/context-params.js";
import { customizations } from "./feature/customizations.js";
import type { ClientFeatures } from "./features.js";
export { checksums, contextParams, customizations };
/** Every opt-in feature module, for a client built from any schema: `new Client(schema, errors, config, undefined, allFeatures)`. */
export const allFeatures: Required<ClientFeatures> = Object.freeze({ checksums, customizations, contextParams });
