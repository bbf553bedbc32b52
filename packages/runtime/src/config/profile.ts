/**
 * Shared AWS config / credentials file support (`~/.aws/config`, `~/.aws/credentials`).
 *
 * Parsing follows the format described in the AWS SDKs and Tools reference guide:
 * - `[default]`, `[profile name]`, `[sso-session name]`, `[services name]` sections in the config
 *   file; `[name]` sections in the credentials file.
 * - Full-line comments start with `#` or `;`. After a section header's `]` anything that is a
 *   comment is ignored; in a property value, `#` / `;` start a comment only when preceded by
 *   whitespace (so `abc#def` keeps its `#`).
 * - `key =` followed by indented `sub = value` lines defines sub-properties (e.g. `s3 =` blocks);
 *   an indented line after a property with a value continues that value (joined with `\n`).
 *
 * Files are read lazily, once per process per (config path, credentials path) pair. A missing file
 * is treated as empty; a malformed file raises {@link SharedConfigParseError} naming file and line.
 */
import { builtin } from "../builtins.js";

const { readFileSync, statSync } = builtin("node:fs");
const { join } = builtin("node:path");
/** `node:os` only when no home directory is in the environment. */
const homedir = (): string => builtin("node:os").homedir();

/** Environment lookup used by the config resolvers; defaults to `process.env`. */
export type Env = Record<string, string | undefined>;

/** A property value: a plain string, or a map of sub-properties for `key =` blocks. */
export type ProfileValue = string | Readonly<Record<string, string>>;

/** One section of a shared config file; keys are property names as written (trimmed). */
export type Profile = Readonly<Record<string, ProfileValue>>;

export interface SharedConfigFiles {
  /** Absolute path of the config file that was (or would have been) read. */
  readonly configFile: string;
  /** Absolute path of the credentials file that was (or would have been) read. */
  readonly credentialsFile: string;
  /** `[default]` and `[profile x]` sections of the config file, keyed by profile name. */
  readonly configProfiles: Readonly<Record<string, Profile>>;
  /** `[x]` sections of the credentials file, keyed by profile name. */
  readonly credentialsProfiles: Readonly<Record<string, Profile>>;
  /** `[sso-session x]` sections of the config file. */
  readonly ssoSessions: Readonly<Record<string, Profile>>;
  /** `[services x]` sections of the config file. */
  readonly services: Readonly<Record<string, Profile>>;
}

/** A shared config or credentials file could not be parsed. */
export class SharedConfigParseError extends Error {
  override readonly name = "SharedConfigParseError";
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`Malformed AWS shared config file ${file}, line ${line}: ${reason}`);
  }
}

export type FileKind = "config" | "credentials";

/** Raw parse result: section header (as written, trimmed) → properties. */
export interface ParsedIniFile {
  readonly sections: ReadonlyMap<string, Record<string, ProfileValue>>;
}

const isBlankOrComment = (line: string): boolean => {
  const t = line.trim();
  return t === "" || t.startsWith("#") || t.startsWith(";");
};

/** Removes a `#`/`;` comment that is preceded by whitespace. */
const stripInlineComment = (value: string): string => {
  const m = /[ \t][#;]/.exec(value);
  return (m ? value.slice(0, m.index) : value).trim();
};

/**
 * Parses the text of a shared config or credentials file into sections. Pure; `file` is only used in
 * error messages. Sections that appear twice are merged (later properties win).
 */
export function parseIniFile(text: string, file: string): ParsedIniFile {
  const sections = new Map<string, Record<string, ProfileValue>>();
  let current: Record<string, ProfileValue> | undefined;
  // The most recent property of the current section, for continuation / sub-property lines.
  let lastKey: string | undefined;
  let lastKind: "value" | "subprops" | undefined;

  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const lineNo = i + 1;
    if (isBlankOrComment(raw)) continue;
    const fail = (reason: string): never => {
      throw new SharedConfigParseError(file, lineNo, reason);
    };

    if (/^[ \t]/.test(raw)) {
      // Indented: continuation of the previous property or one of its sub-properties.
      if (!current || lastKey === undefined) {
        fail("indented line does not follow a property");
      }
      const body = raw.trim();
      if (lastKind === "subprops") {
        const eq = body.indexOf("=");
        if (eq < 0) fail(`expected "name = value" in sub-property block of "${lastKey}"`);
        const sub = body.slice(0, eq).trim();
        if (sub === "") fail(`sub-property of "${lastKey}" has an empty name`);
        const subs = current![lastKey!] as Record<string, string>;
        subs[sub] = body.slice(eq + 1).trim();
      } else {
        current![lastKey!] = `${current![lastKey!] as string}\n${body}`;
      }
      continue;
    }

    const line = raw.trim();
    if (line.startsWith("[")) {
      const close = line.indexOf("]");
      if (close < 0) fail('section header is missing its closing "]"');
      const rest = line.slice(close + 1).trim();
      if (rest !== "" && !rest.startsWith("#") && !rest.startsWith(";")) {
        fail(`unexpected text after section header: "${rest}"`);
      }
      const name = line.slice(1, close).trim().replace(/[ \t]+/g, " ");
      if (name === "") fail("section header has an empty name");
      current = sections.get(name);
      if (!current) {
        current = Object.create(null) as Record<string, ProfileValue>;
        sections.set(name, current);
      }
      lastKey = undefined;
      lastKind = undefined;
      continue;
    }

    if (!current) fail("property defined before any [section] header");
    const eq = line.indexOf("=");
    if (eq < 0) fail('expected "name = value" or a [section] header');
    const key = line.slice(0, eq).trim();
    if (key === "") fail("property has an empty name");
    const value = stripInlineComment(line.slice(eq + 1));
    if (value === "") {
      current![key] = Object.create(null) as Record<string, string>;
      lastKind = "subprops";
    } else {
      current![key] = value;
      lastKind = "value";
    }
    lastKey = key;
  }
  return { sections };
}

/** Locations of the shared files, honouring `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE`. */
export function getSharedFilePaths(env: Env = process.env): { configFile: string; credentialsFile: string } {
  const home = env.HOME || env.USERPROFILE || (env.HOMEDRIVE && env.HOMEPATH ? `${env.HOMEDRIVE}${env.HOMEPATH}` : "") || homedir();
  const expand = (p: string): string => (p === "~" ? home : p.startsWith("~/") || p.startsWith("~\\") ? join(home, p.slice(2)) : p);
  return {
    configFile: expand(env.AWS_CONFIG_FILE || join(home, ".aws", "config")),
    credentialsFile: expand(env.AWS_SHARED_CREDENTIALS_FILE || join(home, ".aws", "credentials")),
  };
}

function readIfExists(path: string): string | undefined {
  try {
    // a missing file (the usual case) found without an exception: the first throw costs ~0.2 ms of a cold start
    if (!statSync(path, { throwIfNoEntry: false })) return undefined;
    return readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR") return undefined;
    throw new Error(`Could not read AWS shared config file ${path}: ${code ?? String(e)}`);
  }
}

const freeze = <T extends object>(o: T): T => Object.freeze(o);

function buildFiles(configFile: string, credentialsFile: string): SharedConfigFiles {
  const configProfiles: Record<string, Profile> = Object.create(null);
  const credentialsProfiles: Record<string, Profile> = Object.create(null);
  const ssoSessions: Record<string, Profile> = Object.create(null);
  const services: Record<string, Profile> = Object.create(null);

  const configText = readIfExists(configFile);
  if (configText !== undefined) {
    const { sections } = parseIniFile(configText, configFile);
    let profileDefault: Record<string, ProfileValue> | undefined;
    for (const [header, props] of sections) {
      const sp = header.indexOf(" ");
      const prefix = sp < 0 ? header : header.slice(0, sp);
      const name = sp < 0 ? "" : header.slice(sp + 1).trim();
      if (header === "default") {
        configProfiles.default ??= props;
      } else if (prefix === "profile" && name !== "") {
        if (name === "default") profileDefault = props;
        else configProfiles[name] = props;
      } else if (prefix === "sso-session" && name !== "") {
        ssoSessions[name] = props;
      } else if (prefix === "services" && name !== "") {
        services[name] = props;
      }
      // Any other header (e.g. "[foo]" without the "profile " prefix) is ignored, as AWS SDKs do.
    }
    // Per the spec, [profile default] takes precedence over [default].
    if (profileDefault) configProfiles.default = profileDefault;
  }

  const credentialsText = readIfExists(credentialsFile);
  if (credentialsText !== undefined) {
    const { sections } = parseIniFile(credentialsText, credentialsFile);
    for (const [header, props] of sections) credentialsProfiles[header] = props;
  }

  for (const group of [configProfiles, credentialsProfiles, ssoSessions, services]) {
    for (const k of Object.keys(group)) {
      const p = group[k] as Record<string, ProfileValue>;
      for (const v of Object.values(p)) if (typeof v === "object") freeze(v);
      freeze(p);
    }
    freeze(group);
  }
  return freeze({ configFile, credentialsFile, configProfiles, credentialsProfiles, ssoSessions, services });
}

const cache = new Map<string, SharedConfigFiles>();

/**
 * Loads (once per process per pair of paths) and parses the shared config and credentials files.
 * Missing files are empty. Throws {@link SharedConfigParseError} on a malformed file.
 */
export function loadSharedConfigFiles(options: { env?: Env } = {}): SharedConfigFiles {
  const { configFile, credentialsFile } = getSharedFilePaths(options.env ?? process.env);
  const key = `${configFile}\0${credentialsFile}`;
  let files = cache.get(key);
  if (!files) {
    files = buildFiles(configFile, credentialsFile);
    cache.set(key, files);
  }
  return files;
}

/** Forgets every parsed file so the next lookup re-reads from disk (tests, credential rotation). */
export function clearSharedConfigCache(): void {
  cache.clear();
}

/** The active profile name: explicit option → `AWS_PROFILE` → `"default"`. */
export function getProfileName(options: { profile?: string; env?: Env } = {}): string {
  const env = options.env ?? process.env;
  return options.profile || env.AWS_PROFILE || "default";
}

export interface ResolvedProfile {
  readonly name: string;
  /** Merged properties: credentials-file values override config-file values for the same key. */
  readonly properties: Profile;
  readonly inConfigFile: boolean;
  readonly inCredentialsFile: boolean;
  readonly files: SharedConfigFiles;
}

/** Looks up the active (or given) profile in both files. Never throws for a missing profile. */
export function getProfile(options: { profile?: string; env?: Env } = {}): ResolvedProfile {
  const files = loadSharedConfigFiles(options);
  const name = getProfileName(options);
  const fromConfig = files.configProfiles[name];
  const fromCredentials = files.credentialsProfiles[name];
  const properties: Record<string, ProfileValue> = Object.create(null);
  Object.assign(properties, fromConfig, fromCredentials);
  return {
    name,
    properties: Object.freeze(properties),
    inConfigFile: fromConfig !== undefined,
    inCredentialsFile: fromCredentials !== undefined,
    files,
  };
}

/** A string property of a profile (sub-property blocks are not strings and give `undefined`). */
export function getProfileString(profile: Profile | undefined, key: string): string | undefined {
  const v = profile?.[key];
  return typeof v === "string" ? v : undefined;
}
