import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as time from "@pulumiverse/time";
import { RobotAccount, type Provider, type RobotAccountPermission } from "../../providers/harbor";
import type { AlertRule } from "../victoria-metrics/operator-resources";

const DAY_SECONDS = 86_400;

export interface RotatingRobotOptions extends pulumi.ComponentResourceOptions {
  /** Where the robot and its secret lived before they were wrapped in this component (an alias keeps their URNs). */
  formerParent?: pulumi.Resource;
}

export interface RotatingRobotArgs {
  provider: Provider;
  /** Name before the generation stamp (Harbor then prefixes `robot$<project>+`). */
  baseName: string;
  permissions: pulumi.Input<RobotAccountPermission[]>;
  description: string;
  /** Days a robot lives in Harbor (its `duration`), counted from its creation. */
  expiryDays: number;
  /** Days after which `pulumi up` replaces it; the old one keeps working until its own expiry. */
  rotationDays: number;
  /** A manual marker: changing it rotates at the next `pulumi up`, whatever the clock says. */
  marker?: string;
}

/**
 * A Harbor robot that rotates before it expires, without a moment in which no valid login exists.
 *
 * The clock is `@pulumiverse/time` Rotating (0.1.1, terraform-provider-time 0.12.1): once
 * `rotationDays` have passed, its plan modifier (`rotation_rfc3339`, RequiresReplaceIf
 * ReplaceIfOutdated, internal/provider/resource_time_rotating.go) replaces it at the next
 * `pulumi up`, no refresh needed. Its new timestamp gives the robot a new name, so Pulumi creates
 * the new robot first, points every consumer (Vault CI secret, pull Secrets) at it, and then drops
 * the old one, which `retainOnDelete` keeps in Harbor: the two overlap until the old one expires by
 * itself (`expiryDays - rotationDays` days), so a running pipeline or a pull with the old login still
 * works. Nothing rotates between `pulumi up` runs: the platform schedules one (docs/services/harbor.md),
 * and `expiryAlertRules` fires when it has not run.
 */
export class RotatingRobot extends pulumi.ComponentResource {
  /** Login name, `robot$<project>+<baseName>-<stamp>`. */
  public readonly name: pulumi.Output<string>;
  public readonly secret: pulumi.Output<string>;
  /** Unix time the current robot was created (the rotation clock's base). */
  public readonly createdAt: pulumi.Output<number>;
  /** Unix time `pulumi up` should have replaced it by. */
  public readonly rotateBy: pulumi.Output<number>;
  /** Unix time Harbor stops accepting it. */
  public readonly expiresAt: pulumi.Output<number>;

  constructor(name: string, args: RotatingRobotArgs, opts: RotatingRobotOptions = {}) {
    const { formerParent, ...componentOpts } = opts;
    if (!(Number.isInteger(args.rotationDays) && args.rotationDays >= 1 && args.rotationDays < args.expiryDays))
      throw new Error(
        `RotatingRobot ${name}: rotationDays (${args.rotationDays}) must be a whole number below expiryDays (${args.expiryDays})`,
      );
    super("delivery-platform:registry:RotatingRobot", name, {}, componentOpts);
    const aliases = formerParent ? [{ parent: formerParent }] : [];

    const clock = new time.Rotating(
      `${name}-clock`,
      { rotationDays: args.rotationDays, ...(args.marker ? { triggers: { marker: args.marker } } : {}) },
      { parent: this },
    );
    // 2026-12-01T23:40:20Z -> 20261201t234020: Harbor robot names are lower-case letters, digits, '.', '_', '-'.
    const stamp = clock.rfc3339.apply((rfc3339) => rfc3339.replace(/[-:]/g, "").replace(/Z$/, "").toLowerCase());
    const login = stamp.apply((s) => [args.baseName, ...(args.marker ? [args.marker] : []), s].join("-"));
    // Letters and digits satisfy Harbor's robot secret rule (8-128 chars, upper, lower, digit); new with every name.
    const secret = new random.RandomPassword(
      `${name}-secret`,
      { length: 40, special: false, minUpper: 1, minLower: 1, minNumeric: 1, keepers: { robot: login } },
      { parent: this, aliases },
    );
    const robot = new RobotAccount(
      name,
      {
        level: "project",
        name: login,
        description: args.description,
        duration: args.expiryDays,
        permissions: args.permissions,
        secret: secret.result,
      },
      { parent: this, provider: args.provider, retainOnDelete: true, aliases },
    );

    this.name = robot.fullName;
    this.secret = pulumi.secret(robot.secret);
    this.createdAt = clock.unix;
    this.rotateBy = clock.unix.apply((unix) => unix + args.rotationDays * DAY_SECONDS);
    this.expiresAt = clock.unix.apply((unix) => unix + args.expiryDays * DAY_SECONDS);
    this.registerOutputs({ name: this.name, rotateBy: this.rotateBy, expiresAt: this.expiresAt });
  }
}

/**
 * vmalert rules for a set of robots: warn a week after a rotation was due (no `pulumi up` ran),
 * critical a week before Harbor refuses the login. The thresholds are literals written at each
 * `pulumi up` (MetricsQL `time()` is the evaluation time), so they move with every rotation.
 */
export function expiryAlertRules(owner: string, robots: { role: string; robot: RotatingRobot }[]): AlertRule[] {
  return robots.flatMap(({ role, robot }) => [
    {
      alert: "HarborRobotRotationOverdue",
      expr: robot.rotateBy.apply((rotateBy) => `vector(time()) > ${rotateBy + 7 * DAY_SECONDS}`),
      for: "1h",
      labels: { severity: "warning", owner, robot: role },
      annotations: {
        summary: `Harbor robot ${owner}/${role} was due for rotation a week ago`,
        description: "Rotation happens only on `pulumi up`: run the platform's scheduled update (docs/services/harbor.md).",
      },
    },
    {
      alert: "HarborRobotExpiringSoon",
      expr: robot.expiresAt.apply((expiresAt) => `vector(time()) > ${expiresAt - 7 * DAY_SECONDS}`),
      for: "10m",
      labels: { severity: "critical", owner, robot: role },
      annotations: {
        summary: `Harbor robot ${owner}/${role} expires within 7 days`,
        description: "CI pushes and image pulls with it will fail: run `pulumi up` now to rotate it.",
      },
    },
  ]);
}
