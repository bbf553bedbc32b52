import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { inspect } from "node:util";
import {
  Credentials,
  CredentialsMissingError,
  credentialsProvider,
  resolveCredentials,
  toCredentials,
} from "../src/config/credentials.js";

const SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const TOKEN = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN";

const dir = mkdtempSync(join(tmpdir(), "awscreds-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const files = (f: { config?: string; credentials?: string }, extra: Record<string, string> = {}) => {
  const i = n++;
  const configFile = join(dir, `config-${i}`);
  const credentialsFile = join(dir, `credentials-${i}`);
  if (f.config !== undefined) writeFileSync(configFile, f.config);
  if (f.credentials !== undefined) writeFileSync(credentialsFile, f.credentials);
  return { HOME: dir, AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: credentialsFile, ...extra };
};

const ENV_KEYS = { AWS_ACCESS_KEY_ID: "AKIDENV", AWS_SECRET_ACCESS_KEY: "envsecret", AWS_SESSION_TOKEN: "envtoken" };
const CRED_FILE = "[default]\naws_access_key_id = AKIDCREDFILE\naws_secret_access_key = credfilesecret\n[dev]\naws_access_key_id=AKIDDEV\naws_secret_access_key=devsecret\naws_session_token=devtoken\n";
const CONFIG_FILE = "[default]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = configsecret\n[profile cfgonly]\naws_access_key_id = AKIDCFGONLY\naws_secret_access_key = cfgonlysecret\n[profile role]\nrole_arn = arn:aws:iam::123:role/x\nsource_profile = default\n";

describe("resolveCredentials precedence", () => {
  test("client config object wins over env and files", async () => {
    const c = await resolveCredentials({
      credentials: { accessKeyId: "AKIDCFG", secretAccessKey: "cfgsecret" },
      env: files({ credentials: CRED_FILE, config: CONFIG_FILE }, ENV_KEYS),
    });
    assert.equal(c.accessKeyId, "AKIDCFG");
    assert.equal(c.secretAccessKey, "cfgsecret");
    assert.equal(c.source, "client config");
  });
  test("client config async provider wins over env", async () => {
    const c = await resolveCredentials({
      credentials: async () => ({ accessKeyId: "AKIDP", secretAccessKey: "psecret", sessionToken: "ptoken" }),
      env: ENV_KEYS,
    });
    assert.equal(c.accessKeyId, "AKIDP");
    assert.equal(c.sessionToken, "ptoken");
    assert.ok(c instanceof Credentials);
  });
  test("env beats files; session token and expiration read", async () => {
    const c = await resolveCredentials({
      env: files({ credentials: CRED_FILE, config: CONFIG_FILE }, { ...ENV_KEYS, AWS_CREDENTIAL_EXPIRATION: "2030-01-01T00:00:00Z" }),
    });
    assert.equal(c.accessKeyId, "AKIDENV");
    assert.equal(c.secretAccessKey, "envsecret");
    assert.equal(c.sessionToken, "envtoken");
    assert.equal(c.expiration?.toISOString(), "2030-01-01T00:00:00.000Z");
    assert.equal(c.source, "env");
  });
  test("only one env key set → falls through to files", async () => {
    const c = await resolveCredentials({ env: files({ credentials: CRED_FILE }, { AWS_ACCESS_KEY_ID: "AKIDENV" }) });
    assert.equal(c.accessKeyId, "AKIDCREDFILE");
  });
  test("credentials file beats config file for the same profile", async () => {
    const c = await resolveCredentials({ env: files({ credentials: CRED_FILE, config: CONFIG_FILE }) });
    assert.equal(c.accessKeyId, "AKIDCREDFILE");
    assert.equal(c.secretAccessKey, "credfilesecret");
    assert.equal(c.sessionToken, undefined);
    assert.match(c.source!, /credentials file/);
  });
  test("config file used when credentials file lacks the profile", async () => {
    const c = await resolveCredentials({ env: files({ credentials: CRED_FILE, config: CONFIG_FILE }, { AWS_PROFILE: "cfgonly" }) });
    assert.equal(c.accessKeyId, "AKIDCFGONLY");
    assert.match(c.source!, /config file/);
  });
  test("AWS_PROFILE and the profile option select the profile (option wins)", async () => {
    const env = files({ credentials: CRED_FILE, config: CONFIG_FILE }, { AWS_PROFILE: "cfgonly" });
    assert.equal((await resolveCredentials({ env: { ...env, AWS_PROFILE: "dev" } })).sessionToken, "devtoken");
    assert.equal((await resolveCredentials({ profile: "dev", env })).accessKeyId, "AKIDDEV");
  });
});

describe("CredentialsMissingError", () => {
  test("lists every source tried, with reasons, and never a secret", async () => {
    const env = files(
      { credentials: "[default]\naws_secret_access_key = " + SECRET + "\n", config: CONFIG_FILE },
      { AWS_SECRET_ACCESS_KEY: SECRET, AWS_PROFILE: "role" },
    );
    await assert.rejects(resolveCredentials({ env }), (e: unknown) => {
      assert.ok(e instanceof CredentialsMissingError);
      assert.equal(e.tried.length, 4);
      assert.match(e.message, /client config `credentials`: not set/);
      assert.match(e.message, /AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not/);
      assert.match(e.message, /profile "role" in credentials file .*: profile not present/);
      assert.match(e.message, /role_arn, which this runtime does not support yet/);
      assert.ok(!e.message.includes(SECRET));
      assert.ok(!inspect(e).includes(SECRET));
      return true;
    });
  });
  test("half-configured profile is reported without the secret", async () => {
    const env = files({ credentials: "[default]\naws_secret_access_key = " + SECRET + "\n" });
    await assert.rejects(resolveCredentials({ env }), (e: unknown) => {
      assert.ok(e instanceof CredentialsMissingError);
      assert.match(e.message, /has aws_secret_access_key but not aws_access_key_id/);
      assert.ok(!e.message.includes(SECRET));
      return true;
    });
  });
  test("invalid credentials from config: TypeError without the secret", async () => {
    await assert.rejects(
      resolveCredentials({ credentials: { accessKeyId: "", secretAccessKey: SECRET } }),
      (e: unknown) => e instanceof TypeError && !e.message.includes(SECRET),
    );
  });
});

describe("redaction", () => {
  const c = toCredentials({ accessKeyId: "AKIDX", secretAccessKey: SECRET, sessionToken: TOKEN, expiration: new Date("2030-01-01T00:00:00Z") });
  test("secrets readable by the signer", () => {
    assert.equal(c.secretAccessKey, SECRET);
    assert.equal(c.sessionToken, TOKEN);
  });
  test("JSON.stringify, util.inspect (incl. showHidden), String(), spread, keys omit secrets", () => {
    const outputs = [
      JSON.stringify(c),
      JSON.stringify({ nested: { c } }),
      inspect(c),
      inspect(c, { showHidden: true, depth: 5 }),
      inspect({ deep: [c] }, { depth: 10 }),
      String(c),
      `${c}`,
      JSON.stringify({ ...c }),
      Object.keys(c).join(","),
    ];
    for (const out of outputs) {
      assert.ok(!out.includes(SECRET), out);
      assert.ok(!out.includes(TOKEN), out);
    }
    assert.match(inspect(c), /AKIDX/);
    assert.match(inspect(c), /redacted/);
    assert.deepEqual(JSON.parse(JSON.stringify(c)), {
      accessKeyId: "AKIDX",
      secretAccessKey: "[redacted]",
      sessionToken: "[redacted]",
      expiration: "2030-01-01T00:00:00.000Z",
    });
  });
  test("returned objects are frozen", () => {
    assert.ok(Object.isFrozen(c));
    assert.throws(() => {
      (c as unknown as { accessKeyId: string }).accessKeyId = "x";
    });
  });
});

describe("credentialsProvider", () => {
  test("memoises: the underlying provider is called once, same object returned, concurrent calls share", async () => {
    let calls = 0;
    const p = credentialsProvider({
      credentials: async () => {
        calls++;
        await new Promise((r) => setTimeout(r, 5));
        return { accessKeyId: "AKID", secretAccessKey: "s" };
      },
    });
    const [a, b] = await Promise.all([p(), p()]);
    const c = await p();
    assert.equal(calls, 1);
    assert.equal(a, b);
    assert.equal(a, c);
  });
  test("refreshes when expiration is within the window, not before", async () => {
    let now = Date.parse("2030-01-01T00:00:00Z");
    let calls = 0;
    const p = credentialsProvider({
      now: () => now,
      refreshWindowMs: 60_000,
      credentials: () => {
        calls++;
        return { accessKeyId: `AKID${calls}`, secretAccessKey: "s", expiration: new Date(now + 10 * 60_000) };
      },
    });
    assert.equal((await p()).accessKeyId, "AKID1");
    now += 8 * 60_000; // 2 minutes left: outside the 1-minute window
    assert.equal((await p()).accessKeyId, "AKID1");
    now += 60_000 + 1; // inside the window
    assert.equal((await p()).accessKeyId, "AKID2");
    assert.equal(calls, 2);
  });
  test("failed refresh falls back to unexpired cached credentials, errors once expired", async () => {
    let now = 1_000_000;
    let fail = false;
    const p = credentialsProvider({
      now: () => now,
      refreshWindowMs: 1000,
      credentials: () => {
        if (fail) throw new Error("boom");
        return { accessKeyId: "AKID", secretAccessKey: "s", expiration: new Date(now + 5000) };
      },
    });
    const first = await p();
    fail = true;
    now += 4500; // in window, not expired
    assert.equal(await p(), first);
    now += 1000; // expired
    await assert.rejects(p(), /boom/);
  });
  test("files are resolved through the provider too", async () => {
    const p = credentialsProvider({ env: files({ credentials: CRED_FILE }) });
    assert.equal((await p()).accessKeyId, "AKIDCREDFILE");
  });
});
