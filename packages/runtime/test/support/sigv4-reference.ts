/**
 * The reference our SigV4 signer (src/auth/sigv4.ts) is compared with: `@smithy/signature-v4` (a
 * devDependency only), driven the way the runtime drove it before it had its own signer — the same
 * path plan, host header, UNSIGNED-PAYLOAD and omitSessionToken handling, and the same conversion
 * back to the runtime's HttpRequest. A fresh SignatureV4 per call, so nothing is shared with ours.
 */
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256, normalizeUriPath, uriEscape, type PresignRequestOptions, type SignEventOptions, type SignRequestOptions } from "../../src/auth/sigv4.js";
import type { HttpRequest } from "../../src/http/types.js";

/** SigV4 as the AWS SDK v3 signs: smithy's signer with node:crypto hashing. */
export const smithySigner = (o: { credentials: SignRequestOptions["credentials"]; region: string; signingName: string; uriEscapePath?: boolean; applyChecksum?: boolean }) =>
  new SignatureV4({
    credentials: o.credentials,
    region: o.region,
    service: o.signingName,
    sha256: Sha256,
    uriEscapePath: o.uriEscapePath ?? true,
    applyChecksum: o.applyChecksum ?? true,
  });

/** smithy's `uriEscapePath: true` normalises and escapes, `false` does neither; the mixed cases are done here. */
function pathPlan(path: string, uriEscapePath: boolean, normalizePath: boolean): { path: string; signerEscapes: boolean } {
  if (uriEscapePath === normalizePath) return { path, signerEscapes: uriEscapePath };
  if (uriEscapePath) return { path: path.split("/").map(uriEscape).join("/"), signerEscapes: false };
  return { path: normalizeUriPath(path), signerEscapes: false };
}

function withHost(request: HttpRequest, path: string): HttpRequest {
  const headers = { ...request.headers };
  if (!Object.keys(headers).some((h) => h.toLowerCase() === "host")) {
    const defaultPort = request.protocol === "http:" ? 80 : 443;
    headers.host = request.port && request.port !== defaultPort ? `${request.hostname}:${request.port}` : request.hostname;
  }
  return { ...request, path, headers, query: { ...request.query } };
}

function back(signed: { headers: Record<string, string>; query?: Record<string, unknown> }, original: HttpRequest): HttpRequest {
  const out: HttpRequest = {
    method: original.method,
    protocol: original.protocol,
    hostname: original.hostname,
    path: original.path,
    query: { ...(signed.query as Record<string, string | string[]>) },
    headers: { ...signed.headers },
  };
  if (original.port !== undefined) out.port = original.port;
  if (original.body !== undefined) out.body = original.body;
  return out;
}

export async function referenceSignRequest(request: HttpRequest, options: SignRequestOptions): Promise<HttpRequest> {
  const uriEscapePath = options.uriEscapePath ?? true;
  const plan = pathPlan(request.path, uriEscapePath, options.normalizePath ?? uriEscapePath);
  const prepared = withHost(request, plan.path);
  if (options.unsignedPayload) {
    for (const h of Object.keys(prepared.headers)) if (h.toLowerCase() === "x-amz-content-sha256") delete prepared.headers[h];
    prepared.headers["x-amz-content-sha256"] = "UNSIGNED-PAYLOAD";
  }
  const signer = smithySigner({ ...options, uriEscapePath: plan.signerEscapes });
  let unsignable = options.unsignableHeaders ? new Set(options.unsignableHeaders) : undefined;
  if (options.omitSessionToken) (unsignable ??= new Set()).add("x-amz-security-token");
  const signed = await signer.sign(prepared, { signingDate: options.signingDate ?? new Date(), unsignableHeaders: unsignable });
  return back(signed, request);
}

export async function referencePresignRequest(request: HttpRequest, options: PresignRequestOptions): Promise<HttpRequest> {
  const uriEscapePath = options.uriEscapePath ?? true;
  const plan = pathPlan(request.path, uriEscapePath, options.normalizePath ?? uriEscapePath);
  const prepared = withHost(request, plan.path);
  const token = options.credentials.sessionToken;
  const omit = options.omitSessionToken && token !== undefined;
  const credentials = omit ? { accessKeyId: options.credentials.accessKeyId, secretAccessKey: options.credentials.secretAccessKey } : options.credentials;
  const signer = smithySigner({ ...options, credentials, uriEscapePath: plan.signerEscapes });
  const signed = await signer.presign(prepared, {
    signingDate: options.signingDate ?? new Date(),
    expiresIn: options.expiresIn ?? 3600,
    unsignableHeaders: options.unsignableHeaders ? new Set(options.unsignableHeaders) : undefined,
  });
  const out = back(signed, request);
  if (omit) out.query["X-Amz-Security-Token"] = token;
  return out;
}

type SmithyMessage = Parameters<SignatureV4["signMessage"]>[0]["message"];

/** smithy's `signMessage` for one event message; returns the hex signature. */
export async function referenceSignEventMessage(message: SmithyMessage, priorSignature: string, options: SignEventOptions): Promise<string> {
  const signer = smithySigner(options);
  const { signature } = await signer.signMessage(
    { message, priorSignature },
    { signingDate: options.signingDate ?? new Date(), signingRegion: options.region, signingService: options.signingName },
  );
  return signature;
}
