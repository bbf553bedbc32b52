/**
 * Errors the runtime throws. Service errors are `ServiceException`s (generated subclasses for modeled
 * errors); everything that goes wrong on our side of the wire has its own class, so callers can tell
 * "the service said no" from "the request never made it" without parsing messages.
 */

export interface ResponseMetadata {
  httpStatusCode?: number;
  requestId?: string;
  extendedRequestId?: string;
  cfId?: string;
  /** how many attempts the call made */
  attempts?: number;
  /** total time spent waiting between attempts, in ms */
  totalRetryDelay?: number;
}

export interface ServiceExceptionInit {
  message?: string;
  $metadata: ResponseMetadata;
  /** the error's members, as parsed from the response */
  fields?: Record<string, unknown>;
}

/** Fields an error shape cannot overwrite, because they are the error's own. */
const OWN = new Set(["name", "message", "stack", "cause", "$fault", "$metadata", "$response"]);

export class ServiceException extends Error {
  override readonly name: string;
  readonly $fault: "client" | "server";
  readonly $metadata: ResponseMetadata;

  constructor(init: ServiceExceptionInit, name = "ServiceException", fault: "client" | "server" = "client") {
    super(init.message ?? name);
    this.name = name;
    this.$fault = fault;
    this.$metadata = init.$metadata;
    if (init.fields) {
      for (const k of Object.keys(init.fields)) if (!OWN.has(k)) (this as Record<string, unknown>)[k] = init.fields[k];
    }
  }
}

/** A call the runtime cannot make yet (a protocol or feature still to come). Nothing was sent. */
export class NotSupportedError extends Error {
  override name = "NotSupportedError";
}

/** The caller's input cannot be serialised (missing label, wrong type, ...). Nothing was sent. */
export class InputValidationError extends Error {
  override name = "InputValidationError";
}

/** The response could not be parsed as the protocol says it should be. */
export class ResponseParseError extends Error {
  override name = "ResponseParseError";
  constructor(
    message: string,
    readonly $metadata: ResponseMetadata,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** No response within `requestTimeout` ms, or the connection could not be made. */
export class RequestTimeoutError extends Error {
  override name = "RequestTimeoutError";
}

/** A network failure (connection reset, DNS, refused), after the configured retries. */
export class NetworkError extends Error {
  override name = "NetworkError";
  constructor(
    message: string,
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
