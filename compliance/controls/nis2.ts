/** NIS2, Directive (EU) 2022/2555, Art. 21(2): letters as checked in the reference notes. */
import { accessPaths, deliveryFlowEvidence } from "../access-evidence";
import { mfaEvidence, ssoEvidence } from "../identity-evidence";
import type { ControlDefinition } from "../evidence-model";
import { display, valueAt } from "../plan-queries";
import { pipelineStage } from "../pipeline-evidence";
import { guardrails, platformSbomArtifact, release, resources, selector } from "../selectors";

export const NIS2_CONTROLS: readonly ControlDefinition[] = [
  {
    id: "NIS2-21-2-D-SUPPLY-CHAIN",
    regulation: "NIS2",
    article: "Art. 21(2)(d)",
    title: "Supply chain security",
    requirement: "Security of the supply chain, including the relationships with direct suppliers and service providers.",
    features: [
      "all upstream images pulled through Harbor proxy caches",
      "exactly pinned charts from allowed repositories",
      "signed app images",
      "platform SBOM",
    ],
    evidence: [
      resources({
        looksFor: "Harbor proxy-cache upstream registries",
        type: "harbor:index/registry:Registry",
        settings: (r) => ({ endpointUrl: display(r.inputs.endpointUrl), providerName: display(r.inputs.providerName) }),
      }),
      guardrails(
        "images-from-platform-registry",
        "image-signature-verified",
        "helm-chart-pinned",
        "helm-repository-allowed",
        "image-tag-pinned",
      ),
      platformSbomArtifact(),
    ],
  },
  {
    id: "NIS2-21-2-E-DEVELOPMENT",
    regulation: "NIS2",
    article: "Art. 21(2)(e)",
    title: "Secure acquisition, development and maintenance; vulnerability handling",
    requirement: "Security in acquisition, development and maintenance of systems, including vulnerability handling and disclosure.",
    features: [
      "generated pipeline: test, build, SBOM, scan, sign, deploy",
      "protected default branches and reviewed merges",
      "Harbor scanning",
    ],
    evidence: [
      pipelineStage("test", "a test stage in every app pipeline"),
      pipelineStage("scan", "a CVE scan stage in every app pipeline"),
      guardrails("gitlab-default-branch-protected", "gitlab-merge-approvals", "harbor-project-private-scanned"),
    ],
    notes: ["Coordinated vulnerability disclosure (a contact and a policy) is organisational and not shown by the platform."],
  },
  {
    id: "NIS2-21-2-F-EFFECTIVENESS",
    regulation: "NIS2",
    article: "Art. 21(2)(f)",
    title: "Assessing the effectiveness of the measures",
    requirement: "Policies and procedures to assess the effectiveness of cybersecurity risk-management measures.",
    features: ["guardrail evaluation of every plan in CI (npm run plan, kept one year)", "Kyverno policy reports in the cluster"],
    evidence: [
      selector("guardrail evaluation of this plan", ({ catalog, violations, profile }) => ({
        evidence: [
          {
            kind: "artifact",
            id: "policy-evaluation",
            title: "Offline guardrail evaluation of this plan (npm run policy)",
            settings: {
              guardrails: String(catalog.length),
              violations: String(violations.length),
              mandatory: String(violations.filter((v) => v.enforcementLevel === "mandatory").length),
              profile,
            },
          },
        ],
        // A plan shows that the measures are configured, not how well they work: that needs what they
        // caught in operation (policy reports, denials, scan-gate failures), which no plan holds.
        missing: [
          {
            what: "effectiveness in operation: Kyverno policy reports, admission denials and scan-gate failures over time (not in a plan; collect them from the cluster and CI)",
          },
        ],
      })),
      release("kyverno", {
        looksFor: "Kyverno with its reports controller",
        settings: (r) => ({ "values.reportsController.enabled": display(valueAt(r.inputs, "values.reportsController.enabled")) }),
        problems: (r) => (valueAt(r.inputs, "values.reportsController.enabled") === false ? ["reports controller disabled"] : []),
      }),
    ],
  },
  {
    id: "NIS2-21-2-H-CRYPTOGRAPHY",
    regulation: "NIS2",
    article: "Art. 21(2)(h)",
    title: "Cryptography and encryption",
    requirement: "Policies and procedures on the use of cryptography and, where appropriate, encryption.",
    features: ["TLS certificates from cert-manager on every ingress", "Vault transit keys for signing", "secrets only in Secrets/Vault"],
    evidence: [
      resources({
        looksFor: "a cert-manager ClusterIssuer",
        type: "kubernetes:cert-manager.io/v1:ClusterIssuer",
        settings: (r) => ({ name: display(valueAt(r.inputs, "metadata.name")) }),
      }),
      resources({
        looksFor: "Vault transit signing keys",
        type: "vault:transit/secretBackendKey:SecretBackendKey",
        settings: (r) => ({ type: display(r.inputs.type) }),
      }),
      guardrails("no-secrets-in-helm-values", "no-secrets-in-configmaps", "gitlab-secret-variables-masked"),
    ],
  },
  {
    id: "NIS2-21-2-I-ACCESS-ASSETS",
    regulation: "NIS2",
    article: "Art. 21(2)(i)",
    title: "Access control and asset management",
    requirement: "Human resources security, access control policies and asset management.",
    features: [
      "per-app Argo CD projects, Vault roles and Harbor robots",
      "private GitLab projects",
      "owner labels on every namespace and workload",
      "the access graph: no app, team or tenant principal reaches another owner's asset (npm run access)",
    ],
    evidence: [
      accessPaths(
        ["cross-owner", "untrusted-ref", "exposed-job"],
        "access paths between owners, from untrusted refs and from exposed jobs",
      ),
      deliveryFlowEvidence("each app's delivery flow: the Vault identity and reach of every job, per ref class"),
      guardrails(
        "vault-policy-least-privilege",
        "vault-kubernetes-role-bound",
        "harbor-robot-least-privilege",
        "gitlab-project-private",
        "argocd-no-default-project",
      ),
      guardrails("namespace-labels", "workload-labels"),
      resources({
        looksFor: "per-app Argo CD projects",
        type: "kubernetes:argoproj.io/v1alpha1:AppProject",
        settings: (r) => ({ name: display(valueAt(r.inputs, "metadata.name")) }),
      }),
    ],
  },
  {
    id: "NIS2-21-2-J-MFA",
    regulation: "NIS2",
    article: "Art. 21(2)(j)",
    title: "Multi-factor authentication",
    requirement: "Multi-factor or continuous authentication where appropriate.",
    features: [
      "single sign-on to Argo CD, Harbor, Grafana and Vault through the platform realm (Keycloak)",
      "a browser flow that requires OTP or WebAuthn of every user on staging and prod platforms; brute-force detection; session limits",
      "local admins off in prod, break-glass credentials sealed in Vault",
    ],
    evidence: [mfaEvidence(), ssoEvidence()],
    notes: ["With an external issuer (services.identity.provider: external) MFA is that issuer's and stays unverified here."],
  },
];
