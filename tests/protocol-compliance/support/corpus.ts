/**
 * The protocol-test corpus: every test service loaded with the IDL loader (with `trait-defs/`),
 * generated with the normal generator into `.generated/`, and every client-side test case found.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadIdlModels } from "../../../codegen/src/idl/index.js";
import { clientClassName, emitPackage } from "../../../codegen/src/emit-package.js";
import { writePackage } from "../../../codegen/src/generate.js";
import { type AstShape, SmithyModel, localName } from "../../../codegen/src/model.js";
import { methodNames } from "../../../codegen/src/names.js";
import { buildService, type ServiceModel } from "../../../codegen/src/service.js";

export const CORPUS = process.env.PROTOCOL_TESTS_DIR ?? fileURLToPath(new URL("../../../../shared/corpora/protocol-tests", import.meta.url));
export const GENERATED = fileURLToPath(new URL("../.generated/", import.meta.url));

export type Kind = "request" | "response" | "eventStream";

export interface TestCase {
  /** `<protocol>/<kind>/<id>`: the key of the skips file */
  key: string;
  id: string;
  kind: Kind;
  protocol: string;
  /** the shape the trait is on: an operation, or an error structure (response tests) */
  shapeId: string;
  /** the operation to call */
  opId: string;
  opName: string;
  svc: ServiceModel;
  def: Record<string, any>;
}

export interface LoadedService {
  svc: ServiceModel;
  /** the generated package's index.js, imported */
  module: Record<string, any>;
  /** the generated client class */
  Client: new (config: Record<string, unknown>) => Record<string, (input: unknown) => Promise<any>>;
  /** operation name → the client's method name */
  methods: Map<string, string>;
}

function smithyFiles(): string[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith(".smithy")) files.push(p);
    }
  };
  for (const d of ["smithy-aws-protocol-tests", "smithy-protocol-tests", "trait-defs"]) walk(join(CORPUS, d));
  return files;
}

const TRAITS: Record<string, Kind> = {
  "smithy.test#httpRequestTests": "request",
  "smithy.test#httpResponseTests": "response",
  "smithy.test#eventStreamTests": "eventStream",
};

export interface Corpus {
  model: SmithyModel;
  services: Map<string, LoadedService>;
  cases: TestCase[];
  /** every case id in the corpus by key, server-side ones included (for checking the skips file) */
  allKeys: Set<string>;
}

/** Loads, generates and imports every test service, and collects the cases. */
export async function loadCorpus(): Promise<Corpus> {
  const ast = loadIdlModels(smithyFiles(), { flattenMixins: true });
  const model = new SmithyModel("protocol-tests", ast.shapes as Record<string, AstShape>, ast.metadata);
  // a folder per run (under the repo, so the packages resolve @org/runtime from its node_modules),
  // removed once the packages are imported: concurrent runs never share files
  mkdirSync(GENERATED, { recursive: true });
  const runDir = mkdtempSync(join(GENERATED, "run-"));
  const services = new Map<string, LoadedService>();
  try {
    for (const serviceId of model.services()) {
      const svc = buildService(model, serviceId);
      const files = emitPackage(svc, { scope: "@org", version: "0.0.0", modelFile: "protocol-tests", modelName: localName(serviceId) });
      const dir = join(runDir, `${svc.packageBase}-${services.size}`);
      writePackage(dir, files);
      const module = (await import(pathToFileURL(join(dir, "index.js")).href)) as Record<string, any>;
      const Client = module[clientClassName(svc)];
      if (typeof Client !== "function") throw new Error(`${serviceId}: the generated package has no ${clientClassName(svc)}`);
      services.set(serviceId, { svc, module, Client, methods: methodNames(svc.operationIds.keys()) });
    }
  } finally {
    // PROTOCOL_COMPLIANCE_KEEP=1 keeps the generated packages for reading
    if (!process.env.PROTOCOL_COMPLIANCE_KEEP) rmSync(runDir, { recursive: true, force: true });
  }

  // which service (by protocol) holds each operation, and which operations can raise each error
  const protocolOf = (svc: ServiceModel) => (svc.protocol ? localName(svc.protocol) : "none");
  const opHomes = new Map<string, ServiceModel[]>();
  const errorHomes = new Map<string, { svc: ServiceModel; opId: string }[]>();
  for (const { svc } of services.values()) {
    for (const [opName, opId] of svc.operationIds) {
      opHomes.set(opId, [...(opHomes.get(opId) ?? []), svc]);
      const op = model.shape(opId);
      for (const e of op.errors ?? []) errorHomes.set(e.target, [...(errorHomes.get(e.target) ?? []), { svc, opId }]);
      void opName;
    }
    for (const e of svc.service.errors ?? []) {
      const first = [...svc.operationIds.values()][0];
      if (first) errorHomes.set(e.target, [...(errorHomes.get(e.target) ?? []), { svc, opId: first }]);
    }
  }

  const cases: TestCase[] = [];
  const allKeys = new Set<string>();
  for (const [shapeId, shape] of model.shapes) {
    for (const [traitId, kind] of Object.entries(TRAITS)) {
      const list = shape.traits?.[traitId] as Record<string, any>[] | undefined;
      if (!list) continue;
      for (const def of list) {
        const protocol = localName(def.protocol as string);
        const key = `${protocol}/${kind}/${def.id}`;
        allKeys.add(key);
        if (def.appliesTo === "server") continue;
        let home: { svc: ServiceModel; opId: string } | undefined;
        if (shape.type === "operation") {
          const svc = (opHomes.get(shapeId) ?? []).find((s) => protocolOf(s) === protocol);
          if (svc) home = { svc, opId: shapeId };
        } else {
          home = (errorHomes.get(shapeId) ?? []).find((h) => protocolOf(h.svc) === protocol);
        }
        if (!home) throw new Error(`${key}: no ${protocol} service has ${shapeId}`);
        cases.push({ key, id: def.id, kind, protocol, shapeId, opId: home.opId, opName: localName(home.opId), svc: home.svc, def });
      }
    }
  }
  cases.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { model, services, cases, allKeys };
}
