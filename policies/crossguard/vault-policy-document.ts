import { parse } from "./hcl-parser";

/** One `path "<glob>" { capabilities = [...] }` block of a Vault ACL policy. */
export interface PathGrant {
  path: string;
  capabilities: string[];
}

/**
 * Parses a Vault policy with HashiCorp's HCL parser (hcl2json: blocks become
 * arrays, so a path's body is `path[<glob>][0]`). Vault itself parses HCL v1;
 * plain policy documents are valid in both.
 */
export async function pathGrants(policy: string): Promise<PathGrant[]> {
  const document = (await parse("policy.hcl", policy)) as { path?: Record<string, { capabilities?: string[]; policy?: string }[]> };
  return Object.entries(document.path ?? {}).flatMap(([path, blocks]) =>
    blocks.map((block) => ({ path, capabilities: block.capabilities ?? (block.policy !== undefined ? [block.policy] : []) })),
  );
}

/** Index of the first path segment holding a glob (`*`, `+`), or -1. */
export function firstGlobSegment(path: string): number {
  return path.split("/").findIndex((segment) => segment.includes("*") || segment.includes("+"));
}
