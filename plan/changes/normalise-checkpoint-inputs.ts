import { SecretLeaf, type Comparable, type ComparableObject } from "./comparable-values";

/**
 * A checkpoint stores the inputs after the provider's Check, which adds what the program never
 * sent. Removed here, against the planned inputs, so an unchanged resource compares equal:
 * - `__defaults` of Terraform-bridged providers (vault, gitlab, harbor, random), and the keys it lists
 *   when the plan does not set them (pulumi/pulumi-terraform-bridge pkg/tfbridge/schema.go defaultsKey);
 * - Kubernetes autonaming: a generated `metadata.name` with the `pulumi.com/autonamed: "true"`
 *   annotation, when the plan sets no name (pulumi/pulumi-kubernetes provider/pkg/metadata/naming.go);
 * - a provider's `version` input, which the engine adds from the plugin version (compared there).
 */
export function normaliseCheckpointInputs(type: string, inputs: ComparableObject, planned: ComparableObject): ComparableObject {
  const result: ComparableObject = { ...inputs };
  const defaults = result.__defaults;
  delete result.__defaults;
  if (Array.isArray(defaults)) {
    for (const key of defaults) if (typeof key === "string" && !(key in planned)) delete result[key];
  }
  if (type.startsWith("kubernetes:") && !type.startsWith("kubernetes:helm.sh/")) dropAutoname(result, planned);
  return result;
}

const AUTONAMED = "pulumi.com/autonamed";

function dropAutoname(inputs: ComparableObject, planned: ComparableObject): void {
  const metadata = inputs.metadata;
  const plannedMetadata = planned.metadata;
  if (!isObject(metadata)) return;
  const annotations = metadata.annotations;
  if (!isObject(annotations) || annotations[AUTONAMED] !== "true") return;
  const plannedName = isObject(plannedMetadata) ? plannedMetadata.name : undefined;
  const rest = { ...annotations };
  delete rest[AUTONAMED];
  const next: ComparableObject = { ...metadata, annotations: rest };
  if (Object.keys(rest).length === 0) delete next.annotations;
  if (plannedName === undefined || plannedName === null) delete next.name;
  inputs.metadata = next;
}

const isObject = (value: Comparable | undefined): value is ComparableObject =>
  value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof SecretLeaf);
