import { ALWAYS_MANDATORY, guardrail, type Guardrail, type Regulation } from "./types";

const ACCESS_CONTROL: Regulation[] = [
  { framework: "NIS2", article: "Art. 21(2)(i)" },
  { framework: "CRA", article: "Annex I Part I (2)(d)" },
];
const CONFIDENTIALITY: Regulation[] = [
  { framework: "CRA", article: "Annex I Part I (2)(e)" },
  { framework: "NIS2", article: "Art. 21(2)(h)" },
];

export const SECRETS_IDENTITY_GUARDRAILS: readonly Guardrail[] = [
  guardrail({
    id: "no-secrets-in-helm-values",
    title: "No secret values in Helm release values",
    area: "secrets-identity",
    rationale:
      "Helm stores values in plain release Secrets and shows them in `helm get values`: secrets belong in Kubernetes Secrets the chart references.",
    fix: "Generate the value (RandomPassword), store it in a Kubernetes Secret and point the chart at it (existingSecret-style key).",
    severity: "critical",
    regulations: CONFIDENTIALITY,
    enforcement: ALWAYS_MANDATORY,
    implementations: ["crossguard"],
  }),
  guardrail({
    id: "no-secrets-in-configmaps",
    title: "No secret values in ConfigMaps",
    area: "secrets-identity",
    rationale: "ConfigMaps are readable by everyone with view rights and are never encrypted at rest.",
    fix: "Move the value into a Kubernetes Secret (or Vault, synced by External Secrets).",
    severity: "critical",
    regulations: CONFIDENTIALITY,
    enforcement: ALWAYS_MANDATORY,
    implementations: ["crossguard"],
  }),
  guardrail({
    id: "vault-policy-least-privilege",
    title: "Vault policies grant no sudo, no wildcard on broad paths, and one app's paths only",
    area: "secrets-identity",
    rationale: "A wildcard near the mount root or sudo turns one leaked token into access to every app's secrets.",
    fix: "Grant only the capabilities needed on the app's own path (<mount>/data/apps/<team>/<app>/<env>/*); keep sudo in break-glass policies outside Pulumi.",
    severity: "critical",
    regulations: ACCESS_CONTROL,
    implementations: ["crossguard"],
  }),
  guardrail({
    id: "vault-kubernetes-role-bound",
    title: "Vault Kubernetes auth roles bind explicit service accounts and namespaces",
    area: "secrets-identity",
    rationale: "A `*` binding lets any pod in the cluster log in with the role and read its secrets.",
    fix: "List the exact service account names and namespaces in boundServiceAccountNames and boundServiceAccountNamespaces.",
    severity: "critical",
    regulations: ACCESS_CONTROL,
    implementations: ["crossguard"],
  }),
  guardrail({
    id: "vault-jwt-role-bound-claims",
    title: "Vault JWT roles bind audiences and claims",
    area: "secrets-identity",
    rationale: "Without bound claims any pipeline of the GitLab instance can log in with the role.",
    fix: "Set boundAudiences and boundClaims (at least project_id, and ref_protected for deploy roles).",
    severity: "critical",
    regulations: ACCESS_CONTROL,
    implementations: ["crossguard"],
  }),
  guardrail({
    id: "harbor-robot-least-privilege",
    title: "Harbor robot accounts are project-scoped and expire",
    area: "secrets-identity",
    rationale: "System-level or never-expiring robots are long-lived credentials to every project.",
    fix: "Use level: project, permissions of kind project on the app's project only, and a duration between 1 and the configured maximum days.",
    severity: "high",
    regulations: ACCESS_CONTROL,
    implementations: ["crossguard"],
  }),
  guardrail({
    id: "gitlab-secret-variables-masked",
    title: "Secret-looking GitLab CI variables are masked and protected",
    area: "secrets-identity",
    rationale: "Unmasked variables appear in job logs; unprotected ones are readable by pipelines of any branch.",
    fix: "Prefer Vault (id_tokens) for secrets; if a CI variable must hold one, set masked: true and protected: true.",
    severity: "high",
    regulations: CONFIDENTIALITY,
    implementations: ["crossguard"],
  }),
];
