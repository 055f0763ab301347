import { parser } from "@prometheus-io/lezer-promql";
import { parse } from "yaml";
import { syncEventValues } from "../../components/platform/argocd/sync-events";
import { emergencyReviewRules, exceptionExpiryRules } from "../../components/platform/release-ledger/alert-rules";
import { releaseLedgerDashboard } from "../../components/platform/release-ledger/dashboard";
import { LOGSQL, openExceptionsQuery, overdueReviewsQuery, PROMQL } from "../../components/platform/release-ledger/queries";
import { ruleSpecSchema } from "../../components/platform/victoria-metrics/operator-resources";
import { JSONLINE_INGEST_PATH, LEDGER_LOG_FIELDS } from "../../components/shared/release-record";
import { ofType } from "../../compliance/plan-queries";
import { examplePlan } from "../helpers/example-plans";

/** PromQL parses without error nodes (the Prometheus project's own Lezer grammar). */
function promqlErrors(expr: string): string[] {
  const errors: string[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(`${expr.slice(Math.max(0, node.from - 10), node.to + 10)} (at ${node.from})`);
    },
  });
  return errors;
}

/**
 * No LogsQL parser is on npm, so the queries are checked against the fields the ledger writes: every
 * `field:` filter and every `by (...)` field is one the pipeline's ledger lines or the Argo CD sync
 * events carry (or a name the query itself defines with `count() ... <name>`).
 */
const WRITTEN = new Set<string>([...Object.values(LEDGER_LOG_FIELDS), "_time"]);
function unknownLogsqlFields(query: string): string[] {
  const defined = new Set([...query.matchAll(/count\(\)(?: if \([^)]*\))? (\w+)/g)].map((m) => m[1]!));
  const filters = [...query.matchAll(/(?:^|[\s(!])([A-Za-z_][\w.]*):/g)].map((m) => m[1]!);
  const byFields = [...query.matchAll(/by \(([^)]*)\)/g)].flatMap((m) => m[1]!.split(",").map((f) => f.trim()));
  return [...filters, ...byFields].filter((f) => !WRITTEN.has(f) && !defined.has(f));
}

describe("release ledger dashboard and alerts", () => {
  const exceptions = [{ id: "legacy-root", guardrail: "workload-non-root", owner: "team-payments", expires: "2026-06-30" }];
  const model = releaseLedgerDashboard({ reviewDueDays: 3, exceptions });
  const targets = (model.panels ?? []).flatMap((p) => ("targets" in p ? (p.targets ?? []) : [])) as unknown as {
    expr: string;
    datasource: { type: string };
  }[];

  it("every PromQL query parses", () => {
    const promql = [
      ...Object.values(PROMQL),
      openExceptionsQuery(exceptions),
      openExceptionsQuery([]),
      ...exceptionExpiryRules(exceptions).map((r) => r.expr as string),
      ...targets.filter((t) => t.datasource.type === "victoriametrics-metrics-datasource").map((t) => t.expr),
    ];
    expect(promql.length).toBeGreaterThan(5);
    for (const expr of promql) expect(promqlErrors(expr)).toEqual([]);
  });

  it("the PromQL check is not a rubber stamp", () => {
    expect(promqlErrors("sum by (x (rate(foo[5m]))")).not.toEqual([]);
  });

  it("every LogsQL query reads only fields the ledger and the sync events write", () => {
    const logsql = [
      ...Object.values(LOGSQL),
      overdueReviewsQuery(3),
      ...targets.filter((t) => t.datasource.type === "victoriametrics-logs-datasource").map((t) => t.expr),
    ];
    expect(logsql.length).toBeGreaterThan(5);
    for (const query of logsql) expect({ query, unknown: unknownLogsqlFields(query) }).toEqual({ query, unknown: [] });
    // ... and would catch a field nobody writes.
    expect(unknownLogsqlFields("source:=release-ledger approver:=alice | stats by (team) count() n")).toEqual(["approver", "team"]);
  });

  it("the dashboard has the DORA and guardrail panels, each with a datasource variable, and lists the exceptions", () => {
    const titles = (model.panels ?? []).map((p) => p.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        "Deployments",
        "Failed syncs and degradations",
        "Restores",
        "Kyverno admission denials",
        "Scan-gate failures",
        "Emergency reviews overdue",
        "Policy exceptions",
      ]),
    );
    for (const target of targets) expect(["${metrics}", "${logs}"]).toContain((target.datasource as { uid?: string }).uid);
    expect(JSON.stringify(model)).toContain("| legacy-root | workload-non-root | team-payments | 2026-06-30 |");
    expect(model.uid).toBe("release-ledger");
  });

  it("alert rules fit the VMRule schema; the overdue one is a vlogs group, the exception ones fire around the expiry day", () => {
    const spec = ruleSpecSchema.parse({
      groups: [
        { name: "release-ledger-reviews", type: "vlogs", rules: emergencyReviewRules(3) },
        { name: "policy-exception-expiry", rules: exceptionExpiryRules(exceptions) },
      ],
    });
    expect(spec.groups[0]?.rules[0]?.expr).toContain("!_time:3d");
    const end = Date.parse("2026-06-30T23:59:59Z") / 1000;
    expect(exceptionExpiryRules(exceptions).map((r) => r.expr)).toEqual([
      `vector(time()) > ${end - 7 * 86400} and vector(time()) <= ${end}`,
      `vector(time()) > ${end}`,
    ]);
  });

  it("the prod plan provisions the dashboard ConfigMap for Grafana's sidecar and the alerts", async () => {
    const prod = await examplePlan("prod");
    const configMap = ofType(prod, "kubernetes:core/v1:ConfigMap").find((r) => r.name === "release-ledger-dashboard");
    expect(configMap?.inputs.metadata).toMatchObject({ labels: { grafana_dashboard: "1" } });
    const json = JSON.parse((configMap?.inputs.data as Record<string, string>)["release-ledger.json"]!) as { panels: { title: string }[] };
    expect(json.panels.map((p) => p.title)).toContain("Emergency reviews overdue");
    const rule = ofType(prod, "kubernetes:operator.victoriametrics.com/v1beta1:VMRule").find((r) => r.name === "release-ledger-alerts");
    expect(JSON.stringify(rule?.inputs.spec)).toContain('"type":"vlogs"');
  });
});

describe("Argo CD sync events to VictoriaLogs", () => {
  const values = syncEventValues([
    "http://victoria-logs-0.victoria-logs.logging.svc:9428",
    "http://victoria-logs-1.victoria-logs.logging.svc:9428",
  ]);

  it("one webhook service per replica, every event template posting to both on the JSON-lines path", () => {
    expect(Object.keys(values.notifiers)).toEqual(["service.webhook.release-ledger-0", "service.webhook.release-ledger-1"]);
    expect(values.subscription).toEqual({
      recipients: ["release-ledger-0", "release-ledger-1"],
      triggers: ["ledger-sync-succeeded", "ledger-sync-failed", "ledger-health-degraded", "ledger-deployed"],
    });
    for (const template of Object.values(values.templates)) {
      const { webhook } = parse(template) as { webhook: Record<string, { method: string; path: string; body: string }> };
      expect(Object.keys(webhook)).toEqual(["release-ledger-0", "release-ledger-1"]);
      expect(webhook["release-ledger-0"]).toMatchObject({ method: "POST", path: JSONLINE_INGEST_PATH });
    }
  });

  it("each body, rendered with sample values, is one JSON line with the fields the ledger joins on", () => {
    const sample: Record<string, unknown> = {
      ".app.spec.project": "shop",
      '(trimPrefix (printf "%s-" .app.spec.project) .app.metadata.name)': "prod",
      ".app.status.operationState.syncResult.revision": "abc123",
      ".app.status.sync.revision": "abc123",
      ".app.status.operationState.finishedAt": "2026-03-01T12:00:00Z",
      ".app.status.operationState.phase": "Succeeded",
      '"Degraded"': "Degraded",
      '"Healthy"': "Healthy",
      ".app.status.health.status": "Healthy",
      ".app.status.summary.images": ["harbor.example.test/shop/shop@sha256:" + "a".repeat(64)],
    };
    for (const [name, template] of Object.entries(values.templates)) {
      const { webhook } = parse(template) as { webhook: Record<string, { body: string }> };
      // A tiny stand-in for Go's text/template: {{toJson X}} -> JSON of X's sample value.
      const rendered = webhook["release-ledger-0"]!.body.replace(/\{\{toJson (.+?)\}\}(?=[,}])/g, (_m, expr: string) =>
        JSON.stringify(expr.startsWith("(printf") ? "shop-prod Succeeded abc123" : sample[expr]),
      );
      expect(rendered).not.toContain("\n");
      const line = JSON.parse(rendered) as Record<string, unknown>;
      expect({ name, fields: Object.keys(line).sort() }).toEqual({
        name,
        fields: [
          "app",
          "env",
          "health",
          "images",
          "kind",
          "message",
          "phase",
          "revision",
          "source",
          ...(name.includes("sync-") ? ["time"] : []),
        ].sort(),
      });
      expect(line).toMatchObject({ source: "argocd-sync", kind: "sync", app: "shop", env: "prod", revision: "abc123" });
    }
  });

  it("the prod plan's Argo CD release carries them next to the configured targets", async () => {
    const prod = await examplePlan("prod");
    const release = ofType(prod, "kubernetes:helm.sh/v3:Release").find((r) => r.inputs.chart === "argo-cd");
    const notifications = (release?.inputs.values as { notifications: { notifiers: Record<string, string>; subscriptions: unknown[] } })
      .notifications;
    expect(Object.keys(notifications.notifiers)).toEqual(
      expect.arrayContaining(["service.webhook.release-ledger-0", "service.webhook.release-ledger-1"]),
    );
    expect(notifications.notifiers["service.webhook.release-ledger-0"]).toContain("http://victoria-logs-0.victoria-logs.logging.svc:9428");
  });
});
