import type { AppImagePolicyRequest } from "../../components/onboarding/onboarding-context";
import type { SigningIdentity } from "../../components/onboarding/pipeline/signing-identity";
import { POLICIES_API_VERSION } from "../../components/platform/kyverno/policy-manifests";
import type { Profile } from "../../components/shared/profiles";
import { guardrailById } from "../catalog";
import { validationActionsFor } from "./manifests";

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

/** One app's ImageValidatingPolicy (guardrail `image-signature-verified`), in the profile's mode. */
export function appImageValidatingPolicy(profile: Profile, args: AppImagePolicyRequest): Record<string, unknown> {
  const guardrail = guardrailById("image-signature-verified");
  const mode = guardrail.kyverno?.mode[profile] ?? "Audit";
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
      validationActions: validationActionsFor(mode),
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
