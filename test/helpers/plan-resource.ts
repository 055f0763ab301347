import type { PlanResource } from "../../plan/plan-document";

/** A plan resource for fixtures: only what policies read. */
export function planResource(type: string, name: string, inputs: Record<string, unknown>, extra: Partial<PlanResource> = {}): PlanResource {
  return {
    urn: `urn:pulumi:test::delivery-platform::${type}::${name}`,
    type,
    name,
    custom: true,
    parent: null,
    provider: null,
    dependencies: [],
    protect: false,
    retainOnDelete: false,
    ignoreChanges: [],
    aliases: [],
    pluginVersion: null,
    pluginDownloadURL: null,
    inputs: inputs as PlanResource["inputs"],
    secretPaths: [],
    ...extra,
  };
}
