import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { ImmutableTagRule, Project, RetentionPolicy, RobotAccount } from "../providers/harbor";
import type { AppNames } from "./app-names";
import type { AppSpec } from "./app-spec";
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
   * Rotation marker (for example `2026-11`: lower-case letters and digits separated by single
   * '.', '_' or '-', at most 32 characters). Changing it gives both robots a new name and secret:
   * Pulumi creates the new robots, updates their consumers, then deletes the old ones, and the
   * expiry (counted from creation) starts over.
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

    const robot = (role: RobotRole): RobotLogin => {
      const login = robotName(role, robotRotation);
      // Passed to Harbor so the secret survives refreshes and updates; it changes only with the robot's name.
      // Letters and digits satisfy Harbor's robot secret rule (8-128 chars, upper, lower, digit).
      const secret = new random.RandomPassword(
        `${name}-${role}-robot-secret`,
        { length: 40, special: false, minUpper: 1, minLower: 1, minNumeric: 1, keepers: { robot: login } },
        { parent: this },
      );
      const account = new RobotAccount(
        `${name}-${role}-robot`,
        {
          level: "project",
          name: login,
          description: `${names.app} ${ROBOT_PURPOSE[role]}`,
          duration: spec.registry.robotExpiryDays,
          permissions: robotPermissions(project.name, role),
          secret: secret.result,
        },
        harbor,
      );
      return { name: account.fullName, secret: pulumi.secret(account.secret) };
    };
    this.pushRobot = robot("push");
    this.pullRobot = robot("pull");
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
