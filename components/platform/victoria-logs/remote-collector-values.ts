import type { PlatformContext } from "../platform-context";
import { victoriaLogsCollectorValues } from "./values";

/** Where the collector's password file comes from: a Secret on the collector's cluster. */
export interface CollectorCredentialsRef {
  secretName: string;
  username: string;
  passwordKey: string;
}

/** Where the password file is mounted in the vlagent container. */
export const COLLECTOR_CREDENTIALS_MOUNT = "/etc/vlagent/gateway";

/**
 * victoria-logs-collector 0.3.7 values for a cluster other than the platform's: the platform's own
 * collector values, writing through the telemetry gateway with basic auth. The chart passes every
 * `remoteWrite` key on as a `-remoteWrite.<key>` flag and appends `/insert/native` to a URL without
 * a path (templates/_helpers.tpl); its "Basic auth" docs (_index.md.gotmpl) read the password from
 * a file mounted through `extraVolumes` / `extraVolumeMounts`, so it never appears in values.
 */
export function remoteCollectorValues(
  context: PlatformContext,
  refs: { gatewayUrl: string; credentials: CollectorCredentialsRef },
): Record<string, unknown> {
  const base = victoriaLogsCollectorValues(context, { urls: [refs.gatewayUrl.replace(/\/$/, "")] });
  return {
    ...base,
    remoteWrite: [
      {
        url: refs.gatewayUrl.replace(/\/$/, ""),
        basicAuth: { username: refs.credentials.username, passwordFile: `${COLLECTOR_CREDENTIALS_MOUNT}/${refs.credentials.passwordKey}` },
      },
    ],
    extraVolumes: [{ name: "gateway-credentials", secret: { secretName: refs.credentials.secretName } }],
    extraVolumeMounts: [{ name: "gateway-credentials", mountPath: COLLECTOR_CREDENTIALS_MOUNT, readOnly: true }],
  };
}
