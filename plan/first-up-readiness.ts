import type { PlanDocument, PlanResource } from "./plan-document";

/**
 * Checks over a plan for what breaks on the first `pulumi up` of a production platform although
 * every schema accepts it (issue 16): each names the resource and what would happen. Dev plans
 * pass the checks that only production shapes need (Vault's dev mode, single replicas).
 */
export interface ReadinessFinding {
  check: ReadinessCheck;
  urn: string;
  message: string;
}

export const READINESS_CHECKS = [
  "vault-listener-tls",
  "vault-certificate-reload",
  "vault-clients-https",
  "vault-seal-identity",
  "vault-raft-snapshots",
  "harbor-tls-before-release",
  "proxy-cache-no-block",
  "pipeline-waits-for-harbor-scan",
  "robot-rotation",
  "alertmanager-receivers",
  "victorialogs-replicated",
  "grafana-replicated",
] as const;
export type ReadinessCheck = (typeof READINESS_CHECKS)[number];

type Values = Record<string, unknown>;

const at = (value: unknown, path: string): unknown =>
  path.split(".").reduce<unknown>((v, key) => (v !== null && typeof v === "object" ? (v as Values)[key] : undefined), value);

/** A plan value as text; anything but a string reads as empty. */
const text = (value: unknown): string => (typeof value === "string" ? value : "");

const release = (plan: PlanDocument, chart: string) =>
  plan.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === chart);
const ofType = (plan: PlanDocument, type: string) => plan.resources.filter((r) => r.type === type);

function dependsOn(plan: PlanDocument, from: PlanResource, to: PlanResource): boolean {
  const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  const seen = new Set<string>();
  const stack = [...from.dependencies];
  while (stack.length > 0) {
    const urn = stack.pop()!;
    if (urn === to.urn) return true;
    if (seen.has(urn)) continue;
    seen.add(urn);
    stack.push(...(byUrn.get(urn)?.dependencies ?? []));
  }
  return false;
}

/** The cloud seal kinds and the service-account annotation that gives the pods their identity. */
const SEAL_IDENTITY_ANNOTATIONS: Record<string, string[]> = {
  awskms: ["eks.amazonaws.com/role-arn", "platform.delivery/seal-identity"],
  gcpckms: ["iam.gke.io/gcp-service-account"],
  azurekeyvault: ["azure.workload.identity/client-id"],
};

type Check = (plan: PlanDocument, report: (urn: string, message: string) => void) => void;

const CHECKS: Record<ReadinessCheck, Check> = {
  "vault-listener-tls": (plan, report) => {
    const vault = release(plan, "vault");
    if (!vault || at(vault.inputs, "values.server.dev.enabled") === true) return;
    const config = text(at(vault.inputs, "values.server.ha.raft.config"));
    if (
      at(vault.inputs, "values.global.tlsDisable") !== false ||
      /tls_disable\s*=\s*(1|true)/.test(config) ||
      !config.includes("tls_cert_file")
    )
      report(vault.urn, "Vault's listener serves plain http: tokens and secrets cross the cluster network unencrypted");
  },
  // Vault reloads its listener certificate on SIGHUP only; cert-manager's renewal alone changes nothing it serves.
  "vault-certificate-reload": (plan, report) => {
    const vault = release(plan, "vault");
    if (!vault || at(vault.inputs, "values.server.dev.enabled") === true) return;
    const sidecars = (at(vault.inputs, "values.server.extraContainers") ?? []) as unknown[];
    const signals = sidecars.some((c) => /pkill -HUP -x vault|kill -(HUP|SIGHUP|1) /.test(JSON.stringify(c)));
    if (at(vault.inputs, "values.server.shareProcessNamespace") !== true || !signals)
      report(
        vault.urn,
        "nothing signals Vault after cert-manager renews its certificate: the servers keep serving the old one until it expires and every client fails",
      );
  },
  "vault-clients-https": (plan, report) => {
    const vault = release(plan, "vault");
    if (!vault || at(vault.inputs, "values.server.dev.enabled") === true) return;
    const stores = [
      ...ofType(plan, "kubernetes:external-secrets.io/v1:ClusterSecretStore"),
      ...ofType(plan, "kubernetes:external-secrets.io/v1:SecretStore"),
    ];
    for (const store of stores) {
      const provider = at(store.inputs, "spec.provider.vault") as Values | undefined;
      if (!provider) continue;
      const server = text(provider.server);
      if (!server.startsWith("https://") || (provider.caBundle === undefined && provider.caProvider === undefined))
        report(store.urn, `External Secrets reaches Vault at '${server}' without https and a CA to verify it`);
    }
  },
  "vault-seal-identity": (plan, report) => {
    const vault = release(plan, "vault");
    if (!vault) return;
    const seal = /seal "([a-z]+)"/.exec(text(at(vault.inputs, "values.server.ha.raft.config")))?.[1];
    const needed = seal === undefined ? undefined : SEAL_IDENTITY_ANNOTATIONS[seal];
    if (!needed) return;
    const annotations = (at(vault.inputs, "values.server.serviceAccount.annotations") ?? {}) as Values;
    if (!needed.some((key) => typeof annotations[key] === "string"))
      report(
        vault.urn,
        `seal '${seal}' without a workload identity on the server service account: Vault stays sealed while Helm reports success`,
      );
  },
  "vault-raft-snapshots": (plan, report) => {
    const vault = release(plan, "vault");
    if (!vault || at(vault.inputs, "values.server.ha.raft.enabled") !== true) return;
    const snapshots = ofType(plan, "kubernetes:batch/v1:CronJob").filter((job) =>
      JSON.stringify(job.inputs).includes("vault operator raft snapshot save"),
    );
    if (snapshots.length === 0) report(vault.urn, "raft data is backed up only as a file copy of a live database: no snapshot job");
  },
  "harbor-tls-before-release": (plan, report) => {
    const harbor = release(plan, "harbor");
    if (!harbor) return;
    const secret = at(harbor.inputs, "values.expose.tls.secret.secretName");
    const certificate = ofType(plan, "kubernetes:cert-manager.io/v1:Certificate").find((c) => at(c.inputs, "spec.secretName") === secret);
    if (!certificate || !dependsOn(plan, harbor, certificate))
      report(harbor.urn, `core mounts Secret '${String(secret)}' that only ACME fills: a slow issuance rolls the atomic release back`);
  },
  "proxy-cache-no-block": (plan, report) => {
    for (const project of ofType(plan, "harbor:index/project:Project"))
      if (project.inputs.registryId !== undefined && project.inputs.deploymentSecurity !== undefined)
        report(
          project.urn,
          `proxy cache '${text(project.inputs.name)}' blocks on severity: unscanned and Debian-based images are refused (HTTP 412)`,
        );
  },
  "pipeline-waits-for-harbor-scan": (plan, report) => {
    const productionGrade = ofType(plan, "harbor:index/project:Project").some(
      (p) => p.inputs.deploymentSecurity !== undefined && p.inputs.registryId === undefined,
    );
    if (!productionGrade) return;
    for (const file of ofType(plan, "gitlab:index/repositoryFile:RepositoryFile").filter((f) => f.inputs.filePath === ".gitlab-ci.yml")) {
      const content = text(file.inputs.content);
      if (content.includes("stage: sbom") && !content.includes("registry-scan"))
        report(file.urn, "SBOM, scan and sign pull the digest before Harbor has scanned it: deployment security answers HTTP 412");
    }
  },
  "robot-rotation": (plan, report) => {
    const clocks = new Set(ofType(plan, "time:index/rotating:Rotating").map((clock) => clock.parent));
    for (const robot of ofType(plan, "harbor:index/robotAccount:RobotAccount")) {
      const expires = typeof robot.inputs.duration === "number" && robot.inputs.duration > 0;
      if (expires && (!clocks.has(robot.parent) || !robot.retainOnDelete))
        report(
          robot.urn,
          `robot '${text(robot.inputs.name)}' expires after ${JSON.stringify(robot.inputs.duration)} days and nothing rotates it`,
        );
    }
  },
  "alertmanager-receivers": (plan, report) => {
    const stack = release(plan, "victoria-metrics-k8s-stack");
    if (!stack || plan.outputs.profile !== "prod") return;
    if (typeof at(stack.inputs, "values.alertmanager.spec.configSecret") !== "string")
      report(stack.urn, "Alertmanager runs the chart's blackhole route: alerts go nowhere");
  },
  "victorialogs-replicated": (plan, report) => {
    const server = release(plan, "victoria-logs-single");
    if (!server || plan.outputs.profile === "dev") return;
    const replicas = Number(at(server.inputs, "values.server.replicaCount") ?? 1);
    const collector = release(plan, "victoria-logs-collector");
    const destinations = ((collector && at(collector.inputs, "values.remoteWrite")) ?? []) as unknown[];
    if (replicas < 2 || (collector && destinations.length < replicas))
      report(server.urn, "one VictoriaLogs copy of every log line, the Vault audit trail included: a lost node or volume loses it");
  },
  "grafana-replicated": (plan, report) => {
    const stack = release(plan, "victoria-metrics-k8s-stack");
    if (!stack || plan.outputs.profile === "dev") return;
    const replicas = Number(at(stack.inputs, "values.grafana.replicas") ?? 1);
    // The key itself has a dot: read it from its parent.
    const database = (at(stack.inputs, "values.grafana") as Values | undefined)?.["grafana.ini"];
    if (replicas < 2 || at(database, "database.type") !== "postgres")
      report(stack.urn, "Grafana runs one replica on SQLite where the profile promises HA");
  },
};

/** Every finding of every check, in check order. */
export function firstUpReadiness(plan: PlanDocument): ReadinessFinding[] {
  const findings: ReadinessFinding[] = [];
  for (const check of READINESS_CHECKS) CHECKS[check](plan, (urn, message) => findings.push({ check, urn, message }));
  return findings;
}
