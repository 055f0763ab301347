import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

/** API version of the CEL policy kinds this platform uses (served by Kyverno 1.19's CRDs). */
export const POLICIES_API_VERSION = "policies.kyverno.io/v1";

const CLUSTER_KINDS = ["ValidatingPolicy", "ImageValidatingPolicy", "MutatingPolicy", "GeneratingPolicy", "DeletingPolicy"] as const;
const NAMESPACED_KINDS = [
  "NamespacedValidatingPolicy",
  "NamespacedImageValidatingPolicy",
  "NamespacedMutatingPolicy",
  "NamespacedGeneratingPolicy",
  "NamespacedDeletingPolicy",
  "PolicyException",
] as const;

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const name = z.string().max(253, "must be at most 253 characters").regex(DNS_SUBDOMAIN, "must be a DNS-1123 subdomain");

const isPlainObject = (value: unknown) =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !pulumi.Output.isInstance(value) && !(value instanceof Promise);

const manifest = z.looseObject({
  apiVersion: z.literal(POLICIES_API_VERSION, { message: `must be '${POLICIES_API_VERSION}'` }),
  kind: z.enum([...CLUSTER_KINDS, ...NAMESPACED_KINDS], {
    message: `must be one of ${[...CLUSTER_KINDS, ...NAMESPACED_KINDS].join(", ")} (legacy kyverno.io kinds are deprecated)`,
  }),
  metadata: z.looseObject({ name, namespace: name.optional() }),
  spec: z.custom<pulumi.Input<Record<string, unknown>>>((v) => v !== undefined && v !== null, { message: "required" }),
});

export type PolicyManifest = z.output<typeof manifest>;

/**
 * A policy manifest as the Kyverno component accepts it: a plain object whose
 * apiVersion, kind and metadata.name are known at plan time (they name the
 * Pulumi resource); `spec` may hold Outputs.
 */
export const policyManifest = z
  .custom<Record<string, unknown>>(isPlainObject, {
    message: "must be a plain manifest object (its kind and metadata.name name the Pulumi resource, so they cannot be Outputs)",
  })
  .pipe(manifest);

export const isNamespacedKind = (kind: PolicyManifest["kind"]) => (NAMESPACED_KINDS as readonly string[]).includes(kind);

/**
 * Checks what Kyverno would otherwise silently ignore or reject at apply time:
 * cluster-scoped kinds with a namespace, exceptions outside the exceptions
 * namespace, and the same object twice.
 */
export function checkPolicySet(manifests: readonly PolicyManifest[], exceptionNamespace: string, ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  manifests.forEach((policy, index) => {
    const { kind } = policy;
    const { name: policyName, namespace } = policy.metadata;
    if (!isNamespacedKind(kind) && namespace !== undefined)
      ctx.addIssue({ code: "custom", path: [index, "metadata", "namespace"], message: `${kind} is cluster-scoped; remove the namespace` });
    if (isNamespacedKind(kind) && namespace === undefined)
      ctx.addIssue({ code: "custom", path: [index, "metadata", "namespace"], message: `${kind} is namespaced; set metadata.namespace` });
    if (kind === "PolicyException" && namespace !== undefined && namespace !== exceptionNamespace)
      ctx.addIssue({
        code: "custom",
        path: [index, "metadata", "namespace"],
        message: `Kyverno only honours PolicyExceptions in '${exceptionNamespace}'`,
      });
    const key = policyKey(policy);
    if (seen.has(key)) ctx.addIssue({ code: "custom", path: [index, "metadata", "name"], message: `duplicate ${kind} '${policyName}'` });
    seen.add(key);
  });
}

/** Stable identity of a policy object (`kind/namespace/name`), used in its Pulumi resource name. */
export function policyKey(policy: PolicyManifest): string {
  const { namespace, name: policyName } = policy.metadata;
  return [policy.kind.toLowerCase(), namespace, policyName].filter((part) => part !== undefined).join("/");
}
