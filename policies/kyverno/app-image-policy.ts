import type { SigningIdentity } from "../../components/onboarding/pipeline/signing-identity";
import { POLICIES_API_VERSION } from "../../components/platform/kyverno/policy-manifests";
import type { Profile } from "../../stacks/config/schema";
import { guardrailById } from "../catalog";
import { validationActionsFor } from "./manifests";

export interface AppImagePolicyArgs {
  app: string;
  /** Images this policy verifies, e.g. `harbor.example.com/shop/*`. */
  imageGlob: string;
  /** The app's namespaces: only their pods are checked against this app's identity. */
  namespaces: readonly string[];
  /** The identity the app's pipeline signs with (renderAppPipeline's `signingIdentity`). */
  identity: SigningIdentity;
}

/**
 * The cosign attestor that admits exactly what the pipeline signs: the same
 * keyless issuer and subject, or the same Vault transit key (`hashivault://`
 * KMS URI; Kyverno reads the public key from Vault). Transit signatures are not
 * in a transparency log, so the log is not required for them.
 */
export function pipelineAttestor(identity: SigningIdentity): Record<string, unknown> {
  if (identity.mode === "keyless") {
    return {
      keyless: { identities: [{ issuer: identity.issuer, subject: identity.subject }] },
      ...(identity.rekorUrl ? { ctlog: { url: identity.rekorUrl } } : {}),
    };
  }
  return { key: { kms: identity.kms }, ctlog: { insecureIgnoreTlog: true } };
}

/** One app's ImageValidatingPolicy (guardrail `image-signature-verified`), in the profile's mode. */
export function appImageValidatingPolicy(profile: Profile, args: AppImagePolicyArgs): Record<string, unknown> {
  const guardrail = guardrailById("image-signature-verified");
  const mode = guardrail.kyverno?.mode[profile] ?? "Audit";
  return {
    apiVersion: POLICIES_API_VERSION,
    kind: "ImageValidatingPolicy",
    metadata: {
      name: `verify-images-${args.app}`,
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
      attestors: [{ name: "pipeline", cosign: pipelineAttestor(args.identity) }],
      validationConfigurations: { mutateDigest: true, verifyDigest: true, required: true },
      validations: [
        {
          expression: "images.containers.map(image, verifyImageSignatures(image, [attestors.pipeline])).all(e, e > 0)",
          message: `Images of ${args.app} must be signed by its pipeline.`,
        },
      ],
    },
  };
}
