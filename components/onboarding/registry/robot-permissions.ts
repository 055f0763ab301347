import type * as pulumi from "@pulumi/pulumi";
import type { RobotAccountPermission, RobotAccountPermissionAccess } from "../../providers/harbor";

export type RobotRole = "push" | "pull";

/**
 * Project-scoped accesses (names from goharbor/harbor src/common/rbac/const.go).
 * cosign signatures, attestations and OCI referrers are ordinary registry pushes
 * that Harbor records as accessories itself, so `repository:push` covers them;
 * `artifact:read` lets CI read the scan-on-push verdict before anything pulls.
 */
export const ROBOT_ACCESSES: Record<RobotRole, readonly RobotAccountPermissionAccess[]> = {
  push: [
    { resource: "repository", action: "pull", effect: "allow" },
    { resource: "repository", action: "push", effect: "allow" },
    { resource: "artifact", action: "read", effect: "allow" },
  ],
  pull: [{ resource: "repository", action: "pull", effect: "allow" }],
};

export const ROBOT_PURPOSE: Record<RobotRole, string> = {
  push: "CI: pushes, signs and attests images",
  pull: "cluster: image pull Secret",
};

/** The one permission block of a project robot: its own project only, never `*`. */
export function robotPermissions(project: pulumi.Input<string>, role: RobotRole): RobotAccountPermission[] {
  return [{ kind: "project", namespace: project, accesses: [...ROBOT_ACCESSES[role]] }];
}

/** The robot's base name; RotatingRobot appends the manual marker and the generation stamp (`push-20260101t000000`). */
export const robotName = (role: RobotRole): string => role;
