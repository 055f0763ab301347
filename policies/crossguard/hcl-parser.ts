import type * as Hcl from "@cdktn/hcl2json";

/**
 * HashiCorp's HCL parser (@cdktn/hcl2json: Go compiled to WebAssembly), loaded on the first parse.
 * The package compiles its WebAssembly and starts a Go runtime as soon as it is required. Required
 * eagerly (every import of the policy pack did), a process that never parses a Vault policy still
 * waited for that compilation before it could exit: jest workers outlived their tests ("A worker
 * process has failed to exit gracefully") when a test file loaded the pack and ended quickly.
 */
let parser: typeof Hcl | undefined;

/** hcl2json's parse: HCL text to its JSON form (blocks as arrays). */
export function parse(filename: string, contents: string): Promise<Record<string, unknown>> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  parser ??= require("@cdktn/hcl2json") as typeof Hcl;
  return parser.parse(filename, contents) as Promise<Record<string, unknown>>;
}
