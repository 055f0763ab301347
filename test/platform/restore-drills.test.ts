// Restore drills in the prod plan: a CronJob per backed-up app in the platform namespace
// restore-drill, running a pinned image with a least-privilege identity, scratch namespaces that
// talk to nothing, alert rules in plain PromQL; none in dev. Their admission policy is tested in
// test/policies/drill-restores.test.ts, their reach in test/access/backup-reach.test.ts.
import { execFileSync } from "node:child_process";
import { parser } from "@prometheus-io/lezer-promql";
import { drillAlertRules } from "../../components/platform/restore-drills/alert-rules";
import { DRILL_IMAGE } from "../../components/platform/restore-drills/image";
import { drillRestore, type DrillTarget } from "../../components/platform/restore-drills/restore-spec";
import { RestoreDrills } from "../../components/platform/restore-drills/restore-drills";
import { resolvedDrillSettings, restoreDrillSettings } from "../../components/platform/restore-drills/settings";
import { appSpecSchema } from "../../components/onboarding/app-spec";
import type { Provider as HarborProvider } from "../../components/providers/harbor";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import { restoreDrillTargets } from "../../stacks/restore-drill-targets";
import { examplePlan } from "../helpers/example-plans";
import { inputAt, ofType } from "../helpers/plan-component";

const CRONJOB = "kubernetes:batch/v1:CronJob";
// The prod stack's apps and tenant-payments' (fraud-scoring, invoicing), whose foundations it creates.
const DRILLS = [
  "app-accounting-export",
  "app-fraud-scoring",
  "app-invoicing",
  "app-ledger",
  "app-payments-api",
  "app-settlement-worker",
  "app-storefront",
];
let prod: PlanDocument;
let dev: PlanDocument;
beforeAll(async () => {
  [prod, dev] = await Promise.all([examplePlan("prod"), examplePlan("dev")]);
});
const drillJobs = (plan: PlanDocument) => ofType(plan, CRONJOB).filter((r) => r.urn.includes("RestoreDrills"));
const named = (plan: PlanDocument, name: string): PlanResource => {
  const found = plan.resources.filter((r) => r.name === name);
  if (found.length !== 1) throw new Error(`expected one resource named ${name}, found ${found.length}`);
  return found[0]!;
};
interface Container {
  image: string;
  command: string[];
  securityContext: Record<string, unknown>;
}
const podOf = (job: PlanResource) =>
  inputAt(job, "spec.jobTemplate.spec.template.spec") as {
    serviceAccountName: string;
    automountServiceAccountToken: boolean;
    containers: Container[];
    securityContext: Record<string, unknown>;
  };

/** Syntax errors lezer-promql (the Prometheus project's own grammar) finds in an expression. */
function promqlErrors(expr: string): string[] {
  const errors: string[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(`${node.from}: '${expr.slice(node.from, node.to + 1)}'`);
    },
  });
  return errors;
}

describe("restore drills in the prod plan", () => {
  it("runs a weekly drill per app with production backups, in the restore-drill namespace, one run at a time", () => {
    const jobs = drillJobs(prod);
    expect(jobs.map((j) => inputAt(j, "metadata.name")).sort()).toEqual(DRILLS.map((d) => `drill-${d}`));
    for (const job of jobs) {
      expect(inputAt(job, "metadata.namespace")).toBe("restore-drill");
      expect(inputAt(job, "spec.schedule")).toBe("0 4 * * 0");
      expect(inputAt(job, "spec.concurrencyPolicy")).toBe("Forbid");
      expect(inputAt(job, "spec.jobTemplate.spec.backoffLimit")).toBe(0);
    }
    expect(drillJobs(dev)).toEqual([]);
  });

  it("pins the runner image by tag and digest, pulled through Harbor's Docker Hub proxy, and runs it restricted", () => {
    for (const job of drillJobs(prod)) {
      const pod = podOf(job);
      expect(pod.containers.map((c) => c.image)).toEqual([
        `harbor.platform.example.com/dockerhub-proxy/alpine/k8s:${DRILL_IMAGE.tag}@${DRILL_IMAGE.digest}`,
      ]);
      expect(DRILL_IMAGE.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
      expect(pod.serviceAccountName).toBe("restore-drill");
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
      expect(pod.containers[0]!.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
      });
    }
  });

  it("creates exactly the Restore drillRestore builds, and its script is valid POSIX shell", () => {
    const job = named(prod, "restore-drills-app-ledger");
    const script = podOf(job).containers[0]!.command[2]!;
    const manifest = /<<EOF \| kubectl create -f -\n(.*)\nEOF\n/.exec(script)![1]!;
    const restore = JSON.parse(manifest.replace("$RESTORE", "r").replace("$BACKUP", "b")) as unknown;
    const drill: DrillTarget = {
      name: "app-ledger",
      scheduleName: "app-ledger",
      namespaces: [{ source: "ledger-prod", target: "ledger-drill-prod" }],
    };
    expect(restore).toEqual(drillRestore(drill, { restore: "r", backup: "b", veleroNamespace: "velero" }));
    // `sh -n` parses without running: the shell itself is the validator.
    expect(() => execFileSync("sh", ["-n"], { input: script })).not.toThrow();
    expect(script).toContain("velero.io/schedule-name=app-ledger");
  });

  it("gives the runner Restores and Backups in Velero's namespace and read-and-delete in the drill namespaces, no Secret reads", () => {
    expect(inputAt(named(prod, "restore-drills-velero-role"), "rules")).toEqual([
      { apiGroups: ["velero.io"], resources: ["restores"], verbs: ["create", "get", "delete"] },
      { apiGroups: ["velero.io"], resources: ["backups"], verbs: ["get", "list"] },
    ]);
    const drillRules = inputAt(named(prod, "restore-drills-ledger-drill-prod-role"), "rules") as { resources: string[]; verbs: string[] }[];
    for (const rule of drillRules) {
      expect(rule.verbs).not.toEqual(expect.arrayContaining(["create"]));
      if (rule.resources.includes("secrets")) expect(rule.verbs).toEqual(["deletecollection"]);
    }
    const bindings = ofType(prod, "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding").filter((r) => r.urn.includes("RestoreDrills"));
    expect(bindings.map((b) => inputAt(b, "metadata.namespace")).sort()).toEqual([
      ...DRILLS.map((drill) => `${drill.replace(/^app-/, "")}-drill-prod`),
      "velero",
    ]);
    for (const binding of bindings) {
      expect(inputAt(binding, "roleRef.kind")).toBe("Role");
      expect(inputAt(binding, "subjects")).toEqual([{ kind: "ServiceAccount", name: "restore-drill", namespace: "restore-drill" }]);
    }
    expect(
      ofType(prod, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding").filter((r) => r.urn.includes("RestoreDrills")),
    ).toEqual([]);
  });

  it("isolates each drill namespace: Pod Security restricted, no traffic but DNS out", () => {
    const ns = named(prod, "restore-drills-ledger-drill-prod");
    expect(inputAt(ns, "metadata.labels")).toMatchObject({
      "pod-security.kubernetes.io/enforce": "restricted",
      "platform.delivery/restore-drill": "ledger-prod",
    });
    expect(inputAt(named(prod, "restore-drills-ledger-drill-prod-isolation"), "spec")).toEqual({
      podSelector: {},
      policyTypes: ["Ingress", "Egress"],
      ingress: [],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } } }],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
      ],
    });
  });

  it("lets the runner reach a drill copy only on the port behind the app's HTTP check", () => {
    expect(inputAt(named(prod, "restore-drills-storefront-drill-prod-isolation"), "spec.ingress")).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "restore-drill" } } }],
        ports: [{ protocol: "TCP", port: 8080 }],
      },
    ]);
    const script = podOf(named(prod, "restore-drills-app-storefront")).containers[0]!.command[2]!;
    expect(script).toContain('curl -fsS --max-time 20 -o /dev/null "http://storefront.storefront-drill-prod.svc:80/healthz"');
  });

  it("alerts on failed, overdue and stale drills with rules lezer-promql parses", () => {
    const rule = named(prod, "restore-drills-alerts");
    const groups = inputAt(rule, "spec.groups") as { rules: { alert: string; expr: string }[] }[];
    const rules = groups.flatMap((g) => g.rules);
    expect(new Set(rules.map((r) => r.alert))).toEqual(
      new Set([
        "RestoreDrillFailed",
        "RestoreDrillBackupStale",
        "VeleroRestoreFailed",
        "RestoreDrillOverdue",
        // The runner's pull robot, rotated like every robot.
        "HarborRobotExpiringSoon",
        "HarborRobotRotationOverdue",
      ]),
    );
    expect(
      rules
        .filter((r) => r.alert === "RestoreDrillOverdue")
        .map((r) => r.expr)
        .sort(),
    ).toEqual(DRILLS.map((d) => `absent_over_time(restore_drill_last_success_timestamp_seconds{drill="${d}"}[192h])`));
    for (const { expr } of rules) expect({ expr, errors: promqlErrors(expr) }).toEqual({ expr, errors: [] });
    expect(promqlErrors("sum by (drill (restore_drill_success)")).not.toEqual([]);
  });

  it("keeps Velero scraped: its restore counters feed VeleroRestoreFailed", () => {
    const scrapes = ofType(prod, "kubernetes:operator.victoriametrics.com/v1beta1:VMServiceScrape").map((s) => JSON.stringify(s.inputs));
    expect(scrapes.some((s) => s.includes('"velero"') && s.includes("http-monitoring"))).toBe(true);
  });
});

describe("which drills a stack gets", () => {
  const config = (
    apps: unknown[],
    environments: { name: string; production?: boolean; cluster?: string }[] = [{ name: "staging" }, { name: "prod", production: true }],
  ) => ({
    gitlab: { url: "https://gitlab.example.test", parentGroup: "apps" },
    domain: "example.test",
    environments: environments.map((e) => ({ production: false, cluster: "in-cluster", ...e })),
    apps: apps.map((a) => appSpecSchema.parse(a)),
  });

  it("drills each app's production namespaces on the platform cluster, with the app's HTTP check; apps may opt out", () => {
    const targets = restoreDrillTargets(
      config([
        {
          name: "shop",
          team: "web",
          environments: ["staging", "prod"],
          service: { port: 3000 },
          backup: { drill: { httpCheck: { path: "/healthz" } } },
        },
        { name: "ledger", team: "pay", environments: ["prod"], backup: { drill: { enabled: false } } },
        { name: "tools", team: "web", environments: ["staging"] },
      ]) as Parameters<typeof restoreDrillTargets>[0],
    );
    expect(targets).toEqual([
      {
        name: "app-shop",
        scheduleName: "app-shop",
        namespaces: [{ source: "shop-prod", target: "shop-drill-prod" }],
        // The generated Service's http port (80), forwarding to the container port (service.port).
        httpCheck: { service: "shop", port: 80, path: "/healthz", targetPort: 3000 },
      },
    ]);
    const elsewhere = config([{ name: "shop", team: "web", environments: ["prod"] }], [{ name: "prod", production: true, cluster: "eu" }]);
    expect(restoreDrillTargets(elsewhere as Parameters<typeof restoreDrillTargets>[0])).toEqual([]);
  });

  it("defaults to weekly drills outside dev and none in dev; a stack can change both", () => {
    expect(resolvedDrillSettings("prod", restoreDrillSettings.parse({}))).toMatchObject({
      enabled: true,
      schedule: "0 4 * * 0",
      maxAgeHours: 192,
    });
    expect(resolvedDrillSettings("dev", restoreDrillSettings.parse({}))).toMatchObject({ enabled: false });
    expect(
      resolvedDrillSettings("dev", restoreDrillSettings.parse({ enabled: true, schedule: "0 5 1 * *", maxAgeHours: 800 })),
    ).toMatchObject({
      enabled: true,
      schedule: "0 5 1 * *",
      maxAgeHours: 800,
    });
    expect(restoreDrillSettings.safeParse({ schedule: "weekly" }).success).toBe(false);
  });

  it("refuses a drill that would restore into anything but a drill namespace, before creating anything", () => {
    const args = (target: string) => ({
      drills: [{ name: "app-shop", scheduleName: "app-shop", namespaces: [{ source: "shop-prod", target }] }],
      settings: resolvedDrillSettings("prod", restoreDrillSettings.parse({})),
      veleroNamespace: "velero",
      metricsUrl: "http://vmagent-vm.monitoring.svc:8429/api/v1/import/prometheus",
      registry: { host: "harbor.example.test", dockerHubProxy: "dockerhub-proxy", provider: {} as HarborProvider },
    });
    for (const target of ["shop-prod", "restore-drill", "drill-shop"])
      expect(() => new RestoreDrills("drills", args(target))).toThrow(/must be a drill namespace/);
  });

  it("writes alert rules for every drill it is given", () => {
    const settings = resolvedDrillSettings("prod", restoreDrillSettings.parse({ maxAgeHours: 48 }));
    const rules = drillAlertRules(
      [{ name: "app-a", scheduleName: "app-a", namespaces: [{ source: "a-prod", target: "a-drill-prod" }] }],
      settings,
    );
    expect(rules.find((r) => r.alert === "RestoreDrillOverdue")?.expr).toBe(
      'absent_over_time(restore_drill_last_success_timestamp_seconds{drill="app-a"}[48h])',
    );
  });
});
