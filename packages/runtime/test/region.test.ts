import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { InvalidRegionError, isValidHostLabel, RegionMissingError, resolveRegion } from "../src/config/region.js";
import { SharedConfigParseError } from "../src/config/profile.js";

const dir = mkdtempSync(join(tmpdir(), "awsregion-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
/** Env whose AWS_CONFIG_FILE holds `config` (and whose credentials file does not exist). */
const envWith = (config: string, extra: Record<string, string> = {}) => {
  const file = join(dir, `config-${n++}`);
  writeFileSync(file, config);
  return { HOME: dir, AWS_CONFIG_FILE: file, AWS_SHARED_CREDENTIALS_FILE: join(dir, "none"), ...extra };
};

describe("resolveRegion precedence", () => {
  const cfg = "[default]\nregion = us-west-1\n[profile other]\nregion = ap-south-1\n";
  test("config option wins over everything", () => {
    assert.equal(resolveRegion({ region: "eu-north-1", env: envWith(cfg, { AWS_REGION: "a1", AWS_DEFAULT_REGION: "a2" }) }), "eu-north-1");
  });
  test("AWS_REGION beats AWS_DEFAULT_REGION and the profile", () => {
    assert.equal(resolveRegion({ env: envWith(cfg, { AWS_REGION: "eu-west-3", AWS_DEFAULT_REGION: "eu-west-2" }) }), "eu-west-3");
  });
  test("AWS_DEFAULT_REGION beats the profile", () => {
    assert.equal(resolveRegion({ env: envWith(cfg, { AWS_DEFAULT_REGION: "eu-west-2" }) }), "eu-west-2");
  });
  test("profile region: default, AWS_PROFILE, explicit profile option", () => {
    assert.equal(resolveRegion({ env: envWith(cfg) }), "us-west-1");
    assert.equal(resolveRegion({ env: envWith(cfg, { AWS_PROFILE: "other" }) }), "ap-south-1");
    assert.equal(resolveRegion({ profile: "other", env: envWith(cfg, { AWS_PROFILE: "default" }) }), "ap-south-1");
  });
  test("empty strings count as unset", () => {
    assert.equal(resolveRegion({ region: "", env: envWith(cfg, { AWS_REGION: "", AWS_DEFAULT_REGION: "" }) }), "us-west-1");
  });
});

describe("resolveRegion errors", () => {
  test("missing everywhere → RegionMissingError with how-to and the sources tried", () => {
    const env = envWith("[default]\noutput = json\n", { AWS_PROFILE: "nope" });
    assert.throws(
      () => resolveRegion({ env }),
      (e: unknown) =>
        e instanceof RegionMissingError &&
        e.name === "RegionMissingError" &&
        /AWS_REGION/.test(e.message) &&
        /region = us-east-1/.test(e.message) &&
        e.message.includes('profile "nope"') &&
        e.message.includes("profile not found") &&
        e.tried.length === 4,
    );
  });
  test("invalid region from each source → InvalidRegionError naming the source", () => {
    assert.throws(() => resolveRegion({ region: "us-east-1/evil" }), (e: unknown) => e instanceof InvalidRegionError && /client config/.test(e.message));
    assert.throws(() => resolveRegion({ env: { AWS_REGION: "-bad" } }), (e: unknown) => e instanceof InvalidRegionError && /AWS_REGION/.test(e.message));
    assert.throws(
      () => resolveRegion({ env: envWith("[default]\nregion = us east 1\n") }),
      (e: unknown) => e instanceof InvalidRegionError && /profile "default"/.test(e.message),
    );
  });
  test("malformed config file surfaces as a parse error, not a missing region", () => {
    assert.throws(() => resolveRegion({ env: envWith("region = x\n") }), SharedConfigParseError);
  });
  test("isValidHostLabel", () => {
    for (const ok of ["us-east-1", "a", "cn-northwest-1", "us-gov-west-1", "A1", "x".repeat(63)]) assert.ok(isValidHostLabel(ok), ok);
    for (const bad of ["", "-a", "a-", "a.b", "a b", "x".repeat(64), "us_east_1"]) assert.ok(!isValidHostLabel(bad), bad);
  });
});
