import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, test } from "node:test";
import type { EndpointRuleSet } from "../src/schema.js";
import * as fns from "../src/endpoints/functions.js";
import { compileRuleSet } from "../src/endpoints/engine.js";
import { partitionFunction } from "../src/endpoints/partitions.js";
import { createEndpointResolver, resolveEndpoint } from "../src/endpoints/resolver.js";
import { EndpointResolutionError, EndpointRuleSetError, type PartitionsData } from "../src/endpoints/types.js";
import { checkCase, legacyIsoPartitions, loadModelEndpointData, loadPartitions } from "./support/endpoints-data.js";
import { parseSmithyNode } from "./support/endpoints-corpus.js";

const TEST_PARTITIONS: PartitionsData = {
  version: "1.1",
  partitions: [
    {
      id: "aws",
      regionRegex: "^(us|eu)\\-\\w+\\-\\d+$",
      regions: { "us-east-1": {}, "aws-global": {}, "us-special-1": { supportsFIPS: false, description: "x" } },
      outputs: {
        name: "aws",
        dnsSuffix: "amazonaws.com",
        dualStackDnsSuffix: "api.aws",
        supportsFIPS: true,
        supportsDualStack: true,
        implicitGlobalRegion: "us-east-1",
      },
    },
    {
      id: "aws-cn",
      regionRegex: "^cn\\-\\w+\\-\\d+$",
      regions: { "cn-north-1": {} },
      outputs: {
        name: "aws-cn",
        dnsSuffix: "amazonaws.com.cn",
        dualStackDnsSuffix: "api.amazonwebservices.com.cn",
        supportsFIPS: true,
        supportsDualStack: true,
        implicitGlobalRegion: "cn-northwest-1",
      },
    },
  ],
};

const opts = { partitions: TEST_PARTITIONS };

/** A rule set with the given parameters (all strings unless typed) and rules. */
function ruleSet(rules: unknown[], parameters: EndpointRuleSet["parameters"] = {}): EndpointRuleSet {
  return { version: "1.0", parameters, rules };
}

function errorOf(fn: () => unknown): EndpointResolutionError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof EndpointResolutionError, `expected EndpointResolutionError, got ${String(e)}`);
    return e;
  }
  assert.fail("expected an error");
}

describe("standard library", () => {
  test("isSet, not, booleanEquals, stringEquals", () => {
    assert.equal(fns.isSet(undefined), false);
    assert.equal(fns.isSet(null), false);
    assert.equal(fns.isSet(""), true);
    assert.equal(fns.isSet(false), true);
    assert.equal(fns.not(true), false);
    assert.equal(fns.not(false), true);
    assert.equal(fns.booleanEquals(true, true), true);
    assert.equal(fns.booleanEquals(true, false), false);
    assert.equal(fns.stringEquals("a", "a"), true);
    assert.equal(fns.stringEquals("a", "A"), false);
  });

  test("getAttr paths", () => {
    const v = { a: { b: ["x", { c: "deep" }] }, list: ["p", "q"] };
    assert.deepEqual(fns.parsePath("a.b[1].c"), ["a", "b", 1, "c"]);
    assert.deepEqual(fns.parsePath("[0]"), [0]);
    assert.equal(fns.getAttr(v, "a.b[0]"), "x");
    assert.equal(fns.getAttr(v, "a.b[1].c"), "deep");
    assert.equal(fns.getAttr(v, "list[1]"), "q");
    assert.equal(fns.getAttr(v.list, "[0]"), "p");
    assert.equal(fns.getAttr(v, "list[2]"), undefined, "out of range");
    assert.equal(fns.getAttr(v, "missing.x"), undefined);
    assert.equal(fns.getAttr(v, "toString"), undefined, "no prototype properties");
    assert.throws(() => fns.parsePath("a..b"));
    assert.throws(() => fns.parsePath("a[x]"));
  });

  test("substring", () => {
    assert.equal(fns.substring("abcdefg", 0, 4, false), "abcd");
    assert.equal(fns.substring("abcdefg", 0, 4, true), "defg");
    assert.equal(fns.substring("abcdefg", 1, 3, false), "bc");
    assert.equal(fns.substring("abcd", 0, 4, false), "abcd");
    assert.equal(fns.substring("abc", 0, 4, false), undefined);
    assert.equal(fns.substring("abcdef", 3, 3, false), undefined);
    assert.equal(fns.substring("ab\u00e9def", 0, 2, false), undefined, "non-ASCII input");
  });

  test("uriEncode", () => {
    assert.equal(fns.uriEncode("abc:def/g h"), "abc%3Adef%2Fg%20h");
    assert.equal(fns.uriEncode("!'()*"), "%21%27%28%29%2A");
    assert.equal(fns.uriEncode("a-b_c.d~e"), "a-b_c.d~e");
    assert.equal(fns.uriEncode("\ud83d\ude39"), "%F0%9F%98%B9");
  });

  test("parseURL", () => {
    assert.deepEqual(fns.parseURL("https://example.com"), {
      scheme: "https",
      authority: "example.com",
      path: "",
      normalizedPath: "/",
      isIp: false,
    });
    assert.deepEqual(fns.parseURL("http://example.com:8080/a/b"), {
      scheme: "http",
      authority: "example.com:8080",
      path: "/a/b",
      normalizedPath: "/a/b/",
      isIp: false,
    });
    assert.equal(fns.parseURL("http://10.0.0.1/x/")?.isIp, true);
    assert.equal(fns.parseURL("http://10.0.0.1/x/")?.normalizedPath, "/x/");
    assert.equal(fns.parseURL("https://[2001:db8::1]:443")?.isIp, true);
    assert.equal(fns.parseURL("https://999.1.1.1")?.isIp, false);
    assert.equal(fns.parseURL("https://example.com/?q=1"), undefined, "query strings are rejected");
    assert.equal(fns.parseURL("ftp://example.com"), undefined);
    assert.equal(fns.parseURL("http://host:port/"), undefined);
    assert.equal(fns.parseURL("not a url"), undefined);
  });

  test("isValidHostLabel", () => {
    assert.equal(fns.isValidHostLabel("us-east-1", false), true);
    assert.equal(fns.isValidHostLabel("3aws4", false), true);
    assert.equal(fns.isValidHostLabel("a.b", false), false);
    assert.equal(fns.isValidHostLabel("a.b", true), true);
    assert.equal(fns.isValidHostLabel("", false), false);
    assert.equal(fns.isValidHostLabel("-a", false), false);
    assert.equal(fns.isValidHostLabel("a..b", true), false);
    assert.equal(fns.isValidHostLabel("a.", true), false);
    assert.equal(fns.isValidHostLabel("a".repeat(64), false), false);
  });

  test("split", () => {
    assert.deepEqual(fns.split("a--b--c", "--", 0), ["a", "b", "c"]);
    assert.deepEqual(fns.split("a--b--c", "--", 1), ["a--b--c"]);
    assert.deepEqual(fns.split("a--b--c", "--", 2), ["a", "b--c"]);
    assert.deepEqual(fns.split("--x--", "--", 0), ["", "x", ""]);
    assert.deepEqual(fns.split("", "--", 0), [""]);
  });

  test("coalesce and ite", () => {
    assert.equal(fns.coalesce(undefined, null, "b", "c"), "b");
    assert.equal(fns.coalesce(undefined, false), false);
    assert.equal(fns.coalesce(undefined, undefined), undefined);
    assert.equal(fns.ite(true, "t", "f"), "t");
    assert.equal(fns.ite(false, "t", "f"), "f");
  });

  test("aws.parseArn", () => {
    assert.deepEqual(fns.parseArn("arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap"), {
      partition: "aws",
      service: "s3",
      region: "us-west-2",
      accountId: "123456789012",
      resourceId: ["accesspoint", "my-ap"],
    });
    assert.deepEqual(fns.parseArn("arn:aws:iam::123:role:a/b")?.resourceId, ["role", "a", "b"]);
    assert.equal(fns.parseArn("arn:aws:s3:::bucket")?.region, "");
    assert.equal(fns.parseArn("arn:aws:s3:us-west-2:123"), undefined);
    assert.equal(fns.parseArn("arn::s3:us-west-2:123:x"), undefined);
    assert.equal(fns.parseArn("arn:aws::us-west-2:123:x"), undefined);
    assert.equal(fns.parseArn("arn:aws:s3:us-west-2:123:"), undefined);
    assert.equal(fns.parseArn("notarn:aws:s3:us-west-2:123:x"), undefined);
  });

  test("aws.isVirtualHostableS3Bucket", () => {
    assert.equal(fns.isVirtualHostableS3Bucket("my-bucket", false), true);
    assert.equal(fns.isVirtualHostableS3Bucket("ab", false), false);
    assert.equal(fns.isVirtualHostableS3Bucket("My-Bucket", false), false);
    assert.equal(fns.isVirtualHostableS3Bucket("a.b.c", false), false);
    assert.equal(fns.isVirtualHostableS3Bucket("my.bucket.name", true), true);
    assert.equal(fns.isVirtualHostableS3Bucket("192.168.0.1", true), false);
    assert.equal(fns.isVirtualHostableS3Bucket("bucket-", false), false);
    assert.equal(fns.isVirtualHostableS3Bucket("a..b", true), false);
  });

  test("aws.partition", () => {
    const partition = partitionFunction(TEST_PARTITIONS);
    assert.equal(partition("us-east-1")?.name, "aws");
    assert.equal(partition("eu-west-3")?.name, "aws", "by regionRegex");
    assert.equal(partition("cn-northwest-1")?.dnsSuffix, "amazonaws.com.cn");
    assert.equal(partition("mars-east-1")?.name, "aws", "unknown regions fall back to aws");
    assert.equal(partition("us-special-1")?.supportsFIPS, false, "region overrides");
    assert.equal(partition("us-special-1")?.description, undefined);
    assert.equal(partition("aws-global")?.implicitGlobalRegion, "us-east-1");
    assert.equal(partitionFunction(TEST_PARTITIONS), partition, "memoised per data object");
  });
});

describe("engine", () => {
  test("templates: placeholders, getAttr paths, escaped braces", () => {
    const rs = ruleSet(
      [
        {
          conditions: [
            { fn: "aws.partition", argv: [{ ref: "Region" }], assign: "P" },
            { fn: "aws.parseArn", argv: ["{Arn}"], assign: "arn" },
          ],
          endpoint: { url: "https://{{x}}.{arn#resourceId[1]}.{Region}.{P#dnsSuffix}/{{}}" },
          type: "endpoint",
        },
      ],
      { Region: { type: "String" }, Arn: { type: "String" } },
    );
    const ep = resolveEndpoint(rs, { Region: "cn-north-1", Arn: "arn:aws:s3:x:1:bucket/name" }, opts);
    assert.equal(ep.url, "https://{x}.name.cn-north-1.amazonaws.com.cn/{}");
  });

  test("properties and headers are templated; authSchemes pass through", () => {
    const rs = ruleSet(
      [
        {
          conditions: [],
          endpoint: {
            url: "https://{Region}.example.com",
            properties: {
              authSchemes: [{ name: "sigv4", signingName: "svc", signingRegion: "{Region}", disableDoubleEncoding: true }],
              nested: { list: ["a", "{Region}"], n: 1 },
            },
            headers: { "x-region": ["{Region}", "static"] },
          },
          type: "endpoint",
        },
      ],
      { Region: { type: "String", required: true, default: "us-east-1" } },
    );
    const ep = resolveEndpoint(rs, {}, opts);
    assert.deepEqual(ep, {
      url: "https://us-east-1.example.com",
      properties: {
        authSchemes: [{ name: "sigv4", signingName: "svc", signingRegion: "us-east-1", disableDoubleEncoding: true }],
        nested: { list: ["a", "us-east-1"], n: 1 },
      },
      headers: { "x-region": ["us-east-1", "static"] },
    });
    const again = resolveEndpoint(rs, {}, opts);
    assert.notEqual(again.properties, ep.properties, "uncached results are fresh objects");
  });

  test("empty properties and headers are left out", () => {
    const rs = ruleSet([{ conditions: [], endpoint: { url: "https://x", properties: {}, headers: {} }, type: "endpoint" }]);
    assert.deepEqual(resolveEndpoint(rs, {}, opts), { url: "https://x" });
  });

  test("error rules: exact (templated) text; no match; tree rules are terminal", () => {
    const rs = ruleSet(
      [
        {
          conditions: [{ fn: "isSet", argv: [{ ref: "A" }] }],
          rules: [
            { conditions: [{ fn: "stringEquals", argv: [{ ref: "A" }, "bad"] }], error: "A is `{A}`", type: "error" },
            { conditions: [{ fn: "stringEquals", argv: [{ ref: "A" }, "ok"] }], endpoint: { url: "https://ok" }, type: "endpoint" },
          ],
          type: "tree",
        },
        { conditions: [], endpoint: { url: "https://fallback" }, type: "endpoint" },
      ],
      { A: { type: "String" } },
    );
    const r = compileRuleSet(rs, opts);
    assert.equal(r.resolve({ A: "ok" }).url, "https://ok");
    assert.equal(r.resolve({}).url, "https://fallback");
    const e = errorOf(() => r.resolve({ A: "bad" }));
    assert.equal(e.message, "A is `bad`");
    assert.equal(e.kind, "rule");
    // A tree whose conditions matched does not fall through to later rules.
    assert.equal(errorOf(() => r.resolve({ A: "other" })).kind, "no-match");
    const none = compileRuleSet(ruleSet([{ conditions: [{ fn: "isSet", argv: [{ ref: "A" }] }], endpoint: { url: "https://a" }, type: "endpoint" }], { A: { type: "String" } }), opts);
    assert.equal(errorOf(() => none.resolve({})).kind, "no-match");
  });

  test("conditions: false and empty results fail; assign binds the value", () => {
    const rs = ruleSet(
      [
        {
          conditions: [{ fn: "substring", argv: [{ ref: "S" }, 0, 2, false], assign: "prefix" }],
          endpoint: { url: "https://{prefix}" },
          type: "endpoint",
        },
        { conditions: [{ fn: "booleanEquals", argv: [{ ref: "B" }, false] }], endpoint: { url: "https://b-false" }, type: "endpoint" },
        { conditions: [], error: "nothing", type: "error" },
      ],
      { S: { type: "String" }, B: { type: "Boolean" } },
    );
    const r = compileRuleSet(rs, opts);
    assert.equal(r.resolve({ S: "abc" }).url, "https://ab");
    assert.equal(r.resolve({ S: "a", B: false }).url, "https://b-false");
    assert.equal(errorOf(() => r.resolve({ S: "a", B: true })).message, "nothing");
  });

  test("assign scoping: a binding is visible in its rule and sub-rules only", () => {
    const rs = ruleSet(
      [
        {
          conditions: [
            { fn: "isSet", argv: [{ ref: "A" }] },
            { fn: "coalesce", argv: [{ ref: "A" }], assign: "v" },
            { fn: "stringEquals", argv: [{ ref: "v" }, "never"] },
          ],
          endpoint: { url: "https://first/{v}" },
          type: "endpoint",
        },
        {
          conditions: [{ fn: "coalesce", argv: [{ ref: "B" }, "dflt"], assign: "v" }],
          rules: [
            {
              conditions: [{ fn: "coalesce", argv: ["{v}-inner"], assign: "w" }],
              endpoint: { url: "https://second/{v}/{w}" },
              type: "endpoint",
            },
          ],
          type: "tree",
        },
      ],
      { A: { type: "String" }, B: { type: "String" } },
    );
    const r = compileRuleSet(rs, opts);
    // The first rule bound v = A and then failed; the second rebinds v in its own scope.
    assert.equal(r.resolve({ A: "a" }).url, "https://second/dflt/dflt-inner");
    assert.equal(r.resolve({ A: "a", B: "b" }).url, "https://second/b/b-inner");
  });

  test("a reference outside the binding's scope does not see a stale value", () => {
    const rs = ruleSet([
      {
        conditions: [
          { fn: "coalesce", argv: ["bound"], assign: "x" },
          { fn: "booleanEquals", argv: [true, false] },
        ],
        endpoint: { url: "https://never" },
        type: "endpoint",
      },
      // `x` is not in scope here: it is read as an (undeclared) input parameter.
      { conditions: [{ fn: "isSet", argv: [{ ref: "x" }] }], endpoint: { url: "https://x/{x}" }, type: "endpoint" },
      { conditions: [], error: "x not set", type: "error" },
    ]);
    const r = compileRuleSet(rs, opts);
    assert.equal(errorOf(() => r.resolve({})).message, "x not set");
    assert.equal(r.resolve({ x: "given" }).url, "https://x/given");
  });

  test("getAttr, not, ite and split in expressions", () => {
    const rs = ruleSet(
      [
        {
          conditions: [
            { fn: "split", argv: [{ ref: "S" }, ".", 0], assign: "parts" },
            { fn: "not", argv: [{ fn: "stringEquals", argv: [{ fn: "getAttr", argv: [{ ref: "parts" }, "[0]"] }, "x"] }] },
            { fn: "ite", argv: [{ ref: "B" }, "yes", "no"], assign: "choice" },
          ],
          endpoint: { url: "https://{parts#[1]}.{choice}" },
          type: "endpoint",
        },
        { conditions: [], error: "starts with x", type: "error" },
      ],
      { S: { type: "String", required: true }, B: { type: "Boolean", required: true, default: false } },
    );
    const r = compileRuleSet(rs, opts);
    assert.equal(r.resolve({ S: "a.b", B: true }).url, "https://b.yes");
    assert.equal(r.resolve({ S: "a.b" }).url, "https://b.no");
    assert.equal(errorOf(() => r.resolve({ S: "x.b" })).message, "starts with x");
  });

  test("parameters: defaults, required, types", () => {
    const rs = ruleSet([{ conditions: [], endpoint: { url: "https://{R}/{F}/{L#[0]}" }, type: "endpoint" }], {
      R: { type: "String", required: true },
      F: { type: "Boolean", required: true, default: false },
      L: { type: "stringArray", required: true, default: ["d1", "d2"] },
    });
    const r = compileRuleSet(rs, opts);
    assert.equal(r.resolve({ R: "r" }).url, "https://r/false/d1");
    assert.equal(r.resolve({ R: "r", F: true, L: ["x"], Extra: 1 }).url, "https://r/true/x");
    assert.equal(r.resolve({ R: "r", F: null }).url, "https://r/false/d1", "null means unset");
    const missing = errorOf(() => r.resolve({}));
    assert.equal(missing.kind, "parameter");
    assert.match(missing.message, /R/);
    assert.match(errorOf(() => r.resolve({ R: 1 })).message, /R must be a string, got number/);
    assert.match(errorOf(() => r.resolve({ R: "r", F: "true" })).message, /F must be a boolean, got string/);
    assert.match(errorOf(() => r.resolve({ R: "r", L: [1] })).message, /L must be an array of strings/);
  });

  test("malformed rule sets fail when compiling", () => {
    const bad = (rules: unknown[]) => () => compileRuleSet(ruleSet(rules), opts);
    assert.throws(bad([{ conditions: [{ fn: "nope", argv: [] }], endpoint: { url: "x" }, type: "endpoint" }]), EndpointRuleSetError);
    assert.throws(bad([{ conditions: [], endpoint: { url: "https://{A" }, type: "endpoint" }]), EndpointRuleSetError);
    assert.throws(bad([{ conditions: [], type: "bogus" }]), EndpointRuleSetError);
    assert.throws(() => compileRuleSet(ruleSet([], { P: { type: "Integer" as "String" } }), opts), EndpointRuleSetError);
  });

  test("tree rules compile on first use unless lazy is false", () => {
    const rs = ruleSet(
      [
        {
          conditions: [{ fn: "isSet", argv: [{ ref: "A" }] }],
          rules: [{ conditions: [{ fn: "nope", argv: [] }], endpoint: { url: "https://a" }, type: "endpoint" }],
          type: "tree",
        },
        { conditions: [], endpoint: { url: "https://b" }, type: "endpoint" },
      ],
      { A: { type: "String" } },
    );
    assert.throws(() => compileRuleSet(rs, { ...opts, lazy: false }), EndpointRuleSetError);
    const lazy = compileRuleSet(rs, opts);
    assert.equal(lazy.resolve({}).url, "https://b");
    assert.throws(() => lazy.resolve({ A: "x" }), EndpointRuleSetError);
  });

  test("templates always produce strings", () => {
    const rs = ruleSet([{ conditions: [], endpoint: { url: "https://x", properties: { flag: "{F}", both: "{F}-{F}" } }, type: "endpoint" }], {
      F: { type: "Boolean", required: true, default: true },
    });
    assert.deepEqual(resolveEndpoint(rs, {}, opts).properties, { flag: "true", both: "true-true" });
  });

  test("custom functions can be supplied", () => {
    const rs = ruleSet([{ conditions: [{ fn: "test.upper", argv: ["{A}"], assign: "u" }], endpoint: { url: "https://{u}" }, type: "endpoint" }], {
      A: { type: "String", required: true },
    });
    const r = compileRuleSet(rs, { ...opts, functions: { "test.upper": (s: string) => s.toUpperCase() } });
    assert.equal(r.resolve({ A: "abc" }).url, "https://ABC");
  });

  test("the engine evaluates without eval or new Function", () => {
    const dir = new URL("../src/endpoints/", import.meta.url);
    for (const f of readdirSync(dir)) {
      const src = readFileSync(new URL(f, dir), "utf8");
      assert.doesNotMatch(src, /\beval\s*\(|new\s+Function\s*\(|\bFunction\s*\(/, f);
    }
  });
});

describe("cached resolver", () => {
  const rs = ruleSet(
    [
      { conditions: [{ fn: "isSet", argv: [{ ref: "Region" }] }], endpoint: { url: "https://{Region}", properties: { a: ["{Region}"] } }, type: "endpoint" },
      { conditions: [], error: "Missing Region", type: "error" },
    ],
    { Region: { type: "String" }, Fips: { type: "Boolean", required: true, default: false } },
  );

  test("hits return the same frozen result; different values resolve separately", () => {
    const resolve = createEndpointResolver(rs, { ...opts, cacheSize: 10 });
    const a = resolve({ Region: "us-east-1" });
    assert.equal(resolve({ Region: "us-east-1" }), a);
    assert.ok(Object.isFrozen(a) && Object.isFrozen(a.properties!.a));
    assert.equal(resolve({ Region: "us-east-2" }).url, "https://us-east-2");
    assert.equal(resolve({ Region: "us-east-1", Fips: true }).url, "https://us-east-1");
    assert.notEqual(resolve({ Region: "us-east-1", Fips: true }), a, "keyed by every parameter value");
    // Values that could collide in a naive key stay apart.
    assert.equal(resolve({ Region: "1:x" }).url, "https://1:x");
    assert.equal(resolve({ Region: "1:" }).url, "https://1:");
  });

  test("the repeat-call shortcut never answers for different parameters", () => {
    const resolve = createEndpointResolver(rs, { ...opts, cacheSize: 10 });
    const a = resolve({ Region: "us-east-1" });
    assert.equal(resolve({ Region: "us-east-1", Endpoint: undefined }), a, "unset values do not count");
    assert.equal(resolve({ Region: "us-west-2" }).url, "https://us-west-2");
    assert.equal(resolve({ Region: "us-east-1" }), a);
    assert.notEqual(resolve({ Region: "us-east-1", Fips: true }), a, "an extra value is a different call");
    assert.equal(resolve({ Region: "us-east-1" }), a);
    assert.equal(resolve({ Fips: false, Region: "us-east-1" }).url, "https://us-east-1", "same values in another order");
    assert.equal(errorOf(() => resolve({})).message, "Missing Region", "a missing value is a different call");
  });

  test("errors are thrown every time and not cached", () => {
    const resolve = createEndpointResolver(rs, opts);
    assert.equal(errorOf(() => resolve({})).message, "Missing Region");
    assert.equal(errorOf(() => resolve({})).message, "Missing Region");
    assert.equal(errorOf(() => resolve({ Region: 5 })).kind, "parameter");
  });

  test("the cache is bounded", () => {
    const resolve = createEndpointResolver(rs, { ...opts, cacheSize: 2 });
    const first = resolve({ Region: "r1" });
    resolve({ Region: "r2" });
    resolve({ Region: "r3" });
    assert.notEqual(resolve({ Region: "r1" }), first, "evicted");
    assert.equal(resolve({ Region: "r1" }).url, "https://r1");
    const uncached = createEndpointResolver(rs, { ...opts, cacheSize: 0 });
    assert.notEqual(uncached({ Region: "r1" }), uncached({ Region: "r1" }));
  });
});

describe("Smithy node parser (test support)", () => {
  test("parses IDL node values", () => {
    assert.deepEqual(parseSmithyNode('{ a: "x\\u0041", b: [1, -2.5, true, null], "c d": { e: smithy.api#String } // note\n }'), {
      a: "xA",
      b: [1, -2.5, true, null],
      "c d": { e: "smithy.api#String" },
    });
  });
});

describe("bedrock-runtime", () => {
  const partitions = loadPartitions();
  const [svc] = loadModelEndpointData((s) => s === "bedrock-runtime");

  test("every endpointTests case", () => {
    assert.ok(svc, "bedrock-runtime model not found");
    assert.ok(svc.testCases.length > 0);
    const compiled = compileRuleSet(svc.ruleSet, { partitions });
    const cached = createEndpointResolver(svc.ruleSet, { partitions });
    // ISO-region expectations predate the ISO partitions' dual-stack support (see support).
    const legacy = compileRuleSet(svc.ruleSet, { partitions: legacyIsoPartitions(partitions) });
    const failures: string[] = [];
    for (const tc of svc.testCases) {
      const iso = /^(us|eu)-iso/.test(String(tc.params?.Region));
      for (const resolve of [(p: Record<string, unknown>) => compiled.resolve(p), cached]) {
        let why = checkCase(resolve, tc);
        if (why && iso) why = checkCase((p) => legacy.resolve(p), tc);
        if (why) failures.push(`${tc.documentation}: ${why}`);
      }
    }
    assert.deepEqual(failures, []);
  });
});
