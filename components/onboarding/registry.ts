import * as pulumi from "@pulumi/pulumi";
import { ImmutableTagRule, Project, RetentionPolicy } from "../providers/harbor";
import { expiryAlertRules, RotatingRobot } from "../platform/harbor/rotating-robot";
import { vmRule } from "../platform/victoria-metrics/operator-resources";
import type { AppNames } from "./app-names";
import { robotRotationDays, type AppSpec } from "./app-spec";
import type { OnboardingContext } from "./onboarding-context";
import { dockerConfigJson } from "./registry/docker-config";
import { isProductionGrade, projectSecurity } from "./registry/project-security";
import { ROBOT_PURPOSE, robotName, robotPermissions, type RobotRole } from "./registry/robot-permissions";
import { RELEASE_TAG_PATTERNS, RETENTION_SCHEDULE, retentionRules } from "./registry/tag-lifecycle";

/** Args as AppOnboarding passes them: the spec parsed, the names derived, nothing left to validate. */
export interface AppRegistryArgs {
  spec: AppSpec;
  names: AppNames;
  context: OnboardingContext;
  /**
   * Manual rotation marker (for example `2026-11`: lower-case letters and digits separated by single
   * '.', '_' or '-', at most 32 characters), on top of the clock (`registry.robotRotationDays`).
   * Changing it gives both robots a new name and secret at the next `pulumi up`: Pulumi creates the
   * new robots, updates their consumers, and leaves the old ones in Harbor until they expire.
   */
  robotRotation?: string;
}

/** A robot's login: `name` is Harbor's full name (`robot$<app>+push`), `secret` its password. */
export interface RobotLogin {
  name: pulumi.Output<string>;
  secret: pulumi.Output<string>;
}

/**
 * The app's Harbor project: private, scanned on push with SBOMs, quota, tag
 * retention, immutable release tags, and two least-privilege robots (CI push,
 * cluster pull) with explicitly generated, stable secrets.
 */
export class AppRegistry extends pulumi.ComponentResource {
  /** The Harbor project; after a rename it keeps its first name (Harbor cannot rename projects). */
  public readonly projectName: pulumi.Output<string>;
  /** `/projects/<n>`: what project-scoped Harbor resources take as project id. */
  public readonly projectId: pulumi.Output<string>;
  /** `<registry host>/<project>/<app>`. */
  public readonly repository: pulumi.Output<string>;
  public readonly pushRobot: RobotLogin;
  public readonly pullRobot: RobotLogin;
  /** `.dockerconfigjson` for the pull robot, for the image pull Secrets of the app's namespaces. */
  public readonly dockerConfigJson: pulumi.Output<string>;
  /** Whether the production pull policy (no HIGH/CRITICAL findings, cosign signature required) applies. */
  public readonly productionGrade: boolean;

  constructor(name: string, args: AppRegistryArgs, opts?: pulumi.ComponentResourceOptions) {
    const { spec, names, context, robotRotation } = args;
    super("delivery-platform:onboarding:AppRegistry", name, {}, opts);

    const harbor = { parent: this, provider: context.registry.provider };
    this.productionGrade = isProductionGrade(spec, context);

    const project = new Project(
      `${name}-project`,
      {
        name: names.registry.project,
        public: false,
        ...projectSecurity(this.productionGrade),
        storageQuota: spec.registry.storageQuotaGi,
        // Harbor refuses to delete a project that still holds images: a second guard behind `protect`.
        forceDestroy: false,
      },
      // Holds every image the app ever shipped. `name` forces a replacement; the name stays through
      // renames (app-names.ts), and ignoreChanges guards projects whose recorded name differs.
      { ...harbor, protect: true, ignoreChanges: ["name"] },
    );
    this.projectName = project.name;
    this.projectId = project.id;
    this.repository = project.name.apply(() => names.registry.repository);

    // Rules and policies are recreated by Harbor's provider if the project vanishes; nothing to protect.
    new RetentionPolicy(
      `${name}-retention`,
      { scope: project.id, rules: retentionRules(spec.registry.keepLastTags), schedule: RETENTION_SCHEDULE },
      harbor,
    );
    RELEASE_TAG_PATTERNS.forEach((pattern, index) => {
      new ImmutableTagRule(
        `${name}-immutable-release-${index}`,
        { projectId: project.id, repoMatching: "**", tagMatching: pattern },
        harbor,
      );
    });

    const robots = {} as Record<RobotRole, RotatingRobot>;
    const robot = (role: RobotRole): RobotLogin => {
      // Rotates by the clock (rotating-robot.ts); `robotRotation` forces a new generation at once.
      const rotating = new RotatingRobot(
        `${name}-${role}-robot`,
        {
          // AppOnboarding requires the provider for the parts that create the registry.
          provider: context.registry.provider!,
          baseName: robotName(role),
          marker: robotRotation,
          permissions: robotPermissions(project.name, role),
          description: `${names.app} ${ROBOT_PURPOSE[role]}`,
          expiryDays: spec.registry.robotExpiryDays,
          rotationDays: robotRotationDays(spec.registry),
        },
        // The robot and its secret were this component's own children before they rotated.
        { parent: this, formerParent: this },
      );
      robots[role] = rotating;
      return { name: rotating.name, secret: rotating.secret };
    };
    this.pushRobot = robot("push");
    this.pullRobot = robot("pull");
    if (context.monitoring)
      vmRule(
        `${name}-robot-alerts`,
        {
          name: names.registry.robotAlerts,
          namespace: context.monitoring.namespace,
          labels: { ...names.labels.app, "platform.delivery/monitoring": "registry-robots" },
          spec: {
            groups: [
              {
                name: names.registry.robotAlerts,
                rules: expiryAlertRules(names.app, [
                  { role: "push", robot: robots.push },
                  { role: "pull", robot: robots.pull },
                ]),
              },
            ],
          },
        },
        { parent: this, dependsOn: [context.monitoring.crdRelease] },
      );
    this.dockerConfigJson = pulumi.secret(
      pulumi
        .all([this.pullRobot.name, this.pullRobot.secret])
        .apply(([username, password]) => dockerConfigJson(context.registry.host, username, password)),
    );

    this.registerOutputs({
      projectName: this.projectName,
      projectId: this.projectId,
      repository: this.repository,
      pushRobot: this.pushRobot,
      pullRobot: this.pullRobot,
      dockerConfigJson: this.dockerConfigJson,
      productionGrade: this.productionGrade,
    });
  }
}
