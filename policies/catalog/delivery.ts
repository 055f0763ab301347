import { guardrail, type Guardrail, type Regulation } from "./types";

const CHANGE_MANAGEMENT: Regulation[] = [
  { framework: "DORA", article: "RTS 2024/1774 Art. 17" },
  { framework: "NIS2", article: "Art. 21(2)(e)" },
];

export const DELIVERY_GUARDRAILS: readonly Guardrail[] = [
  guardrail({
    id: "gitlab-project-private",
    title: "GitLab projects are private",
    area: "delivery",
    rationale: "App and config repositories contain deployment details that must not be public or internal to every user.",
    fix: "Set visibilityLevel: private.",
    severity: "high",
    regulations: [{ framework: "NIS2", article: "Art. 21(2)(i)" }],
    implementations: ["crossguard"],
  }),
  guardrail({
    id: "gitlab-default-branch-protected",
    title: "The default branch is protected against direct and force pushes",
    area: "delivery",
    rationale: "Every change to what is deployed goes through a merge request, so it is reviewed and traceable.",
    fix: "Add a BranchProtection for the project's default branch with allowForcePush false and push/merge by maintainers only.",
    severity: "high",
    regulations: CHANGE_MANAGEMENT,
    implementations: ["crossguard"],
  }),
  guardrail({
    id: "gitlab-merge-approvals",
    title: "Merge requests need an approval that is not the author's",
    area: "delivery",
    rationale: "DORA requires the function approving a change to be independent from the one implementing it.",
    fix: "Add a ProjectApprovalRule with approvalsRequired >= 1 and ProjectLevelMrApprovals with mergeRequestsAuthorApproval false.",
    severity: "high",
    regulations: CHANGE_MANAGEMENT,
    implementations: ["crossguard"],
  }),
  guardrail({
    id: "argocd-no-default-project",
    title: "Argo CD Applications never use the default project",
    area: "delivery",
    rationale: "The default AppProject allows any source, destination and cluster-scoped resource: it defeats tenant isolation.",
    fix: "Put the Application in the app's own AppProject (app onboarding creates it).",
    severity: "high",
    regulations: [{ framework: "NIS2", article: "Art. 21(2)(i)" }],
    implementations: ["crossguard"],
  }),
  guardrail({
    id: "argocd-sources-pinned",
    title: "Argo CD sources are pinned",
    area: "delivery",
    rationale:
      "HEAD or a chart range deploys whatever is newest, bypassing review; a branch of the app's own config repo is reviewed by its protection.",
    fix: "Set targetRevision to the config repo branch (reviewed via merge requests) or an exact chart version; never HEAD, * or a range.",
    severity: "medium",
    regulations: CHANGE_MANAGEMENT,
    implementations: ["crossguard"],
  }),
  guardrail({
    id: "argocd-prod-sync-guarded",
    title: "Production Applications do not auto-prune outside sync windows",
    area: "delivery",
    rationale:
      "Automated prune in production deletes resources as soon as they leave Git; sync windows keep such changes to planned, staffed times.",
    fix: "Turn off syncPolicy.automated.prune for production, or give the Application's AppProject syncWindows.",
    severity: "high",
    regulations: [...CHANGE_MANAGEMENT, { framework: "DORA", article: "Art. 12" }],
    implementations: ["crossguard"],
  }),
];
