import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { pinnedRelease } from "../../kubernetes/helm-release";
import { namespace } from "../../kubernetes/namespace";
import { parseComponentArgs } from "../../validation/issues";
import type { PlatformContext } from "../platform-context";
import { VL_COLLECTOR_CHART, VL_COLLECTOR_RELEASE_NAME, VL_HTTP_PORT, VL_RELEASE_NAME, VL_SERVICE_NAME, VL_SINGLE_CHART } from "./chart";
import { victoriaLogsMetricsEndpoints, type MetricsEndpoint } from "./metrics";
import { VICTORIA_LOGS_SERVICE } from "./service";
import type { VictoriaLogsSettings } from "./settings";
import { victoriaLogsCollectorValues, victoriaLogsIngestUrls, victoriaLogsServerValues } from "./values";

const VL_NAMESPACE = VICTORIA_LOGS_SERVICE.namespace;

export interface VictoriaLogsArgs {
  context: PlatformContext;
  settings: VictoriaLogsSettings;
}

const argsSchema = z.object({
  context: z.object({ profile: z.enum(["dev", "staging", "prod"]) }).loose(),
  settings: z
    .object({
      values: z.record(z.string(), z.unknown()).optional(),
      collector: z.object({ enabled: z.boolean(), values: z.record(z.string(), z.unknown()).optional() }).loose(),
    })
    .loose(),
});

/** VictoriaLogs (victoria-logs-single) in `logging`, with the victoria-logs-collector DaemonSet shipping container logs. */
export class VictoriaLogs extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  /** In-cluster base URL: LogsQL queries under /select/logsql, ingestion under /insert. */
  public readonly url: pulumi.Output<string>;
  /** The server's metrics Service, as VictoriaMetrics scrapes it. */
  public readonly metrics: MetricsEndpoint[];
  public readonly releases: { server: k8s.helm.v3.Release; collector?: k8s.helm.v3.Release };

  constructor(name: string, args: VictoriaLogsArgs, opts?: pulumi.ComponentResourceOptions) {
    parseComponentArgs("VictoriaLogs", argsSchema, args);
    const { context, settings } = args;
    super("delivery-platform:platform:VictoriaLogs", name, {}, opts);

    const ns = namespace(
      `${name}-namespace`,
      // privileged: the collector reads container logs from host paths.
      { name: VL_NAMESPACE, podSecurity: "privileged", labels: { "platform.delivery/service": VL_NAMESPACE } },
      { parent: this },
    );
    this.namespace = ns.metadata.name;
    const url = `http://${VL_SERVICE_NAME}.${VL_NAMESPACE}.svc:${VL_HTTP_PORT}`;
    this.url = pulumi.output(url);

    const server = pinnedRelease(
      `${name}-server`,
      {
        pin: VL_SINGLE_CHART,
        versionOverride: settings.chartVersion,
        releaseName: VL_RELEASE_NAME,
        namespace: this.namespace,
        values: victoriaLogsServerValues(context, settings),
        overrides: settings.values,
      },
      // Protected: the release owns the log volume.
      { parent: this, protect: true },
    );

    // Independent of the server release: vlagent buffers on the node until VictoriaLogs answers.
    const collector = settings.collector.enabled
      ? pinnedRelease(
          `${name}-collector`,
          {
            pin: VL_COLLECTOR_CHART,
            versionOverride: settings.collector.chartVersion,
            releaseName: VL_COLLECTOR_RELEASE_NAME,
            namespace: this.namespace,
            values: victoriaLogsCollectorValues(context, { urls: victoriaLogsIngestUrls(context, VL_NAMESPACE) }),
            overrides: settings.collector.values,
          },
          { parent: this },
        )
      : undefined;
    this.releases = { server, ...(collector ? { collector } : {}) };

    this.metrics = victoriaLogsMetricsEndpoints(this.namespace);

    this.registerOutputs({ namespace: this.namespace, url: this.url, metrics: this.metrics });
  }
}
