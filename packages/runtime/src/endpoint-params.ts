/**
 * Binding endpoint rule-set parameters for one call (Smithy rules engine, "Binding parameter
 * values"), and choosing the auth scheme a resolved endpoint asks for.
 *
 * A parameter takes the most specific value available, in this order:
 *
 *   1. `smithy.rules#staticContextParams` of the operation
 *   2. `smithy.rules#contextParam` on a top-level input member
 *   3. `smithy.rules#operationContextParams`: a path expression over the input (feature/context-params.ts)
 *   4. client context params: `config.endpointParams[Name]`, then the client config option named
 *      after the parameter in lowerCamel (`forcePathStyle`), or its AWS SDK name
 *   5. built-ins (`AWS::Region`, `AWS::S3::ForcePathStyle`, ...): client config, then the
 *      environment, then the shared config profile
 *   6. the rule set's default (applied by the engine)
 *
 * Client-level values (4, 5) are read once per client; per-call values (1-3) on every call.
 */
import type { ClientConfig } from "./client.js";
import { type Env, getProfile, getProfileString, type Profile } from "./config/profile.js";
import type { ResolvedEndpoint } from "./endpoints/types.js";
import { InputValidationError, NotSupportedError } from "./errors.js";
import { type ContextParamsFeature, missingFeatureMessage } from "./features.js";
import type { EndpointParameter, OperationSchema, ServiceSchema, StructureSchema } from "./schema.js";

/** What a built-in may read besides the client config. */
export interface EndpointParamSources {
  schema: ServiceSchema;
  config: Readonly<ClientConfig>;
  env: Env;
  /** The client's region (throws when none is configured). */
  region: () => string;
  /** The configured endpoint URL (config, `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`), if any. */
  endpoint: () => string | undefined;
  /** The path evaluator for `operationContextParams` (`feature/context-params`), when the client has it. */
  contextParams?: ContextParamsFeature;
}

/** The caller's identity, for `AWS::Auth::AccountId` and `AWS::Auth::CredentialScope`. */
export interface EndpointIdentity {
  accountId?: string;
  credentialScope?: string;
}

export type AccountIdEndpointMode = "preferred" | "disabled" | "required";
const ACCOUNT_ID_ENDPOINT_MODES: readonly string[] = ["preferred", "disabled", "required"];

/**
 * Client config options (and their environment variable and profile key) for the AWS built-ins
 * beyond Region/FIPS/DualStack/Endpoint, named as AWS's SDKs name them.
 */
interface FlagSource {
  option: keyof ClientConfig;
  env?: string;
  profile?: string;
  /** For settings that are `legacy` / `regional` strings: the value that means `true`. */
  trueWhen?: string;
}

const BUILT_IN_FLAGS: Record<string, FlagSource> = {
  "AWS::UseFIPS": { option: "useFipsEndpoint", env: "AWS_USE_FIPS_ENDPOINT", profile: "use_fips_endpoint" },
  "AWS::UseDualStack": { option: "useDualstackEndpoint", env: "AWS_USE_DUALSTACK_ENDPOINT", profile: "use_dualstack_endpoint" },
  "AWS::S3::ForcePathStyle": { option: "forcePathStyle" },
  "AWS::S3::Accelerate": { option: "useAccelerateEndpoint" },
  "AWS::S3::UseArnRegion": { option: "useArnRegion", env: "AWS_S3_USE_ARN_REGION", profile: "s3_use_arn_region" },
  "AWS::S3Control::UseArnRegion": { option: "useArnRegion", env: "AWS_S3_USE_ARN_REGION", profile: "s3_use_arn_region" },
  "AWS::S3::DisableMultiRegionAccessPoints": {
    option: "disableMultiregionAccessPoints",
    env: "AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS",
    profile: "s3_disable_multiregion_access_points",
  },
  "AWS::S3::UseGlobalEndpoint": {
    option: "useGlobalEndpoint",
    env: "AWS_S3_US_EAST_1_REGIONAL_ENDPOINT",
    profile: "s3_us_east_1_regional_endpoint",
    trueWhen: "legacy",
  },
  "AWS::STS::UseGlobalEndpoint": {
    option: "useGlobalEndpoint",
    env: "AWS_STS_REGIONAL_ENDPOINTS",
    profile: "sts_regional_endpoints",
    trueWhen: "legacy",
  },
};

/** Client context params without a built-in that still have an environment variable / profile key. */
const CLIENT_CONTEXT_FLAGS: Record<string, FlagSource> = {
  DisableS3ExpressSessionAuth: {
    option: "disableS3ExpressSessionAuth",
    env: "AWS_S3_DISABLE_EXPRESS_SESSION_AUTH",
    profile: "s3_disable_express_session_auth",
  },
};

/** `ForcePathStyle` → `forcePathStyle`. */
export function lowerCamel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** Binds a service's endpoint parameters; one per client. */
export class EndpointParamBinder {
  readonly #src: EndpointParamSources;
  readonly #parameters: Record<string, EndpointParameter>;
  #clientParams?: Record<string, unknown>;
  #profile?: Profile;
  #accountIdMode?: AccountIdEndpointMode;
  /** Parameter names bound from the caller's identity. */
  readonly #identityParams: { accountId: string[]; credentialScope: string[] } = { accountId: [], credentialScope: [] };

  constructor(sources: EndpointParamSources) {
    this.#src = sources;
    this.#parameters = sources.schema.endpointRuleSet?.parameters ?? {};
    for (const [name, p] of Object.entries(this.#parameters)) {
      if (p.builtIn === "AWS::Auth::AccountId") this.#identityParams.accountId.push(name);
      else if (p.builtIn === "AWS::Auth::CredentialScope") this.#identityParams.credentialScope.push(name);
    }
  }

  /** True when binding needs the caller's credentials first (`AWS::Auth::AccountId`, unless the mode is `disabled`; `AWS::Auth::CredentialScope`). */
  get needsIdentity(): boolean {
    const { accountId, credentialScope } = this.#identityParams;
    return credentialScope.length > 0 || (accountId.length > 0 && this.accountIdEndpointMode() !== "disabled");
  }

  /** `accountIdEndpointMode`, `AWS_ACCOUNT_ID_ENDPOINT_MODE`, the profile's `account_id_endpoint_mode`, or `preferred`. */
  accountIdEndpointMode(): AccountIdEndpointMode {
    if (this.#accountIdMode) return this.#accountIdMode;
    const { config, env } = this.#src;
    let value: string | undefined = config.accountIdEndpointMode;
    let from = "accountIdEndpointMode";
    if (value === undefined && env.AWS_ACCOUNT_ID_ENDPOINT_MODE) [value, from] = [env.AWS_ACCOUNT_ID_ENDPOINT_MODE, "AWS_ACCOUNT_ID_ENDPOINT_MODE"];
    if (value === undefined) {
      value = getProfileString(this.#getProfile(), "account_id_endpoint_mode");
      from = "account_id_endpoint_mode in the shared config";
    }
    value ??= "preferred";
    if (!ACCOUNT_ID_ENDPOINT_MODES.includes(value)) {
      throw new InputValidationError(`${from} must be one of ${ACCOUNT_ID_ENDPOINT_MODES.join(", ")}; got ${JSON.stringify(value)}`);
    }
    return (this.#accountIdMode = value as AccountIdEndpointMode);
  }

  /** The parameters for one call of `op` with `input`. */
  bind(op: OperationSchema, opName: string, input: Record<string, unknown>, identity?: EndpointIdentity): Record<string, unknown> {
    const params: Record<string, unknown> = { ...this.clientParams() };
    if (identity) {
      if (identity.accountId !== undefined && this.accountIdEndpointMode() !== "disabled") {
        for (const name of this.#identityParams.accountId) params[name] ??= identity.accountId;
      }
      if (identity.credentialScope !== undefined) {
        for (const name of this.#identityParams.credentialScope) params[name] ??= identity.credentialScope;
      }
    }
    // least specific first: each step overwrites the one before
    if (op.operationContextParams && !this.#src.contextParams) {
      throw new NotSupportedError(missingFeatureMessage(this.#src.schema.sdkId, opName, "contextParams"));
    }
    for (const [name, { path }] of Object.entries(op.operationContextParams ?? {})) {
      const v = this.#src.contextParams!.evaluatePath(path, input);
      if (v !== null && v !== undefined) params[name] = v;
    }
    if (op.input !== "Unit") {
      const members = (this.#src.schema.shapes[op.input] as StructureSchema | undefined)?.members ?? {};
      for (const m in members) {
        const member = members[m]!;
        const ctx = member.contextParam;
        if (!ctx) continue;
        const v = input[m];
        if (member.required && (v === undefined || v === null || (typeof v === "string" && v.trim() === ""))) {
          throw new InputValidationError(`${opName}: ${m} is required and must not be empty: it selects the endpoint`);
        }
        if (v !== undefined && v !== null) params[ctx] = v;
      }
    }
    for (const [name, v] of Object.entries(op.staticContextParams ?? {})) params[name] = v.value;
    return params;
  }

  /** Built-ins and client context params: the same for every call, read once. */
  clientParams(): Readonly<Record<string, unknown>> {
    if (this.#clientParams) return this.#clientParams;
    const { schema, config } = this.#src;
    const out: Record<string, unknown> = {};
    for (const [name, p] of Object.entries(this.#parameters)) {
      const v = p.builtIn ? this.#builtIn(p.builtIn) : undefined;
      if (v !== undefined) out[name] = v;
    }
    const configRecord = config as Record<string, unknown>;
    for (const name of Object.keys(schema.clientContextParams ?? {})) {
      let v = configRecord[lowerCamel(name)];
      if (v === undefined && CLIENT_CONTEXT_FLAGS[name]) v = this.#flag(CLIENT_CONTEXT_FLAGS[name]);
      if (v !== undefined) out[name] = v;
    }
    for (const [name, v] of Object.entries(config.endpointParams ?? {})) {
      if (v !== undefined) out[name] = v;
    }
    return (this.#clientParams = Object.freeze(out));
  }

  #builtIn(builtIn: string): unknown {
    switch (builtIn) {
      case "AWS::Region":
        return this.#src.region();
      case "SDK::Endpoint":
        return this.#src.endpoint();
      case "AWS::UseFIPS":
      case "AWS::UseDualStack":
        return this.#flag(BUILT_IN_FLAGS[builtIn]) ?? false;
      case "AWS::Auth::AccountIdEndpointMode":
        return this.accountIdEndpointMode();
      default: {
        const source = BUILT_IN_FLAGS[builtIn];
        return source ? this.#flag(source) : undefined;
      }
    }
  }

  /** A boolean setting: client config, then the environment, then the profile; undefined when unset. */
  #flag(source: FlagSource): boolean | undefined {
    const v = (this.#src.config as Record<string, unknown>)[source.option];
    if (v !== undefined) return v as boolean;
    const parse = (s: string, where: string): boolean => {
      const t = s.trim().toLowerCase();
      if (source.trueWhen) {
        if (t !== "legacy" && t !== "regional") throw new InputValidationError(`${where} must be legacy or regional; got ${JSON.stringify(s)}`);
        return t === source.trueWhen;
      }
      if (t !== "true" && t !== "false") throw new InputValidationError(`${where} must be true or false; got ${JSON.stringify(s)}`);
      return t === "true";
    };
    const e = source.env ? this.#src.env[source.env] : undefined;
    if (e) return parse(e, source.env!);
    const p = source.profile ? getProfileString(this.#getProfile(), source.profile) : undefined;
    if (p !== undefined && p !== "") return parse(p, `${source.profile} in the shared config`);
    return undefined;
  }

  #getProfile(): Profile {
    return (this.#profile ??= getProfile({ profile: this.#src.config.profile, env: this.#src.env }).properties);
  }
}

// ---------------------------------------------------------------------------------------------
// The resolved endpoint's auth schemes.

/** The endpoint asks only for auth schemes this runtime cannot sign with yet. Nothing was sent. */
export class UnsupportedAuthSchemeError extends NotSupportedError {
  override name = "UnsupportedAuthSchemeError";
  constructor(
    message: string,
    /** the schemes the endpoint listed, in its order of preference */
    readonly schemes: readonly Record<string, unknown>[],
    /** the endpoint that asked for them */
    readonly endpoint: ResolvedEndpoint,
  ) {
    super(message);
  }
}

/** Auth schemes a rule set may name that the runtime can sign with. */
const SUPPORTED_ENDPOINT_SCHEMES = new Set(["sigv4"]);

/**
 * The first auth scheme of the endpoint's `authSchemes` this runtime supports (they are in order of
 * preference), `undefined` when the endpoint names none, or an {@link UnsupportedAuthSchemeError}
 * when it names only unsupported ones (`sigv4a`, `sigv4-s3express`).
 */
export function endpointAuthScheme(endpoint: ResolvedEndpoint, sdkId: string): Record<string, unknown> | undefined {
  const schemes = endpoint.properties?.authSchemes as Record<string, unknown>[] | undefined;
  if (!schemes || schemes.length === 0) return undefined;
  const found = schemes.find((s) => SUPPORTED_ENDPOINT_SCHEMES.has(s.name as string));
  if (found) return found;
  const names = schemes.map((s) => String(s.name));
  const what = names.map((n) => (n === "sigv4a" ? "sigv4a (SigV4a signing)" : n === "sigv4-s3express" ? "sigv4-s3express (S3 Express One Zone session auth)" : n));
  throw new UnsupportedAuthSchemeError(
    `${sdkId}: the endpoint ${endpoint.url} requires the ${what.join(" or ")} auth scheme, which is not supported yet`,
    schemes,
    endpoint,
  );
}

// ---------------------------------------------------------------------------------------------
// Host prefixes and endpoint rules.

/**
 * Whether the operation's `smithy.api#endpoint` host prefix is applied to the resolved endpoint.
 * It is, except for S3 Control: its rule set already puts the account ID in the host (or routes
 * Outposts requests by header), so its `{AccountId}.` prefix would be doubled. AWS's SDKs drop
 * those prefixes from the S3 Control model (Go, Kotlin, Rust, Java: "remove account ID host prefix").
 */
export function hostPrefixApplies(schema: ServiceSchema, op: OperationSchema): boolean {
  if (!op.hostPrefix) return false;
  return !(schema.sdkId === "S3 Control" && schema.endpointRuleSet && op.hostPrefix === "{AccountId}.");
}

// S3's bucket label: restXml takes it out of the URI, feature/customizations places the bucket without
// rules. Here rather than in either, so that neither loads the other's file.

/**
 * An S3 schema without `smithy.rules#endpointRuleSet` (AWS's S3 model has one; the protocol tests'
 * S3 service does not): the runtime places the bucket itself, as S3's rule set would.
 */
export function isS3WithoutRules(schema: ServiceSchema): boolean {
  return schema.sdkId === "S3" && !schema.endpointRuleSet;
}

/**
 * The input member naming the bucket of an S3 URI (`/{Bucket}/...`): the label bound to the `Bucket`
 * endpoint context parameter, or, without a rule set, the label named `Bucket`. Endpoint resolution
 * puts the bucket in the URL (host or path), so the label leaves the URI.
 */
export function s3BucketLabel(schema: ServiceSchema, op: OperationSchema): string | undefined {
  if (!op.http || op.input === "Unit" || !(schema.endpointRuleSet || isS3WithoutRules(schema))) return undefined;
  const members = (schema.shapes[op.input] as StructureSchema | undefined)?.members ?? {};
  const label = Object.keys(members).find((n) => members[n].httpLabel && (members[n].contextParam === "Bucket" || (!schema.endpointRuleSet && n === "Bucket")));
  return label && op.http.uri.startsWith(`/{${label}}`) ? label : undefined;
}
