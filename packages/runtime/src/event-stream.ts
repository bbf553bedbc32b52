/**
 * Bridges a response's event stream to `@org/eventstream`: builds the `EventModel` for the output's
 * event-stream union from the schema and the protocol's body parser, and the paws-style response.
 */
import type { EventMessage, EventModel } from "@org/eventstream";
import type { Readable } from "node:stream";
import { type ResponseMetadata, ServiceException, type ServiceExceptionInit } from "./errors.js";
import { eventStreamModule } from "./event-stream-module.js";
import type { Protocol } from "./protocols/protocol.js";
import { type ServiceSchema, type StructureSchema, type UnionSchema, shapeType } from "./schema.js";

export type ErrorClasses = Record<string, new (init: ServiceExceptionInit) => ServiceException>;

const eventsByUnion = new WeakMap<UnionSchema, Record<string, { target: string }>>();

function eventModel(schema: ServiceSchema, protocol: Protocol, unionRef: string, errors: ErrorClasses, metadata: ResponseMetadata): EventModel {
  const union = schema.shapes[unionRef] as UnionSchema;
  let events = eventsByUnion.get(union);
  if (!events) {
    events = {};
    for (const name in union.members) events[name] = { target: union.members[name].target };
    eventsByUnion.set(union, events);
  }
  return {
    events,
    // the plans decodeEvent derives per event type depend on the schema's union only, not on the response
    cacheKey: union,
    structure: (target) => {
      const s = schema.shapes[target];
      return s && (s.type === "structure" || s.type === "union") ? (s as StructureSchema) : undefined;
    },
    typeOf: (target) => shapeType(schema, target),
    parseBody: (target, body) => protocol.parseEventBody(schema, target, body),
    ...(protocol.parseEventBodyRange ? { parseBodyRange: (target: string, bytes: Uint8Array, start: number, end: number) => protocol.parseEventBodyRange!(schema, target, bytes, start, end) } : {}),
    modeledError: (memberName, fields, message: EventMessage) => {
      const target = union.members[memberName].target;
      const Cls = errors[target];
      const msg = (fields.message ?? fields.Message) as string | undefined;
      if (Cls) return new Cls({ message: msg, $metadata: metadata, fields });
      const shape = schema.shapes[target];
      if (shape?.type === "structure" && shape.error) {
        // a modeled error without a generated class is still the service's error, named as the model names it
        return new ServiceException({ message: msg, $metadata: metadata, fields }, shape.wireName ?? target, shape.error);
      }
      const e = new Error(msg ?? memberName) as Error & Record<string, unknown>;
      e.name = memberName;
      Object.assign(e, fields, { $metadata: metadata, $message: message });
      return e;
    },
  };
}

export interface StreamingResponseInit {
  schema: ServiceSchema;
  protocol: Protocol;
  errors: ErrorClasses;
  unionRef: string;
  memberName: string;
  fields: Record<string, unknown>;
  body: Readable;
  idleTimeoutMs?: number;
  signal?: AbortSignal;
  metadata: ResponseMetadata;
  /** the operation's output shape, for the `initial-response` event of RPC protocols */
  outputRef?: string;
}

/** The response object of an operation whose output is an event stream (after `loadEventStream()`). */
export function streamingResponse(init: StreamingResponseInit): unknown {
  const { EventStreamConnection, createStreamingResponse, eventDecoder } = eventStreamModule();
  // per response, so a modeled error thrown mid-stream carries this response's metadata
  const model = eventModel(init.schema, init.protocol, init.unionRef, init.errors, init.metadata);
  const connection = new EventStreamConnection(init.body, { idleTimeoutMs: init.idleTimeoutMs, signal: init.signal });
  const response = createStreamingResponse(init.fields, init.memberName, connection, eventDecoder(model)) as Record<string, unknown>;
  // RPC protocols send the output's other members in an `initial-response` event before the events:
  // it is never an event, and its members join the response as it is read
  const { protocol, schema, outputRef, memberName } = init;
  if (protocol.parseInitialResponse) {
    connection.onInitialMessage = (type, message) => {
      if (type !== "initial-response" || outputRef === undefined) return;
      const fields = protocol.parseInitialResponse!(schema, outputRef, message.body);
      for (const k of Object.keys(fields)) if (k !== memberName && k !== "stream") response[k] = fields[k];
    };
  }
  return response;
}
