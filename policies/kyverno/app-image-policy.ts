import type { AppImagePolicies, AppImagePolicyRequest } from "../../components/onboarding/onboarding-context";
import type { SigningIdentity } from "../../components/onboarding/pipeline/signing-identity";
import { POLICIES_API_VERSION } from "../../components/platform/kyverno/policy-manifests";
import { guardrailById } from "../catalog";
import { admissionGroups, type AdmissionEnforcement } from "./admission-actions";

export const IMAGE_SIGNATURE_GUARDRAIL = "image-signature-verified";

/**
 * The cosign attestors that admit exactly what the pipeline signs: the same
 * keyless issuer and subject, or the public keys of the same Vault transit key
 * (inlined, so admission needs no Vault access). Transit signatures are not in a
 * transparency log, so the log is not required for them.
 */
export function pipelineAttestors(
  identity: SigningIdentity,
  transitPublicKeys: readonly string[] = [],
): { name: string; cosign: Record<string, unknown> }[] {
  if (identity.mode === "keyless") {
    const ctlog = identity.rekorUrl ? { ctlog: { url: identity.rekorUrl } } : {};
    return [{ name: "pipeline", cosign: { keyless: { identities: [{ issuer: identity.issuer, subject: identity.subject }] }, ...ctlog } }];
  }
  if (transitPublicKeys.length === 0) throw new Error(`transit signing key ${identity.kms} has no public key to verify with`);
  return transitPublicKeys.map((pem, index) => ({
    name: `pipeline${index + 1}`,
    cosign: { key: { data: pem }, ctlog: { insecureIgnoreTlog: true } },
  }));
}

/** One ImageValidatingPolicy of an app (guardrail `image-signature-verified`), for the namespaces and actions of one group. */
export function appImageValidatingPolicy(args: AppImagePolicyRequest): Record<string, unknown> {
  const guardrail = guardrailById(IMAGE_SIGNATURE_GUARDRAIL);
  const attestors = pipelineAttestors(args.identity, args.transitPublicKeys);
  return {
    apiVersion: POLICIES_API_VERSION,
    kind: "ImageValidatingPolicy",
    metadata: {
      name: args.name,
      labels: { "platform.delivery/app": args.app, "platform.delivery/guardrail": guardrail.id },
      annotations: { "policies.kyverno.io/title": guardrail.title, "policies.kyverno.io/severity": guardrail.severity },
    },
    spec: {
      validationActions: [...args.validationActions],
      // Signatures are checked against the registry at admission; background re-verification would hammer it.
      evaluation: { background: { enabled: false } },
      webhookConfiguration: { timeoutSeconds: 30 },
      matchConstraints: {
        resourceRules: [{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["pods"] }],
        namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: [...args.namespaces] }] },
      },
      matchImageReferences: [{ glob: args.imageGlob }],
      attestors,
      validationConfigurations: { mutateDigest: true, verifyDigest: true, required: true },
      validations: [
        {
          // Any version of the pipeline's key (or its keyless identity) may have signed the image.
          expression: `images.containers.map(image, verifyImageSignatures(image, [${attestors.map((a) => `attestors.${a.name}`).join(", ")}])).all(e, e > 0)`,
          message: `Images of ${args.app} must be signed by its pipeline.`,
        },
      ],
    },
  };
}

/**
 * An app's image policies under the stack's enforcement: its environments grouped by the actions
 * the shared level rule gives them (policies/enforcement/levels.ts), one policy per group.
 */
export function appImagePolicies(enforcement: AdmissionEnforcement): AppImagePolicies {
  const guardrail = guardrailById(IMAGE_SIGNATURE_GUARDRAIL);
  return {
    groups: (environments) =>
      admissionGroups(guardrail, enforcement, environments).map((group) => ({
        ...(group.base ? {} : { variant: group.variant }),
        environments: group.environments,
        validationActions: group.actions,
      })),
    build: appImageValidatingPolicy,
  };
}
