import type { PlanResource } from "../../plan/plan-document";
import { acceptedRisk, type AccessSettings } from "../accepted-risks";
import type { GitlabProject } from "../gitlab-projects";
import type { Review } from "../graph";
import { list, text, TYPES, type PlanIndex } from "../plan-index";

/** How a merge into a protected branch is approved (GitLab Premium: approval rules and settings). */
export type ApprovalGate = Review;

/** The project's resources of each GitLab kind that carry `project`, grouped once. */
export class ProjectResources {
  private readonly byProject = new Map<string, Map<string, PlanResource[]>>();

  constructor(index: PlanIndex) {
    for (const type of [
      TYPES.branchProtection,
      TYPES.approvalRule,
      TYPES.mrApprovals,
      TYPES.repositoryFile,
      TYPES.accessToken,
      TYPES.deployToken,
    ]) {
      for (const resource of index.ofType(type)) {
        const project = text(resource.inputs.project);
        if (project === undefined) continue;
        let types = this.byProject.get(project);
        if (types === undefined) this.byProject.set(project, (types = new Map<string, PlanResource[]>()));
        let listed = types.get(type);
        if (listed === undefined) types.set(type, (listed = []));
        listed.push(resource);
      }
    }
  }

  of(project: string, type: string): readonly PlanResource[] {
    return this.byProject.get(project)?.get(type) ?? [];
  }

  protection(project: string, branch: string): PlanResource | undefined {
    return this.of(project, TYPES.branchProtection).find((p) => text(p.inputs.branch) === branch);
  }

  file(project: string, branch: string, path: string): string | undefined {
    const file = this.of(project, TYPES.repositoryFile).find(
      (f) => text(f.inputs.filePath) === path && (text(f.inputs.branch) ?? branch) === branch,
    );
    return file === undefined ? undefined : text(file.inputs.content);
  }
}

/**
 * Whether merging into `branch` needs an approval by someone other than the author: an approval
 * rule with at least one required approval that applies to the branch, authors and committers
 * unable to approve, and a tier that enforces both (approval rules are GitLab Premium:
 * https://docs.gitlab.com/user/project/merge_requests/approvals/). On Free the gate exists only if
 * the stack accepts the risk (`gitlab-free-approvals`).
 */
export function approvalGate(resources: ProjectResources, project: GitlabProject, branch: string, settings: AccessSettings): ApprovalGate {
  const rules = resources
    .of(project.id, TYPES.approvalRule)
    .filter(
      (r) =>
        Number(r.inputs.approvalsRequired ?? 0) >= 1 &&
        (r.inputs.appliesToAllProtectedBranches === true || list(r.inputs.protectedBranchIds).length > 0),
    );
  const settingsResource = resources.of(project.id, TYPES.mrApprovals)[0];
  const problems: string[] = [];
  if (rules.length === 0) problems.push("no approval rule requires an approval");
  if (settingsResource === undefined || settingsResource.inputs.mergeRequestsAuthorApproval !== false)
    problems.push("the author may approve");
  if (settingsResource === undefined || settingsResource.inputs.mergeRequestsDisableCommittersApproval !== true)
    problems.push("committers may approve");
  if (resources.protection(project.id, branch) === undefined) problems.push(`${branch} is not protected`);
  const ruleText = rules.map((r) => `${Number(r.inputs.approvalsRequired)} approval(s) from "${text(r.inputs.name) ?? r.name}"`).join(", ");
  if (problems.length > 0) return { status: "none", detail: problems.join("; ") };
  if (settings.tier === "free") {
    const accepted = project.app ? acceptedRisk(settings, "gitlab-free-approvals", project.app.names.stable) : undefined;
    return accepted
      ? { status: "accepted", detail: `${ruleText} configured, but GitLab Free does not enforce approval rules`, accepted }
      : { status: "none", detail: `${ruleText} configured, but GitLab Free does not enforce approval rules` };
  }
  return { status: "enforced", detail: `${ruleText}; authors and committers cannot approve (GitLab ${settings.tier})` };
}

/**
 * CODEOWNERS patterns (https://docs.gitlab.com/user/project/codeowners/reference/) that give a
 * path an owner: a leading `/` anchors at the root, a trailing `/` (or `/**`) means everything
 * below, `*` alone everything. Sections (`[name]`) and comments are skipped.
 */
export function codeOwnersCover(codeowners: string, path: string): boolean {
  const target = path.replace(/^\/+/, "").replace(/\/+$/, "");
  let covered = false;
  for (const raw of codeowners.split("\n")) {
    const line = raw.replace(/\s#.*$/, "").trim();
    if (line === "" || line.startsWith("#") || line.startsWith("[") || line.startsWith("^[")) continue;
    const [pattern, ...owners] = line.split(/\s+/);
    if (pattern === undefined) continue;
    const normalized = pattern.replace(/^\/+/, "").replace(/\/\*\*$|\/\*$/, "/");
    const matches =
      normalized === "*" || normalized === "**" || normalized === "**/*"
        ? true
        : normalized.endsWith("/")
          ? target === normalized.slice(0, -1) || target.startsWith(normalized)
          : target === normalized || target.startsWith(`${normalized}/`);
    // The last matching pattern wins, as in GitLab; one without owners removes ownership.
    if (matches) covered = owners.length > 0;
  }
  return covered;
}

export const CODEOWNERS_LOCATIONS = ["CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"] as const;
