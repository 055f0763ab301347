import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as vault from "@pulumi/vault";
import { appNames, type AppNames } from "../../components/onboarding/app-names";
import { appSpecSchema, type AppSpec, type AppSpecInput } from "../../components/onboarding/app-spec";
import type { OnboardingContext } from "../../components/onboarding/onboarding-context";
import { Provider as GitlabProvider } from "../../components/providers/gitlab";
import { Provider as HarborProvider } from "../../components/providers/harbor";
import type { Profile } from "../../components/shared/profiles";
import { stackEnforcement } from "../../policies/enforcement/levels";
import { appImagePolicies } from "../../policies/kyverno/app-image-policy";

/** An app spec with defaults applied, as the stack config would deliver it. */
export function testApp(overrides: Partial<AppSpecInput> = {}): AppSpec {
  return appSpecSchema.parse({ name: "shop", team: "web", environments: ["dev", "prod"], ...overrides });
}

/** The names AppOnboarding derives for `spec` on the test platform (testOnboardingContext's GitLab group, registry and domain). */
export function testNames(spec: AppSpec): AppNames {
  return appNames(spec, {
    gitlabParentGroup: "delivery/apps",
    registryHost: "harbor.platform.example.test",
    domain: "platform.example.test",
  });
}

/**
 * The platform as onboarding sees it, with explicit Harbor, Vault and GitLab
 * providers. Call it inside planComponent's build function: providers are resources.
 */
export function testOnboardingContext(opts: { providers: { kubernetes: k8s.Provider } }, profile: Profile = "prod"): OnboardingContext {
  // Stand-ins for the releases that install CRDs; their URNs are what dependency assertions look for.
  const release = (name: string) =>
    new k8s.helm.v3.Release(name, { chart: name, version: "1.0.0" }, { provider: opts.providers.kubernetes });
  const environments = [
    { name: "dev", production: false, cluster: "in-cluster" },
    { name: "staging", production: false, cluster: "in-cluster" },
    { name: "prod", production: true, cluster: "prod-cluster" },
  ];
  return {
    profile,
    domain: "platform.example.test",
    environments,
    ingress: { className: "nginx", namespace: "ingress-nginx" },
    registry: {
      host: "harbor.platform.example.test",
      provider: new HarborProvider("test-harbor", {
        url: "https://harbor.platform.example.test",
        username: "admin",
        password: pulumi.secret("pw"),
      }),
      proxyCacheProjects: { "docker.io": "dockerhub-proxy", "ghcr.io": "ghcr-proxy", "quay.io": "quay-proxy" },
    },
    vault: {
      provider: new vault.Provider("test-vault", {
        address: "https://vault.platform.example.test",
        token: pulumi.secret("t"),
        skipChildToken: true,
      }),
      address: "https://vault.platform.example.test",
      inClusterAddress: "http://vault.vault.svc:8200",
      kvMountPath: "secret",
      transitMountPath: "transit",
      kubernetesAuthPath: "kubernetes",
      jwtAuthPath: "jwt-gitlab",
    },
    gitlab: {
      url: "https://gitlab.example.test",
      provider: new GitlabProvider("test-gitlab", { baseUrl: "https://gitlab.example.test/api/v4/", token: pulumi.secret("glpat") }),
      parentGroupPath: "delivery/apps",
    },
    argocd: { namespace: "argocd", release: release("argocd-release"), clusterNames: ["in-cluster", "prod-cluster"] },
    externalSecrets: { release: release("external-secrets-release") },
    admission: { crdRelease: release("kyverno-release"), imagePolicy: appImagePolicies(stackEnforcement(profile, environments)) },
    monitoring: { namespace: "monitoring", crdRelease: release("vm-stack") },
    backup: { namespace: "velero", crdRelease: release("velero-release") },
    // What the platform runs on prod-cluster (WorkloadCluster.onboarding): its own Vault mount and releases.
    clusters: {
      "prod-cluster": {
        kubernetesAuthPath: "kubernetes-prod-cluster",
        vaultAddress: "https://vault.platform.example.test",
        externalSecrets: { release: release("prod-cluster-external-secrets") },
        admission: { crdRelease: release("prod-cluster-kyverno") },
        monitoring: { namespace: "monitoring", crdRelease: release("prod-cluster-vm-agent") },
        backup: { namespace: "velero", crdRelease: release("prod-cluster-velero") },
      },
    },
  };
}
