/**
 * The rules-engine standard library and the AWS library functions (except `aws.partition`,
 * which needs partition data: see partitions.ts).
 *
 * Every function takes already-evaluated arguments and returns `undefined` for an "empty
 * optional" result. Conditions treat `undefined`, `null` and `false` as failure.
 */

export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

export function not(value: unknown): boolean {
  return !value;
}

export function booleanEquals(a: unknown, b: unknown): boolean {
  return a === b;
}

export function stringEquals(a: unknown, b: unknown): boolean {
  return a === b;
}

/** One step of a `getAttr` path: a property name or an array index. */
export type PathStep = string | number;

/** Parses a `getAttr` path such as `a.b[0].c` or `[1]` into steps. */
export function parsePath(path: string): PathStep[] {
  const steps: PathStep[] = [];
  for (const part of path.split(".")) {
    const open = part.indexOf("[");
    if (open < 0) {
      if (part === "") throw new Error(`invalid getAttr path: ${JSON.stringify(path)}`);
      steps.push(part);
      continue;
    }
    if (open > 0) steps.push(part.slice(0, open));
    let rest = part.slice(open);
    while (rest.length > 0) {
      const m = /^\[(\d+)\]/.exec(rest);
      if (!m) throw new Error(`invalid getAttr path: ${JSON.stringify(path)}`);
      steps.push(Number(m[1]));
      rest = rest.slice(m[0].length);
    }
  }
  return steps;
}

/** Follows one path step; a missing attribute or an out-of-range index gives `undefined`. */
export function getStep(value: unknown, step: PathStep): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof step === "number") {
    return Array.isArray(value) && step < value.length ? value[step] : undefined;
  }
  if (typeof value !== "object" || Array.isArray(value)) return undefined;
  return Object.hasOwn(value, step) ? (value as Record<string, unknown>)[step] : undefined;
}

/** `getAttr(value, path)`: the path may be a string (parsed each call) or pre-parsed steps. */
export function getAttr(value: unknown, path: string | readonly PathStep[]): unknown {
  const steps = typeof path === "string" ? parsePath(path) : path;
  let v = value;
  for (const step of steps) {
    v = getStep(v, step);
    if (v === undefined) return undefined;
  }
  return v;
}

const NON_ASCII = /[^\x00-\x7f]/;

/** `substring(input, start, stop, reverse)`: ASCII only; empty when out of range. */
export function substring(input: unknown, start: unknown, stop: unknown, reverse: unknown): string | undefined {
  if (typeof input !== "string" || typeof start !== "number" || typeof stop !== "number") return undefined;
  if (start >= stop || input.length < stop || NON_ASCII.test(input)) return undefined;
  return reverse === true ? input.slice(input.length - stop, input.length - start) : input.slice(start, stop);
}

const URI_EXTRA = /[!'()*]/g;

/** `uriEncode(value)`: RFC 3986 percent-encoding of everything but unreserved characters. */
export function uriEncode(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  return encodeURIComponent(value).replace(URI_EXTRA, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

/** The value `parseURL` returns. */
export interface ParsedUrl {
  scheme: string;
  authority: string;
  path: string;
  normalizedPath: string;
  isIp: boolean;
}

const URL_RE = /^(https?):\/\/([^/?#]*)([^?#]*)(#.*)?$/i;
const HOST_PORT_RE = /^(\[[0-9a-fA-F:.]+\]|[^:@\[\]]+)(?::(\d+))?$/;

/** `parseURL(value)`: http(s) URLs without a query string. */
export function parseURL(value: unknown): ParsedUrl | undefined {
  if (typeof value !== "string") return undefined;
  const m = URL_RE.exec(value);
  if (!m) return undefined;
  const authority = m[2]!;
  const hp = HOST_PORT_RE.exec(authority);
  if (!hp) return undefined;
  const host = hp[1]!;
  if (hp[2] !== undefined && Number(hp[2]) > 65535) return undefined;
  const path = m[3]!;
  let normalizedPath = path;
  if (!normalizedPath.startsWith("/")) normalizedPath = "/" + normalizedPath;
  if (!normalizedPath.endsWith("/")) normalizedPath += "/";
  return {
    scheme: m[1]!.toLowerCase(),
    authority,
    path,
    normalizedPath,
    isIp: host.charCodeAt(0) === 91 /* [ */ || isIPv4(host),
  };
}

const IPV4_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function isIPv4(value: string): boolean {
  const m = IPV4_RE.exec(value);
  if (!m) return false;
  for (let i = 1; i <= 4; i++) if (Number(m[i]) > 255) return false;
  return true;
}

const HOST_LABEL_RE = /^[a-zA-Z0-9][a-zA-Z0-9-]{0,62}$/;

/** `isValidHostLabel(value, allowSubDomains)` */
export function isValidHostLabel(value: unknown, allowSubDomains: unknown): boolean {
  if (typeof value !== "string") return false;
  if (allowSubDomains !== true) return HOST_LABEL_RE.test(value);
  for (const label of value.split(".")) if (!HOST_LABEL_RE.test(label)) return false;
  return true;
}

/** `split(value, delimiter, limit)`: limit 0 means no limit; otherwise at most `limit` parts. */
export function split(value: unknown, delimiter: unknown, limit: unknown): string[] | undefined {
  if (typeof value !== "string" || typeof delimiter !== "string" || typeof limit !== "number") return undefined;
  if (delimiter === "" || limit < 0) return undefined;
  if (limit === 1) return [value];
  const parts = value.split(delimiter);
  if (limit === 0 || parts.length <= limit) return parts;
  const head = parts.slice(0, limit - 1);
  head.push(parts.slice(limit - 1).join(delimiter));
  return head;
}

/** `coalesce(a, b, ...)`: the first argument that is set. */
export function coalesce(...values: unknown[]): unknown {
  for (const v of values) if (v !== undefined && v !== null) return v;
  return undefined;
}

/** `ite(condition, whenTrue, whenFalse)` */
export function ite(condition: unknown, whenTrue: unknown, whenFalse: unknown): unknown {
  return condition === true ? whenTrue : whenFalse;
}

/** The value `aws.parseArn` returns. */
export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  resourceId: string[];
}

const RESOURCE_SEP = /[:/]/;

/** `aws.parseArn(value)`: `arn:partition:service:region:account:resource`. */
export function parseArn(value: unknown): ParsedArn | undefined {
  if (typeof value !== "string" || !value.startsWith("arn:")) return undefined;
  const fields: string[] = [];
  let from = 4;
  for (let i = 0; i < 4; i++) {
    const at = value.indexOf(":", from);
    if (at < 0) return undefined;
    fields.push(value.slice(from, at));
    from = at + 1;
  }
  const resource = value.slice(from);
  if (fields[0] === "" || fields[1] === "" || resource === "") return undefined;
  return {
    partition: fields[0]!,
    service: fields[1]!,
    region: fields[2]!,
    accountId: fields[3]!,
    resourceId: resource.split(RESOURCE_SEP),
  };
}

const S3_BUCKET_RE = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const S3_LABEL_RE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** `aws.isVirtualHostableS3Bucket(value, allowSubDomains)`: usable as a virtual-host label. */
export function isVirtualHostableS3Bucket(value: unknown, allowSubDomains: unknown): boolean {
  if (typeof value !== "string") return false;
  if (allowSubDomains !== true) return S3_BUCKET_RE.test(value);
  if (value.length < 3 || value.length > 63 || isIPv4(value)) return false;
  for (const label of value.split(".")) if (!S3_LABEL_RE.test(label)) return false;
  return true;
}
