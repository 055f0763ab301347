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
    id: "argocd-app-project-scoped",
    title: "Argo CD AppProjects reach one app's namespaces from its config repository only",
    area: "delivery",
    rationale:
      "An AppProject with wildcard destinations, source repositories or kinds, cluster-scoped kinds, another app's namespace or a missing blacklist entry is the default project in all but name: its Applications deploy anything anywhere.",
    fix: "Keep the project onboarding writes: the app's own namespaces on the in-cluster server, its config repository, no clusterResourceWhitelist, the tenancy and exposure kinds blacklisted, no sourceNamespaces.",
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
    title: "Production Applications sync automatically only inside sync windows that apply to them",
    area: "delivery",
    rationale:
      "Automated sync in production ships (and prunes) whatever lands in Git at once; sync windows keep such changes to planned, staffed times, but only a window that applies to the Application and closes at some time gates anything.",
    fix: "Turn off syncPolicy.automated for production, or give the AppProject a window that names the Application (or its namespace or cluster) and is not open all the time (kind deny, or allow with a duration shorter than its schedule's gaps).",
    severity: "high",
    regulations: [...CHANGE_MANAGEMENT, { framework: "DORA", article: "Art. 12" }],
    implementations: ["crossguard"],
  }),
];
