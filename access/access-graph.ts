import { environmentLabels } from "../components/onboarding/tenancy/labels";
import type { PlanDocument } from "../plan/plan-document";
import { pathGrants } from "../policies/crossguard/vault-policy-document";
import { accessSettings, type AccessSettings } from "./accepted-risks";
import { AppRegistry } from "./apps";
import { argoApplications } from "./argocd-applications";
import { VaultAssets } from "./assets";
import { parsePipeline } from "./ci/pipeline";
import { argocdEdges, parsePolicyCsv } from "./edges/argocd";
import { backupEdges } from "./edges/backup";
import { vulnerabilityScannerEdges } from "./edges/vulnerability-scanner";
import { ciEdges, plannedPipelines } from "./edges/ci";
import { exposureEdges } from "./edges/exposure";
import { externalSecretsEdges } from "./edges/external-secrets";
import { gitlabEdges } from "./edges/gitlab";
import { ProjectResources } from "./edges/gitlab-review";
import { harborEdges } from "./edges/harbor";
import { identityEdges } from "./edges/identity";
import { kubernetesEdges, namespaceLabels, planNamespaces } from "./edges/kubernetes";
import { stackCredentialEdges } from "./edges/stack-credentials";
import { parsePolicies, vaultEdges } from "./edges/vault";
import { GitlabProjects } from "./gitlab-projects";
import { GraphBuilder, type AccessGraph } from "./graph";
import { field, list, platformReferences, record, strings, text, TYPES, PlanIndex } from "./plan-index";

export interface BuiltAccessGraph {
  graph: AccessGraph;
  settings: AccessSettings;
  stack: string;
  /** Tenant plans: the apps the stack plans (its own). */
  tenantApps: ReadonlySet<string>;
  /** The plan's apps, their production environments included (a tenant plan learns them from its pipelines). */
  apps: AppRegistry;
}

/** Chart versions the plan installs, for the implicit-edge table's version check. */
function chartVersions(index: PlanIndex): Map<string, string> {
  const versions = new Map<string, string>();
  for (const release of index.ofType(TYPES.helmRelease)) {
    const chart = (text(release.inputs.chart) ?? "").split("/").pop() ?? "";
    const version = text(release.inputs.version);
    if (version !== undefined) versions.set(chart, version.replace(/^v/, ""));
  }
  return versions;
}

/** Who each group belongs to: the team labels of the bindings and projects that name it, else the apps' default groups. */
function groupTeams(index: PlanIndex, apps: AppRegistry, admins: ReadonlySet<string>): (group: string) => string | undefined {
  const teams = new Map<string, string>();
  for (const binding of index.ofType(TYPES.roleBinding)) {
    const team = text(field(binding.inputs, "metadata", "labels", "platform.delivery/team"));
    if (team !== undefined)
      for (const subject of list(binding.inputs.subjects))
        if (field(subject, "kind") === "Group") teams.set(text(field(subject, "name")) ?? "", team);
  }
  for (const project of index.ofType(TYPES.appProject)) {
    const team = text(field(project.inputs, "metadata", "labels", "platform.delivery/team"));
    if (team !== undefined)
      for (const role of list(field(project.inputs, "spec", "roles")))
        for (const group of strings(field(role, "groups"))) teams.set(group, team);
  }
  // A group no team claims is its own team (so it owns nothing), unless it administers the platform.
  return (group) => teams.get(group) ?? apps.groupTeam(group) ?? (admins.has(group) ? undefined : group);
}

/**
 * The apps a tenant plan owns: those it claims (stacks/tenant/claims.ts), so that a tenant plan
 * read with its platform's (combined-plan.ts) does not own the platform's apps; without claims
 * (an older tenant stack) every app it plans.
 */
function tenantAppNames(plan: PlanDocument, apps: AppRegistry): string[] {
  const claimed = list(field(plan.outputs, "claims", "apps")).map((spec) => text(field(spec, "name")) ?? "");
  if (claimed.length === 0) return apps.apps.map((a) => a.names.stable);
  return apps.apps.filter((a) => claimed.includes(a.names.app) || claimed.includes(a.names.stable)).map((a) => a.names.stable);
}

/** A platform plan's tenant apps, `<stack>/<app>`: the foundations it creates for each tenant's claims (`tenantClaims`). */
function acceptedClaims(plan: PlanDocument): string[] {
  return Object.entries(record(plan.outputs.tenantClaims)).flatMap(([stack, claim]) =>
    list(field(claim, "foundations")).map((app) => `${stack}/${text(app) ?? ""}`),
  );
}

/** Builds the access graph of a plan: every principal, asset and edge, from the plan alone. */
export async function buildAccessGraph(plan: PlanDocument): Promise<BuiltAccessGraph> {
  const settings = accessSettings(plan.outputs);
  const index = new PlanIndex(plan);
  const graph = new GraphBuilder();
  const apps = new AppRegistry(index);
  const projects = new GitlabProjects(index, apps);
  const pipelines = plannedPipelines(index, projects, parsePipeline);
  for (const [projectId, pipeline] of pipelines) {
    const app = projects.get(projectId)?.app;
    if (app !== undefined)
      for (const job of pipeline.jobs) if (job.environment?.tier === "production") apps.markProduction(app, job.environment.name);
  }
  const versions = chartVersions(index);
  const resources = new ProjectResources(index);
  const applications = argoApplications(index, apps, projects, resources);
  const namespaces = planNamespaces(index);
  for (const application of applications) namespaces.add(application.namespace);
  const labels = namespaceLabels(index);
  // A tenant plan's app namespaces are the platform's (its foundations): their labels are the naming module's.
  for (const app of apps.apps)
    for (const env of app.names.environments) {
      const name = app.names.kubernetes.namespaces[env];
      if (name !== undefined && !labels.has(name))
        labels.set(name, { "kubernetes.io/metadata.name": name, ...environmentLabels(app.names, env) });
    }

  const argocd = index.ofType(TYPES.helmRelease).find((r) => text(r.inputs.chart) === "argo-cd");
  const csv = parsePolicyCsv(text(record(field(argocd?.inputs, "values", "configs", "rbac"))["policy.csv"]) ?? "");
  const admins = new Set(csv.groups.filter((g) => g.role === "role:admin").map((g) => g.group));
  const groupTeam = groupTeams(index, apps, admins);

  const vault = new VaultAssets(graph, index, apps);
  const policies = await parsePolicies(index);
  vaultEdges(graph, index, apps, vault, policies);
  const reviews = gitlabEdges(graph, index, projects, resources, applications, settings, vault);
  ciEdges(graph, index, projects, pipelines, reviews);
  kubernetesEdges(graph, index, apps, { namespaces, groupTeam, chartVersions: versions });
  externalSecretsEdges(graph, index, apps, namespaces, labels, versions);
  harborEdges(graph, index, apps, vault);
  identityEdges(graph, index, apps, groupTeam);
  argocdEdges(graph, index, apps, applications, groupTeam, versions);
  exposureEdges(graph, index, apps, labels, versions);
  backupEdges(graph, index, apps, namespaces, versions);
  vulnerabilityScannerEdges(graph, index, apps, namespaces, versions);
  const declared = strings(field(plan.outputs, "credentials", "vault", "policies"));
  const declaredGrants = declared.length > 0 ? (await Promise.all(declared.map((p) => pathGrants(p)))).flat() : undefined;
  stackCredentialEdges(graph, index, apps, vault, declaredGrants, namespaces);

  const tenant = text(plan.outputs.platformStack) !== undefined || platformReferences(index).length > 0;
  return {
    graph: graph.build(),
    settings,
    stack: plan.stack,
    tenantApps: new Set(tenant ? tenantAppNames(plan, apps) : acceptedClaims(plan)),
    apps,
  };
}
