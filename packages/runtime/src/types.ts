/** Types that generated declarations refer to. */
import type { Readable } from "node:stream";
import type { ResponseMetadata } from "./errors.js";

/** A Smithy `document`: any JSON value. */
export type DocumentType = null | boolean | number | string | DocumentType[] | { [key: string]: DocumentType };

/**
 * A Smithy union: exactly one member is set. Every variant declares the others as `?: never`, so
 * `event.contentBlockDelta?.delta?.text` type-checks on the union without narrowing first. A member
 * the client does not know (added to the service later) arrives as `$unknown: [name, value]`.
 */
export type OneOf<T> =
  | {
      [K in keyof T]: { [P in K]: T[K] } & { [P in Exclude<keyof T, K>]?: never } & { $unknown?: never };
    }[keyof T]
  | ({ [P in keyof T]?: never } & { $unknown: [string, unknown] });

/** What a streaming blob input accepts. */
export type StreamingBlobInput = Uint8Array | string | Readable | AsyncIterable<Uint8Array>;

/** A streaming blob in a response: the body, unread, as a Node stream. */
export type StreamingBlobOutput = Readable;

/**
 * What a call resolves to: the operation's output, plus `$metadata` (HTTP status, request id,
 * attempts). `$metadata` is not enumerable, so it stays out of `JSON.stringify` and deep comparisons.
 */
export type Output<T> = T & { readonly $metadata: ResponseMetadata };
