import type { AutoUnseal } from "./server-config";

/** Records, on the service account, an identity that leaves no other trace on the pod (EKS Pod Identity). */
export const SEAL_IDENTITY_ANNOTATION = "platform.delivery/seal-identity";

/** What the chart must put on the server pods and their service account for the seal's cloud identity. */
export interface SealIdentityValues {
  /** `server.serviceAccount.annotations`. */
  serviceAccountAnnotations: Record<string, string>;
  /** `server.extraLabels` (pod labels). */
  podLabels: Record<string, string>;
}

/**
 * The workload identity of each seal kind, as the platform's documentation of each names it:
 * - awskms + IRSA: `eks.amazonaws.com/role-arn` on the service account (EKS "IAM roles for service
 *   accounts"); EKS Pod Identity needs nothing on the pod side, the association is made in AWS.
 * - gcpckms: `iam.gke.io/gcp-service-account` on the service account (GKE Workload Identity); the
 *   seal then reads credentials from the metadata server.
 * - azurekeyvault: `azure.workload.identity/client-id` on the service account and the pod label
 *   `azure.workload.identity/use: "true"` (hashicorp/go-kms-wrapping
 *   wrappers/azurekeyvault/how-to-test-vault-autounseal-with-azure-wif.md at 3b78e7f).
 * - transit: the token from a Kubernetes Secret (VAULT_TOKEN), no cloud identity.
 */
export function sealIdentityValues(seal: AutoUnseal | undefined): SealIdentityValues {
  const none = { serviceAccountAnnotations: {}, podLabels: {} };
  switch (seal?.kind) {
    case undefined:
    case "transit":
      return none;
    case "awskms":
      // Pod Identity needs nothing on the pod; the annotation only records the choice for reviewers and plan checks.
      return seal.identity.kind === "irsa"
        ? { serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": seal.identity.roleArn }, podLabels: {} }
        : { serviceAccountAnnotations: { [SEAL_IDENTITY_ANNOTATION]: "eks-pod-identity" }, podLabels: {} };
    case "gcpckms":
      return { serviceAccountAnnotations: { "iam.gke.io/gcp-service-account": seal.identity.serviceAccount }, podLabels: {} };
    case "azurekeyvault":
      return {
        serviceAccountAnnotations: { "azure.workload.identity/client-id": seal.identity.clientId },
        podLabels: { "azure.workload.identity/use": "true" },
      };
  }
}
