import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import type { PlanDocument, PlanResource } from "./plan-document";

/** A file a reviewer reads, relative to the output directory. */
export interface Artifact {
  path: string;
  content: string;
}

/** Marks a directory as ours, so a later run may replace it without deleting someone's files. */
const MARKER = ".offline-plan-artifacts";

/** Kubernetes object types as URN types: `kubernetes:<group/version>:<Kind>`, minus Helm and YAML wrappers. */
function isKubernetesObject(resource: PlanResource): boolean {
  return resource.custom && resource.type.startsWith("kubernetes:") && !resource.type.startsWith("kubernetes:helm.sh/");
}

const safe = (segment: string) => segment.replace(/[^A-Za-z0-9._-]+/g, "_");

/**
 * Turns a plan into the files a reviewer wants to read. Works only from the
 * plan's redacted inputs, so no secret value can be written.
 */
export function planArtifacts(plan: PlanDocument): Artifact[] {
  const artifacts: Artifact[] = [];
  const byNamespace = new Map<string, PlanResource[]>();
  for (const resource of plan.resources) {
    if (!resource.custom || resource.type.startsWith("pulumi:providers:")) continue;
    if (isKubernetesObject(resource)) {
      const metadata = (resource.inputs.metadata ?? {}) as { namespace?: string };
      const namespace = typeof metadata.namespace === "string" ? metadata.namespace : "_cluster";
      byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), resource]);
    } else if (resource.type === "kubernetes:helm.sh/v3:Release") {
      artifacts.push({
        path: `helm/${safe(typeof resource.inputs.namespace === "string" ? resource.inputs.namespace : "default")}/${safe(resource.name)}.yaml`,
        content: stringify(resource.inputs),
      });
    } else {
      artifacts.push({
        path: `resources/${safe(resource.type)}/${safe(resource.name)}.json`,
        content: `${JSON.stringify(resource.inputs, null, 2)}\n`,
      });
    }
  }
  for (const [namespace, resources] of byNamespace) {
    const documents = resources.map((r) => stringify(r.inputs)).join("---\n");
    artifacts.push({ path: `kubernetes/${safe(namespace)}.yaml`, content: documents });
  }
  return artifacts.sort((a, b) => a.path.localeCompare(b.path));
}

/** Writes the artifacts under `dir`, replacing what an earlier run left there (and nothing else). */
export function writeArtifacts(dir: string, artifacts: readonly Artifact[]): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    if (!existsSync(path.join(dir, MARKER)))
      throw new Error(`refusing to overwrite ${dir}: it is not empty and was not written by the offline plan`);
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, MARKER), "Written by `npm run plan -- --out`; safe to delete.\n");
  for (const artifact of artifacts) {
    const file = path.join(dir, artifact.path);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, artifact.content);
  }
}
