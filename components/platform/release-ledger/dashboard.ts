import type * as cog from "@grafana/grafana-foundation-sdk/cog";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import * as stat from "@grafana/grafana-foundation-sdk/stat";
import * as text from "@grafana/grafana-foundation-sdk/text";
import * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";
import { LOGSQL, openExceptionsQuery, overdueReviewsQuery, PROMQL } from "./queries";

/**
 * The delivery metrics dashboard (docs/release-ledger.md), built with Grafana's foundation SDK, whose
 * builders and types are generated from Grafana's own dashboard schema (so a panel or field the model
 * does not have is a compile error). Datasources are dashboard variables of the plugins the
 * victoria-metrics-k8s-stack chart provisions (victoriametrics-metrics-datasource and
 * victoriametrics-logs-datasource, values.ts GRAFANA_PLUGINS), so no datasource UID is guessed.
 */

export const DASHBOARD_UID = "release-ledger";
const METRICS = { type: "victoriametrics-metrics-datasource", uid: "${metrics}" };
const LOGS = { type: "victoriametrics-logs-datasource", uid: "${logs}" };

/**
 * A VictoriaLogs datasource query (victoriametrics-logs-datasource: `expr` in LogsQL, `queryType`
 * statsRange for a time series of a `| stats` query). The SDK has no builder for this plugin.
 */
class LogsQuery implements cog.Builder<cog.Dataquery> {
  constructor(
    private readonly refId: string,
    private readonly expr: string,
  ) {}
  build(): cog.Dataquery {
    const query = { refId: this.refId, datasource: LOGS, expr: this.expr, queryType: "statsRange" };
    return query as unknown as cog.Dataquery;
  }
}

const logsPanel = (title: string, description: string, expr: string, x: number, y: number) =>
  new timeseries.PanelBuilder()
    .title(title)
    .description(description)
    .datasource(LOGS)
    .withTarget(new LogsQuery("A", expr))
    .gridPos({ x, y, w: 12, h: 8 });

export interface DashboardInput {
  /** Days until an emergency's review is due (releaseLedger.emergency.reviewDueDays); absent: no emergency path. */
  reviewDueDays?: number;
  /** The stack's policy exceptions (config `exceptions`), listed as they are records of the plan. */
  exceptions: readonly PolicyExceptionRecord[];
}

export interface PolicyExceptionRecord {
  id: string;
  guardrail: string;
  owner: string;
  /** Last day (UTC) it holds, YYYY-MM-DD. */
  expires: string;
}

export function releaseLedgerDashboard(input: DashboardInput): dashboard.Dashboard {
  const table = [
    "| exception | guardrail | owner | expires |",
    "| --- | --- | --- | --- |",
    ...input.exceptions.map((e) => `| ${e.id} | ${e.guardrail} | ${e.owner} | ${e.expires} |`),
  ].join("\n");
  const builder = new dashboard.DashboardBuilder("Release ledger and guardrails")
    .uid(DASHBOARD_UID)
    .tags(["delivery-platform", "dora", "release-ledger"])
    .description("DORA's four keys from Argo CD sync events and the release ledger; guardrail effectiveness. docs/release-ledger.md")
    .time({ from: "now-30d", to: "now" })
    .readonly()
    .withVariable(new dashboard.DatasourceVariableBuilder("metrics").label("Metrics").type(METRICS.type))
    .withVariable(new dashboard.DatasourceVariableBuilder("logs").label("Logs").type(LOGS.type))
    .withRow(new dashboard.RowBuilder("DORA keys (Argo CD sync events, release ledger)"))
    .withPanel(logsPanel("Deployments", "Sync Succeeded per app and environment: deployment frequency.", LOGSQL.deployments, 0, 1))
    .withPanel(
      logsPanel("Failed syncs and degradations", "Failed, Error and Degraded events: the failed-change signal.", LOGSQL.failedSyncs, 12, 1),
    )
    .withPanel(
      logsPanel(
        "Restores",
        "Healthy after a sync: the restore signal (time to restore: npm run evidence -- --ledger).",
        LOGSQL.restores,
        0,
        9,
      ),
    )
    .withPanel(logsPanel("Changes by type", "Release ledger lines per change type and environment.", LOGSQL.changesByType, 12, 9))
    .withRow(new dashboard.RowBuilder("Guardrail effectiveness"))
    .withPanel(
      new timeseries.PanelBuilder()
        .title("Kyverno admission denials")
        .description("Admission requests a Kyverno rule failed (denied where the policy enforces).")
        .datasource(METRICS)
        .withTarget(
          new prometheus.DataqueryBuilder().datasource(METRICS).expr(PROMQL.kyvernoDenials).legendFormat("{{policy_name}}").refId("A"),
        )
        .gridPos({ x: 0, y: 18, w: 12, h: 8 }),
    )
    .withPanel(
      logsPanel("Scan-gate failures", "Pipelines whose CVE gate failed (ledger:scan-gate lines).", LOGSQL.scanGateFailures, 12, 18),
    )
    .withPanel(
      new stat.PanelBuilder()
        .title("Policy exceptions open / expired")
        .description("The stack's exception records, open until the end of their expiry day (evaluated at query time).")
        .datasource(METRICS)
        .withTarget(
          new prometheus.DataqueryBuilder().datasource(METRICS).expr(openExceptionsQuery(input.exceptions)).legendFormat("open").refId("A"),
        )
        .withTarget(
          new prometheus.DataqueryBuilder()
            .datasource(METRICS)
            .expr(`vector(${input.exceptions.length}) - ${openExceptionsQuery(input.exceptions)}`)
            .legendFormat("expired")
            .refId("B"),
        )
        .gridPos({ x: 0, y: 26, w: 6, h: 6 }),
    )
    .withPanel(
      new text.PanelBuilder()
        .title("Policy exceptions")
        .mode(text.TextMode.Markdown)
        .content(input.exceptions.length > 0 ? table : "No policy exceptions.")
        .gridPos({ x: 6, y: 26, w: 18, h: 6 }),
    );
  if (input.reviewDueDays !== undefined)
    builder.withPanel(
      logsPanel(
        "Emergency reviews overdue",
        `Emergency changes older than ${input.reviewDueDays} days without a review line.`,
        overdueReviewsQuery(input.reviewDueDays),
        0,
        32,
      ),
    );
  return builder.build();
}
