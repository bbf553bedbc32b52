/** Naming rules: package names (paws-style), method names, and TypeScript-safe type names. */

/**
 * `Bedrock Runtime` → `bedrockruntime`: the sdkId lower-cased with everything but letters and digits
 * removed (`service` if nothing is left). Collisions are resolved in generate.ts (`planPackageNames`).
 */
export function packageBaseName(sdkId: string): string {
  return sdkId.toLowerCase().replace(/[^a-z0-9]/g, "") || "service";
}

/**
 * The package's factory function (`bedrockruntime(...)`): the package name, camel-cased at dashes
 * (`foo-bar` → `fooBar`), `_`-prefixed when it starts with a digit and `_`-suffixed when it is a
 * reserved word or a name the package already exports.
 */
export function factoryName(packageBase: string): string {
  let n = packageBase.replace(/-+([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9_$]/g, "");
  if (!/^[A-Za-z_$]/.test(n)) n = "_" + n;
  if (RESERVED.has(n) || TAKEN_TYPE_NAMES.has(n)) n += "_";
  return n;
}

/** `Bedrock Runtime` → `BEDROCK_RUNTIME`, the suffix of `AWS_ENDPOINT_URL_<X>` (AWS's rule). */
export function envName(sdkId: string): string {
  return sdkId.trim().toUpperCase().replace(/[\s-]+/g, "_");
}

/** `ConverseStream` → `converseStream`; `ListAsyncInvokes` → `listAsyncInvokes`; `GetAPIKey` → `getAPIKey`. */
export function methodName(operation: string): string {
  const m = /^[A-Z]+(?=[A-Z][a-z]|$)|^[A-Z]/.exec(operation);
  if (!m) return operation;
  // a leading acronym is lower-cased as a whole ("SQSQueue" → "sqsQueue"), except its last letter when a word follows
  return m[0].toLowerCase() + operation.slice(m[0].length);
}

const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if " +
    "import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements " +
    "interface package private protected public await any boolean number string symbol bigint object never unknown undefined " +
    "type declare namespace module as is keyof readonly infer satisfies asserts"
  ).split(" "),
);

/**
 * Globals and runtime names that generated type names must not shadow, because generated code or
 * its readers rely on them (`Date` for timestamps, `Record` for maps, `Error` for exceptions, ...).
 */
const TAKEN_TYPE_NAMES = new Set([
  "Object", "Function", "Array", "String", "Number", "Boolean", "Symbol", "BigInt", "Date", "Error", "Promise", "Map", "Set",
  "WeakMap", "WeakSet", "Record", "Partial", "Required", "Readonly", "Pick", "Omit", "Exclude", "Extract", "NonNullable",
  "ReturnType", "InstanceType", "Parameters", "Awaited", "Uint8Array", "ArrayBuffer", "JSON", "Math", "RegExp", "Iterable",
  "AsyncIterable", "Blob", "File", "Buffer", "URL", "Headers", "Request", "Response", "ReadableStream", "AbortSignal",
  "Intl", "Reflect", "Proxy", "Infinity", "NaN", "globalThis", "TypeError", "RangeError", "SyntaxError", "EventTarget",
  // names exported by @org/runtime and @org/eventstream that generated packages import
  "ServiceException", "Client", "ClientConfig", "CallOptions", "DocumentType", "OneOf", "Output", "EventStreamResponse",
  "EventStreamConnection", "EventMessage", "StreamingBlobInput", "StreamingBlobOutput", "ServiceSchema",
  "streamParser", "readEventMessage",
  // the namespace errors.d.ts and index.d.ts import types.d.ts as (`import type * as T`)
  "T",
  // the other names index.js declares beside the error classes: its imports from the runtime (protocols, features) and its exports
  "restJson1", "awsJson1_0", "awsJson1_1", "restXml", "awsQuery", "ec2Query", "rpcv2Cbor", "rpcv2Json",
  "checksums", "customizations", "contextParams", "partitions", "errors", "schema",
]);

/** A type name that is a valid TypeScript identifier and shadows nothing we use. */
export function safeTypeName(name: string): string {
  let n = name.replace(/[^A-Za-z0-9_$]/g, "_");
  if (/^[0-9]/.test(n)) n = "_" + n;
  if (RESERVED.has(n) || RESERVED.has(n.toLowerCase()) || TAKEN_TYPE_NAMES.has(n)) n = n + "_";
  return n;
}

/** A property key as written in an interface or object literal: bare when it is an identifier. */
export function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

/** A method name that is safe as a class member and does not collide with the client's own API. */
const CLIENT_MEMBERS = new Set([
  // the runtime Client's own members
  "send", "config", "schema", "destroy", "constructor", "middleware",
  // members JavaScript itself calls: a `then` method would make the client a thenable (`await client`
  // would send an operation), `toJSON`/`toString`/`valueOf` are called by JSON.stringify and coercions
  "then", "toJSON", "toString", "toLocaleString", "valueOf", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable",
]);
export function safeMethodName(operation: string): string {
  const n = methodName(operation);
  return CLIENT_MEMBERS.has(n) ? n + "_" : n;
}

/**
 * Method names for a service's operations: {@link safeMethodName}, and when two operations still
 * meet (`SQSQueue` and `SqsQueue` are both `sqsQueue`), the later in sorted order gets `_` appended.
 */
export function methodNames(operations: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const op of [...operations].sort()) {
    let n = safeMethodName(op);
    while (used.has(n)) n += "_";
    used.add(n);
    out.set(op, n);
  }
  return out;
}
