/**
 * CRA, Regulation (EU) 2024/2847. Only Annex I Part II (1)-(3) and Art. 14 are
 * cited with numbers (checked in the reference notes); other Annex I points
 * stay generic, since the catalog's sub-letters are unverified (docs/guardrails.md).
 */
import { auditTrails } from "../audit-trail";
import type { ControlDefinition } from "../evidence-model";
import { display } from "../plan-queries";
import { pipelineStage } from "../pipeline-evidence";
import { guardrails, platformSbomArtifact, release, resources, selector } from "../selectors";
import { acceptedRisks, appRenovateConfigs, craClocks, remediationDeadlines } from "../vulnerability-evidence";

const HARBOR_PROJECT = "harbor:index/project:Project";
/** App projects (not proxy caches) are the ones that receive pushes. */
const isAppProject = (r: { inputs: Record<string, unknown> }) => r.inputs.registryId === undefined;

const harborScanning = resources({
  looksFor: "Harbor's scheduled vulnerability scans",
  type: "harbor:index/interrogationServices:InterrogationServices",
  settings: (r) => ({
    defaultScanner: display(r.inputs.defaultScanner),
    vulnerabilityScanPolicy: display(r.inputs.vulnerabilityScanPolicy),
  }),
  problems: (r) => (typeof r.inputs.vulnerabilityScanPolicy === "string" ? [] : ["no scheduled re-scan (vulnerabilityScanPolicy)"]),
});

export const CRA_CONTROLS: readonly ControlDefinition[] = [
  {
    id: "CRA-AI-PI-VULNERABILITIES",
    regulation: "CRA",
    article: "Annex I Part I",
    title: "No known exploitable vulnerabilities",
    requirement: "Products are made available without known exploitable vulnerabilities.",
    features: [
      "Harbor scan on push and scheduled re-scans (Trivy)",
      "Harbor deployment security (no pulls of high/critical)",
      "pipeline CVE gate",
      "images only from the platform registry",
    ],
    evidence: [
      harborScanning,
      resources({
        looksFor: "app registry projects that scan on push",
        type: HARBOR_PROJECT,
        where: isAppProject,
        settings: (r) => ({
          vulnerabilityScanning: display(r.inputs.vulnerabilityScanning),
          deploymentSecurity: display(r.inputs.deploymentSecurity),
        }),
        problems: (r) => (r.inputs.vulnerabilityScanning === true ? [] : ["scan on push is off"]),
      }),
      pipelineStage("scan", "a CVE scan stage in every app pipeline"),
      guardrails("harbor-project-private-scanned", "harbor-deployment-security", "images-from-platform-registry", "app-images-own-project"),
      acceptedRisks,
    ],
  },
  {
    id: "CRA-AI-PI-ACCESS",
    regulation: "CRA",
    article: "Annex I Part I",
    title: "Secure by default, protected from unauthorised access",
    requirement: "Secure default configuration and protection from unauthorised access (authentication, least privilege, isolation).",
    features: [
      "restricted Pod Security and Kyverno workload policies",
      "default-deny NetworkPolicies per app namespace",
      "Vault roles bound to service accounts and CI claims",
    ],
    evidence: [
      guardrails(
        "no-privileged-containers",
        "no-privilege-escalation",
        "run-as-non-root",
        "no-host-namespaces",
        "capabilities-restricted",
        "seccomp-apparmor-confined",
        "persistent-volumes-provisioned",
        "app-namespace-isolation",
        "app-network-policies-scoped",
        "rbac-least-privilege",
        "kubernetes-kinds-reviewed",
      ),
      guardrails(
        "vault-policy-least-privilege",
        "vault-kubernetes-role-bound",
        "vault-jwt-role-bound-claims",
        "harbor-robot-least-privilege",
      ),
      resources({
        looksFor: "default-deny NetworkPolicies",
        type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
        where: (r) => /default-deny/.test(display((r.inputs.metadata as { name?: unknown } | undefined)?.name)),
        settings: (r) => ({ namespace: display((r.inputs.metadata as { namespace?: unknown } | undefined)?.namespace) }),
      }),
    ],
  },
  {
    id: "CRA-AI-PI-CONFIDENTIALITY",
    regulation: "CRA",
    article: "Annex I Part I",
    title: "Confidentiality of stored and transmitted data",
    requirement: "Data is protected by encryption in transit and secrets are kept out of configuration.",
    features: [
      "cert-manager TLS on every ingress",
      "secrets generated into Kubernetes Secrets or Vault, never in values",
      "External Secrets from Vault",
    ],
    evidence: [
      guardrails("no-secrets-in-helm-values", "no-secrets-in-configmaps", "gitlab-secret-variables-masked"),
      resources({
        looksFor: "a cert-manager ClusterIssuer for ingress TLS",
        type: "kubernetes:cert-manager.io/v1:ClusterIssuer",
        settings: (r) => ({
          acme: display((r.inputs.spec as { acme?: { server?: unknown } } | undefined)?.acme?.server ?? "no (self-signed/CA)"),
        }),
      }),
      resources({
        looksFor: "Vault-backed ExternalSecrets",
        type: "kubernetes:external-secrets.io/v1:ExternalSecret",
        settings: (r) => ({ secretPaths: r.secretPaths.join(", ") || "none" }),
      }),
    ],
  },
  {
    id: "CRA-AI-PI-INTEGRITY",
    regulation: "CRA",
    article: "Annex I Part I",
    title: "Integrity of software and configuration",
    requirement: "Software, images and configuration are protected against unauthorised modification.",
    features: [
      "cosign signatures verified at admission (Kyverno) and in Harbor",
      "images and charts pinned exactly",
      "immutable release tags",
    ],
    evidence: [
      guardrails("image-signature-verified", "harbor-cosign-enforced", "image-tag-pinned", "helm-chart-pinned", "helm-repository-allowed"),
      resources({
        looksFor: "Vault transit signing keys (non-exportable)",
        type: "vault:transit/secretBackendKey:SecretBackendKey",
        settings: (r) => ({ type: display(r.inputs.type), exportable: display(r.inputs.exportable) }),
      }),
      resources({
        looksFor: "immutable tag rules in Harbor",
        type: "harbor:index/immutableTagRule:ImmutableTagRule",
        settings: (r) => ({ tagMatching: display(r.inputs.tagMatching) }),
      }),
    ],
  },
  {
    id: "CRA-AI-PI-LOGGING",
    regulation: "CRA",
    article: "Annex I Part I",
    title: "Security-relevant activity is recorded",
    requirement: "Security-relevant internal activity (access, changes to data and configuration) is recorded and monitored.",
    features: [
      "Vault audit device to VictoriaLogs",
      "Harbor audit log",
      "Argo CD history and notifications",
      "Kubernetes API audit (cluster setting)",
    ],
    evidence: [
      selector("the platform's audit trails", ({ plan }) => {
        const trails = auditTrails(plan);
        return {
          evidence: trails.flatMap((t) => (t.state === "not configured" ? [] : t.evidence)),
          missing: trails.flatMap((t) =>
            t.state === "not configured" ? [{ what: `${t.trail}: not configured` }] : t.gaps.map((gap) => ({ what: `${t.trail}: ${gap}` })),
          ),
        };
      }),
    ],
  },
  {
    id: "CRA-AI-PII-1-SBOM",
    regulation: "CRA",
    article: "Annex I Part II (1)",
    title: "Components identified and documented (SBOM)",
    requirement:
      "Identify and document components and vulnerabilities, including a machine-readable SBOM of at least the top-level dependencies.",
    features: [
      "platform SBOM (CycloneDX 1.6) from this command",
      "Syft SBOM per app image in the pipeline",
      "Harbor SBOM generation on push",
    ],
    evidence: [
      platformSbomArtifact(),
      pipelineStage("sbom", "an SBOM stage in every app pipeline"),
      resources({
        looksFor: "app registry projects generating SBOMs on push",
        type: HARBOR_PROJECT,
        where: isAppProject,
        settings: (r) => ({ autoSbomGeneration: display(r.inputs.autoSbomGeneration) }),
        problems: (r) => (r.inputs.autoSbomGeneration === true ? [] : ["SBOM generation on push is off"]),
      }),
    ],
  },
  {
    id: "CRA-AI-PII-2-REMEDIATION",
    regulation: "CRA",
    article: "Annex I Part II (2)",
    title: "Vulnerabilities remediated without delay",
    requirement: "Address and remediate vulnerabilities without delay, including by providing security updates.",
    features: [
      "exact chart and image pins make every update a reviewed change",
      "pipeline rebuilds and re-signs on every merge",
      "Renovate update proposals in every app repository (and renovate.json here)",
      "remediation deadlines per severity on the running-image inventory",
    ],
    evidence: [
      guardrails("helm-chart-pinned", "image-tag-pinned"),
      pipelineStage("build", "a build stage in every app pipeline"),
      appRenovateConfigs,
      remediationDeadlines,
    ],
  },
  {
    id: "CRA-AI-PII-3-TESTING",
    regulation: "CRA",
    article: "Annex I Part II (3)",
    title: "Regular security tests and reviews",
    requirement: "Apply effective and regular tests and reviews of the security of the product.",
    features: [
      "daily Harbor re-scans of stored images",
      "Kyverno background scans and policy reports",
      "guardrail evaluation of every plan",
    ],
    evidence: [
      harborScanning,
      release("kyverno", {
        looksFor: "Kyverno with its reports controller (policy reports)",
        settings: (r) => ({
          "values.reportsController.enabled": display(
            (r.inputs.values as { reportsController?: { enabled?: unknown } }).reportsController?.enabled,
          ),
        }),
        problems: (r) =>
          (r.inputs.values as { reportsController?: { enabled?: unknown } }).reportsController?.enabled === false
            ? ["reports controller disabled"]
            : [],
      }),
    ],
  },
  {
    id: "CRA-AI-PII-DISTRIBUTION",
    regulation: "CRA",
    article: "Annex I Part II",
    title: "Updates distributed securely",
    requirement: "Security updates are distributed securely (signed, verifiable) and without delay.",
    features: [
      "cosign signing with Vault transit keys in the pipeline",
      "Kyverno ImageValidatingPolicy per app",
      "Harbor cosign enforcement",
    ],
    evidence: [
      pipelineStage("sign", "a signing stage in every app pipeline"),
      guardrails("image-signature-verified", "harbor-cosign-enforced"),
    ],
  },
  {
    id: "CRA-ART14-REPORTING",
    regulation: "CRA",
    article: "Art. 14",
    title: "Reporting of actively exploited vulnerabilities and severe incidents",
    requirement:
      "Notify actively exploited vulnerabilities and severe incidents through the single reporting platform (early warning, notification, final report).",
    features: [
      "alert rules and Alertmanager (detection)",
      "Argo CD notifications",
      "audit trails as input to incident analysis",
      "Art. 14 clocks from services.trivyOperator.craReports as alerts, runbooks with report templates",
    ],
    evidence: [
      resources({
        looksFor: "alert rules (VMRule)",
        type: "kubernetes:operator.victoriametrics.com/v1beta1:VMRule",
        settings: (r) => ({ namespace: display((r.inputs.metadata as { namespace?: unknown } | undefined)?.namespace) }),
      }),
      release("victoria-metrics-k8s-stack", {
        looksFor: "Alertmanager",
        settings: (r) => ({
          "values.alertmanager.enabled": display((r.inputs.values as { alertmanager?: { enabled?: unknown } }).alertmanager?.enabled),
        }),
        problems: (r) =>
          (r.inputs.values as { alertmanager?: { enabled?: unknown } }).alertmanager?.enabled === true ? [] : ["Alertmanager is disabled"],
      }),
      craClocks,
      selector("a reporting channel to the CSIRT/ENISA single reporting platform", () => ({
        evidence: [],
        missing: [
          {
            what: "no integration with the single reporting platform: the 24 h / 72 h / final reports are an organisational process the platform does not automate",
          },
        ],
      })),
    ],
    notes: [
      "Reporting obligations apply from 11 Sep 2026; the reporting timelines come from secondary sources and should be checked against the regulation.",
    ],
  },
];
