import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { z } from "zod";
import { PROFILES } from "../shared/profiles";
import { ImmutableTagRule, Project, Provider as HarborProvider, RetentionPolicy, RobotAccount } from "../providers/harbor";
import { parseComponentArgs } from "../validation/issues";
import { appSpecSchema, type AppSpec } from "./app-spec";
import type { OnboardingContext } from "./onboarding-context";
import { dockerConfigJson } from "./registry/docker-config";
import { isProductionGrade, projectSecurity } from "./registry/project-security";
import { ROBOT_PURPOSE, robotName, robotPermissions, type RobotRole } from "./registry/robot-permissions";
import { RELEASE_TAG_PATTERNS, RETENTION_SCHEDULE, retentionRules } from "./registry/tag-lifecycle";

/** Harbor's project and robot name rule (src/pkg/project/manager.go, src/server/v2.0/handler/robot.go). */
const HARBOR_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const HOST = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(:\d{1,5})?$/;

export interface AppRegistryArgs {
  spec: AppSpec;
  context: OnboardingContext;
  /**
   * Rotation marker (for example `2026-11`). Changing it gives both robots a new
   * name and secret: Pulumi creates the new robots, updates their consumers, then
   * deletes the old ones, and the expiry (counted from creation) starts over.
   */
  robotRotation?: string;
}

/** A robot's login: `name` is Harbor's full name (`robot$<app>+push`), `secret` its password. */
export interface RobotLogin {
  name: pulumi.Output<string>;
  secret: pulumi.Output<string>;
}

const argsSchema = z
  .strictObject({
    spec: appSpecSchema.superRefine((spec, ctx) => {
      if (!HARBOR_NAME.test(spec.name))
        ctx.addIssue({
          code: "custom",
          path: ["name"],
          message: "must not contain '--': Harbor project names allow one '-' between letters or digits",
        });
    }),
    // Loose: the shared context grows with other parts' needs.
    context: z.looseObject({
      profile: z.enum(PROFILES),
      environments: z.array(z.looseObject({ name: z.string(), production: z.boolean() })),
      registry: z.looseObject({
        host: z.string().regex(HOST, "must be a registry host without scheme or path, such as harbor.example.com"),
        provider: z.custom<HarborProvider>((value) => value instanceof HarborProvider, "must be the platform's Harbor provider"),
        proxyCacheProjects: z.custom<pulumi.Input<Record<string, string>>>((value) => value !== undefined && value !== null, "required"),
      }),
    }),
    robotRotation: z
      .string()
      .max(32, "must be at most 32 characters")
      .regex(HARBOR_NAME, "must be lower-case letters and digits separated by single '.', '_' or '-', such as 2026-11")
      .optional(),
  })
  .superRefine((args, ctx) => {
    const declared = args.context.environments.map((env) => env.name);
    args.spec.environments.forEach((env, index) => {
      if (!declared.includes(env))
        ctx.addIssue({
          code: "custom",
          path: ["spec", "environments", index],
          message: `'${env}' is not a declared environment (${declared.join(", ")})`,
        });
    });
    // Known only when the map is a plain value; the platform's Output is checked by Harbor itself (names are unique).
    const caches = args.context.registry.proxyCacheProjects;
    if (!pulumi.Output.isInstance(caches) && !(caches instanceof Promise)) {
      const upstream = Object.entries(caches).find(([, project]) => project === args.spec.name)?.[0];
      if (upstream !== undefined)
        ctx.addIssue({
          code: "custom",
          path: ["spec", "name"],
          message: `is the proxy-cache project for ${upstream}; pick another app name`,
        });
    }
  });

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
    const { spec, context, robotRotation } = parseComponentArgs("AppRegistry", argsSchema, args);
    super("delivery-platform:onboarding:AppRegistry", name, {}, opts);

    const harbor = { parent: this, provider: context.registry.provider };
    this.productionGrade = isProductionGrade(spec, context);

    const project = new Project(
      `${name}-project`,
      {
        name: spec.name,
        public: false,
        ...projectSecurity(this.productionGrade),
        storageQuota: spec.registry.storageQuotaGi,
        // Harbor refuses to delete a project that still holds images: a second guard behind `protect`.
        forceDestroy: false,
      },
      // Holds every image the app ever shipped. `name` forces a replacement, so on an app rename
      // (aliases via `formerNames`) the project keeps its name instead of being recreated empty.
      { ...harbor, protect: true, ignoreChanges: ["name"] },
    );
    this.projectName = project.name;
    this.projectId = project.id;
    this.repository = pulumi.interpolate`${context.registry.host}/${project.name}/${spec.name}`;

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
          description: `${spec.name} ${ROBOT_PURPOSE[role]}`,
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
