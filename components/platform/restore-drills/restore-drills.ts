import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { namespace as platformNamespace } from "../../kubernetes/namespace";
import type { Provider as HarborProvider } from "../../providers/harbor";
import { parseComponentArgs } from "../../validation/issues";
import { expiryAlertRules, RotatingRobot } from "../harbor/rotating-robot";
import { vmRule } from "../victoria-metrics/operator-resources";
import { drillAlertRules } from "./alert-rules";
import { drillCronJobName, drillCronJobSpec } from "./cronjob";
import { DRILL_LABEL, DRILL_RUNNER_NAMESPACE, DRILL_SERVICE_ACCOUNT, isDrillTarget } from "./names";
import { DRILL_NAMESPACE_RULES, VELERO_NAMESPACE_RULES } from "./rbac";
import type { DrillTarget } from "./restore-spec";
import type { ResolvedDrillSettings } from "./settings";

const PULL_SECRET = "restore-drill-registry";
const PULL_ROBOT_EXPIRY_DAYS = 90;
const PULL_ROBOT_ROTATION_DAYS = 60;
/** The label Kubernetes sets on every namespace (kubernetes.io/metadata.name, v1.22+): NetworkPolicies select by it. */
const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

export interface RestoreDrillsArgs {
  drills: DrillTarget[];
  settings: ResolvedDrillSettings;
  veleroNamespace: pulumi.Input<string>;
  /** vmagent's Prometheus-text import endpoint, where the runner pushes its results. */
  metricsUrl: pulumi.Input<string>;
  /** Where the alert rules go (VictoriaMetrics' namespace and the release that installs VMRule). */
  monitoring?: { namespace: pulumi.Input<string>; crdRelease: pulumi.Resource };
  /** Harbor, whose Docker Hub proxy cache serves the runner's image. */
  registry: { host: string; dockerHubProxy: pulumi.Input<string>; provider: HarborProvider };
}

const dnsLabel = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a DNS-1123 label");
const drillSchema = z.strictObject({
  // CronJob names are at most 52 characters; `drill-` takes 6.
  name: dnsLabel.max(46, "must be at most 46 characters (the CronJob is drill-<name>, at most 52)"),
  scheduleName: dnsLabel,
  namespaces: z
    .array(
      z.strictObject({
        source: dnsLabel,
        target: dnsLabel.refine(isDrillTarget, "must be a drill namespace (<app>-drill-<environment>, from the naming module)"),
      }),
    )
    .min(1, "must restore at least one namespace"),
  httpCheck: z
    .strictObject({
      service: dnsLabel,
      port: z.int().min(1).max(65535),
      path: z.string().startsWith("/"),
      targetPort: z.int().min(1).max(65535),
    })
    .optional(),
});
const argsSchema = z.object({ drills: z.array(drillSchema) }).superRefine(({ drills }, ctx) => {
  const targets = drills.flatMap((d) => d.namespaces.map((ns) => ns.target));
  const twice = targets.filter((t, i) => targets.indexOf(t) !== i);
  if (twice.length > 0) ctx.addIssue({ code: "custom", path: ["drills"], message: `two drills restore into ${twice.join(", ")}` });
  const names = drills.map((d) => d.name);
  if (new Set(names).size !== names.length) ctx.addIssue({ code: "custom", path: ["drills"], message: "drill names must be unique" });
});

/**
 * Scheduled restore drills: for each backed-up schedule a CronJob in the platform namespace
 * `restore-drill` that restores the schedule's latest backup into scratch namespaces
 * (`<app>-drill-<environment>`, owned here, default-deny networking), checks that the copy comes
 * up, pushes the results to VictoriaMetrics and cleans up. The runner may create Restores in
 * Velero's namespace and read and delete in the drill namespaces, nothing else; what a Restore may
 * do with Velero's rights is bounded by the admission policy drill-restores-confined.
 */
export class RestoreDrills extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  public readonly cronJobNames: string[];
  public readonly drillNamespaces: string[];
  public readonly pullRobot: RotatingRobot;

  constructor(name: string, args: RestoreDrillsArgs, opts?: pulumi.ComponentResourceOptions) {
    parseComponentArgs("RestoreDrills", argsSchema, { drills: args.drills });
    super("delivery-platform:platform:RestoreDrills", name, {}, opts);
    const labels = { "app.kubernetes.io/name": "restore-drill", "app.kubernetes.io/part-of": "velero" };
    const serviceLabel = { "platform.delivery/service": DRILL_RUNNER_NAMESPACE };

    const runnerNamespace = platformNamespace(
      `${name}-namespace`,
      { name: DRILL_RUNNER_NAMESPACE, podSecurity: "restricted", labels: serviceLabel },
      { parent: this },
    );
    this.namespace = runnerNamespace.metadata.name;
    const serviceAccount = new k8s.core.v1.ServiceAccount(
      `${name}-service-account`,
      { metadata: { name: DRILL_SERVICE_ACCOUNT, namespace: this.namespace, labels }, automountServiceAccountToken: false },
      { parent: this },
    );
    const subject = { kind: "ServiceAccount", name: DRILL_SERVICE_ACCOUNT, namespace: DRILL_RUNNER_NAMESPACE };

    const veleroRole = new k8s.rbac.v1.Role(
      `${name}-velero-role`,
      {
        metadata: { name: "restore-drill", namespace: args.veleroNamespace, labels },
        rules: VELERO_NAMESPACE_RULES.map((r) => ({ ...r })),
      },
      { parent: this },
    );
    new k8s.rbac.v1.RoleBinding(
      `${name}-velero-binding`,
      {
        metadata: { name: "restore-drill", namespace: args.veleroNamespace, labels },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: veleroRole.metadata.name },
        subjects: [subject],
      },
      { parent: this, dependsOn: [serviceAccount] },
    );

    const drillNamespaces: k8s.core.v1.Namespace[] = [];
    for (const drill of args.drills)
      for (const { source, target } of drill.namespaces) {
        const ns = platformNamespace(
          `${name}-${target}`,
          { name: target, podSecurity: "restricted", labels: { ...serviceLabel, [DRILL_LABEL]: source } },
          { parent: this },
        );
        drillNamespaces.push(ns);
        const inNs = { parent: this, dependsOn: [ns] };
        // The copy talks to nothing (it must not reach production's databases or APIs) except DNS;
        // only the runner reaches it, on the container port behind the HTTP check's Service port.
        new k8s.networking.v1.NetworkPolicy(
          `${name}-${target}-isolation`,
          {
            metadata: { name: "restore-drill-isolation", namespace: target, labels },
            spec: {
              podSelector: {},
              policyTypes: ["Ingress", "Egress"],
              ingress: drill.httpCheck
                ? [
                    {
                      from: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: DRILL_RUNNER_NAMESPACE } } }],
                      ports: [{ protocol: "TCP", port: drill.httpCheck.targetPort }],
                    },
                  ]
                : [],
              egress: [
                {
                  to: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: "kube-system" } } }],
                  ports: [
                    { protocol: "UDP", port: 53 },
                    { protocol: "TCP", port: 53 },
                  ],
                },
              ],
            },
          },
          inNs,
        );
        const role = new k8s.rbac.v1.Role(
          `${name}-${target}-role`,
          { metadata: { name: "restore-drill", namespace: target, labels }, rules: DRILL_NAMESPACE_RULES.map((r) => ({ ...r })) },
          inNs,
        );
        new k8s.rbac.v1.RoleBinding(
          `${name}-${target}-binding`,
          {
            metadata: { name: "restore-drill", namespace: target, labels },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
            subjects: [subject],
          },
          { parent: this, dependsOn: [ns, serviceAccount] },
        );
      }
    this.drillNamespaces = args.drills.flatMap((d) => d.namespaces.map((ns) => ns.target));

    // Pulls the runner image from the (private) proxy cache only: a robot of that project, rotated like app robots.
    this.pullRobot = new RotatingRobot(
      `${name}-pull-robot`,
      {
        provider: args.registry.provider,
        baseName: "restore-drill",
        permissions: pulumi
          .output(args.registry.dockerHubProxy)
          .apply((project) => [
            { kind: "project", namespace: project, accesses: [{ resource: "repository", action: "pull", effect: "allow" }] },
          ]),
        description: "Restore drill CronJobs: pull their image through the proxy cache",
        expiryDays: PULL_ROBOT_EXPIRY_DAYS,
        rotationDays: PULL_ROBOT_ROTATION_DAYS,
      },
      { parent: this },
    );
    const robot = this.pullRobot;
    const pullSecret = new k8s.core.v1.Secret(
      `${name}-pull-secret`,
      {
        metadata: { name: PULL_SECRET, namespace: this.namespace, labels },
        type: "kubernetes.io/dockerconfigjson",
        stringData: {
          ".dockerconfigjson": pulumi.secret(
            pulumi.all([robot.name, robot.secret]).apply(([username, password]) =>
              JSON.stringify({
                auths: { [args.registry.host]: { username, password, auth: Buffer.from(`${username}:${password}`).toString("base64") } },
              }),
            ),
          ),
        },
      },
      { parent: this },
    );

    this.cronJobNames = [];
    for (const drill of args.drills) {
      const cronJobName = drillCronJobName(drill);
      new k8s.batch.v1.CronJob(
        `${name}-${drill.name}`,
        {
          metadata: { name: cronJobName, namespace: this.namespace, labels: { ...labels, [DRILL_LABEL]: drill.name } },
          spec: pulumi
            .all([args.veleroNamespace, args.metricsUrl, args.registry.dockerHubProxy])
            .apply(([veleroNamespace, metricsUrl, dockerHubProxy]) =>
              drillCronJobSpec({
                drill,
                schedule: args.settings.schedule,
                timeoutMinutes: args.settings.timeoutMinutes,
                veleroNamespace,
                metricsUrl,
                registry: { host: args.registry.host, dockerHubProxy, pullSecret: PULL_SECRET },
              }),
            ),
        },
        { parent: this, dependsOn: [serviceAccount, pullSecret, ...drillNamespaces] },
      );
      this.cronJobNames.push(cronJobName);
    }

    if (args.monitoring)
      vmRule(
        `${name}-alerts`,
        {
          name: "platform-restore-drills",
          namespace: args.monitoring.namespace,
          labels: { "platform.delivery/monitoring": "platform" },
          spec: {
            groups: [
              { name: "platform-restore-drills", rules: drillAlertRules(args.drills, args.settings) },
              { name: "platform-restore-drill-robot", rules: expiryAlertRules("restore-drill", [{ role: "pull", robot }]) },
            ],
          },
        },
        { parent: this, dependsOn: [args.monitoring.crdRelease] },
      );

    this.registerOutputs({ namespace: this.namespace, cronJobNames: this.cronJobNames, drillNamespaces: this.drillNamespaces });
  }
}
