/** Smithy IDL (`.smithy`) loader: parse, assemble and serialize to the Smithy 2.0 JSON AST. */
export { IdlError, type SourceLocation } from "./errors.js";
export { type JsonAst, type LoadOptions, loadIdlModels, loadIdlSources, parseIdl } from "./loader.js";
export { canonicalNumber, ExactDecimal, isExactNumber, jsonText, type NodeNumber, parseJsonExact } from "./numbers.js";
export { type ParsedFile } from "./parser.js";
export { printAst } from "./print-ast.js";
