import type { PolicyResource } from "@pulumi/policy";
import { ROBOT_ACCESSES } from "../../components/onboarding/registry/robot-permissions";
import { planApps } from "./plan-apps";
import { resourcesOfType } from "./resource-index";
import { schemaWithDefaults, withDefaults, type StackRule } from "./rule";

const HARBOR_ROBOT = "harbor:index/robotAccount:RobotAccount";
const HARBOR_PROJECT = "harbor:index/project:Project";

export const HARBOR_ROBOT_DEFAULTS = {
  maxDurationDays: 365,
  /**
   * `<resource>:<action>` a project robot may be allowed: what the platform's push and pull robots
   * need (components/onboarding/registry/robot-permissions.ts). Anything else (delete, creating
   * robots or members, `*`) lets a CI credential rewrite the registry or mint credentials.
   */
  allowedAccesses: [
    ...new Set(
      Object.values(ROBOT_ACCESSES).flatMap((accesses) =>
        accesses.map((a) => `${String(a.resource as string)}:${String(a.action as string)}`),
      ),
    ),
  ].sort() as readonly string[],
};

interface Permission {
  kind?: unknown;
  namespace?: unknown;
  accesses?: { resource?: unknown; action?: unknown; effect?: unknown }[];
  access?: { resource?: unknown; action?: unknown; effect?: unknown }[];
}

/** The Harbor project a robot is created in (`robot$<project>+<name>`): the project resource it depends on. */
const projectOf = (robot: PolicyResource) =>
  robot.dependencies.filter((d) => d.type === HARBOR_PROJECT).map((p) => String(p.props.name ?? p.name));

/**
 * Robots reach one project, their own, with the platform's accesses only: a project robot's
 * permissions name the project it belongs to (never `*`, `/`, a glob or another app's project),
 * and none is system-level.
 */
export const harborRobotLeastPrivilege: StackRule = {
  configSchema: schemaWithDefaults(HARBOR_ROBOT_DEFAULTS),
  validateStack: (args, report) => {
    const config = withDefaults(HARBOR_ROBOT_DEFAULTS, args.getConfig<Partial<typeof HARBOR_ROBOT_DEFAULTS>>());
    const apps = planApps(args.resources);
    for (const robot of resourcesOfType(args.resources, HARBOR_ROBOT)) {
      const name = String(robot.props.name ?? robot.name);
      const at = (message: string) => report(message, robot.urn);
      if (robot.props.level !== "project") at(`robot '${name}' is not project-level (level: ${JSON.stringify(robot.props.level ?? null)})`);
      const permissions = (Array.isArray(robot.props.permissions) ? robot.props.permissions : []) as Permission[];
      if (permissions.length === 0) at(`robot '${name}' has no permissions: a project robot names its project`);
      const owned = projectOf(robot);
      const namespaces = new Set<string>();
      for (const permission of permissions) {
        const namespace = typeof permission.namespace === "string" ? permission.namespace : "";
        namespaces.add(namespace);
        if (permission.kind !== "project" || namespace === "" || namespace === "/" || /[*?[\]]/.test(namespace))
          at(`robot '${name}' has a permission beyond one project (kind ${String(permission.kind)}, namespace ${namespace || "(none)"})`);
        else if (!owned.includes(namespace)) {
          const other = apps.registryProject(namespace);
          at(
            `robot '${name}' ${owned.length > 0 ? `of project '${owned.join(", ")}'` : "of no Harbor project in the plan"} has a permission on ${other ? `${other.stable}'s ` : ""}project '${namespace}'`,
          );
        }
        for (const access of [...(permission.accesses ?? []), ...(permission.access ?? [])]) {
          if (access.effect === "deny") continue;
          const grant = `${String(access.resource)}:${String(access.action)}`;
          if (!config.allowedAccesses.includes(grant))
            at(
              `robot '${name}' may ${String(access.action)} ${String(access.resource)} in '${namespace}', beyond ${config.allowedAccesses.join(", ")}`,
            );
        }
      }
      if (namespaces.size > 1) at(`robot '${name}' has permissions on several projects (${[...namespaces].sort().join(", ")})`);
      const duration: unknown = robot.props.duration;
      if (typeof duration !== "number" || duration <= 0 || duration > config.maxDurationDays)
        at(`robot '${name}' must expire within ${config.maxDurationDays} days (duration: ${JSON.stringify(duration ?? null)})`);
    }
  },
};
