import { appImagesOwnProject } from "./app-images";
import { appIngressHosts, appMetricsOwnNamespace, appServicesClusterInternal } from "./exposure";
import { backingServicesPrivateEncrypted } from "./backing-services";
import { kubernetesKindsReviewed } from "./kinds";
import { appNetworkPoliciesScoped } from "./network-policies";
import { rbacLeastPrivilege } from "./rbac";
import { persistentVolumesProvisioned } from "./storage";
import { vaultTransitKeysRetained } from "./transit-keys";
import { appNamespaceIsolation, namespaceLabels } from "./tenancy";
import {
  argocdNoDefaultProject,
  argocdProdSyncGuarded,
  argocdSourcesPinned,
  gitlabDefaultBranchProtected,
  gitlabMergeApprovals,
  gitlabProjectPrivate,
} from "./delivery";
import { crdReleaseDependency, prodNamespacesBackedUp, statefulResourcesProtected } from "./resilience";
import type { CrossGuardRule } from "./rule";
import { gitlabSecretVariablesMasked, noSecretsInConfigMaps, noSecretsInHelmValues } from "./secrets-identity";
import { argocdAppProjectScoped } from "./argocd-projects";
import { rolloutsReferenceDeployment } from "./rollouts";
import { harborRobotLeastPrivilege } from "./harbor-robots";
import { vaultPolicyLeastPrivilege, vaultPolicyNoEscalation } from "./vault-policies";
import { vaultJwtRoleBoundClaims, vaultKubernetesRoleBound } from "./vault-roles";
import {
  harborCosignEnforced,
  harborDeploymentSecurity,
  harborProjectPrivateScanned,
  helmChartPinned,
  helmRepositoryAllowed,
} from "./supply-chain";
import {
  capabilitiesRestricted,
  imagesFromPlatformRegistry,
  imageTagPinned,
  noHostNamespaces,
  noPrivilegedContainers,
  noPrivilegeEscalation,
  probesRequired,
  resourceRequestsLimits,
  runAsNonRoot,
  seccompAppArmorConfined,
  workloadLabels,
} from "./workloads";

/** The CrossGuard check of each guardrail, by catalog id. */
export const CROSSGUARD_RULES: Readonly<Record<string, CrossGuardRule>> = {
  "no-privileged-containers": noPrivilegedContainers,
  "no-privilege-escalation": noPrivilegeEscalation,
  "run-as-non-root": runAsNonRoot,
  "no-host-namespaces": noHostNamespaces,
  "capabilities-restricted": capabilitiesRestricted,
  "seccomp-apparmor-confined": seccompAppArmorConfined,
  "persistent-volumes-provisioned": persistentVolumesProvisioned,
  "resource-requests-limits": resourceRequestsLimits,
  "probes-required": probesRequired,
  "workload-labels": workloadLabels,
  "rollouts-reference-deployment": rolloutsReferenceDeployment,
  "namespace-labels": namespaceLabels,
  "app-namespace-isolation": appNamespaceIsolation,
  "app-ingress-hosts": appIngressHosts,
  "app-services-cluster-internal": appServicesClusterInternal,
  "app-metrics-scrapes-own-namespace": appMetricsOwnNamespace,
  "app-network-policies-scoped": appNetworkPoliciesScoped,
  "backing-services-private-encrypted": backingServicesPrivateEncrypted,
  "rbac-least-privilege": rbacLeastPrivilege,
  "kubernetes-kinds-reviewed": kubernetesKindsReviewed,
  "image-tag-pinned": imageTagPinned,
  "images-from-platform-registry": imagesFromPlatformRegistry,
  "app-images-own-project": appImagesOwnProject,
  "helm-chart-pinned": helmChartPinned,
  "helm-repository-allowed": helmRepositoryAllowed,
  "harbor-project-private-scanned": harborProjectPrivateScanned,
  "harbor-deployment-security": harborDeploymentSecurity,
  "harbor-cosign-enforced": harborCosignEnforced,
  "no-secrets-in-helm-values": noSecretsInHelmValues,
  "no-secrets-in-configmaps": noSecretsInConfigMaps,
  "vault-policy-least-privilege": vaultPolicyLeastPrivilege,
  "vault-policy-no-escalation": vaultPolicyNoEscalation,
  "vault-kubernetes-role-bound": vaultKubernetesRoleBound,
  "vault-jwt-role-bound-claims": vaultJwtRoleBoundClaims,
  "harbor-robot-least-privilege": harborRobotLeastPrivilege,
  "gitlab-secret-variables-masked": gitlabSecretVariablesMasked,
  "gitlab-project-private": gitlabProjectPrivate,
  "gitlab-default-branch-protected": gitlabDefaultBranchProtected,
  "gitlab-merge-approvals": gitlabMergeApprovals,
  "argocd-no-default-project": argocdNoDefaultProject,
  "argocd-sources-pinned": argocdSourcesPinned,
  "argocd-prod-sync-guarded": argocdProdSyncGuarded,
  "argocd-app-project-scoped": argocdAppProjectScoped,
  "stateful-resources-protected": statefulResourcesProtected,
  "crd-release-dependency": crdReleaseDependency,
  "prod-namespaces-backed-up": prodNamespacesBackedUp,
  "vault-transit-keys-retained": vaultTransitKeysRetained,
};
