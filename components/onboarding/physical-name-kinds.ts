import type { NameKind } from "./app-name-collisions";
import { INGRESS_HOST_ANNOTATION } from "./tenancy/labels";

/**
 * For each kind of name an app holds: which resource and property carry it, whether changing it
 * makes the provider replace the resource (delete and create, so the data or identity behind it
 * starts over), and where that is stated. Checked against the providers this project pins
 * (terraform-provider-vault v5.8.0 under @pulumi/vault 7.8.0, terraform-provider-gitlab v19.2.1
 * under pulumi-gitlab 10.1.1, terraform-provider-harbor v3.10.21, pulumi-kubernetes 4.x). This is
 * why physical names never follow a rename (app-names.ts).
 */
export interface PhysicalNameKind {
  /** Pulumi type and input property that carry the name. */
  carriedBy: readonly { type: string; property: string }[];
  replaceOnChange: boolean;
  /** What a replacement loses. */
  consequence: string;
  source: string;
}

/** A Kubernetes object named by `metadata.name`: a new name is a new object. */
const kubernetesObject = (type: string, consequence: string): PhysicalNameKind => ({
  carriedBy: [{ type, property: "metadata.name" }],
  replaceOnChange: true,
  consequence,
  source:
    "pulumi-kubernetes provider/pkg/provider/provider.go: changing metadata.name or metadata.namespace always replaces (diff.go metadataForceNewProperties)",
});

export const PHYSICAL_NAME_KINDS: Readonly<Record<NameKind, PhysicalNameKind>> = {
  "pulumi name": {
    carriedBy: [{ type: "(every resource of the app)", property: "URN name" }],
    replaceOnChange: true,
    consequence: "without an alias, every resource of the app is deleted and created again",
    source: "Pulumi resource options: aliases (a changed URN without an alias is a new resource)",
  },
  namespace: kubernetesObject(
    "kubernetes:core/v1:Namespace",
    "the namespace and everything in it (workloads, volumes, Secrets) is deleted",
  ),
  "Harbor project": {
    carriedBy: [{ type: "harbor:index/project:Project", property: "name" }],
    replaceOnChange: true,
    consequence: "a new, empty project: every image and signature the app shipped stays in the old one",
    source: "goharbor/terraform-provider-harbor v3.10.21 provider/resource_project.go (name ForceNew)",
  },
  "GitLab project": {
    carriedBy: [
      { type: "gitlab:index/project:Project", property: "path" },
      { type: "gitlab:index/repositoryFile:RepositoryFile", property: "project" },
    ],
    replaceOnChange: false,
    consequence:
      "GitLab renames in place and redirects the old path; files, tokens and rules keep the project ID. Refused while the container registry holds tags",
    source: "terraform-provider-gitlab v19.2.1 internal/provider/sdk/resource_gitlab_project.go (path updated through EditProject)",
  },
  "Vault KV folder": {
    carriedBy: [{ type: "vault:kv/secretV2:SecretV2", property: "name" }],
    replaceOnChange: true,
    consequence: "the new path starts empty; the team's secrets stay behind at the old one",
    source: "terraform-provider-vault v5.8.0 vault/resource_kv_secret_v2.go (name and mount ForceNew)",
  },
  "Vault policy and role": {
    carriedBy: [
      { type: "vault:index/policy:Policy", property: "name" },
      { type: "vault:kubernetes/authBackendRole:AuthBackendRole", property: "roleName" },
      { type: "vault:jwt/authBackendRole:AuthBackendRole", property: "roleName" },
    ],
    replaceOnChange: true,
    consequence: "logins with the old role name fail until every client (ESO stores, the pipeline) uses the new one",
    source:
      "terraform-provider-vault v5.8.0 vault/resource_policy.go, resource_kubernetes_auth_backend_role.go, resource_jwt_auth_backend_role.go (name/role_name ForceNew)",
  },
  "transit key": {
    carriedBy: [{ type: "vault:transit/secretBackendKey:SecretBackendKey", property: "name" }],
    replaceOnChange: true,
    consequence: "a new key: signatures made with the old one no longer verify against the admission policy",
    source: "terraform-provider-vault v5.8.0 vault/resource_transit_secret_backend_key.go (name and backend ForceNew)",
  },
  "Argo CD project": kubernetesObject(
    "kubernetes:argoproj.io/v1alpha1:AppProject",
    "the project is recreated; its Applications are recreated with it",
  ),
  "Argo CD application": kubernetesObject(
    "kubernetes:argoproj.io/v1alpha1:Application",
    "outside production the cascade finalizer deletes what the Application deployed; production Applications orphan it",
  ),
  "Argo CD application set": kubernetesObject(
    "kubernetes:argoproj.io/v1alpha1:ApplicationSet",
    "the controller deletes the preview Applications of the old set (and, through their finalizer, the previews) and creates them again",
  ),
  "Argo CD repository secret": kubernetesObject(
    "kubernetes:core/v1:Secret",
    "recreated from the deploy token; syncs pause until it exists",
  ),
  "Velero schedule": kubernetesObject(
    "kubernetes:velero.io/v1:Schedule",
    "backups are labelled with the schedule name: retention of the old schedule's backups no longer applies",
  ),
  "image policy": kubernetesObject(
    "kubernetes:policies.kyverno.io/v1:ImageValidatingPolicy",
    "between delete and create the app's pods are admitted without a signature check",
  ),
  hostname: {
    carriedBy: [{ type: "kubernetes:core/v1:Namespace", property: `metadata.annotations[${INGRESS_HOST_ANNOTATION}]` }],
    replaceOnChange: false,
    consequence:
      "the namespace keeps its identity (annotations update in place), but admission then refuses Ingresses and Certificates that name the old host, and DNS records and certificates must move to the new one",
    source:
      "pulumi-kubernetes provider/pkg/provider/provider.go: only metadata.name and metadata.namespace force a replacement (diff.go metadataForceNewProperties); the host check is guardrail app-ingress-hosts",
  },
};
