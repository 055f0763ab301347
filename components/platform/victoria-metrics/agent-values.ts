import { highlyAvailable, type PlatformContext } from "../platform-context";
import { VM_FULLNAME } from "./chart";

/** The Secret on the workload cluster holding its gateway credentials (keys `username`, `password`). */
export interface GatewayCredentialsRef {
  secretName: string;
  usernameKey: string;
  passwordKey: string;
}

export interface AgentValuesRefs {
  /** The cluster's name: every series it ships carries `cluster=<name>` (the chart's `global.clusterLabel`). */
  cluster: string;
  /** The telemetry gateway, `https://telemetry.<domain>`. */
  gatewayUrl: string;
  credentials: GatewayCredentialsRef;
}

const resources = (cpu: string, memory: string, memoryLimit: string) => ({ requests: { cpu, memory }, limits: { memory: memoryLimit } });

/**
 * victoria-metrics-k8s-stack 0.91.2 values for a cluster other than the platform's: the operator
 * (and with it the CRDs apps' VMServiceScrapes and VMRules need), the cluster exporters, vmagent
 * shipping every series to the platform through the telemetry gateway, and vmalert evaluating the
 * VMRules of this cluster's namespaces against the platform's store and notifying the platform's
 * Alertmanager. No storage, Grafana or Alertmanager of its own. Keys from the chart's values.yaml;
 * the remote-write, datasource, remoteRead and notifier entries are the operator's VMAgent and
 * VMAlert specs (basicAuth with Secret key references). The chart sets vmalert's
 * `remoteWrite.disablePathAppend` (templates/_helpers.tpl, vm.alert.spec), so its remoteWrite URL
 * carries the path; vmalert appends `/api/v1/query` to the datasource and `/api/v2/alerts` to notifiers.
 */
export function workloadAgentValues(context: Pick<PlatformContext, "profile">, refs: AgentValuesRefs): Record<string, unknown> {
  const ha = highlyAvailable(context.profile);
  const basicAuth = {
    username: { name: refs.credentials.secretName, key: refs.credentials.usernameKey },
    password: { name: refs.credentials.secretName, key: refs.credentials.passwordKey },
  };
  const gateway = refs.gatewayUrl.replace(/\/$/, "");
  return {
    fullnameOverride: VM_FULLNAME,
    vmsingle: { enabled: false },
    vmcluster: { enabled: false },
    vmagent: {
      enabled: true,
      spec: {
        replicaCount: ha ? 2 : 1,
        externalLabels: { cluster: refs.cluster },
        remoteWrite: [{ url: `${gateway}/api/v1/write`, basicAuth }],
        resources: ha ? resources("250m", "512Mi", "2Gi") : resources("50m", "128Mi", "512Mi"),
      },
    },
    vmalert: {
      enabled: true,
      spec: {
        replicaCount: ha ? 2 : 1,
        datasource: { url: gateway, basicAuth },
        remoteRead: { url: gateway, basicAuth },
        remoteWrite: { url: `${gateway}/api/v1/write`, basicAuth },
        notifiers: [{ url: gateway, basicAuth }],
        resources: ha ? resources("100m", "128Mi", "512Mi") : resources("25m", "64Mi", "256Mi"),
      },
    },
    // The platform's vmalert evaluates the default rules over every cluster's series (grouped by `cluster`).
    defaultRules: { enabled: false },
    defaultDashboards: { enabled: false },
    alertmanager: { enabled: false },
    grafana: { enabled: false },
  };
}
