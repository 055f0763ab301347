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
    rationale:
      "ConfigMaps are readable by everyone with view rights and are never encrypted at rest; a password inside a properties, .env, YAML or JSON file kept as a value, a credentialed URL, a private key or base64 binaryData is just as readable.",
    fix: "Move the value into Vault and let External Secrets sync it into a Secret; keep only references (a file path, a Secret name, a ${VAR} placeholder) in ConfigMaps.",
    severity: "critical",
    regulations: CONFIDENTIALITY,
    enforcement: ALWAYS_MANDATORY,
    implementations: ["crossguard", "kyverno"],
  }),
  guardrail({
    id: "vault-policy-least-privilege",
    title: "Vault policies grant what their identity needs: no sudo, no broad wildcard, nothing of another app, purpose or environment",
    area: "secrets-identity",
    rationale:
      "A wildcard near the mount root or sudo turns one leaked token into access to every app's secrets; a glob that matches other apps' paths (`secret/data/apps/*`, `+` segments), another environment's folder or another purpose's CI secret or transit key operation (export, backup, key config) does the same at the allowed depth.",
    fix: "Grant only what the naming module derives for the policy's identity: an environment's folder (<mount>/data/apps/<team>/<app>/<env>/*), or a CI purpose's own secrets and, for signing, transit sign/<key> and read on keys/<key>; keep sudo in break-glass policies outside Pulumi.",
    severity: "critical",
    regulations: ACCESS_CONTROL,
    implementations: ["crossguard"],
  }),
  guardrail({
    id: "vault-policy-no-escalation",
    title: "Vault policies do not let a token raise its own rights",
    area: "secrets-identity",
    rationale:
      "Writing ACL policies, auth methods, mounts, auth roles, token creation or identity entities and groups lets a token grant itself any policy without sudo: one compromised pipeline or pod then owns Vault.",
    fix: "Remove create/update/patch/delete on sys/policies, sys/auth, sys/mounts, auth/*/role/*, auth/token/create* and identity/*; administration belongs to the exempt platform-admin policy, which no role hands out.",
    severity: "critical",
    regulations: ACCESS_CONTROL,
    implementations: ["crossguard"],
  }),
  guardrail({
    id: "vault-kubernetes-role-bound",
    title: "Vault Kubernetes auth roles bind their app's own service account, namespace and policy",
    area: "secrets-identity",
    rationale:
      "A `*` or label-selector binding lets any pod in the cluster log in; a role bound to another app's or environment's namespace, or handing out another app's, a platform or the exempt admin policy, gives pods rights that are not theirs.",
    fix: "Bind the exact service account and namespace of one environment (boundServiceAccountNames, boundServiceAccountNamespaces, no selector) and hand out only the policy named like the role.",
    severity: "critical",
    regulations: ACCESS_CONTROL,
    implementations: ["crossguard"],
  }),
  guardrail({
    id: "vault-jwt-role-bound-claims",
    title: "Vault JWT roles admit one project's trusted pipelines and hand out their own policy only",
    area: "secrets-identity",
    rationale:
      "Without a bound project (or with a glob, several projects or another app's project) other pipelines log in; without ref_protected merge requests and unprotected branches do; signing and deploying from anything but the default branch skips review; a role handing out another identity's policy escalates.",
    fix: "Bind boundAudiences, project_id of the app's project (or, for a tenant app's foundations, exactly one literal project_path ending in <team>/<app>) and ref_protected: true; for sign and deploy also ref_type: branch and ref: <default branch>; hand out only the policy named like the role.",
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
