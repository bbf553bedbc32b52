/**
 * AWS credentials: resolution chain, a redacting credentials value type, and a memoising provider.
 *
 * Secrets (`secretAccessKey`, `sessionToken`) are held in private fields and exposed through
 * prototype getters, so they never show up in `JSON.stringify`, `util.inspect`, `Object.keys`,
 * object spread, or in any error message produced here.
 */
import { inspectCustom } from "../builtins.js";
import { type Env, type Profile, type ResolvedProfile, getProfile, getProfileString } from "./profile.js";

/** The plain shape accepted from users and providers. */
export interface AwsCredentialsInput {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
  /** The AWS account the credentials belong to: endpoint rules may route by it (`AWS::Auth::AccountId`). */
  accountId?: string;
  /** The credential scope (`AWS::Auth::CredentialScope`), if the source gives one. */
  credentialScope?: string;
}

/** A resolved credentials value (what signers consume). */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
  readonly accountId?: string;
  readonly credentialScope?: string;
  /** Where the credentials came from (e.g. "env", "profile default (credentials file)"). */
  readonly source?: string;
}

/** An async credentials provider as returned by {@link credentialsProvider}. */
export type CredentialsProvider = () => Promise<AwsCredentials>;

/** What the `credentials` client option may be: static credentials or a (sync or async) provider. */
export type CredentialsOption = AwsCredentialsInput | (() => AwsCredentialsInput | Promise<AwsCredentialsInput>);

const REDACTED = "[redacted]";

/** Credentials value whose secrets are not enumerable, not serialised and not inspected. */
export class Credentials implements AwsCredentials {
  readonly #secretAccessKey: string;
  readonly #sessionToken: string | undefined;
  declare readonly accessKeyId: string;
  declare readonly expiration?: Date;
  declare readonly accountId?: string;
  declare readonly credentialScope?: string;
  declare readonly source?: string;

  constructor(input: AwsCredentialsInput & { source?: string }) {
    this.#secretAccessKey = input.secretAccessKey;
    this.#sessionToken = input.sessionToken || undefined;
    Object.defineProperty(this, "accessKeyId", { value: input.accessKeyId, enumerable: true });
    if (input.expiration !== undefined) {
      Object.defineProperty(this, "expiration", { value: new Date(input.expiration.getTime()), enumerable: true });
    }
    if (input.accountId !== undefined) Object.defineProperty(this, "accountId", { value: input.accountId, enumerable: true });
    if (input.credentialScope !== undefined) Object.defineProperty(this, "credentialScope", { value: input.credentialScope, enumerable: true });
    if (input.source !== undefined) Object.defineProperty(this, "source", { value: input.source, enumerable: true });
    Object.freeze(this);
  }

  get secretAccessKey(): string {
    return this.#secretAccessKey;
  }

  get sessionToken(): string | undefined {
    return this.#sessionToken;
  }

  toJSON(): Record<string, unknown> {
    return {
      accessKeyId: this.accessKeyId,
      secretAccessKey: REDACTED,
      ...(this.#sessionToken !== undefined ? { sessionToken: REDACTED } : {}),
      ...(this.expiration ? { expiration: this.expiration.toISOString() } : {}),
      ...(this.accountId !== undefined ? { accountId: this.accountId } : {}),
      ...(this.credentialScope !== undefined ? { credentialScope: this.credentialScope } : {}),
      ...(this.source ? { source: this.source } : {}),
    };
  }

  toString(): string {
    return `Credentials(${this.accessKeyId})`;
  }

  [inspectCustom](_depth: number, options: { stylize?: (s: string, style: string) => string }): string {
    const s = options?.stylize ?? ((x: string) => x);
    const parts = [`accessKeyId: ${s(`'${this.accessKeyId}'`, "string")}`, `secretAccessKey: ${s(REDACTED, "special")}`];
    if (this.#sessionToken !== undefined) parts.push(`sessionToken: ${s(REDACTED, "special")}`);
    if (this.expiration) parts.push(`expiration: ${s(this.expiration.toISOString(), "date")}`);
    if (this.accountId !== undefined) parts.push(`accountId: ${s(`'${this.accountId}'`, "string")}`);
    if (this.source) parts.push(`source: ${s(`'${this.source}'`, "string")}`);
    return `Credentials { ${parts.join(", ")} }`;
  }
}

/** Wraps plain credentials in a redacting {@link Credentials} (returns `c` itself if it already is one). */
export function toCredentials(c: AwsCredentialsInput & { source?: string }, source?: string): Credentials {
  if (c instanceof Credentials && (source === undefined || c.source === source)) return c;
  if (!c || typeof c.accessKeyId !== "string" || typeof c.secretAccessKey !== "string" || !c.accessKeyId || !c.secretAccessKey) {
    throw new TypeError("Invalid credentials: accessKeyId and secretAccessKey must be non-empty strings");
  }
  if (c.sessionToken !== undefined && typeof c.sessionToken !== "string") {
    throw new TypeError("Invalid credentials: sessionToken must be a string");
  }
  let expiration = c.expiration as Date | string | number | undefined;
  if (expiration !== undefined && !(expiration instanceof Date)) expiration = new Date(expiration);
  if (expiration !== undefined && Number.isNaN(expiration.getTime())) {
    throw new TypeError("Invalid credentials: expiration is not a valid date");
  }
  if (c.accountId !== undefined && typeof c.accountId !== "string") throw new TypeError("Invalid credentials: accountId must be a string");
  return new Credentials({
    accessKeyId: c.accessKeyId,
    secretAccessKey: c.secretAccessKey,
    sessionToken: c.sessionToken,
    expiration,
    accountId: c.accountId,
    credentialScope: c.credentialScope,
    source: source ?? c.source,
  });
}

/** No credentials could be found. `tried` lists each source and why it gave nothing. */
export class CredentialsMissingError extends Error {
  override readonly name = "CredentialsMissingError";
  constructor(readonly tried: readonly string[]) {
    super(
      "Could not find AWS credentials. Tried, in order:\n" +
        tried.map((t) => `  - ${t}`).join("\n") +
        "\nSet the client's `credentials` option, the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY environment " +
        "variables, or aws_access_key_id / aws_secret_access_key in the profile of ~/.aws/credentials.",
    );
  }
}

export interface ResolveCredentialsOptions {
  /** Credentials from client configuration (static or a provider); wins over everything else. */
  credentials?: CredentialsOption;
  /** Profile name (otherwise `AWS_PROFILE`, then "default"). */
  profile?: string;
  /** Environment, default `process.env`. */
  env?: Env;
}

const PROFILE_KINDS_NOT_SUPPORTED = ["role_arn", "sso_session", "sso_start_url", "credential_process", "web_identity_token_file", "login_session"];

function fromProfileSection(
  section: Profile | undefined,
  label: string,
  tried: string[],
): Credentials | undefined {
  if (!section) {
    tried.push(`${label}: profile not present`);
    return undefined;
  }
  const p = section;
  const accessKeyId = getProfileString(p, "aws_access_key_id");
  const secretAccessKey = getProfileString(p, "aws_secret_access_key");
  if (accessKeyId && secretAccessKey) {
    return toCredentials(
      {
        accessKeyId,
        secretAccessKey,
        sessionToken: getProfileString(p, "aws_session_token"),
        accountId: getProfileString(p, "aws_account_id") || undefined,
        credentialScope: getProfileString(p, "aws_credential_scope") || undefined,
      },
      label,
    );
  }
  if (accessKeyId || secretAccessKey) {
    tried.push(`${label}: has ${accessKeyId ? "aws_access_key_id" : "aws_secret_access_key"} but not ${accessKeyId ? "aws_secret_access_key" : "aws_access_key_id"}`);
  } else {
    const other = PROFILE_KINDS_NOT_SUPPORTED.filter((k) => k in p);
    tried.push(
      other.length
        ? `${label}: no static keys; it uses ${other.join(", ")}, which this runtime does not support yet`
        : `${label}: no aws_access_key_id / aws_secret_access_key`,
    );
  }
  return undefined;
}

/**
 * Resolves credentials once (no caching): config option → environment
 * (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_CREDENTIAL_EXPIRATION`,
 * `AWS_ACCOUNT_ID`, `AWS_CREDENTIAL_SCOPE`)
 * → static keys of the profile in the credentials file → in the config file.
 * Throws {@link CredentialsMissingError} listing every source tried.
 */
export async function resolveCredentials(options: ResolveCredentialsOptions = {}): Promise<Credentials> {
  const env = options.env ?? process.env;
  const tried: string[] = [];

  const configured = options.credentials;
  if (configured !== undefined && configured !== null) {
    if (typeof configured === "function") {
      const value = await configured();
      if (!value) throw new CredentialsMissingError(["client config `credentials` provider: returned nothing"]);
      return toCredentials(value, (value as AwsCredentials).source ?? "client config (provider)");
    }
    return toCredentials(configured, (configured as AwsCredentials).source ?? "client config");
  }
  tried.push("client config `credentials`: not set");

  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (accessKeyId && secretAccessKey) {
    const exp = env.AWS_CREDENTIAL_EXPIRATION ? new Date(env.AWS_CREDENTIAL_EXPIRATION) : undefined;
    return toCredentials(
      {
        accessKeyId,
        secretAccessKey,
        sessionToken: env.AWS_SESSION_TOKEN || undefined,
        expiration: exp && !Number.isNaN(exp.getTime()) ? exp : undefined,
        accountId: env.AWS_ACCOUNT_ID || undefined,
        credentialScope: env.AWS_CREDENTIAL_SCOPE || undefined,
      },
      "env",
    );
  }
  tried.push(
    accessKeyId || secretAccessKey
      ? `environment: ${accessKeyId ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY"} is set but ${accessKeyId ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID"} is not`
      : "environment: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY not set",
  );

  const profile: ResolvedProfile = getProfile({ profile: options.profile, env });
  const { files, name } = profile;
  const fromCredFile = fromProfileSection(
    files.credentialsProfiles[name],
    `profile "${name}" in credentials file ${files.credentialsFile}`,
    tried,
  );
  if (fromCredFile) return fromCredFile;
  const fromConfigFile = fromProfileSection(
    files.configProfiles[name],
    `profile "${name}" in config file ${files.configFile}`,
    tried,
  );
  if (fromConfigFile) return fromConfigFile;

  throw new CredentialsMissingError(tried);
}

export interface CredentialsProviderOptions extends ResolveCredentialsOptions {
  /** Refresh credentials this long before `expiration` (default 5 minutes). */
  refreshWindowMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/**
 * A memoising provider (one per client): resolves on first call, then returns the same
 * {@link Credentials} object until it is within `refreshWindowMs` of its `expiration`.
 * Concurrent callers share one in-flight resolution. If a refresh fails while the cached
 * credentials have not yet expired, the cached ones are returned.
 */
export function credentialsProvider(options: CredentialsProviderOptions = {}): CredentialsProvider {
  const refreshWindowMs = options.refreshWindowMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  let cached: Credentials | undefined;
  let inFlight: Promise<Credentials> | undefined;

  const needsRefresh = (c: Credentials): boolean =>
    c.expiration !== undefined && c.expiration.getTime() - now() <= refreshWindowMs;

  return async () => {
    if (cached && !needsRefresh(cached)) return cached;
    if (!inFlight) {
      const previous = cached;
      inFlight = resolveCredentials(options)
        .then(
          (c) => (cached = c),
          (err: unknown) => {
            if (previous?.expiration && previous.expiration.getTime() > now()) return previous;
            throw err;
          },
        )
        .finally(() => {
          inFlight = undefined;
        });
    }
    return inFlight;
  };
}
