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
export { ChecksumMismatchError, CHECKSUM_ALGORITHMS, type ChecksumAlgorithm, type ChecksumWhen, computeChecksum } from "./checksums.js";
