import { type Env, getProfile, getProfileString } from "./profile.js";

/** No region was configured anywhere the runtime looks. */
export class RegionMissingError extends Error {
  override readonly name = "RegionMissingError";
  constructor(
    /** The sources consulted, in order. */
    readonly tried: readonly string[],
  ) {
    super(
      "No AWS region is configured. Set one of: the client's `region` option " +
        '(e.g. { region: "us-east-1" }), the AWS_REGION or AWS_DEFAULT_REGION environment variable, ' +
        'or `region = us-east-1` in the active profile of the shared config file (~/.aws/config). ' +
        `Looked in: ${tried.join("; ")}.`,
    );
  }
}

/** A region was configured but is not usable as a host label. */
export class InvalidRegionError extends Error {
  override readonly name = "InvalidRegionError";
  constructor(
    readonly region: string,
    readonly source: string,
  ) {
    super(
      `Invalid AWS region ${JSON.stringify(region)} (from ${source}): a region must be a valid host label ` +
        "(1-63 letters, digits or hyphens, not starting or ending with a hyphen), e.g. us-east-1.",
    );
  }
}

const HOST_LABEL = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;

/** True if `value` is a valid DNS host label (RFC 1123). */
export const isValidHostLabel = (value: string): boolean => HOST_LABEL.test(value);

export interface ResolveRegionOptions {
  /** Region from client configuration; wins over everything else. */
  region?: string;
  /** Profile name (otherwise `AWS_PROFILE`, then "default"). */
  profile?: string;
  /** Environment, default `process.env`. */
  env?: Env;
}

/**
 * Resolves the region: config → `AWS_REGION` → `AWS_DEFAULT_REGION` → the profile's `region`.
 * Empty strings count as unset. Throws {@link RegionMissingError} or {@link InvalidRegionError}.
 */
export function resolveRegion(options: ResolveRegionOptions = {}): string {
  const env = options.env ?? process.env;
  const check = (region: string, source: string): string => {
    if (!isValidHostLabel(region)) throw new InvalidRegionError(region, source);
    return region;
  };
  const tried: string[] = [];

  tried.push("client config `region`");
  if (options.region) return check(options.region, "client config");
  tried.push("env AWS_REGION");
  if (env.AWS_REGION) return check(env.AWS_REGION, "environment variable AWS_REGION");
  tried.push("env AWS_DEFAULT_REGION");
  if (env.AWS_DEFAULT_REGION) return check(env.AWS_DEFAULT_REGION, "environment variable AWS_DEFAULT_REGION");

  const profile = getProfile({ profile: options.profile, env });
  const where = `profile "${profile.name}" in ${profile.files.configFile}`;
  tried.push(profile.inConfigFile || profile.inCredentialsFile ? where : `${where} (profile not found)`);
  const fromProfile = getProfileString(profile.properties, "region");
  if (fromProfile) return check(fromProfile, where);

  throw new RegionMissingError(tried);
}
