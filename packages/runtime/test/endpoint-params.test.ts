/**
 * Endpoint parameter binding (endpoint-params.ts) and how the resolved endpoint's auth scheme
 * drives signing (client.ts `#sign`).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { signRequest } from "../src/auth/sigv4.js";
import { Client, type ClientConfig } from "../src/client.js";
import { clearSharedConfigCache } from "../src/config/profile.js";
import { EndpointParamBinder, type EndpointParamSources, UnsupportedAuthSchemeError } from "../src/endpoint-params.js";
import { contextParams, evaluatePath } from "../src/feature/context-params.js";
import { InputValidationError, NotSupportedError } from "../src/errors.js";
import type { HttpRequest } from "../src/http/types.js";
import type { EndpointRuleSet, OperationSchema, ServiceSchema } from "../src/schema.js";
import { service } from "./support/schema-fixtures.js";
// registers every protocol, for Clients built here without naming theirs
import "../src/protocols/index.js";

const NO_FILES = { AWS_CONFIG_FILE: "/nonexistent/config", AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials" };

describe("operationContextParams paths", () => {
  const input = {
    Key: "k",
    Bucket: { Name: "b", Tags: { a: 1, b: 2 } },
    Delete: { Objects: [{ Key: "one" }, { Key: "two" }, { VersionId: "no key" }] },
    RequestItems: { TableA: {}, TableB: {} },
    TransactItems: [
      { Get: { TableName: "g1" } },
      { Put: { TableName: "p1" } },
      { Get: { TableName: "g2" } },
      { Update: { TableName: "u1" }, ConditionCheck: { TableName: "c1" } },
    ],
    Nested: [
      ["a", "b"],
      ["c", ["d"]],
    ],
    Data: new Uint8Array([1]),
  };

  test("identifiers and sub-expressions; missing is null", () => {
    assert.equal(evaluatePath("Key", input), "k");
    assert.equal(evaluatePath("Bucket.Name", input), "b");
    assert.equal(evaluatePath("Missing", input), null);
    assert.equal(evaluatePath("Missing.Deeper", input), null);
    assert.equal(evaluatePath("Key.Deeper", input), null);
    assert.equal(evaluatePath("Data.length", input), null, "a blob is not an object");
    assert.equal(evaluatePath('"Key"', input), "k", "quoted identifier");
  });

  test("wildcard projections over lists and maps drop nulls", () => {
    assert.deepEqual(evaluatePath("Delete.Objects[*].Key", input), ["one", "two"]);
    assert.deepEqual(evaluatePath("TransactItems[*].Get.TableName", input), ["g1", "g2"]);
    assert.deepEqual(evaluatePath("Bucket.Tags.*", input), [1, 2]);
    assert.deepEqual(evaluatePath("Missing[*].Key", input), null);
    assert.deepEqual(evaluatePath("Key[*]", input), null, "a projection over a non-list is null");
  });

  test("multi-select lists and flatten", () => {
    assert.deepEqual(
      evaluatePath("TransactItems[*].[ConditionCheck.TableName, Put.TableName, Delete.TableName, Update.TableName][]", input),
      ["p1", "c1", "u1"],
    );
    assert.deepEqual(evaluatePath("[Key, Bucket.Name]", input), ["k", "b"]);
    assert.deepEqual(evaluatePath("Bucket.[Name, Missing]", input), ["b", null], "a multi-select list keeps nulls");
    assert.deepEqual(evaluatePath("Nested[]", input), ["a", "b", "c", ["d"]], "flatten merges one level");
    assert.deepEqual(evaluatePath("Nested[][]", input), ["a", "b", "c", "d"]);
    assert.deepEqual(evaluatePath("Delete.Objects[0].Key", input), "one");
    assert.deepEqual(evaluatePath("Delete.Objects[-1].VersionId", input), "no key");
  });

  test("keys()", () => {
    assert.deepEqual(evaluatePath("keys(RequestItems)", input), ["TableA", "TableB"]);
    assert.deepEqual(evaluatePath("keys(Missing)", input), null);
  });

  test("expressions outside the subset are refused", () => {
    for (const bad of ["Objects[?Key == 'a']", "length(Objects)", "a | b", "a || b", "{a: b}", "Objects[0:2]", "`literal`", "a."]) {
      assert.throws(() => evaluatePath(bad, input), /unsupported|unterminated|unexpected|expected/, bad);
    }
  });
});

/** A rule set that only declares parameters: the binder reads nothing else. */
function paramsOnly(parameters: EndpointRuleSet["parameters"]): EndpointRuleSet {
  return { version: "1.0", parameters, rules: [] };
}

function binder(schema: ServiceSchema, config: ClientConfig = {}, env: Record<string, string> = {}): EndpointParamBinder {
  const sources: EndpointParamSources = {
    schema,
    config,
    env: { ...NO_FILES, ...env },
    region: () => config.region ?? "us-east-1",
    endpoint: () => config.endpoint,
    contextParams,
  };
  return new EndpointParamBinder(sources);
}

const S3_LIKE_PARAMS: EndpointRuleSet["parameters"] = {
  Region: { type: "String", builtIn: "AWS::Region" },
  UseFIPS: { type: "Boolean", builtIn: "AWS::UseFIPS", required: true, default: false },
  UseDualStack: { type: "Boolean", builtIn: "AWS::UseDualStack", required: true, default: false },
  Endpoint: { type: "String", builtIn: "SDK::Endpoint" },
  ForcePathStyle: { type: "Boolean", builtIn: "AWS::S3::ForcePathStyle" },
  Accelerate: { type: "Boolean", builtIn: "AWS::S3::Accelerate" },
  UseArnRegion: { type: "Boolean", builtIn: "AWS::S3::UseArnRegion" },
  DisableMultiRegionAccessPoints: { type: "Boolean", builtIn: "AWS::S3::DisableMultiRegionAccessPoints" },
  UseGlobalEndpoint: { type: "Boolean", builtIn: "AWS::S3::UseGlobalEndpoint" },
  DisableS3ExpressSessionAuth: { type: "Boolean" },
  Bucket: { type: "String" },
  Key: { type: "String" },
  Keys: { type: "StringArray" },
  Mode: { type: "String" },
};

const s3Like = service(
  {
    PutInput: {
      type: "structure",
      members: {
        Bucket: { target: "string", required: true, contextParam: "Bucket" },
        Key: { target: "string", contextParam: "Key" },
        Objects: { target: "ObjectList" },
      },
    },
    ObjectList: { type: "list", member: { target: "Obj" } },
    Obj: { type: "structure", members: { Key: { target: "string" } } },
  },
  {
    Put: {
      input: "PutInput",
      output: "Unit",
      operationContextParams: { Keys: { path: "Objects[*].Key" }, Key: { path: "Objects[0].Key" } },
      staticContextParams: { Mode: { value: "static" } },
    },
    Plain: { input: "Unit", output: "Unit" },
  },
  {
    endpointRuleSet: paramsOnly(S3_LIKE_PARAMS),
    clientContextParams: {
      ForcePathStyle: { type: "boolean" },
      Accelerate: { type: "boolean" },
      DisableS3ExpressSessionAuth: { type: "boolean" },
      Mode: { type: "string" },
    },
  },
);

describe("EndpointParamBinder", () => {
  test("built-ins: defaults, client config, the environment", () => {
    assert.deepEqual(binder(s3Like).bind(s3Like.operations.Plain!, "Plain", {}), { Region: "us-east-1", UseFIPS: false, UseDualStack: false });
    const config: ClientConfig = {
      region: "eu-west-1",
      endpoint: "https://example.com",
      useFipsEndpoint: true,
      useDualstackEndpoint: true,
      forcePathStyle: true,
      useAccelerateEndpoint: true,
      useArnRegion: false,
      disableMultiregionAccessPoints: true,
      useGlobalEndpoint: true,
      disableS3ExpressSessionAuth: true,
    };
    assert.deepEqual(binder(s3Like, config).bind(s3Like.operations.Plain!, "Plain", {}), {
      Region: "eu-west-1",
      Endpoint: "https://example.com",
      UseFIPS: true,
      UseDualStack: true,
      ForcePathStyle: true,
      Accelerate: true,
      UseArnRegion: false,
      DisableMultiRegionAccessPoints: true,
      UseGlobalEndpoint: true,
      DisableS3ExpressSessionAuth: true,
    });
    const fromEnv = binder(s3Like, {}, {
      AWS_USE_FIPS_ENDPOINT: "true",
      AWS_S3_USE_ARN_REGION: "false",
      AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS: "TRUE",
      AWS_S3_US_EAST_1_REGIONAL_ENDPOINT: "legacy",
      AWS_S3_DISABLE_EXPRESS_SESSION_AUTH: "true",
    }).bind(s3Like.operations.Plain!, "Plain", {});
    assert.deepEqual(fromEnv, {
      Region: "us-east-1",
      UseFIPS: true,
      UseDualStack: false,
      UseArnRegion: false,
      DisableMultiRegionAccessPoints: true,
      UseGlobalEndpoint: true,
      DisableS3ExpressSessionAuth: true,
    });
    assert.equal(binder(s3Like, {}, { AWS_S3_US_EAST_1_REGIONAL_ENDPOINT: "regional" }).bind(s3Like.operations.Plain!, "Plain", {}).UseGlobalEndpoint, false);
    assert.throws(() => binder(s3Like, {}, { AWS_S3_USE_ARN_REGION: "yes" }).bind(s3Like.operations.Plain!, "Plain", {}), /AWS_S3_USE_ARN_REGION must be true or false/);
    assert.throws(() => binder(s3Like, {}, { AWS_S3_US_EAST_1_REGIONAL_ENDPOINT: "global" }).bind(s3Like.operations.Plain!, "Plain", {}), /legacy or regional/);
  });

  test("the shared config profile, below client config and environment", () => {
    const dir = mkdtempSync(join(tmpdir(), "endpoint-params-"));
    try {
      const configFile = join(dir, "config");
      writeFileSync(configFile, "[profile p]\ns3_use_arn_region = false\nsts_regional_endpoints = legacy\nuse_dualstack_endpoint = true\naccount_id_endpoint_mode = required\n");
      clearSharedConfigCache();
      const env = { AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: join(dir, "none") };
      const sts = service({}, { Op: { input: "Unit", output: "Unit" } }, {
        endpointRuleSet: paramsOnly({
          UseGlobalEndpoint: { type: "Boolean", builtIn: "AWS::STS::UseGlobalEndpoint" },
          UseArnRegion: { type: "Boolean", builtIn: "AWS::S3Control::UseArnRegion" },
          UseDualStack: { type: "Boolean", builtIn: "AWS::UseDualStack" },
          AccountIdEndpointMode: { type: "String", builtIn: "AWS::Auth::AccountIdEndpointMode" },
        }),
      });
      const bind = (config: ClientConfig, extraEnv: Record<string, string> = {}) =>
        new EndpointParamBinder({ schema: sts, config, env: { ...env, ...extraEnv }, region: () => "us-east-1", endpoint: () => undefined }).bind(sts.operations.Op!, "Op", {});
      assert.deepEqual(bind({ profile: "p" }), { UseGlobalEndpoint: true, UseArnRegion: false, UseDualStack: true, AccountIdEndpointMode: "required" });
      assert.deepEqual(bind({ profile: "p" }, { AWS_STS_REGIONAL_ENDPOINTS: "regional", AWS_ACCOUNT_ID_ENDPOINT_MODE: "disabled" }), {
        UseGlobalEndpoint: false,
        UseArnRegion: false,
        UseDualStack: true,
        AccountIdEndpointMode: "disabled",
      });
      assert.deepEqual(bind({ profile: "p", useGlobalEndpoint: false, useArnRegion: true, accountIdEndpointMode: "preferred" }), {
        UseGlobalEndpoint: false,
        UseArnRegion: true,
        UseDualStack: true,
        AccountIdEndpointMode: "preferred",
      });
      assert.deepEqual(bind({}), { UseDualStack: false, AccountIdEndpointMode: "preferred" }, "another profile: nothing from p");
    } finally {
      clearSharedConfigCache();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("client context params: lowerCamel config names and endpointParams", () => {
    const b = binder(s3Like, { accelerate: true, mode: "from-config" } as ClientConfig);
    const p = b.bind(s3Like.operations.Plain!, "Plain", {});
    assert.equal(p.Accelerate, true, "`accelerate`, the lowerCamel name of Accelerate");
    assert.equal(p.Mode, "from-config");
    const q = binder(s3Like, { forcePathStyle: false, endpointParams: { ForcePathStyle: true, Region: "ap-south-1" } }).bind(s3Like.operations.Plain!, "Plain", {});
    assert.equal(q.ForcePathStyle, true, "endpointParams wins over the option");
    assert.equal(q.Region, "ap-south-1", "endpointParams wins over built-ins");
  });

  test("precedence: staticContextParams > contextParam > operationContextParams > client config", () => {
    const b = binder(s3Like, { endpointParams: { Bucket: "config-bucket", Key: "config-key", Mode: "config-mode", Keys: ["config"] } });
    const p = b.bind(s3Like.operations.Put!, "Put", { Bucket: "input-bucket", Objects: [{ Key: "a" }, { Key: "b" }, {}] });
    assert.equal(p.Bucket, "input-bucket");
    assert.equal(p.Key, "a", "operationContextParams over client config");
    assert.deepEqual(p.Keys, ["a", "b"]);
    assert.equal(p.Mode, "static");
    const q = b.bind(s3Like.operations.Put!, "Put", { Bucket: "input-bucket", Key: "input-key", Objects: [{ Key: "a" }] });
    assert.equal(q.Key, "input-key", "contextParam over operationContextParams");
    const r = b.bind(s3Like.operations.Put!, "Put", { Bucket: "input-bucket" });
    assert.equal(r.Key, "config-key", "a path that selects nothing leaves the lower value");
    assert.deepEqual(r.Keys, ["config"]);
  });

  test("a required contextParam member must be set and not blank", () => {
    const b = binder(s3Like);
    for (const Bucket of [undefined, "", "   "]) {
      assert.throws(() => b.bind(s3Like.operations.Put!, "Put", { Bucket }), (e: unknown) => e instanceof InputValidationError && /Bucket is required/.test((e as Error).message));
    }
  });

  test("AWS::Auth::AccountId from the identity, unless the mode is disabled", () => {
    const ddb = service({}, { Op: { input: "Unit", output: "Unit" } }, {
      endpointRuleSet: paramsOnly({
        AccountId: { type: "String", builtIn: "AWS::Auth::AccountId" },
        AccountIdEndpointMode: { type: "String", builtIn: "AWS::Auth::AccountIdEndpointMode" },
        CredentialScope: { type: "String", builtIn: "AWS::Auth::CredentialScope" },
      }),
    });
    const b = binder(ddb);
    assert.equal(b.needsIdentity, true);
    assert.deepEqual(b.bind(ddb.operations.Op!, "Op", {}, { accountId: "111122223333", credentialScope: "scope" }), {
      AccountId: "111122223333",
      AccountIdEndpointMode: "preferred",
      CredentialScope: "scope",
    });
    const disabled = binder(ddb, { accountIdEndpointMode: "disabled" });
    assert.deepEqual(disabled.bind(ddb.operations.Op!, "Op", {}, { accountId: "111122223333" }), { AccountIdEndpointMode: "disabled" });
    assert.throws(() => binder(ddb, { accountIdEndpointMode: "sometimes" as "preferred" }).bind(ddb.operations.Op!, "Op", {}), /must be one of preferred, disabled, required/);
    assert.equal(binder(s3Like).needsIdentity, false);
  });
});

// --------------------------------------------------------------------------------------------
// Through a client: the endpoint's auth scheme drives signing.

class Captured extends Error {
  constructor(readonly request: HttpRequest) {
    super("captured");
  }
}

const capture: ClientConfig["httpHandler"] = {
  send(request) {
    throw new Captured(request);
  },
};

const CREDS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };

/** One endpoint per `Scheme` value, each with its own authSchemes. */
const AUTH_RULES: EndpointRuleSet = {
  version: "1.0",
  parameters: {
    Region: { type: "String", builtIn: "AWS::Region", required: true },
    Scheme: { type: "String", required: true, default: "none" },
    AccountId: { type: "String", builtIn: "AWS::Auth::AccountId" },
    AccountIdEndpointMode: { type: "String", builtIn: "AWS::Auth::AccountIdEndpointMode" },
  },
  rules: [
    ...(
      [
        ["none", undefined],
        ["sigv4", [{ name: "sigv4", signingName: "other", signingRegion: "eu-central-1" }]],
        ["sigv4-raw", [{ name: "sigv4", signingName: "s3", signingRegion: "{Region}", disableDoubleEncoding: true }]],
        ["sigv4a", [{ name: "sigv4a", signingName: "events", signingRegionSet: ["*"] }]],
        ["sigv4a-then-sigv4", [{ name: "sigv4a", signingName: "s3-outposts", signingRegionSet: ["*"] }, { name: "sigv4", signingName: "s3-outposts", signingRegion: "us-west-2" }]],
        ["s3express", [{ name: "sigv4-s3express", signingName: "s3express", signingRegion: "us-east-1" }]],
      ] as const
    ).map(([scheme, authSchemes]) => ({
      type: "endpoint",
      conditions: [{ fn: "stringEquals", argv: [{ ref: "Scheme" }, scheme] }],
      endpoint: { url: `https://${scheme}.{Region}.example.com`, ...(authSchemes ? { properties: { authSchemes } } : {}) },
    })),
    {
      type: "endpoint",
      conditions: [{ fn: "stringEquals", argv: [{ ref: "Scheme" }, "account"] }, { fn: "isSet", argv: [{ ref: "AccountId" }] }],
      endpoint: { url: "https://{AccountId}.account.example.com" },
    },
    {
      type: "endpoint",
      conditions: [{ fn: "stringEquals", argv: [{ ref: "Scheme" }, "account"] }],
      endpoint: { url: "https://no-account.example.com" },
    },
    { type: "error", conditions: [], error: "no such scheme: {Scheme}" },
  ],
};

const authService = service(
  { GetInput: { type: "structure", members: { id: { target: "string", required: true, httpLabel: true } } } },
  { Get: { input: "GetInput", output: "Unit", http: { method: "GET", uri: "/things/{id}" } } },
  { auth: ["aws.auth#sigv4"], signingName: "fixture", endpointRuleSet: AUTH_RULES, partitions: { partitions: [] } },
);

async function call(config: ClientConfig, id = "a b"): Promise<unknown> {
  const client = new Client(authService, {}, { region: "us-west-2", credentials: CREDS, env: NO_FILES, maxAttempts: 1, httpHandler: capture, ...config });
  try {
    await client.send("Get", { id });
  } catch (e) {
    return e;
  }
  assert.fail("the call did not fail");
}

/** The captured request, re-signed both ways: which path encoding produced its signature. */
async function doubleEncoded(req: HttpRequest, region: string, signingName: string): Promise<boolean> {
  const date = req.headers["x-amz-date"]!;
  const signingDate = new Date(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`);
  const { authorization, ...headers } = req.headers;
  const resign = async (uriEscapePath: boolean) =>
    (await signRequest({ ...req, headers: { ...headers } }, { credentials: CREDS, region, signingName, signingDate, uriEscapePath })).headers.authorization;
  if ((await resign(true)) === authorization) return true;
  if ((await resign(false)) === authorization) return false;
  assert.fail("the signature matches neither path encoding");
}

function scope(req: HttpRequest): { region: string; service: string } {
  const m = /Credential=AKIDEXAMPLE\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(req.headers.authorization ?? "");
  assert.ok(m, `no SigV4 authorization: ${req.headers.authorization}`);
  return { region: m[1]!, service: m[2]! };
}

describe("the endpoint's auth scheme drives signing", () => {
  test("no authSchemes: the client's region and the service's signing name, path double-encoded", async () => {
    const e = await call({});
    assert.ok(e instanceof Captured, String(e));
    assert.equal(`${e.request.hostname}${e.request.path}`, "none.us-west-2.example.com/things/a%20b");
    assert.deepEqual(scope(e.request), { region: "us-west-2", service: "fixture" });
    assert.equal(await doubleEncoded(e.request, "us-west-2", "fixture"), true);
  });

  test("sigv4: signingName and signingRegion from the endpoint", async () => {
    const e = await call({ endpointParams: { Scheme: "sigv4" } });
    assert.ok(e instanceof Captured, String(e));
    assert.deepEqual(scope(e.request), { region: "eu-central-1", service: "other" });
    assert.equal(await doubleEncoded(e.request, "eu-central-1", "other"), true);
  });

  test("disableDoubleEncoding: the path is signed as sent", async () => {
    const e = await call({ endpointParams: { Scheme: "sigv4-raw" } });
    assert.ok(e instanceof Captured, String(e));
    assert.deepEqual(scope(e.request), { region: "us-west-2", service: "s3" });
    assert.equal(await doubleEncoded(e.request, "us-west-2", "s3"), false);
  });

  test("sigv4a listed before sigv4: the first supported scheme (sigv4) signs", async () => {
    const e = await call({ endpointParams: { Scheme: "sigv4a-then-sigv4" } });
    assert.ok(e instanceof Captured, String(e));
    assert.deepEqual(scope(e.request), { region: "us-west-2", service: "s3-outposts" });
  });

  test("sigv4a only (signingRegionSet) and sigv4-s3express: a plain not-supported-yet error, nothing sent", async () => {
    const a = await call({ endpointParams: { Scheme: "sigv4a" } });
    assert.ok(a instanceof UnsupportedAuthSchemeError, String(a));
    assert.ok(a instanceof NotSupportedError);
    assert.equal(a.message, "Fixture: the endpoint https://sigv4a.us-west-2.example.com requires the sigv4a (SigV4a signing) auth scheme, which is not supported yet");
    assert.equal(a.endpoint.url, "https://sigv4a.us-west-2.example.com");
    assert.deepEqual(a.schemes[0]!.signingRegionSet, ["*"]);
    const x = await call({ endpointParams: { Scheme: "s3express" } });
    assert.ok(x instanceof UnsupportedAuthSchemeError, String(x));
    assert.match(x.message, /requires the sigv4-s3express \(S3 Express One Zone session auth\) auth scheme, which is not supported yet/);
  });

  test("AWS::Auth::AccountId comes from the signing credentials (one resolution), unless disabled", async () => {
    let calls = 0;
    const credentials = async () => {
      calls++;
      return { ...CREDS, accountId: "111122223333" };
    };
    const e = await call({ credentials, endpointParams: { Scheme: "account" } });
    assert.ok(e instanceof Captured, String(e));
    assert.equal(e.request.hostname, "111122223333.account.example.com");
    assert.equal(calls, 1, "the endpoint and the signature share one credentials resolution");
    const d = await call({ credentials, accountIdEndpointMode: "disabled", endpointParams: { Scheme: "account" } });
    assert.ok(d instanceof Captured, String(d));
    assert.equal(d.request.hostname, "no-account.example.com");
    const env = await call({ credentials: undefined, env: { ...NO_FILES, AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "x", AWS_ACCOUNT_ID: "444455556666" }, endpointParams: { Scheme: "account" } });
    assert.ok(env instanceof Captured, String(env));
    assert.equal(env.request.hostname, "444455556666.account.example.com", "AWS_ACCOUNT_ID with the environment's keys");
  });

  test("an endpoint rule error names the service and operation", async () => {
    const e = await call({ endpointParams: { Scheme: "bogus" } });
    assert.equal((e as Error).name, "EndpointResolutionError");
    assert.equal((e as Error).message, "Fixture Get: no such scheme: bogus");
  });
});

after(() => clearSharedConfigCache());
