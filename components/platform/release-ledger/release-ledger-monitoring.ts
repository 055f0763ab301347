import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { vmRule } from "../victoria-metrics/operator-resources";
import { emergencyReviewRules, exceptionExpiryRules } from "./alert-rules";
import { DASHBOARD_UID, type PolicyExceptionRecord, releaseLedgerDashboard } from "./dashboard";

export interface ReleaseLedgerMonitoringArgs {
  /** Grafana's namespace (the VictoriaMetrics stack's). */
  namespace: pulumi.Input<string>;
  /** The release that installs the VictoriaMetrics operator CRDs (VMRule) and Grafana. */
  stackRelease: pulumi.Resource;
  /** releaseLedger.emergency.reviewDueDays; absent: no emergency path, no overdue alert. */
  reviewDueDays?: number;
  exceptions: readonly PolicyExceptionRecord[];
}

/**
 * Grafana's dashboard sidecar (grafana chart `sidecar.dashboards`, enabled by victoria-metrics-k8s-stack)
 * loads ConfigMaps of its namespace labelled `grafana_dashboard: "1"` (the chart's default label and value).
 */
export const GRAFANA_DASHBOARD_LABEL = { grafana_dashboard: "1" } as const;

/** The release ledger's Grafana dashboard and alert rules (docs/release-ledger.md). */
export class ReleaseLedgerMonitoring extends pulumi.ComponentResource {
  public readonly dashboard: k8s.core.v1.ConfigMap;

  constructor(name: string, args: ReleaseLedgerMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("delivery-platform:platform:ReleaseLedgerMonitoring", name, {}, opts);
    const child = { parent: this, dependsOn: [args.stackRelease] };
    this.dashboard = new k8s.core.v1.ConfigMap(
      `${name}-dashboard`,
      {
        metadata: {
          name: "release-ledger-dashboard",
          namespace: args.namespace,
          labels: { ...GRAFANA_DASHBOARD_LABEL, "platform.delivery/monitoring": "platform" },
        },
        data: {
          [`${DASHBOARD_UID}.json`]: JSON.stringify(
            releaseLedgerDashboard({ ...(args.reviewDueDays ? { reviewDueDays: args.reviewDueDays } : {}), exceptions: args.exceptions }),
            null,
            2,
          ),
        },
      },
      child,
    );
    const exceptionRules = exceptionExpiryRules(args.exceptions);
    if (args.reviewDueDays !== undefined || exceptionRules.length > 0)
      vmRule(
        `${name}-alerts`,
        {
          name: "platform-release-ledger",
          namespace: args.namespace,
          labels: { "platform.delivery/monitoring": "platform" },
          spec: {
            groups: [
              ...(args.reviewDueDays !== undefined
                ? [
                    {
                      name: "release-ledger-reviews",
                      type: "vlogs" as const,
                      interval: "1h",
                      rules: emergencyReviewRules(args.reviewDueDays),
                    },
                  ]
                : []),
              ...(exceptionRules.length > 0 ? [{ name: "policy-exception-expiry", interval: "1h", rules: exceptionRules }] : []),
            ],
          },
        },
        child,
      );
    this.registerOutputs({ dashboard: this.dashboard.metadata.name });
  }
}
