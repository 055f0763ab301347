import type { AppRegistry } from "../apps";
import type { ArgoApplication } from "../argocd-applications";
import { argocdApplication, namespaceRight, repositoryPath } from "../assets";
import type { GraphBuilder, Owner } from "../graph";
import { appOwner } from "../apps";
import { implicitSource, type ImplicitEdgeKey } from "../implicit-edges";
import { field, list, record, strings, text, TYPES, type PlanIndex } from "../plan-index";
import { anyone, humanGroup, platformIdentity } from "../principals";

interface Policy {
  subject: string;
  resource: string;
  action: string;
  object: string;
  effect: string;
}

/** `p, <subject>, <resource>, <action>, <object>, <effect>` and `g, <group>, <role>` lines of Argo CD RBAC. */
export function parsePolicyCsv(csv: string): { policies: Policy[]; groups: { group: string; role: string }[] } {
  const policies: Policy[] = [];
  const groups: { group: string; role: string }[] = [];
  for (const line of csv.split("\n")) {
    const fields = line.split(",").map((f) => f.trim());
    if (fields[0] === "p" && fields.length >= 5)
      // An empty or missing effect (a trailing comma) is Casbin's default: allow.
      policies.push({ subject: fields[1]!, resource: fields[2]!, action: fields[3]!, object: fields[4]!, effect: fields[5] || "allow" });
    else if (fields[0] === "g" && fields.length >= 3) groups.push({ group: fields[1]!, role: fields[2]! });
  }
  return { policies, groups };
}

/** Argo CD's built-in roles (assets/builtin-policy.csv): applications and logs, the parts that touch apps. */
const BUILTIN: Record<string, { key: ImplicitEdgeKey; policies: { resource: string; action: string }[] }> = {
  "role:readonly": {
    key: "argocdBuiltinReadonly",
    policies: [
      { resource: "applications", action: "get" },
      { resource: "logs", action: "get" },
    ],
  },
  "role:admin": {
    key: "argocdBuiltinAdmin",
    policies: [
      { resource: "applications", action: "get" },
      { resource: "applications", action: "sync" },
      { resource: "logs", action: "get" },
    ],
  },
};

const globMatch = (pattern: string, value: string) =>
  pattern === "*" || pattern === value || (pattern.endsWith("*") && value.startsWith(pattern.slice(0, -1)));

/**
 * Argo CD: project roles and the global RBAC (`configs.rbac` of the chart's values: policy.csv,
 * policy.default for every authenticated user), resolved to applications (get, sync) and their
 * destination namespaces' logs; the controller (cluster-admin inside the chart) deploys whatever an
 * Application's source holds, so writing that source deploys into its namespace.
 */
export function argocdEdges(
  graph: GraphBuilder,
  index: PlanIndex,
  apps: AppRegistry,
  applications: readonly ArgoApplication[],
  groupTeam: (group: string) => string | undefined,
  chartVersions: ReadonlyMap<string, string>,
): void {
  const byProject = new Map<string, ArgoApplication[]>();
  for (const application of applications) byProject.set(application.project, [...(byProject.get(application.project) ?? []), application]);

  const grantTo = (from: string, policy: { resource: string; action: string; object: string }, via: string, source?: string) => {
    const [project = "*", name = "*"] = policy.object.includes("/") ? policy.object.split("/") : ["*", policy.object];
    const candidates = project === "*" ? applications : (byProject.get(project) ?? []);
    for (const application of candidates) {
      if (!globMatch(name, application.name)) continue;
      const edge = (to: string) => graph.edge({ from, to, via, ...(source !== undefined ? { source } : {}) });
      if (policy.resource === "applications" && (policy.action === "get" || policy.action === "*"))
        edge(argocdApplication(graph, apps, application.name, application.app, "get"));
      if (policy.resource === "applications" && (policy.action === "sync" || policy.action === "*"))
        edge(argocdApplication(graph, apps, application.name, application.app, "sync"));
      if (policy.resource === "logs" && (policy.action === "get" || policy.action === "*"))
        edge(namespaceRight(graph, apps, application.namespace, "logs"));
    }
  };

  for (const resource of index.ofType(TYPES.appProject)) {
    const project = text(field(resource.inputs, "metadata", "name")) ?? resource.name;
    const team = text(field(resource.inputs, "metadata", "labels", "platform.delivery/team"));
    const owned = apps.app(text(field(resource.inputs, "metadata", "labels", "platform.delivery/app")) ?? "");
    const owner: Owner = owned ? appOwner(owned) : { kind: "platform" };
    for (const role of list(field(resource.inputs, "spec", "roles"))) {
      const roleName = text(field(role, "name")) ?? "";
      const id = graph.node({
        id: `identity:argocd-role:proj:${project}:${roleName}`,
        kind: "identity",
        label: `Argo CD role proj:${project}:${roleName}`,
        owner,
      });
      for (const group of strings(field(role, "groups")))
        graph.edge({
          from: humanGroup(graph, group, groupTeam(group) ?? team),
          to: id,
          via: `AppProject ${project} gives group ${group} role ${roleName}`,
        });
      for (const line of strings(field(role, "policies"))) {
        for (const policy of parsePolicyCsv(line).policies)
          if (policy.effect === "allow")
            grantTo(id, policy, `AppProject ${project} role ${roleName}: ${policy.resource}, ${policy.action}, ${policy.object}`);
      }
    }
  }

  const release = index.ofType(TYPES.helmRelease).find((r) => text(r.inputs.chart) === "argo-cd");
  if (release !== undefined) {
    const rbac = record(field(release.inputs, "values", "configs", "rbac"));
    const { policies, groups } = parsePolicyCsv(text(rbac["policy.csv"]) ?? "");
    const roles = new Map<string, string>();
    const role = (name: string) => {
      let id = roles.get(name);
      if (id === undefined) {
        id = graph.node({ id: `identity:argocd-role:${name}`, kind: "identity", label: `Argo CD ${name}`, owner: { kind: "platform" } });
        roles.set(name, id);
        const builtin = BUILTIN[name];
        if (builtin !== undefined)
          for (const p of builtin.policies)
            grantTo(
              id,
              { ...p, object: "*/*" },
              `built-in ${name}: ${p.resource}, ${p.action}, */*`,
              implicitSource(builtin.key, chartVersions),
            );
        for (const p of policies)
          if (p.subject === name && p.effect === "allow")
            grantTo(id, p, `policy.csv: ${p.subject}, ${p.resource}, ${p.action}, ${p.object}`);
      }
      return id;
    };
    for (const { group, role: name } of groups)
      graph.edge({ from: humanGroup(graph, group, groupTeam(group)), to: role(name), via: `policy.csv: g, ${group}, ${name}` });
    for (const p of policies)
      if (!p.subject.startsWith("role:") && p.effect === "allow")
        grantTo(humanGroup(graph, p.subject, groupTeam(p.subject)), p, `policy.csv: ${p.subject}, ${p.resource}, ${p.action}, ${p.object}`);
    const fallback = text(rbac["policy.default"]);
    if (fallback !== undefined && fallback !== "")
      graph.edge({ from: anyone(graph), to: role(fallback), via: `policy.default: ${fallback} for every authenticated user` });
  }

  // The controller (the platform's, also for a tenant plan's Applications): cluster-admin, it
  // applies each Application's source in its destination.
  const controller = platformIdentity(graph, "argocd-controller", "Argo CD application controller");
  const controllerSource = implicitSource("argocdController", chartVersions);
  for (const application of applications) {
    const deploy = namespaceRight(graph, apps, application.namespace, "deploy");
    graph.edge({ from: controller, to: deploy, via: `applies Application ${application.name}`, source: controllerSource });
    if (application.repo === undefined) continue;
    const owner: Owner = application.repo.app ? appOwner(application.repo.app) : { kind: "platform" };
    const sync = application.automated ? "automated sync" : "sync by a person or window";
    // Production sources are their own assets (gitlab.ts); other Applications deploy from "any path".
    const sources = application.production ? application.paths : [""];
    for (const path of sources)
      graph.edge({
        from: repositoryPath(graph, application.repo.path, application.revision, path, owner, application.production),
        to: deploy,
        via: `Application ${application.name} deploys ${application.revision}:${application.paths.join(", ") || "/"} into ${application.namespace} (${sync})`,
        source: controllerSource,
      });
  }
}
