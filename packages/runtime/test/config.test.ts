import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import {
  clearSharedConfigCache,
  getProfile,
  getProfileName,
  getSharedFilePaths,
  loadSharedConfigFiles,
  parseIniFile,
  SharedConfigParseError,
} from "../src/config/profile.js";

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A fresh HOME with optional ~/.aws/config and ~/.aws/credentials. */
function home(files: { config?: string; credentials?: string } = {}): { HOME: string } {
  const h = mkdtempSync(join(tmpdir(), "awscfg-"));
  dirs.push(h);
  mkdirSync(join(h, ".aws"));
  if (files.config !== undefined) writeFileSync(join(h, ".aws", "config"), files.config);
  if (files.credentials !== undefined) writeFileSync(join(h, ".aws", "credentials"), files.credentials);
  return { HOME: h };
}

describe("parseIniFile", () => {
  test("sections, comments, whitespace, sub-properties, continuations", () => {
    const text = [
      "# leading comment",
      "; another",
      "",
      "[default]   # comment after header",
      "region=us-west-2",
      "  ",
      "[ profile   dev ]",
      "region = eu-west-1 ; trailing comment",
      "output\t=\tjson",
      "weird = a#b;c",
      "s3 =",
      "  max_concurrent_requests = 20",
      "\taddressing_style = path",
      "# comment inside",
      "tags = first",
      "  second line",
      "empty_later = x",
      "[sso-session my-sso]",
      "sso_region = us-east-1",
      "[services my-services]",
      "dynamodb =",
      "  endpoint_url = http://localhost:8000",
    ].join("\r\n");
    const { sections } = parseIniFile(text, "/x/config");
    assert.deepEqual([...sections.keys()], ["default", "profile dev", "sso-session my-sso", "services my-services"]);
    assert.deepEqual({ ...sections.get("default") }, { region: "us-west-2" });
    const dev = sections.get("profile dev")!;
    assert.equal(dev.region, "eu-west-1");
    assert.equal(dev.output, "json");
    assert.equal(dev.weird, "a#b;c");
    assert.deepEqual({ ...(dev.s3 as object) }, { max_concurrent_requests: "20", addressing_style: "path" });
    assert.equal(dev.tags, "first\nsecond line");
    assert.deepEqual({ ...(sections.get("services my-services")!.dynamodb as object) }, { endpoint_url: "http://localhost:8000" });
  });

  test("duplicate sections merge, later values win", () => {
    const { sections } = parseIniFile("[a]\nx=1\ny=1\n[b]\nz=1\n[a]\ny=2\n", "f");
    assert.deepEqual({ ...sections.get("a") }, { x: "1", y: "2" });
  });

  const malformed: Array<[string, string, number, RegExp]> = [
    ["property before section", "x = 1\n[default]\n", 1, /before any \[section\]/],
    ["missing ]", "[default]\nregion=us-east-1\n[profile x\n", 3, /closing "\]"/],
    ["line without =", "[default]\n\n# c\nregion us-east-1\n", 4, /name = value/],
    ["empty key", "[default]\n= v\n", 2, /empty name/],
    ["junk after header", "[default] junk\n", 1, /unexpected text/],
    ["bad sub-property", "[default]\ns3 =\n  nonsense\n", 3, /sub-property/],
    ["indented first line", "  x = 1\n", 1, /indented line/],
  ];
  for (const [label, text, line, re] of malformed) {
    test(`malformed: ${label} → error naming file and line ${line}`, () => {
      assert.throws(
        () => parseIniFile(text, "/some/where/config"),
        (e: unknown) =>
          e instanceof SharedConfigParseError &&
          e.file === "/some/where/config" &&
          e.line === line &&
          e.message.includes("/some/where/config") &&
          e.message.includes(`line ${line}`) &&
          re.test(e.message),
      );
    });
  }
});

describe("shared file locations and loading", () => {
  test("defaults under HOME, overridable by AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE (with ~)", () => {
    assert.deepEqual(getSharedFilePaths({ HOME: "/h" }), { configFile: "/h/.aws/config", credentialsFile: "/h/.aws/credentials" });
    assert.deepEqual(getSharedFilePaths({ HOME: "/h", AWS_CONFIG_FILE: "~/c", AWS_SHARED_CREDENTIALS_FILE: "/abs/k" }), {
      configFile: "/h/c",
      credentialsFile: "/abs/k",
    });
  });

  test("missing files and a missing directory never throw", () => {
    const env = { HOME: join(tmpdir(), "definitely-missing-home-dir-xyz") };
    const files = loadSharedConfigFiles({ env });
    assert.deepEqual(Object.keys(files.configProfiles), []);
    assert.deepEqual(Object.keys(files.credentialsProfiles), []);
    const p = getProfile({ env });
    assert.equal(p.inConfigFile, false);
    assert.equal(p.inCredentialsFile, false);
  });

  test("config file section kinds are addressable; un-prefixed config sections are ignored", () => {
    const env = home({
      config: "[default]\nregion=us-east-1\n[profile dev]\nregion=eu-west-1\n[stray]\nregion=x\n[sso-session s]\nsso_start_url=https://x\n[services svc]\ns3 =\n  endpoint_url = http://localhost\n",
      credentials: "[dev]\naws_access_key_id=AKID\n[profile odd]\nk=v\n",
    });
    const f = loadSharedConfigFiles({ env });
    assert.deepEqual(Object.keys(f.configProfiles).sort(), ["default", "dev"]);
    assert.equal(f.ssoSessions.s!.sso_start_url, "https://x");
    assert.deepEqual({ ...(f.services.svc!.s3 as object) }, { endpoint_url: "http://localhost" });
    assert.deepEqual(Object.keys(f.credentialsProfiles).sort(), ["dev", "profile odd"]);
    assert.ok(Object.isFrozen(f.configProfiles.dev));
  });

  test("[profile default] takes precedence over [default]", () => {
    const env = home({ config: "[profile default]\nregion=from-profile-default\n[default]\nregion=from-default\n" });
    assert.equal(loadSharedConfigFiles({ env }).configProfiles.default!.region, "from-profile-default");
  });

  test("profile name: option → AWS_PROFILE → default; merged view prefers credentials file", () => {
    assert.equal(getProfileName({ env: {} }), "default");
    assert.equal(getProfileName({ env: { AWS_PROFILE: "p" } }), "p");
    assert.equal(getProfileName({ profile: "q", env: { AWS_PROFILE: "p" } }), "q");
    const env = home({ config: "[profile p]\nregion=eu-west-1\nk=config\n", credentials: "[p]\nk=creds\n" });
    const p = getProfile({ env: { ...env, AWS_PROFILE: "p" } });
    assert.equal(p.name, "p");
    assert.equal(p.properties.k, "creds");
    assert.equal(p.properties.region, "eu-west-1");
    assert.ok(p.inConfigFile && p.inCredentialsFile);
  });

  test("files are cached per process until clearSharedConfigCache()", () => {
    const env = home({ config: "[default]\nregion=one\n" });
    assert.equal(loadSharedConfigFiles({ env }).configProfiles.default!.region, "one");
    writeFileSync(join(env.HOME, ".aws", "config"), "[default]\nregion=two\n");
    assert.equal(loadSharedConfigFiles({ env }).configProfiles.default!.region, "one");
    clearSharedConfigCache();
    assert.equal(loadSharedConfigFiles({ env }).configProfiles.default!.region, "two");
  });

  test("a malformed credentials file gives an error naming its path and line", () => {
    const env = home({ credentials: "[default]\naws_access_key_id\n" });
    const credFile = join(env.HOME, ".aws", "credentials");
    assert.throws(
      () => loadSharedConfigFiles({ env }),
      (e: unknown) => e instanceof SharedConfigParseError && e.file === credFile && e.line === 2 && e.message.includes(credFile),
    );
  });
});
