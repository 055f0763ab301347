// Argo CD RBAC as a plan configures it: the argo-cd release's `configs.rbac` (policy.csv and
// policy.default), Argo CD's built-in roles and every AppProject's roles, evaluated the way
// Argo CD's Casbin model does (glob match mode, allow unless a deny matches).
import { parsePolicyCsv } from "../../access/edges/argocd";
import type { PlanDocument } from "../../plan/plan-document";

interface Policy {
  subject: string;
  resource: string;
  action: string;
  object: string;
  effect: string;
  source: string;
}
interface Grouping {
  member: string;
  role: string;
  source: string;
}

/**
 * The built-in roles' lines for project-scoped resources (argoproj/argo-cd assets/builtin-policy.csv,
 * Argo CD v3), which policy.csv and policy.default can grant by name.
 */
const BUILTIN = `
p, role:readonly, applications, get, */*, allow
p, role:readonly, applicationsets, get, */*, allow
p, role:readonly, projects, get, *, allow
p, role:readonly, logs, get, */*, allow
p, role:admin, applications, create, */*, allow
p, role:admin, applications, update, */*, allow
p, role:admin, applications, update/*, */*, allow
p, role:admin, applications, delete, */*, allow
p, role:admin, applications, delete/*, */*, allow
p, role:admin, applications, sync, */*, allow
p, role:admin, applications, rollback, */*, allow
p, role:admin, applications, override, */*, allow
p, role:admin, applications, action/*, */*, allow
p, role:admin, exec, create, */*, allow
g, role:admin, role:readonly
`;

/** Subject standing for every signed-in user: Argo CD applies `policy.default` to all of them. */
export const EVERY_USER = "(every signed-in user)";

export interface Rbac {
  policies: Policy[];
  groupings: Grouping[];
}

/** The CSV lines, parsed by the access graph's reader (one parser for Argo CD RBAC), tagged with their source. */
function parseCsv(csv: string, source: string, into: Rbac): void {
  const { policies, groups } = parsePolicyCsv(csv);
  into.policies.push(...policies.map((policy) => ({ ...policy, source })));
  into.groupings.push(...groups.map(({ group, role }) => ({ member: group, role, source })));
}

/** Everything the plan tells Argo CD about who may do what. */
export function argocdRbac(plan: PlanDocument): Rbac {
  const rbac: Rbac = { policies: [], groupings: [] };
  parseCsv(BUILTIN, "built-in", rbac);
  for (const release of plan.resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "argo-cd")) {
    const config = (release.inputs.values as { configs?: { rbac?: Record<string, string> } }).configs?.rbac ?? {};
    parseCsv(config["policy.csv"] ?? "", "policy.csv", rbac);
    const fallback = config["policy.default"] ?? "";
    if (fallback !== "") rbac.groupings.push({ member: EVERY_USER, role: fallback, source: "policy.default" });
  }
  for (const project of plan.resources.filter((r) => r.type === "kubernetes:argoproj.io/v1alpha1:AppProject")) {
    const name = String((project.inputs.metadata as { name: string }).name);
    const roles = (project.inputs.spec as { roles?: { name: string; groups?: string[]; policies?: string[] }[] }).roles ?? [];
    for (const role of roles) {
      const subject = `proj:${name}:${role.name}`;
      const source = `AppProject ${name} role ${role.name}`;
      // Argo CD adds `projects, get` on the project for each role (AppProject.ProjectPoliciesString).
      rbac.policies.push({ subject, resource: "projects", action: "get", object: name, effect: "allow", source: `${source} (implicit)` });
      parseCsv((role.policies ?? []).join("\n"), source, rbac);
      for (const group of role.groups ?? []) rbac.groupings.push({ member: group, role: subject, source });
    }
  }
  return rbac;
}

/** Subjects a principal acts as: itself and every role reachable through `g` lines, with the chain. */
function rolesOf(rbac: Rbac, principal: string): Map<string, string[]> {
  const chains = new Map<string, string[]>([[principal, []]]);
  const queue = [principal];
  while (queue.length > 0) {
    const member = queue.shift()!;
    for (const g of rbac.groupings.filter((x) => x.member === member && !chains.has(x.role))) {
      chains.set(g.role, [...chains.get(member)!, `${g.source}: ${g.role}`]);
      queue.push(g.role);
    }
  }
  return chains;
}

/** Argo CD's default `policy.matchMode: glob`: `*` matches any run of characters, `/` included. */
const globMatch = (pattern: string, value: string): boolean =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`).test(value);

/** Whether a user in `groups` may do `action` on `resource` `object` (Casbin: some allow and no deny). */
export function can(rbac: Rbac, groups: readonly string[], resource: string, action: string, object: string): boolean {
  const subjects = new Set([EVERY_USER, ...groups].flatMap((p) => [...rolesOf(rbac, p).keys()]));
  const matching = rbac.policies.filter(
    (p) => subjects.has(p.subject) && globMatch(p.resource, resource) && globMatch(p.action, action) && globMatch(p.object, object),
  );
  return matching.some((p) => p.effect === "allow") && !matching.some((p) => p.effect === "deny");
}

/** Principals of the RBAC: every signed-in user, and every user or group a `g` or `p` line names that is no role. */
function principals(rbac: Rbac): string[] {
  const roles = new Set(rbac.groupings.map((g) => g.role));
  const named = [...rbac.groupings.map((g) => g.member), ...rbac.policies.map((p) => p.subject)];
  return [
    EVERY_USER,
    ...new Set(named.filter((m) => m !== EVERY_USER && !roles.has(m) && !m.startsWith("role:") && !m.startsWith("proj:"))),
  ];
}

/**
 * Grants of `applications` or `logs` beyond one project: an object whose project part is a glob,
 * or a project role's grant outside its own project. Anyone but the platform admin groups holding
 * one reads (or operates) other tenants' apps.
 */
export function crossProjectGrants(rbac: Rbac, platformAdminGroups: readonly string[]): string[] {
  const found: string[] = [];
  for (const principal of principals(rbac).filter((p) => !platformAdminGroups.includes(p)))
    for (const [subject, chain] of rolesOf(rbac, principal)) {
      const own = /^proj:([^:]+):/.exec(subject)?.[1];
      for (const p of rbac.policies.filter(
        (x) => x.subject === subject && x.effect === "allow" && ["applications", "logs"].includes(x.resource),
      )) {
        const project = p.object.split("/")[0]!;
        if (/[*?]/.test(project) || (own !== undefined && project !== own))
          found.push([principal, ...chain, `${p.source}: ${p.resource}, ${p.action}, ${p.object}`].join(" → "));
      }
    }
  return found;
}
