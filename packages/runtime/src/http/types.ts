import type { Readable } from "node:stream";

/**
 * An HTTP request as the runtime builds it. The field names match `@smithy/protocol-http`'s
 * `HttpRequest` so the same object can be handed to `@smithy/signature-v4` (the reference our signer is tested against) without copying.
 */
export interface HttpRequest {
  method: string;
  protocol: "https:" | "http:";
  hostname: string;
  port?: number;
  /** Path with percent-encoding already applied, no query string. */
  path: string;
  /** Decoded query parameters; the HTTP client encodes them. */
  query: Record<string, string | string[]>;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body?: Uint8Array | string | Readable;
}

export interface HttpResponse {
  statusCode: number;
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The body as a stream, unread. */
  body: Readable;
}
