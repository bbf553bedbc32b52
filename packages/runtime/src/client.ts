/**
 * The client every generated package extends. `send()` is the whole pipeline, in order:
 * serialise → endpoint → sign → send → retry → parse. Each stage is a call into its own module.
 */
import { type BearerTokenOption, bearerTokenEnvVar, bearerTokenProvider, type BearerTokenProvider, signBearer } from "./auth/bearer.js";
import { type SignEventOptions, signRequest } from "./auth/sigv4.js";
import { builtin, inspectCustom } from "./builtins.js";
import { type CredentialsOption, type CredentialsProvider, credentialsProvider } from "./config/credentials.js";
import type { Env } from "./config/profile.js";
import { resolveRegion } from "./config/region.js";
import { createEndpointResolver, type EndpointResolver, type PartitionsData, type ResolvedEndpoint } from "./endpoints/index.js";
import { type AccountIdEndpointMode, EndpointParamBinder, endpointAuthScheme, hostPrefixApplies } from "./endpoint-params.js";
import { InputValidationError, NotSupportedError, type ResponseMetadata, ServiceException, ResponseParseError } from "./errors.js";
import { type ErrorClasses, streamingResponse } from "./event-stream.js";
import { loadEventStream } from "./event-stream-module.js";
import type { ChecksumSettings, ChecksumWhen } from "./feature/checksums.js";
import { type ClientFeatures, featuresNeeded, missingFeatureMessage } from "./features.js";
import { eventFrameSigner, inputEvents, inputEventStreamBody, seedSignature, STREAMING_EVENTS_PAYLOAD } from "./input-event-stream.js";
import { NodeHttpClient, readBody, type SendOptions } from "./http/node-client.js";
import type { HttpRequest, HttpResponse } from "./http/types.js";
import type { Endpoint } from "./protocols/http-binding.js";
import type { Protocol } from "./protocols/protocol.js";
import { protocolFor } from "./protocols/registry.js";
import { retryKind, RetryStrategy, sleep } from "./retry.js";
import type { OperationSchema, ServiceSchema, StructureSchema } from "./schema.js";
import { expandSchema } from "./schema.js";

export interface ClientConfig {
  /** AWS region; otherwise `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's `region`. */
  region?: string;
  /** Shared-config profile; otherwise `AWS_PROFILE`, then `default`. */
  profile?: string;
  /** Static credentials or a provider; otherwise the environment, then the profile's static keys. */
  credentials?: CredentialsOption;
  /** Bearer token (or provider), for services that accept `smithy.api#httpBearerAuth`. */
  token?: BearerTokenOption;
  /** Endpoint URL override; otherwise `AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL`. */
  endpoint?: string;
  useFipsEndpoint?: boolean;
  useDualstackEndpoint?: boolean;
  /**
   * Endpoint rule-set parameters by their rule-set names (`{ ForcePathStyle: true }`): the service's
   * client context params, or any other parameter. Wins over the options below and built-ins.
   * A client context param may also be set by its name in lowerCamel (`forcePathStyle`).
   */
  endpointParams?: Record<string, unknown>;
  /** S3: path-style URLs (`https://s3.<region>.amazonaws.com/<bucket>`), never virtual-hosted (`AWS::S3::ForcePathStyle`). */
  forcePathStyle?: boolean;
  /** S3: Transfer Acceleration endpoints (`AWS::S3::Accelerate`). */
  useAccelerateEndpoint?: boolean;
  /** S3, S3 Control: use the region of an ARN given as bucket / access point (`AWS::S3::UseArnRegion`); otherwise `AWS_S3_USE_ARN_REGION`, the profile's `s3_use_arn_region`. */
  useArnRegion?: boolean;
  /** S3: refuse Multi-Region Access Points; otherwise `AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS`, the profile's `s3_disable_multiregion_access_points`. */
  disableMultiregionAccessPoints?: boolean;
  /** S3: sign S3 Express One Zone requests with plain SigV4; otherwise `AWS_S3_DISABLE_EXPRESS_SESSION_AUTH`, the profile's `s3_disable_express_session_auth`. */
  disableS3ExpressSessionAuth?: boolean;
  /**
   * S3 and STS: the global endpoint for us-east-1 (S3) or the legacy global regions (STS) (`AWS::S3::UseGlobalEndpoint`,
   * `AWS::STS::UseGlobalEndpoint`); otherwise `legacy` in `AWS_S3_US_EAST_1_REGIONAL_ENDPOINT` / `AWS_STS_REGIONAL_ENDPOINTS`
   * or the profile's `s3_us_east_1_regional_endpoint` / `sts_regional_endpoints`. Default false.
   */
  useGlobalEndpoint?: boolean;
  /**
   * Whether endpoints may route by the credentials' `accountId` (`AWS::Auth::AccountIdEndpointMode`); otherwise
   * `AWS_ACCOUNT_ID_ENDPOINT_MODE`, the profile's `account_id_endpoint_mode`, then `preferred`.
   */
  accountIdEndpointMode?: AccountIdEndpointMode;
  /** Attempts per call, including the first (default 3). */
  maxAttempts?: number;
  /** ms to wait for response headers (default: no limit). */
  requestTimeout?: number;
  /** ms to establish a connection (default 10 s). */
  connectionTimeout?: number;
  /** ms an event stream may stay silent before reads fail with a timeout (default 5 minutes). */
  streamIdleTimeout?: number;
  /** The environment to read settings from (default `process.env`); for tests and sandboxes. */
  env?: Env;
  /** Sends the signed requests (default: `node:http`/`node:https` with keep-alive); for tests, proxies, mocks. */
  httpHandler?: HttpHandler;
  /** Makes the idempotency tokens filled in for members the caller left unset (default: a random UUID). */
  idempotencyTokenProvider?: () => string;
  /** Never gzip request bodies of operations with `requestCompression`; otherwise `AWS_DISABLE_REQUEST_COMPRESSION`. */
  disableRequestCompression?: boolean;
  /** Smallest body (bytes) that is compressed (default 10240); otherwise `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES`. */
  requestMinCompressionSizeBytes?: number;
  /**
   * When to send a flexible checksum (`aws.protocols#httpChecksum`) of the request body: `when_supported` (default:
   * every operation with a checksum algorithm member, CRC32 unless the input names another) or `when_required`
   * (only where the model requires one, or the input names an algorithm); otherwise `AWS_REQUEST_CHECKSUM_CALCULATION`,
   * the profile's `request_checksum_calculation`. See feature/checksums.ts.
   */
  requestChecksumCalculation?: ChecksumWhen | Uppercase<ChecksumWhen>;
  /**
   * When to validate response checksums: `when_supported` (default: ask for them, e.g. S3 GetObject's `ChecksumMode`, and
   * validate) or `when_required` (only when the input enables it); otherwise `AWS_RESPONSE_CHECKSUM_VALIDATION`, the
   * profile's `response_checksum_validation`. A mismatch is a `ChecksumMismatchError`.
   */
  responseChecksumValidation?: ChecksumWhen | Uppercase<ChecksumWhen>;
}

/** What `Client` needs from an HTTP client: send a request, resolve at the response headers. */
export interface HttpHandler {
  send(request: HttpRequest, options: SendOptions): Promise<HttpResponse>;
  destroy?(): void;
  /**
   * Whether, and how, the handler carries a request body that is an input event stream (a `Readable`
   * of event-stream frames produced while the call runs): `h2` over HTTP/2, full duplex, as AWS's
   * bidirectional-streaming services require; `http/1.1` as a chunked body sent while the response
   * is read. Unset (the default `node:http` handler): operations with an input event stream reject
   * with a NotSupportedError before sending.
   */
  readonly eventStreamInput?: "http/1.1" | "h2";
}

export interface CallOptions {
  /** Aborts the call, its retries, and an event stream being read. */
  signal?: AbortSignal;
  requestTimeout?: number;
  streamIdleTimeout?: number;
  maxAttempts?: number;
}

const { randomUUID } = builtin("node:crypto");

const USER_AGENT = `org-aws-sdk-js/0.1.0 ua/2.1 lang/js md/nodejs#${process.versions.node}`;
const DEFAULT_STREAM_IDLE_TIMEOUT = 300_000;

/** The metadata of a successful call, as a non-enumerable `$metadata` on the output. */
function attachMetadata(out: Record<string, unknown>, metadata: ResponseMetadata): void {
  Object.defineProperty(out, "$metadata", { value: metadata, enumerable: false, configurable: true });
}

export class Client {
  readonly config: Readonly<ClientConfig>;
  protected readonly schema: ServiceSchema;
  readonly #errors: ErrorClasses;
  readonly #protocol: Protocol | undefined;
  readonly #env: Env;
  readonly #http: HttpHandler;
  readonly #retry: RetryStrategy;
  #region?: string;
  #credentials?: CredentialsProvider;
  #token?: BearerTokenProvider | null;
  #endpointResolver?: EndpointResolver;
  #endpointParams?: EndpointParamBinder;
  #errorIndex?: Map<string, string>;
  #checksums?: ChecksumSettings;
  readonly #features: ClientFeatures;
  /** Operations whose needed features were found present (checked on their first call). */
  readonly #featuresChecked = new WeakSet<OperationSchema>();

  /**
   * `protocol` is the service's protocol module; generated packages pass theirs so that only it is
   * loaded. Without it, the protocol is looked up by name among the registered ones (importing
   * `@org/runtime` registers them all). `features` are the opt-in modules of `feature/` the service's
   * operations need (features.ts); `allFeatures` from `@org/runtime` has every one.
   */
  constructor(schema: ServiceSchema, errors: ErrorClasses, config: ClientConfig = {}, protocol?: Protocol, features: ClientFeatures = {}) {
    this.schema = expandSchema(schema); // a generated package's schema is compact; see schema.ts
    this.#errors = errors;
    this.#protocol = protocol;
    this.#features = features;
    this.config = Object.freeze(hideSecrets(config));
    this.#env = config.env ?? process.env;
    this.#http = config.httpHandler ?? new NodeHttpClient({ connectionTimeout: config.connectionTimeout });
    this.#retry = new RetryStrategy({ maxAttempts: config.maxAttempts ?? (Number(this.#env.AWS_MAX_ATTEMPTS) || 3) });
  }

  /** What `console.log(client)` shows: no credentials, no token. */
  [inspectCustom](): string {
    return `${this.constructor.name} { sdkId: ${JSON.stringify(this.schema.sdkId)}, region: ${JSON.stringify(this.config.region)}, endpoint: ${JSON.stringify(this.config.endpoint)} }`;
  }

  /** Closes the client's idle keep-alive sockets. */
  destroy(): void {
    this.#http.destroy?.();
  }

  /** Sends one operation. Generated methods call this with their operation's name. */
  async send(opName: string, input: Record<string, unknown> = {}, options: CallOptions = {}): Promise<any> {
    const { schema } = this;
    const op = schema.operations[opName];
    if (!op) throw new NotSupportedError(`${schema.sdkId} has no operation ${opName}`);
    if (op.unsupported) throw new NotSupportedError(`${schema.sdkId} ${opName}: ${op.unsupported}`);
    const protocol = this.#protocol ?? protocolFor(schema.protocol);
    if (!protocol) throw new NotSupportedError(`${schema.sdkId} ${opName}: protocol ${schema.protocol} is not supported yet`);
    if (!this.#featuresChecked.has(op)) this.#checkFeatures(op, opName);
    if (input === null || typeof input !== "object") throw new InputValidationError(`${opName}: input must be an object`);
    const signal = options.signal;
    if (signal?.aborted) throw signal.reason ?? new Error("aborted");
    const eventInput = op.inputEventStream ? this.#inputEventStream(protocol, op, opName, input) : undefined;
    // the event-stream codec loads with the first call that streams (see event-stream-module.ts)
    if (op.inputEventStream || op.outputEventStream) await loadEventStream();

    const { checksums, customizations } = this.#features;
    const filled = this.#fillIdempotencyTokens(op, input);
    const customized = customizations ? customizations.customizeInput(schema, op, filled) : filled;
    const prepared = op.httpChecksum ? checksums!.prepareInput(op, customized, this.#checksumSettings()) : customized;
    const override = customizations?.customEndpoint(schema, opName, prepared);
    const endpoint = override ? { url: override } : await this.#resolveEndpoint(op, opName, prepared);
    const request = this.#buildRequest(protocol, op, opName, prepared, endpoint);
    // RPC protocols send an input event stream's other members as its initial-request event
    const initialRequest = eventInput && op.input !== "Unit" ? protocol.serializeInitialRequest?.(schema, op.input, prepared, op.inputEventStream!) : undefined;

    // a body we cannot replay (a stream, an input event stream) gets one attempt
    const replayable = !eventInput && (request.body === undefined || typeof request.body === "string" || request.body instanceof Uint8Array);
    const maxAttempts = replayable ? (options.maxAttempts ?? this.#retry.maxAttempts) : 1;
    let totalRetryDelay = 0;
    let lastError: unknown;
    for (let attempt = 1; ; attempt++) {
      try {
        const eventSigning: { options?: SignEventOptions } | undefined = eventInput ? {} : undefined;
        const signed = await this.#sign(op, request, endpoint, eventSigning);
        if (eventInput) {
          // the frames are produced as the transport reads them; SigV4 chains their signatures from the request's
          const seed = eventSigning?.options ? seedSignature(signed.headers) : undefined;
          signed.body = inputEventStreamBody({
            schema,
            protocol,
            unionRef: eventInput.unionRef,
            events: eventInput.events,
            ...(initialRequest ? { initialRequest } : {}),
            ...(seed ? { sign: eventFrameSigner({ ...eventSigning!.options!, seedSignature: seed }) } : {}),
          });
        }
        const res = await this.#http.send(signed, { signal, requestTimeout: options.requestTimeout ?? this.config.requestTimeout });
        const metadata = responseMetadata(res, attempt, totalRetryDelay);
        if (res.statusCode < 200 || res.statusCode >= 300) {
          throw await this.#toServiceError(protocol, op, opName, res, metadata);
        }
        const out = await this.#parse(protocol, op, opName, prepared, res, metadata, options);
        this.#retry.onSuccess(attempt > 1, lastError);
        return out;
      } catch (err) {
        const modeled = err instanceof ServiceException ? this.#modeledRetryable(err) : undefined;
        const delay = signal?.aborted ? undefined : this.#retry.nextDelay(attempt, retryKind(err, modeled), err, maxAttempts);
        if (delay === undefined) {
          if (err instanceof ServiceException) Object.assign(err.$metadata, { attempts: attempt, totalRetryDelay });
          throw err;
        }
        lastError = err;
        totalRetryDelay += delay;
        await sleep(delay, signal);
      }
    }
  }

  /**
   * The unsigned HTTP request: the protocol's serialisation, then what applies to every protocol
   * (host prefix, service customisations, compression, checksums, user agent, endpoint headers, length).
   */
  #buildRequest(protocol: Protocol, op: OperationSchema, opName: string, input: Record<string, unknown>, endpoint: ResolvedEndpoint): HttpRequest {
    const { schema } = this;
    const request = protocol.serializeRequest({ schema, op, opName, input, endpoint: toEndpoint(endpoint.url) });
    if (hostPrefixApplies(schema, op)) applyHostPrefix(schema, op, opName, input, request);
    this.#features.customizations?.customizeRequest(schema, op, request);
    this.#compressRequest(op, request);
    if (op.httpChecksum || op.httpChecksumRequired) this.#features.checksums!.applyToRequest(schema, op, opName, input, request, this.#checksumSettings());
    request.headers["user-agent"] = USER_AGENT;
    for (const [k, v] of Object.entries(endpoint.headers ?? {})) request.headers[k.toLowerCase()] = v.join(",");
    const body = request.body; // after checksums: an aws-chunked body is a stream
    if (typeof body === "string" || body instanceof Uint8Array) {
      request.headers["content-length"] = String(typeof body === "string" ? Buffer.byteLength(body) : body.byteLength);
    }
    return request;
  }

  async #parse(protocol: Protocol, op: OperationSchema, opName: string, input: Record<string, unknown>, res: HttpResponse, metadata: ResponseMetadata, options: CallOptions): Promise<unknown> {
    const { schema } = this;
    if (op.outputEventStream) {
      const fields = protocol.parseResponse({ schema, op, opName, status: res.statusCode, headers: res.headers, body: new Uint8Array(0) });
      const outShape = schema.shapes[op.output] as StructureSchema;
      if (!protocol.parseInitialResponse) {
        // the initial response (HTTP bindings) must carry the output's required members
        for (const [name, m] of Object.entries(outShape.members)) {
          if (name !== op.outputEventStream && m.required && m.default === undefined && fields[name] === undefined) {
            res.body.destroy();
            throw new ResponseParseError(`${schema.sdkId} ${opName}: the response lacks the required member ${name}`, metadata);
          }
        }
      }
      const resp = streamingResponse({
        schema,
        protocol,
        errors: this.#errors,
        unionRef: outShape.members[op.outputEventStream].target,
        memberName: op.outputEventStream,
        outputRef: op.output,
        fields,
        body: res.body,
        idleTimeoutMs: options.streamIdleTimeout ?? this.config.streamIdleTimeout ?? DEFAULT_STREAM_IDLE_TIMEOUT,
        signal: options.signal,
        metadata,
      }) as Record<string, unknown>;
      attachMetadata(resp, metadata);
      return resp;
    }
    const streamMember = streamingPayload(schema, op);
    if (streamMember) {
      // a streaming blob (S3 GetObject's Body) is handed over unread: the caller pipes it
      const out = protocol.parseResponse({ schema, op, opName, status: res.statusCode, headers: res.headers, body: new Uint8Array(0) });
      // validated as it is read when the call asked for checksums (errors at the end on a mismatch)
      out[streamMember] = op.httpChecksum ? this.#features.checksums!.checkStream(op, input, res.headers, res.body) : res.body;
      attachMetadata(out, metadata);
      return out;
    }
    const body = await readBody(res.body);
    if (op.httpChecksum) this.#features.checksums!.checkBody(op, input, res.headers, body);
    let out: Record<string, unknown>;
    try {
      out = protocol.parseResponse({ schema, op, opName, status: res.statusCode, headers: res.headers, body });
    } catch (e) {
      throw new ResponseParseError(`${schema.sdkId} ${opName}: cannot parse the response: ${(e as Error).message}`, metadata, { cause: e });
    }
    attachMetadata(out, metadata);
    return out;
  }

  async #toServiceError(protocol: Protocol, op: OperationSchema, opName: string, res: HttpResponse, metadata: ResponseMetadata): Promise<Error> {
    const { schema } = this;
    const body = await readBody(res.body);
    const ctx = { schema, op, opName, status: res.statusCode, headers: res.headers, body };
    const info = protocol.parseError(ctx);
    metadata.requestId ??= info.requestId;
    const name = info.code ? this.#errorShapeName(info.code) : undefined;
    const fault = res.statusCode >= 500 ? "server" : "client";
    const bodyObj = (info.body ?? {}) as Record<string, unknown>;
    const fallbackMessage = (bodyObj.message ?? bodyObj.Message ?? bodyObj.errorMessage ?? info.message) as string | undefined;
    if (name) {
      const shape = schema.shapes[name] as StructureSchema;
      const fields = protocol.readErrorFields(schema, shape, ctx, info);
      const message = (fields.message ?? fields.Message ?? fallbackMessage) as string | undefined;
      const Cls = this.#errors[name];
      if (Cls) return new Cls({ message, $metadata: metadata, fields });
      return new ServiceException({ message, $metadata: metadata, fields }, info.code, shape.error ?? fault);
    }
    const code = info.code ?? (res.statusCode === 404 ? "NotFound" : `Http${res.statusCode}`);
    return new ServiceException({ message: fallbackMessage ?? `${schema.sdkId} ${opName} failed with HTTP ${res.statusCode}`, $metadata: metadata }, code, fault);
  }

  /** The schema name of the error shape the service named, if the model has it. */
  #errorShapeName(code: string): string | undefined {
    if (!this.#errorIndex) {
      this.#errorIndex = new Map();
      for (const [name, s] of Object.entries(this.schema.shapes)) {
        if (s.type === "structure" && s.error) this.#errorIndex.set(s.wireName ?? name, name);
      }
    }
    return this.#errorIndex.get(code);
  }

  #modeledRetryable(err: ServiceException): { throttling?: boolean } | undefined {
    const name = this.#errorShapeName(err.name);
    return name ? (this.schema.shapes[name] as StructureSchema).retryable : undefined;
  }

  /** `smithy.api#requestCompression`: gzip a large enough body, appending `gzip` to `Content-Encoding`. */
  #compressRequest(op: OperationSchema, request: HttpRequest): void {
    if (!op.requestCompression?.encodings.includes("gzip")) return;
    if (this.config.disableRequestCompression ?? /^true$/i.test(this.#env.AWS_DISABLE_REQUEST_COMPRESSION ?? "")) return;
    const body = request.body;
    if (typeof body !== "string" && !(body instanceof Uint8Array)) return;
    const min = this.config.requestMinCompressionSizeBytes ?? (Number(this.#env.AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES) || 10240);
    if ((typeof body === "string" ? Buffer.byteLength(body) : body.byteLength) < min) return;
    request.body = new Uint8Array(builtin("node:zlib").gzipSync(body));
    const encoding = request.headers["content-encoding"];
    request.headers["content-encoding"] = encoding ? `${encoding}, gzip` : "gzip";
  }

  /**
   * A call whose operation needs a feature module the client was built without fails before anything is
   * sent, rather than leaving out what the service expects; the check is made on the operation's first call.
   */
  #checkFeatures(op: OperationSchema, opName: string): void {
    for (const feature of featuresNeeded(this.schema, op)) {
      if (!this.#features[feature]) throw new NotSupportedError(missingFeatureMessage(this.schema.sdkId, opName, feature));
    }
    this.#featuresChecked.add(op);
  }

  #checksumSettings(): ChecksumSettings {
    return (this.#checksums ??= this.#features.checksums!.resolveSettings({
      requestChecksumCalculation: this.config.requestChecksumCalculation,
      responseChecksumValidation: this.config.responseChecksumValidation,
      env: this.#env,
      profile: this.config.profile,
    }));
  }

  #fillIdempotencyTokens(op: OperationSchema, input: Record<string, unknown>): Record<string, unknown> {
    if (op.input === "Unit") return input;
    const shape = this.schema.shapes[op.input] as StructureSchema;
    let out = input;
    for (const name in shape.members) {
      if (shape.members[name].idempotencyToken && (input[name] === undefined || input[name] === null)) {
        if (out === input) out = { ...input };
        out[name] = (this.config.idempotencyTokenProvider ?? randomUUID)();
      }
    }
    return out;
  }

  #getRegion(): string {
    return (this.#region ??= resolveRegion({ region: this.config.region, profile: this.config.profile, env: this.#env }));
  }

  /** The endpoint from the config, `AWS_ENDPOINT_URL_<SERVICE>` or `AWS_ENDPOINT_URL`. */
  #configuredEndpoint(): string | undefined {
    if (this.config.endpoint) return this.config.endpoint;
    if (/^true$/i.test(this.#env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? "")) return undefined;
    return this.#env[`AWS_ENDPOINT_URL_${this.schema.envName}`] || this.#env.AWS_ENDPOINT_URL || undefined;
  }

  async #resolveEndpoint(op: OperationSchema, opName: string, input: Record<string, unknown>): Promise<ResolvedEndpoint> {
    const { schema } = this;
    const ruleSet = schema.endpointRuleSet;
    const configured = this.#configuredEndpoint();
    if (!ruleSet) {
      const { customizations } = this.#features;
      if (customizations) {
        // S3 without its rule set: the bucket goes in the host (or the path), as S3's rules would put it
        const c = this.config;
        const custom = customizations.endpointWithoutRules(schema, op, input, () => ({
          region: this.#getRegion(),
          ...(configured ? { endpoint: configured } : {}),
          forcePathStyle: c.forcePathStyle,
          useAccelerateEndpoint: c.useAccelerateEndpoint,
          useDualstackEndpoint: c.useDualstackEndpoint,
          useFipsEndpoint: c.useFipsEndpoint,
        }));
        if (custom) return custom;
      }
      if (configured) return { url: configured };
      if (!schema.endpointPrefix) throw new NotSupportedError(`${schema.sdkId} has no endpoint rules; set \`endpoint\` in the client config`);
      return { url: `https://${schema.endpointPrefix}.${this.#getRegion()}.amazonaws.com` };
    }
    const binder = (this.#endpointParams ??= new EndpointParamBinder({
      schema,
      config: this.config,
      env: this.#env,
      region: () => this.#getRegion(),
      endpoint: () => this.#configuredEndpoint(),
      ...(this.#features.contextParams ? { contextParams: this.#features.contextParams } : {}),
    }));
    // AWS::Auth::AccountId comes from the credentials the call will be signed with
    let identity;
    if (binder.needsIdentity && (op.auth ?? schema.auth).includes("aws.auth#sigv4") && !this.#hasToken()) {
      this.#credentials ??= credentialsProvider({ credentials: this.config.credentials, profile: this.config.profile, env: this.#env });
      try {
        identity = await this.#credentials();
      } catch (e) {
        if (!op.optionalAuth) throw e;
      }
    }
    const params = binder.bind(op, opName, input, identity);
    this.#endpointResolver ??= createEndpointResolver(ruleSet, { partitions: schema.partitions as PartitionsData });
    try {
      return this.#endpointResolver(params);
    } catch (e) {
      (e as Error).message = `${schema.sdkId} ${opName}: ${(e as Error).message}`;
      throw e;
    }
  }

  /**
   * Checks an input event stream can be sent before anything is: the HTTP handler must carry it and the
   * protocol encode it; the member must be an (async) iterable of events.
   */
  #inputEventStream(protocol: Protocol, op: OperationSchema, opName: string, input: Record<string, unknown>): { unionRef: string; events: AsyncIterable<unknown> | Iterable<unknown> } {
    const { schema } = this;
    const member = op.inputEventStream!;
    if (!this.#http.eventStreamInput) {
      throw new NotSupportedError(
        `${schema.sdkId} ${opName}: its input \`${member}\` is an event stream, which needs HTTP/2; the HTTP handler does not speak it, so this is not supported yet (give an \`httpHandler\` that declares \`eventStreamInput\`)`,
      );
    }
    if (!protocol.serializeEventBody) throw new NotSupportedError(`${schema.sdkId} ${opName}: input event streams are not supported yet for the ${protocol.name} protocol`);
    const unionRef = (schema.shapes[op.input] as StructureSchema).members[member].target;
    return { unionRef, events: inputEvents(input?.[member], `${opName}.${member}`) };
  }

  async #sign(op: OperationSchema, request: HttpRequest, endpoint: ResolvedEndpoint, eventSigning?: { options?: SignEventOptions }): Promise<HttpRequest> {
    const { schema } = this;
    const auth = op.auth ?? schema.auth;
    if (auth.includes("smithy.api#httpBearerAuth") && this.#hasToken()) {
      return signBearer(request, await this.#token!());
    }
    if (auth.includes("aws.auth#sigv4")) {
      // the first of the endpoint's auth schemes we support; throws when it lists only sigv4a / sigv4-s3express
      const scheme = endpointAuthScheme(endpoint, schema.sdkId);
      this.#credentials ??= credentialsProvider({ credentials: this.config.credentials, profile: this.config.profile, env: this.#env });
      let credentials;
      try {
        credentials = await this.#credentials();
      } catch (e) {
        if (op.optionalAuth) return request;
        throw e;
      }
      const region = (scheme?.signingRegion as string | undefined) ?? (scheme?.signingRegionSet as string[] | undefined)?.[0] ?? this.#getRegion();
      const signingName = (scheme?.signingName as string | undefined) ?? schema.signingName ?? schema.endpointPrefix ?? schema.name;
      if (eventSigning) {
        // an input event stream: the request is signed over the streaming marker, its frames chain from that signature
        request = { ...request, headers: { ...request.headers, "x-amz-content-sha256": STREAMING_EVENTS_PAYLOAD } };
        eventSigning.options = { credentials, region, signingName };
      }
      return signRequest(request, {
        credentials,
        region,
        signingName,
        // an aws-chunked body with a checksum trailer is signed as STREAMING-UNSIGNED-PAYLOAD-TRAILER (feature/checksums.ts)
        unsignedPayload: op.unsignedPayload === true && !eventSigning && request.headers["x-amz-trailer"] === undefined,
        uriEscapePath: scheme?.disableDoubleEncoding !== true,
        ...(scheme?.disableNormalizePath === true ? { normalizePath: false } : {}),
      });
    }
    if (auth.includes("aws.auth#sigv4a")) throw new NotSupportedError(`${schema.sdkId}: SigV4a signing is not supported yet`);
    if (auth.length === 0 || auth.includes("smithy.api#noAuth")) return request;
    if (auth.includes("smithy.api#httpBearerAuth")) {
      throw new NotSupportedError(`${schema.sdkId}: this operation needs a bearer token; set \`token\` in the client config`);
    }
    throw new NotSupportedError(`${schema.sdkId}: none of the auth schemes ${auth.join(", ")} is supported yet`);
  }

  /** A bearer token is used when one is configured, as AWS's SDKs do; SigV4 otherwise. */
  #hasToken(): boolean {
    if (this.#token === undefined) {
      const envVar = this.schema.signingName ? bearerTokenEnvVar(this.schema.signingName) : undefined;
      const configured = this.config.token !== undefined || (envVar !== undefined && !!this.#env[envVar]);
      this.#token = configured ? bearerTokenProvider({ token: this.config.token, signingName: this.schema.signingName, env: this.#env }) : null;
    }
    return this.#token !== null;
  }
}

/** The config as given, with `credentials` and `token` kept but not enumerable (so never logged or serialised). */
function hideSecrets(config: ClientConfig): ClientConfig {
  const out: ClientConfig = { ...config };
  for (const k of ["credentials", "token"] as const) {
    if (k in out) Object.defineProperty(out, k, { value: config[k], enumerable: false });
  }
  return out;
}

/** The output member that is a streaming blob payload, if any; looked up once per operation. */
const streamingPayloads = new WeakMap<OperationSchema, string | null>();
function streamingPayload(schema: ServiceSchema, op: OperationSchema): string | undefined {
  let name = streamingPayloads.get(op);
  if (name === undefined) {
    name = null;
    const shape = op.output === "Unit" ? undefined : (schema.shapes[op.output] as StructureSchema | undefined);
    for (const [m, member] of Object.entries(shape?.members ?? {})) {
      const target = schema.shapes[member.target] as { type?: string; streaming?: true } | undefined;
      if (member.httpPayload && target?.type === "blob" && target.streaming) name = m;
    }
    streamingPayloads.set(op, name);
  }
  return name ?? undefined;
}

/**
 * Parsed endpoint URLs, by URL. A client resolves the same endpoint call after call, and `new URL` was
 * one of the dearest steps before a request is written (~0.07 ms of a streaming call's time to first
 * event, where V8 runs the request path unoptimised). Frozen: every call shares them.
 */
const parsedEndpoints = new Map<string, Readonly<Endpoint>>();
const PARSED_ENDPOINTS_MAX = 64;

function toEndpoint(url: string): Readonly<Endpoint> {
  let e = parsedEndpoints.get(url);
  if (e === undefined) {
    e = Object.freeze(parseEndpoint(url));
    if (parsedEndpoints.size >= PARSED_ENDPOINTS_MAX) parsedEndpoints.delete(parsedEndpoints.keys().next().value!);
    parsedEndpoints.set(url, e);
  }
  return e;
}

function parseEndpoint(url: string): Endpoint {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InputValidationError(`invalid endpoint URL ${JSON.stringify(url)}`);
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") throw new InputValidationError(`endpoint ${url}: only http and https are supported`);
  return {
    protocol: u.protocol,
    hostname: u.hostname.replace(/^\[(.*)\]$/, "$1"),
    ...(u.port ? { port: Number(u.port) } : {}),
    path: u.pathname === "/" ? "" : u.pathname.replace(/\/$/, ""),
  };
}

/** `smithy.api#endpoint` host prefix, with `hostLabel` members substituted. */
function applyHostPrefix(schema: ServiceSchema, op: OperationSchema, opName: string, input: Record<string, unknown>, request: HttpRequest): void {
  if (!op.hostPrefix) return;
  const prefix = op.hostPrefix.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = input[name];
    if (typeof v !== "string" || !/^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/.test(v)) {
      throw new InputValidationError(`${opName}.${name} must be a valid host label: it becomes part of the host name`);
    }
    return v;
  });
  request.hostname = prefix + request.hostname;
}

function responseMetadata(res: HttpResponse, attempts: number, totalRetryDelay: number): ResponseMetadata {
  const h = res.headers;
  return {
    httpStatusCode: res.statusCode,
    requestId: h["x-amzn-requestid"] ?? h["x-amz-request-id"] ?? h["x-amzn-request-id"],
    extendedRequestId: h["x-amz-id-2"],
    cfId: h["x-amz-cf-id"],
    attempts,
    totalRetryDelay,
  };
}

// `@org/runtime/client`: the client and the errors' base class, without loading every protocol the
// runtime has. Generated packages import these with their protocol from `service/<protocol>.ts`.
export { ServiceException } from "./errors.js";
