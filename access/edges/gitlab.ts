import type { AccessSettings } from "../accepted-risks";
import { acceptedRisk } from "../accepted-risks";
import { appOwner } from "../apps";
import type { ArgoApplication } from "../argocd-applications";
import { repositoryPath, type VaultAssets } from "../assets";
import type { GitlabProject, GitlabProjects } from "../gitlab-projects";
import type { GraphBuilder, Owner } from "../graph";
import { strings, text, TYPES, type PlanIndex } from "../plan-index";
import { humanGroup, platformIdentity } from "../principals";
import { approvalGate, CODEOWNERS_LOCATIONS, codeOwnersCover, type ApprovalGate, type ProjectResources } from "./gitlab-review";

export const gitlabRole = (graph: GraphBuilder, team: string, level: "developer" | "maintainer") =>
  graph.node({
    id: `principal:gitlab:${team}:${level}`,
    kind: "principal",
    label: `GitLab members of team ${team}'s group with the ${level} role (membership is not in the plan)`,
    owner: { kind: "team", team },
  });

export const tokenNode = (name: string) => `identity:gitlab-token:${name}`;

const LEVELS = ["developer", "maintainer"] as const;
const allows = (level: string | undefined, role: "developer" | "maintainer") =>
  level === role || (level === "developer" && role === "maintainer");

/**
 * The config repositories' write model, as the plan declares it: who may push to the branch a
 * production Application deploys from (the protection's access level, its allowed users: the
 * writer bot's project access token and the platform's automation user; each of them skips every
 * merge request rule, code owners included), which paths code owners guard in merge requests
 * (`codeOwnerApprovalRequired`, GitLab Premium), and whether a merge request needs an approval by
 * someone other than its author.
 */
export function gitlabEdges(
  graph: GraphBuilder,
  index: PlanIndex,
  projects: GitlabProjects,
  resources: ProjectResources,
  applications: readonly ArgoApplication[],
  settings: AccessSettings,
  vault: VaultAssets,
): Map<string, ApprovalGate> {
  const automation = platformIdentity(graph, "gitlab-automation", "the platform's GitLab automation user (Pulumi's token)");
  const tokens = new Map<string, string>();
  for (const token of index.ofType(TYPES.accessToken)) {
    const project = projects.get(text(token.inputs.project) ?? "");
    const name = text(token.inputs.name) ?? token.name;
    const scopes = strings(token.inputs.scopes);
    const id = graph.node({
      id: tokenNode(token.urn),
      kind: "identity",
      label: `GitLab project access token ${name} (${text(token.inputs.accessLevel) ?? "?"}, ${scopes.join(", ")})`,
      owner: project?.app ? appOwner(project.app) : { kind: "platform" },
    });
    tokens.set(token.urn, id);
  }
  // Custody: the KV secret built from a token holds it (the pipeline reads the writer token there).
  for (const secret of index.ofType(TYPES.kvSecret))
    for (const urn of secret.dependencies) {
      const token = tokens.get(urn);
      const holder = vault.secret(`${text(secret.inputs.mount) ?? "secret"}/data/${text(secret.inputs.name) ?? ""}`);
      if (token !== undefined && holder !== undefined)
        graph.edge({ from: holder, to: token, via: "holds the token (KV secret built from it)" });
    }

  // Branches Applications deploy from, and which of their paths production reads.
  const deployed = new Map<string, { project: GitlabProject; branch: string; production: Set<string>; nonProduction: boolean }>();
  for (const application of applications) {
    if (application.repo === undefined) continue;
    const key = `${application.repo.id}\u0000${application.revision}`;
    const entry = deployed.get(key) ?? {
      project: application.repo,
      branch: application.revision,
      production: new Set<string>(),
      nonProduction: false,
    };
    if (application.production) for (const path of application.paths) entry.production.add(path);
    else entry.nonProduction = true;
    deployed.set(key, entry);
  }

  const gates = new Map<string, ApprovalGate>();
  for (const { project, branch, production } of deployed.values()) {
    const owner: Owner = project.app ? appOwner(project.app) : { kind: "platform" };
    const team = project.app?.names.team;
    const protection = resources.protection(project.id, branch);
    const codeOwnerConfigured = protection?.inputs.codeOwnerApprovalRequired === true;
    const codeOwnerRequired = codeOwnerConfigured && settings.tier !== "free";
    const codeowners = CODEOWNERS_LOCATIONS.map((location) => ({ location, content: resources.file(project.id, branch, location) })).find(
      (f) => f.content !== undefined,
    );
    // Code owners guard a path only if they also guard the CODEOWNERS file, which could otherwise be rewritten first.
    const covered = (path: string) =>
      codeowners?.content !== undefined &&
      codeOwnersCover(codeowners.content, codeowners.location) &&
      codeOwnersCover(codeowners.content, path);
    const guarded = (path: string) => codeOwnerRequired && covered(path);
    const productionPaths = [...production].sort();
    const targets = [
      ...productionPaths.map((path) => ({
        path,
        id: repositoryPath(graph, project.path, branch, path, owner, true),
        guarded: guarded(path),
      })),
      { path: "", id: repositoryPath(graph, project.path, branch, "", owner, false), guarded: false },
    ];

    // Direct pushes: the protection's allowed users (tokens it depends on, else the automation user) and its access level.
    const pushers: { id: string; via: string }[] = [];
    if (protection === undefined) {
      if (team !== undefined)
        pushers.push({ id: gitlabRole(graph, team, "developer"), via: `${branch} is not protected: developers push to it` });
    } else {
      const allowed = Array.isArray(protection.inputs.allowedToPushes) ? protection.inputs.allowedToPushes.length : 0;
      const tokenPushers = protection.dependencies.map((urn) => tokens.get(urn)).filter((id): id is string => id !== undefined);
      for (const id of tokenPushers)
        pushers.push({ id, via: `branch protection of ${project.path} ${branch} lets this token's bot user push` });
      if (allowed > tokenPushers.length)
        pushers.push({ id: automation, via: `branch protection of ${project.path} ${branch} lets the automation user push` });
      const level = text(protection.inputs.pushAccessLevel);
      if (team !== undefined)
        for (const role of LEVELS)
          if (allows(level, role))
            pushers.push({ id: gitlabRole(graph, team, role), via: `branch protection of ${project.path} ${branch}: ${level} may push` });
    }
    // Whoever may push a protected branch skips its merge request rules, code owners included:
    // "Allowed to push" supersedes "Code owner approval" (gitlab-org/gitlab#35097, MR !44126).
    // Code owners therefore gate merge requests only, never a direct push.
    for (const pusher of pushers)
      for (const target of targets) {
        const why =
          target.path === ""
            ? ""
            : codeOwnerConfigured && covered(target.path)
              ? ` (CODEOWNERS guards ${target.path}/ in merge requests only: allowed pushers skip code owner approval)`
              : " (no code owner approval on the branch)";
        graph.edge({ from: pusher.id, to: target.id, via: `${pusher.via}${why}` });
      }

    // Merge requests: whoever can push a branch opens one; maintainers merge it after the approval gate.
    const gate = approvalGate(resources, project, branch, settings);
    gates.set(project.id, gate);
    const request = graph.node({
      id: `identity:gitlab-mr:${project.path}:${branch}`,
      kind: "identity",
      label: `merge request into ${project.path} ${branch}`,
      owner,
    });
    for (const token of resources.of(project.id, TYPES.accessToken))
      if (strings(token.inputs.scopes).includes("write_repository"))
        graph.edge({
          from: tokens.get(token.urn) as string,
          to: request,
          via: "write_repository: pushes a branch and opens a merge request (push options)",
        });
    if (team !== undefined)
      graph.edge({ from: gitlabRole(graph, team, "developer"), to: request, via: "developers push branches and open merge requests" });
    for (const target of targets) {
      const codeOwners = target.guarded ? `; code owners of ${target.path}/ approve (CODEOWNERS, required on ${branch})` : "";
      if (gate.status === "enforced")
        graph.edge({ from: request, to: target.id, via: `merged by a maintainer after ${gate.detail}${codeOwners}`, gate: "four-eyes" });
      else if (gate.status === "accepted")
        graph.edge({ from: request, to: target.id, via: `merged without an enforced approval: ${gate.detail}`, accepted: gate.accepted });
      else graph.edge({ from: request, to: target.id, via: `merged without an approval by another person: ${gate.detail}` });
    }

    // The emergency path: an explicit, recorded edge from the on-call group.
    const emergency = project.app
      ? settings.risks.find((r) => r.id === "emergency-change" && (r.apps === undefined || r.apps.includes(project.app!.names.stable)))
      : undefined;
    if (emergency?.id === "emergency-change")
      for (const target of targets)
        graph.edge({
          // The on-call group is its own owner: it is a rule-3 principal whose only way in is this recorded edge.
          from: humanGroup(graph, emergency.group, emergency.group),
          to: target.id,
          via: `emergency change: merged with ${emergency.approvals} on-call approval(s), reviewed afterwards`,
          accepted: acceptedRisk(settings, "emergency-change", project.app!.names.stable),
        });
  }

  // App projects: how their default branch is reviewed (rule 3 reads it for the default-branch pipeline).
  for (const project of projects.all())
    if (project.role === "app" && project.id !== "" && !gates.has(project.id))
      gates.set(project.id, reviewOfDefaultBranch(resources, project, settings, tokens));
  return gates;
}

/** The app project's default branch is reviewed if only the automation user pushes to it and merges pass the approval gate. */
function reviewOfDefaultBranch(
  resources: ProjectResources,
  project: GitlabProject,
  settings: AccessSettings,
  tokens: ReadonlyMap<string, string>,
): ApprovalGate {
  const protection = resources.protection(project.id, project.defaultBranch);
  if (protection === undefined) return { status: "none", detail: `${project.defaultBranch} is not protected` };
  if (text(protection.inputs.pushAccessLevel) !== "no one")
    return { status: "none", detail: `${text(protection.inputs.pushAccessLevel) ?? "?"} may push to ${project.defaultBranch}` };
  if (protection.dependencies.some((urn) => tokens.has(urn)))
    return { status: "none", detail: `a project token may push to ${project.defaultBranch}` };
  return approvalGate(resources, project, project.defaultBranch, settings);
}
