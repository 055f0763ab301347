import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as k8s from "@pulumi/kubernetes";
import { parse as parseHcl } from "../../policies/crossguard/hcl-parser";
import * as pulumi from "@pulumi/pulumi";
import * as vault from "@pulumi/vault";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import { allSecret } from "../../components/platform/service-settings";
import { VAULT_CHART } from "../../components/platform/vault/chart";
import { PLATFORM_CI_ROLE } from "../../components/platform/vault/platform-ci-access";
import {
  externalSecretsReadPolicy,
  platformAdminPolicy,
  platformCiReadPolicy,
  renderPolicy,
} from "../../components/platform/vault/policies";
import { VAULT_LISTENER_TLS } from "../../components/platform/vault/listener-tls";
import { TLS_RELOADER_CONTAINER, tlsReloadScript } from "../../components/platform/vault/listener-tls-reload";
import { SNAPSHOT_IMAGES } from "../../components/platform/vault/raft-snapshot-job";
import { raftServerConfig } from "../../components/platform/vault/server-config";
import { VAULT_SERVICE } from "../../components/platform/vault/service";
import { vaultSettings, vaultSettingsProblems, type VaultSettings } from "../../components/platform/vault/settings";
import { vaultValues } from "../../components/platform/vault/values";
import { Vault, type VaultArgs } from "../../components/platform/vault/vault";
import { ComponentArgsError, formatPath } from "../../components/validation/issues";
import type { Profile } from "../../components/shared/profiles";
import { validateKubernetesObjects } from "../helpers/kubernetes-schema";
import { dependsTransitively, inputAt, one, ofType, planComponent, testContext } from "../helpers/plan-component";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const SECRET = "kubernetes:core/v1:Secret";
const PROVIDER = "pulumi:providers:vault";
const TRANSIT_TOKEN = "canary-transit-token-7d1e";
const ADMIN_TOKEN = "canary-admin-token-91bf";
const GITLAB = "https://gitlab.example.test/";

const CRD_STAND_IN = "cert-manager-crds";
const TEST_CA = "-----BEGIN CERTIFICATE-----\nTESTCA\n-----END CERTIFICATE-----\n";

const settings = (input: unknown = {}): VaultSettings => vaultSettings(allSecret).parse(input);

const PROD_SETTINGS = {
  autoUnseal: { kind: "transit", address: "https://vault-unseal.example.test", keyName: "platform-unseal", token: TRANSIT_TOKEN },
};

interface Planned {
  plan: PlanDocument;
  component?: Vault;
  error?: unknown;
}

async function planVault(profile: Profile, input: unknown, extra: Partial<VaultArgs> = {}): Promise<Planned> {
  const result: Partial<Planned> = {};
  result.plan = await planComponent((opts) => {
    // Outside dev Vault serves TLS from the internal CA: a stand-in for cert-manager's CRD release.
    const crdRelease = profile === "dev" ? undefined : new k8s.core.v1.ConfigMap(CRD_STAND_IN, {}, { provider: opts.providers.kubernetes });
    try {
      result.component = new Vault(
        "vault",
        {
          context: testContext(profile),
          settings: settings(input),
          gitlabUrl: GITLAB,
          externalSecrets: { serviceAccountName: "external-secrets", namespace: "external-secrets" },
          ...(crdRelease ? { listenerTls: { issuer: "platform-internal-ca", caCertificate: TEST_CA, crdRelease } } : {}),
          ...extra,
        },
        opts,
      );
    } catch (error) {
      result.error = error;
    }
  });
  return result as Planned;
}

const values = (plan: PlanDocument): Record<string, unknown> => one(plan, RELEASE).inputs.values as Record<string, unknown>;
const vaultResources = (plan: PlanDocument): PlanResource[] => plan.resources.filter((r) => r.type.startsWith("vault:"));

describe("Vault component", () => {
  let dev: Planned;
  let prod: Planned;
  let prodConfigured: Planned;

  beforeAll(async () => {
    dev = await planVault("dev", {});
    prod = await planVault("prod", PROD_SETTINGS);
    prodConfigured = await planVault("prod", { ...PROD_SETTINGS, configure: true, token: ADMIN_TOKEN });
  });

  it("installs the exactly pinned vault chart as release 'vault' in namespace 'vault'", () => {
    expect(VAULT_CHART).toMatchObject({ chart: "vault", version: "0.34.1", repository: "https://helm.releases.hashicorp.com" });
    for (const { plan } of [dev, prod]) {
      const release = one(plan, RELEASE);
      expect(release.inputs).toMatchObject({
        chart: "vault",
        version: "0.34.1",
        repositoryOpts: { repo: "https://helm.releases.hashicorp.com" },
        name: "vault",
        namespace: "vault",
        atomic: true,
      });
      const ns = one(plan, "kubernetes:core/v1:Namespace");
      expect(inputAt(ns, "metadata.name")).toBe("vault");
      expect(release.dependencies).toContain(ns.urn);
    }
  });

  it("runs HA raft with auto-unseal, PDB, anti-affinity and retained PVCs in prod", async () => {
    const v = values(prod.plan);
    expect(inputAt(one(prod.plan, RELEASE), "values.server.dev")).toBeUndefined();
    // The chart's OnDelete default: sealed pods must not fail the install, and pods roll by hand.
    expect(inputAt(one(prod.plan, RELEASE), "values.server.updateStrategyType")).toBeUndefined();
    expect(v).toMatchObject({
      server: {
        ha: { enabled: true, replicas: 3, raft: { enabled: true, setNodeId: true }, disruptionBudget: { enabled: true } },
        dataStorage: { enabled: true, size: "10Gi" },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
        affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: "kubernetes.io/hostname" }] } },
      },
      ui: { enabled: true },
    });
    const config = await parseHcl("vault.hcl", inputAt(one(prod.plan, RELEASE), "values.server.ha.raft.config") as string);
    expect(config.seal).toEqual({
      transit: [{ address: "https://vault-unseal.example.test", key_name: "platform-unseal", mount_path: "transit/" }],
    });
    const raft = (config.storage as Record<string, { retry_join: { leader_api_addr: string }[] }[]>).raft![0]!;
    expect(raft.retry_join.map((j) => j.leader_api_addr)).toEqual([0, 1, 2].map((i) => `https://vault-${i}.vault-internal:8200`));
    // The transit token reaches the pods from a Secret, never through the config.
    expect(inputAt(one(prod.plan, RELEASE), "values.server.extraSecretEnvironmentVars")).toEqual([
      { envName: "VAULT_TOKEN", secretName: "vault-seal-transit", secretKey: "token" },
    ]);
  });

  it("runs a single light dev-mode server in dev, with the root token from a Secret", () => {
    const release = one(dev.plan, RELEASE);
    expect(inputAt(release, "values.server.dev.enabled")).toBe(true);
    expect(inputAt(release, "values.server.ha")).toBeUndefined();
    expect(inputAt(release, "values.server.resources")).toEqual({ requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "256Mi" } });
    expect(inputAt(release, "values.injector.enabled")).toBe(false);
    expect(inputAt(release, "values.server.updateStrategyType")).toBe("RollingUpdate");
    expect(inputAt(release, "values.server.extraSecretEnvironmentVars")).toEqual([
      { envName: "VAULT_DEV_ROOT_TOKEN_ID", secretName: "vault-dev-root-token", secretKey: "token" },
    ]);
    const tokenSecret = one(dev.plan, SECRET);
    expect(inputAt(tokenSecret, "metadata.name")).toBe("vault-dev-root-token");
    expect(release.dependencies).toContain(tokenSecret.urn);
  });

  it("scales the optional injector with the profile", () => {
    expect(
      vaultValues(testContext("prod"), settings({ ...PROD_SETTINGS, injector: true }), { transitToken: { name: "t", key: "k" } }),
    ).toMatchObject({
      injector: { enabled: true, replicas: 2, metrics: { enabled: true }, podDisruptionBudget: { maxUnavailable: 1 } },
    });
    expect(vaultValues(testContext("dev"), settings({ injector: true }), { devRootToken: { name: "t", key: "k" } })).toMatchObject({
      injector: { enabled: true, replicas: 1 },
    });
  });

  it("exposes an ingress with TLS at vault.<domain> in every profile", () => {
    for (const { plan } of [dev, prod]) {
      expect(inputAt(one(plan, RELEASE), "values.server.ingress")).toMatchObject({
        enabled: true,
        ingressClassName: "nginx",
        annotations: { "cert-manager.io/cluster-issuer": "platform-issuer" },
        hosts: [{ host: "vault.platform.example.test" }],
        tls: [{ secretName: "vault-tls", hosts: ["vault.platform.example.test"] }],
      });
    }
  });

  it("keeps every secret out of the release values", () => {
    for (const { plan } of [dev, prod, prodConfigured]) {
      const release = one(plan, RELEASE);
      expect(release.secretPaths).toEqual([]);
      const text = JSON.stringify(release.inputs);
      expect(text).not.toContain(TRANSIT_TOKEN);
      expect(text).not.toContain(ADMIN_TOKEN);
      expect(text).not.toContain("offline-"); // the mock's generated passwords
      expect(text).not.toMatch(/"(token|password|secret_key|access_key)"\s*:\s*"/i);
    }
  });

  it("marks tokens secret: Secrets, the provider token and the root token reference", async () => {
    for (const { plan } of [dev, prod]) {
      // The Kubernetes SDK marks the whole stringData map secret.
      for (const secret of ofType(plan, SECRET)) expect(secret.secretPaths).toEqual(["stringData"]);
    }
    const provider = one(prodConfigured.plan, PROVIDER);
    expect(provider.inputs.token).toBe("[secret]");
    expect(JSON.stringify(prodConfigured.plan)).not.toContain(ADMIN_TOKEN);
    expect(JSON.stringify(prod.plan)).not.toContain(TRANSIT_TOKEN);
    expect(one(dev.plan, PROVIDER).inputs.token).toBe("[secret]");
    expect(await pulumi.isSecret(dev.component!.rootTokenSecret!)).toBe(true);
    expect(prod.component!.rootTokenSecret).toBeUndefined();
  });

  it("validates every Kubernetes object against its schema", () => {
    for (const { plan } of [dev, prod]) {
      const verdicts = validateKubernetesObjects(plan);
      expect(verdicts.length).toBeGreaterThanOrEqual(2);
      for (const verdict of verdicts) expect(verdict).toMatchObject({ status: "valid" });
    }
  });

  it("has no custom resources: the vault chart ships no CRDs", () => {
    for (const { plan } of [dev, prod]) expect(plan.resources.filter((r) => r.type.startsWith("kubernetes:apiextensions"))).toEqual([]);
  });

  it("configures Vault in dev in the same run, through a provider that waits for the release", async () => {
    const { plan, component } = dev;
    const provider = one(plan, PROVIDER);
    expect(provider.inputs).toMatchObject({
      address: "https://vault.platform.example.test",
      skipTlsVerify: "true",
      skipChildToken: "false",
    });
    expect(provider.dependencies).toContain(one(plan, RELEASE).urn);
    const configured = vaultResources(plan);
    expect(configured.map((r) => r.type).sort()).toEqual([
      "vault:index/audit:Audit",
      "vault:index/authBackend:AuthBackend",
      "vault:index/mount:Mount",
      "vault:index/policy:Policy",
      "vault:index/policy:Policy",
      "vault:jwt/authBackend:AuthBackend",
      "vault:kubernetes/authBackendConfig:AuthBackendConfig",
      "vault:kubernetes/authBackendRole:AuthBackendRole",
    ]);
    // Dev mode mounts KV v2 at secret/ itself; the one mount created is transit.
    expect(one(plan, "vault:index/mount:Mount").inputs).toMatchObject({ path: "transit", type: "transit" });
    expect(await outputValue(component!.kvMountPath)).toBe("secret");
    for (const resource of configured) {
      expect(resource.provider).toMatch(new RegExp(`^${escape(provider.urn)}::`));
      expect(resource.parent).toBe(one(plan, "delivery-platform:platform:Vault").urn);
    }
  });

  it("installs only, without provider or Vault resources, until configure is set outside dev", () => {
    expect(ofType(prod.plan, PROVIDER)).toEqual([]);
    expect(vaultResources(prod.plan)).toEqual([]);
    expect(prod.component!.provider).toBeUndefined();
  });

  it("configures prod with a protected KV v2 mount, audit, auth methods, policies and the ESO role", () => {
    const { plan } = prodConfigured;
    const provider = one(plan, PROVIDER);
    expect(provider.inputs).toMatchObject({ skipTlsVerify: "false" });
    const kv = one(plan, "vault:index/mount:Mount", "vault-kv");
    expect(kv.protect).toBe(true);
    // Signing keys live in the transit engine; losing it would orphan every signature.
    expect(one(plan, "vault:index/mount:Mount", "vault-transit")).toMatchObject({
      protect: true,
      inputs: { path: "transit", type: "transit" },
    });
    expect(kv.inputs).toMatchObject({ path: "secret", type: "kv", options: { version: "2" } });
    expect(one(plan, "vault:index/audit:Audit").inputs).toMatchObject({ type: "file", options: { file_path: "stdout" } });
    expect(one(plan, "vault:index/authBackend:AuthBackend").inputs).toMatchObject({ type: "kubernetes", path: "kubernetes" });
    expect(one(plan, "vault:kubernetes/authBackendConfig:AuthBackendConfig").inputs).toMatchObject({
      backend: "kubernetes",
      kubernetesHost: "https://kubernetes.default.svc",
    });
    expect(one(plan, "vault:jwt/authBackend:AuthBackend").inputs).toMatchObject({
      path: "jwt-gitlab",
      type: "jwt",
      oidcDiscoveryUrl: "https://gitlab.example.test",
      boundIssuer: "https://gitlab.example.test",
    });
    const policies = ofType(plan, "vault:index/policy:Policy").map((p) => p.inputs.name);
    expect(policies.sort()).toEqual(["external-secrets", "platform-admin"]);
    const role = one(plan, "vault:kubernetes/authBackendRole:AuthBackendRole");
    expect(role.inputs).toMatchObject({
      backend: "kubernetes",
      roleName: "external-secrets",
      boundServiceAccountNames: ["external-secrets"],
      boundServiceAccountNamespaces: ["external-secrets"],
      audience: "vault",
      tokenPolicies: ["external-secrets"],
    });
    expect(role.dependencies).toContain(one(plan, "vault:index/policy:Policy", "vault-policy-external-secrets").urn);
    for (const resource of vaultResources(plan)) {
      expect(resource.provider).toMatch(new RegExp(`^${escape(provider.urn)}::`));
      expect(dependsTransitively(plan, provider.urn, one(plan, RELEASE).urn)).toBe(true);
    }
  });

  it("creates the platform repository's CI role only when the repository is named: default branch, protected, no merge requests", async () => {
    expect(ofType(prodConfigured.plan, "vault:jwt/authBackendRole:AuthBackendRole")).toEqual([]);
    expect(prodConfigured.component!.platformCiRole).toBeUndefined();

    const { plan, component } = await planVault(
      "prod",
      { ...PROD_SETTINGS, configure: true, token: ADMIN_TOKEN },
      { platformRepository: { projectId: 4242, defaultBranch: "main" } },
    );
    const policy = one(plan, "vault:index/policy:Policy", "vault-policy-platform-ci");
    expect(policy.inputs).toEqual({ name: PLATFORM_CI_ROLE, policy: platformCiReadPolicy("secret") });
    const role = one(plan, "vault:jwt/authBackendRole:AuthBackendRole", "vault-role-platform-ci");
    expect(role.inputs).toMatchObject({
      backend: "jwt-gitlab",
      roleName: "ci.platform",
      roleType: "jwt",
      boundAudiences: ["https://vault.platform.example.test"],
      boundClaimsType: "string",
      boundClaims: { project_id: "4242", ref_protected: "true", ref_type: "branch", ref: "main", pipeline_source: "push,web,schedule" },
      userClaim: "user_email",
      tokenPolicies: ["ci.platform"],
    });
    expect(role.dependencies).toEqual(expect.arrayContaining([policy.urn, one(plan, "vault:jwt/authBackend:AuthBackend").urn]));
    expect(await outputValue(component!.platformCiRole!)).toBe("ci.platform");
  });

  it("keeps independent Vault resources independent of each other", () => {
    const { plan } = prodConfigured;
    const kv = one(plan, "vault:index/mount:Mount", "vault-kv");
    const independent = [
      "vault:index/audit:Audit",
      "vault:index/policy:Policy",
      "vault:jwt/authBackend:AuthBackend",
      "vault:index/authBackend:AuthBackend",
    ];
    for (const resource of plan.resources.filter((r) => independent.includes(r.type))) {
      for (const other of vaultResources(plan)) expect(resource.dependencies).not.toContain(other.urn);
      expect(resource.dependencies).not.toContain(kv.urn);
    }
  });

  it("exports addresses, paths and the scrape target", async () => {
    const c = prodConfigured.component!;
    expect(await outputValue(c.address)).toBe("https://vault.platform.example.test");
    expect(await outputValue(c.inClusterAddress)).toBe("https://vault.vault.svc:8200");
    expect(await outputValue(c.kvMountPath)).toBe("secret");
    expect(await outputValue(c.kubernetesAuthPath)).toBe("kubernetes");
    expect(await outputValue(c.jwtAuthPath)).toBe("jwt-gitlab");
    expect(await outputValue(c.externalSecretsRole!)).toBe("external-secrets");
    expect(c.externalSecretsAudience).toBe("vault");
    expect(c.provider).toBeInstanceOf(vault.Provider);
    // The metrics Service as the description (and so VictoriaMetrics) has it: every pod, sealed ones included.
    const [endpoint] = c.metrics;
    expect(c.metrics).toHaveLength(1);
    expect({ ...endpoint, namespace: await outputValue(pulumi.output(endpoint!.namespace)) }).toEqual(
      VAULT_SERVICE.metrics("prod", "vault")[0],
    );
    expect(endpoint).toMatchObject({
      selector: { "vault-internal": "true" },
      port: "https",
      scheme: "https",
      tlsServerName: "vault.vault.svc",
      path: "/v1/sys/metrics",
    });
    expect(dev.component!.metrics).toEqual([]);
  });

  it("protects the namespace (it holds the raft PVCs) outside dev only", () => {
    expect(one(prod.plan, "kubernetes:core/v1:Namespace").protect).toBe(true);
    expect(one(dev.plan, "kubernetes:core/v1:Namespace").protect).toBe(false);
  });

  it("serves TLS outside dev from a certificate of the internal CA, awaited before the release", () => {
    const certificate = one(prod.plan, "kubernetes:cert-manager.io/v1:Certificate");
    expect(inputAt(certificate, "metadata.annotations")).toEqual({ "pulumi.com/waitFor": "condition=Ready" });
    expect(inputAt(certificate, "spec.issuerRef")).toEqual({
      name: "platform-internal-ca",
      kind: "ClusterIssuer",
      group: "cert-manager.io",
    });
    expect(inputAt(certificate, "spec.secretName")).toBe("vault-server-tls");
    // Every name clients use: the Services, each pod behind vault-internal (retry_join), and the pods' own VAULT_ADDR.
    expect(inputAt(certificate, "spec.dnsNames")).toEqual(
      expect.arrayContaining(["vault.vault.svc", "vault-active.vault.svc", "vault-0.vault-internal", "*.vault-internal"]),
    );
    expect(inputAt(certificate, "spec.ipAddresses")).toEqual(["127.0.0.1"]);
    const release = one(prod.plan, RELEASE);
    expect(dependsTransitively(prod.plan, release.urn, certificate.urn)).toBe(true);
    expect(inputAt(release, "values.global.tlsDisable")).toBe(false);
    expect(inputAt(release, "values.server.volumes")).toEqual([
      { name: "vault-server-tls", secret: { secretName: "vault-server-tls", defaultMode: 0o440 } },
    ]);
    expect(inputAt(release, "values.server.volumeMounts")).toEqual([
      { name: "vault-server-tls", mountPath: "/vault/userconfig/vault-server-tls", readOnly: true },
    ]);
    expect(inputAt(release, "values.server.extraEnvironmentVars")).toEqual({ VAULT_CACERT: "/vault/userconfig/vault-server-tls/ca.crt" });
    expect(inputAt(release, "values.server.ingress.annotations")).toMatchObject({
      "nginx.ingress.kubernetes.io/backend-protocol": "HTTPS",
    });
  });

  it("reloads a renewed listener certificate: a sidecar in the server's image signals Vault in the shared process namespace", () => {
    const server = inputAt(one(prod.plan, RELEASE), "values.server") as Record<string, unknown>;
    expect(server.shareProcessNamespace).toBe(true);
    const [reloader, ...others] = server.extraContainers as Record<string, unknown>[];
    expect(others).toEqual([]);
    expect(reloader).toMatchObject({
      name: TLS_RELOADER_CONTAINER,
      image: `hashicorp/vault:${VAULT_CHART.evidence.appVersion}@${SNAPSHOT_IMAGES.vault.digest}`,
      volumeMounts: [{ name: "vault-server-tls", mountPath: "/vault/userconfig/vault-server-tls", readOnly: true }],
      securityContext: {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ["ALL"] },
      },
    });
    expect((reloader!.command as string[]).at(-1)).toBe(tlsReloadScript("/vault/userconfig/vault-server-tls/tls.crt", 60));
    // Dev mode has no certificate to reload and shares nothing.
    const devServer = inputAt(one(dev.plan, RELEASE), "values.server") as Record<string, unknown>;
    expect(devServer.shareProcessNamespace).toBeUndefined();
    expect(devServer.extraContainers).toBeUndefined();
  });

  it("sends SIGHUP to the vault process when the certificate changes, and only then", async () => {
    // A stand-in server: a copy of sleep named `vault` (pkill -x matches the process name), which SIGHUP ends.
    const dir = mkdtempSync(path.join(tmpdir(), "vault-reload-"));
    const fakeVault = path.join(dir, "vault");
    copyFileSync(execFileSync("sh", ["-c", "command -v sleep"], { encoding: "utf8" }).trim(), fakeVault);
    const cert = path.join(dir, "tls.crt");
    writeFileSync(cert, "first certificate");
    const server = spawn(fakeVault, ["30"]);
    const ended = new Promise<NodeJS.Signals | null>((resolve) => server.on("exit", (_code, signal) => resolve(signal)));
    const reloader = spawn("sh", ["-c", tlsReloadScript(cert, 1)]);
    const logged: string[] = [];
    reloader.stdout.on("data", (chunk: Buffer) => logged.push(chunk.toString()));
    try {
      await new Promise((r) => setTimeout(r, 2500));
      expect(server.exitCode).toBeNull(); // unchanged certificate: no signal
      writeFileSync(cert, "renewed certificate");
      expect(await ended).toBe("SIGHUP");
      // The log line follows the signal; give the pipe a moment.
      for (let i = 0; i < 30 && !logged.join("").includes("SIGHUP"); i++) await new Promise((r) => setTimeout(r, 100));
      expect(logged.join("")).toContain("listener certificate changed: sent SIGHUP to vault");
    } finally {
      reloader.kill();
      server.kill();
    }
  }, 20000);

  it("keeps dev mode on http, as the dev profile states (VAULT_LISTENER_TLS), with no certificate", async () => {
    expect(VAULT_LISTENER_TLS).toEqual({ dev: false, staging: true, prod: true });
    expect(ofType(dev.plan, "kubernetes:cert-manager.io/v1:Certificate")).toEqual([]);
    expect(inputAt(one(dev.plan, RELEASE), "values.global.tlsDisable")).toBe(true);
    expect(await outputValue(dev.component!.inClusterAddress)).toBe("http://vault.vault.svc:8200");
    expect(dev.component!.caCertificate).toBeUndefined();
  });

  it("refuses a TLS profile without the internal CA, and an http provider address outside dev", async () => {
    const missing = await planVault("prod", PROD_SETTINGS, { listenerTls: undefined });
    expect((missing.error as Error).message).toContain("listenerTls: required in prod: Vault serves TLS there");
    const http = await planVault("prod", { ...PROD_SETTINGS, providerAddress: "http://127.0.0.1:8200" });
    expect((http.error as Error).message).toContain("settings.providerAddress: must be https outside dev");
  });

  it.each([
    [
      {
        kind: "awskms",
        region: "eu-central-1",
        kmsKeyId: "alias/u",
        identity: { kind: "irsa", roleArn: "arn:aws:iam::123456789012:role/vault-unseal" },
      },
      { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/vault-unseal" },
      {},
    ],
    [
      { kind: "awskms", region: "eu-central-1", kmsKeyId: "alias/u", identity: { kind: "pod-identity" } },
      { "platform.delivery/seal-identity": "eks-pod-identity" },
      {},
    ],
    [
      {
        kind: "gcpckms",
        project: "p",
        region: "global",
        keyRing: "r",
        cryptoKey: "k",
        identity: { serviceAccount: "vault-unseal@my-project.iam.gserviceaccount.com" },
      },
      { "iam.gke.io/gcp-service-account": "vault-unseal@my-project.iam.gserviceaccount.com" },
      {},
    ],
    [
      {
        kind: "azurekeyvault",
        tenantId: "0b6f3c1e-4d2a-4c5b-9e8f-1a2b3c4d5e6f",
        vaultName: "kv",
        keyName: "unseal",
        identity: { clientId: "9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d" },
      },
      { "azure.workload.identity/client-id": "9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d" },
      { "azure.workload.identity/use": "true" },
    ],
  ])("wires the seal's workload identity into the server service account and pods (%#)", async (autoUnseal, annotations, labels) => {
    const { plan, error } = await planVault("prod", { autoUnseal });
    expect(error).toBeUndefined();
    const release = one(plan, RELEASE);
    expect(inputAt(release, "values.server.serviceAccount")).toEqual({ create: true, annotations });
    expect(inputAt(release, "values.server.extraLabels")).toEqual(labels);
    const config = await parseHcl("c.hcl", inputAt(release, "values.server.ha.raft.config") as string);
    expect(Object.keys(config.seal as object)).toEqual([autoUnseal.kind]);
  });

  it("skips the ESO role when External Secrets is disabled", async () => {
    const { plan, component } = await planVault("dev", {}, { externalSecrets: undefined });
    expect(ofType(plan, "vault:kubernetes/authBackendRole:AuthBackendRole")).toEqual([]);
    expect(component!.externalSecretsRole).toBeUndefined();
  });

  it("requires audit in prod only and lets staging run without auto-unseal", async () => {
    const staging = await planVault("staging", { audit: false });
    expect(staging.error).toBeUndefined();
    expect(inputAt(one(staging.plan, RELEASE), "values.server.ha.replicas")).toBe(3);
    expect(inputAt(one(staging.plan, RELEASE), "values.server.extraSecretEnvironmentVars")).toEqual([]);
  });

  describe("invalid args throw before registering anything", () => {
    async function expectRejected(profile: Profile, input: unknown, extra: Partial<VaultArgs>, ...fragments: string[]) {
      const { plan, error } = await planVault(profile, input, extra);
      expect(error).toBeInstanceOf(ComponentArgsError);
      for (const fragment of fragments) expect((error as Error).message).toContain(fragment);
      // Only the stack and the test's own providers exist.
      expect(
        plan.resources
          .filter((r) => r.name !== CRD_STAND_IN)
          .map((r) => r.type)
          .sort(),
      ).toEqual([
        "pulumi:providers:kubernetes",
        "pulumi:providers:random",
        "pulumi:providers:time",
        "pulumi:providers:tls",
        "pulumi:pulumi:Stack",
      ]);
    }

    it("configure in prod without a token", () =>
      expectRejected(
        "prod",
        { ...PROD_SETTINGS, configure: true },
        {},
        "settings.token",
        "pulumi config set --secret --path services.vault.token",
      ));
    it("audit disabled in prod", () =>
      expectRejected("prod", { ...PROD_SETTINGS, audit: false }, {}, "settings.audit: must stay enabled in prod"));
    it("prod without auto-unseal", () => expectRejected("prod", {}, {}, "settings.autoUnseal: required in prod"));
    it("a token in dev", () => expectRejected("dev", { token: "x" }, {}, "settings.token: not used in dev"));
    it("a GitLab URL that is no URL", () => expectRejected("dev", {}, { gitlabUrl: "gitlab.example.test" }, "gitlabUrl"));
    it.each([
      [{ projectId: 0, defaultBranch: "main" }, "platformRepository.projectId: must be the GitLab project's numeric ID"],
      [{ projectId: 1.5, defaultBranch: "main" }, "platformRepository.projectId: must be a whole number"],
      // A comma would turn the bound claim into alternatives: `main,feature` would admit both branches.
      [{ projectId: 7, defaultBranch: "main,feature" }, "platformRepository.defaultBranch: must be a branch name such as main"],
      [{ projectId: 7, defaultBranch: "release/*" }, "platformRepository.defaultBranch: must be a branch name"],
    ])("a platform repository that cannot be bound (%#)", (platformRepository, message) =>
      expectRejected("dev", {}, { platformRepository }, message),
    );
    it("a bad ESO service account", () =>
      expectRejected(
        "dev",
        {},
        { externalSecrets: { serviceAccountName: "ESO!", namespace: "external-secrets" } },
        "externalSecrets.serviceAccountName",
      ));
  });
});

describe("Vault settings schema", () => {
  const issues = (input: unknown) => {
    const result = vaultSettings(allSecret).safeParse(input);
    if (result.success) throw new Error("expected the settings to be rejected");
    return result.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
  };

  it("names the field of an auto-unseal value that would break the HCL config", () => {
    expect(
      issues({ autoUnseal: { kind: "awskms", region: "eu central 1", kmsKeyId: 'x" }', identity: { kind: "pod-identity" } } }),
    ).toEqual([
      expect.stringMatching(/^autoUnseal\.region: must contain only/),
      expect.stringMatching(/^autoUnseal\.kmsKeyId: must contain only/),
    ]);
  });

  it("rejects unknown seal kinds, unknown keys and bad sizes", () => {
    expect(issues({ autoUnseal: { kind: "shamir" } })).toEqual([expect.stringMatching(/^autoUnseal\.kind: /)]);
    expect(issues({ tokn: "x" })).toEqual([expect.stringMatching(/^: Unrecognized key: "tokn"/)]);
    expect(issues({ storage: { size: "10GB" } })).toEqual(["storage.size: must be a storage quantity such as 10Gi"]);
    expect(issues({ chartVersion: "^0.34" })).toEqual([expect.stringMatching(/^chartVersion: must be an exact chart version/)]);
  });

  it("requires the seal's identity, naming the key and what to set", () => {
    expect(issues({ autoUnseal: { kind: "awskms", region: "eu-central-1", kmsKeyId: "alias/u" } })).toEqual([
      expect.stringMatching(
        /^autoUnseal\.identity: required: without it the Vault pods have no credentials for the key and stay sealed; set services\.vault\.autoUnseal\.identity to/,
      ),
    ]);
    expect(issues({ autoUnseal: { kind: "gcpckms", project: "p", region: "global", keyRing: "r", cryptoKey: "k" } })).toEqual([
      expect.stringMatching(/^autoUnseal\.identity: required: .*identity\.serviceAccount/),
    ]);
    expect(
      issues({
        autoUnseal: {
          kind: "azurekeyvault",
          tenantId: "0b6f3c1e-4d2a-4c5b-9e8f-1a2b3c4d5e6f",
          vaultName: "kv",
          keyName: "k",
          identity: {},
        },
      }),
    ).toEqual([expect.stringMatching(/^autoUnseal\.identity\.clientId: /)]);
    expect(
      issues({
        autoUnseal: { kind: "awskms", region: "eu-central-1", kmsKeyId: "alias/u", identity: { kind: "irsa", roleArn: "vault-unseal" } },
      }),
    ).toEqual([expect.stringMatching(/^autoUnseal\.identity\.roleArn: must be an IAM role ARN/)]);
  });

  it("requires a transit token delivered as a secret", () => {
    const plainOnly = vaultSettings((path, description) =>
      allSecret(path, description).refine(() => false, { message: `must be stored as a secret: ${path}` }),
    );
    const result = plainOnly.safeParse({ autoUnseal: { kind: "transit", address: "https://v.example.test", keyName: "k", token: "t" } });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => formatPath(i.path))).toEqual(["autoUnseal.token"]);
  });

  it("reports stack-level problems with full config paths", () => {
    expect(vaultSettingsProblems("prod", settings({ ...PROD_SETTINGS, configure: true })).map((p) => p.path.join("."))).toEqual([
      "services.vault.token",
    ]);
    expect(vaultSettingsProblems("staging", settings({ configure: true, token: "t" }))).toEqual([]);
    expect(vaultSettingsProblems("dev", settings({}))).toEqual([]);
  });
});

describe("Vault HCL", () => {
  it("parses the raft server config for every seal kind", async () => {
    const seals = [
      { kind: "awskms", region: "eu-central-1", kmsKeyId: "alias/vault-unseal", identity: { kind: "pod-identity" } },
      {
        kind: "gcpckms",
        project: "p",
        region: "global",
        keyRing: "ring",
        cryptoKey: "key",
        identity: { serviceAccount: "vault@p.iam.gserviceaccount.com" },
      },
      {
        kind: "azurekeyvault",
        tenantId: "0b6f3c1e-4d2a-4c5b-9e8f-1a2b3c4d5e6f",
        vaultName: "platform-kv",
        keyName: "vault-unseal",
        identity: { clientId: "9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d" },
      },
    ] as const;
    const aws = await parseHcl("a.hcl", raftServerConfig(3, seals[0]));
    expect(aws.seal).toEqual({ awskms: [{ region: "eu-central-1", kms_key_id: "alias/vault-unseal" }] });
    const gcp = await parseHcl("g.hcl", raftServerConfig(3, seals[1]));
    expect(gcp.seal).toEqual({ gcpckms: [{ project: "p", region: "global", key_ring: "ring", crypto_key: "key" }] });
    const azure = await parseHcl("z.hcl", raftServerConfig(3, seals[2]));
    expect(azure.seal).toEqual({
      azurekeyvault: [{ tenant_id: "0b6f3c1e-4d2a-4c5b-9e8f-1a2b3c4d5e6f", vault_name: "platform-kv", key_name: "vault-unseal" }],
    });
    const shamir = await parseHcl("s.hcl", raftServerConfig(3, undefined));
    expect(shamir.seal).toBeUndefined();
    // TLS on the listener, with the files cert-manager's Secret is mounted as; no tls_disable anywhere.
    expect(shamir.listener).toEqual({
      tcp: [
        {
          address: "[::]:8200",
          cluster_address: "[::]:8201",
          tls_cert_file: "/vault/userconfig/vault-server-tls/tls.crt",
          tls_key_file: "/vault/userconfig/vault-server-tls/tls.key",
          tls_min_version: "tls12",
          telemetry: [{ unauthenticated_metrics_access: true }],
        },
      ],
    });
    const storage = (shamir.storage as { raft: { retry_join: { leader_api_addr: string; leader_ca_cert_file: string }[] }[] }).raft[0]!;
    expect(storage.retry_join.map((join) => join.leader_api_addr)).toEqual([
      "https://vault-0.vault-internal:8200",
      "https://vault-1.vault-internal:8200",
      "https://vault-2.vault-internal:8200",
    ]);
    expect(new Set(storage.retry_join.map((join) => join.leader_ca_cert_file))).toEqual(
      new Set(["/vault/userconfig/vault-server-tls/ca.crt"]),
    );
    expect(shamir.telemetry).toEqual([{ prometheus_retention_time: "30s", disable_hostname: true }]);
  });

  it("gives External Secrets read-only access to the platform services' folder only, and platform CI to its own", async () => {
    expect(await parseHcl("eso.hcl", externalSecretsReadPolicy("secret"))).toEqual({
      path: {
        "secret/data/platform/services/*": [{ capabilities: ["read"] }],
        "secret/metadata/platform/services/*": [{ capabilities: ["read", "list"] }],
      },
    });
    expect(await parseHcl("ci.hcl", platformCiReadPolicy("secret"))).toEqual({
      path: {
        "secret/data/platform/ci/*": [{ capabilities: ["read"] }],
        "secret/metadata/platform/ci/*": [{ capabilities: ["read", "list"] }],
      },
    });
  });

  it("lets platform-admin manage mounts, auth, policies and audit, but not raw storage or seal", async () => {
    const policy = (await parseHcl("admin.hcl", platformAdminPolicy("secret"))) as { path: Record<string, { capabilities: string[] }[]> };
    const paths = Object.keys(policy.path);
    expect(paths).toEqual(
      expect.arrayContaining(["sys/mounts/*", "sys/auth/*", "sys/policies/acl/*", "sys/audit/*", "auth/token/create", "secret/*"]),
    );
    expect(paths.filter((p) => /^sys\/(raw|seal|unseal|generate-root|rekey)/.test(p) || p === "*" || p === "sys/*")).toEqual([]);
    expect(policy.path["sys/audit/*"]![0]!.capabilities).toContain("sudo");
  });

  it("refuses policy paths that would need escaping", () => {
    expect(() => renderPolicy([{ path: 'secret/"x', capabilities: ["read"] }])).toThrow("invalid policy path");
    expect(() => renderPolicy([{ path: "secret/*", capabilities: [] }])).toThrow("no capabilities");
  });
});

function outputValue<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
