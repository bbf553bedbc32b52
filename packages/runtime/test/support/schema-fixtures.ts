/** Small hand-written ServiceSchemas for the protocol, binding and client tests. */
import type { OperationSchema, ServiceSchema, ShapeSchema } from "../../src/schema.js";
import type { Endpoint } from "../../src/protocols/http-binding.js";

/** A restJson1 service with the given shapes and operations and nothing else. */
export function service(shapes: Record<string, ShapeSchema>, operations: Record<string, OperationSchema> = {}, extra: Partial<ServiceSchema> = {}): ServiceSchema {
  return {
    name: "FixtureService",
    sdkId: "Fixture",
    version: "2024-01-01",
    protocol: "restJson1",
    auth: [],
    envName: "FIXTURE",
    operations,
    shapes,
    ...extra,
  };
}

export const ENDPOINT: Endpoint = { protocol: "https:", hostname: "svc.example.com", path: "" };

/** Shapes that exercise every JSON value kind. */
export const JSON_SHAPES: Record<string, ShapeSchema> = {
  Everything: {
    type: "structure",
    members: {
      name: { target: "string", jsonName: "Name" },
      plain: { target: "string" },
      count: { target: "integer" },
      big: { target: "bigInteger" },
      ratio: { target: "double" },
      flag: { target: "boolean" },
      data: { target: "blob" },
      when: { target: "timestamp" },
      whenIso: { target: "timestamp", timestampFormat: "date-time" },
      whenShape: { target: "IsoTime" },
      whenHttp: { target: "timestamp", timestampFormat: "http-date" },
      doc: { target: "document" },
      strings: { target: "StringList" },
      sparseStrings: { target: "SparseStringList" },
      nested: { target: "NestedList" },
      byName: { target: "IntMap" },
      sparseByName: { target: "SparseIntMap" },
      times: { target: "TimeList" },
      choice: { target: "Choice" },
      child: { target: "Child" },
      color: { target: "Color" },
    },
  },
  Child: { type: "structure", members: { label: { target: "string", jsonName: "Label" }, blobs: { target: "BlobList" } } },
  IsoTime: { type: "timestamp", timestampFormat: "date-time" },
  StringList: { type: "list", member: { target: "string" } },
  SparseStringList: { type: "list", member: { target: "string" }, sparse: true },
  NestedList: { type: "list", member: { target: "IntMap" } },
  BlobList: { type: "list", member: { target: "blob" } },
  TimeList: { type: "list", member: { target: "timestamp" } },
  IntMap: { type: "map", key: { target: "string" }, value: { target: "integer" } },
  SparseIntMap: { type: "map", key: { target: "string" }, value: { target: "integer" }, sparse: true },
  Choice: {
    type: "union",
    members: {
      text: { target: "string", jsonName: "Text" },
      number: { target: "integer" },
      child: { target: "Child" },
      nothing: { target: "Unit" },
    },
  },
  Color: { type: "enum", enum: { RED: "red", GREEN: "green" } },
};
