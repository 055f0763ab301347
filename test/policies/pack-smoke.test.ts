// Level-3 smoke test: start the real pack entry point the way the policy engine does (a Node
// process with a TypeScript loader, cwd = the pack), then talk to its analyzer over gRPC.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import {
  AnalyzeRequest,
  AnalyzerResourceOptions,
  EnforcementLevel,
  type AnalyzeResponse,
  type AnalyzerInfo,
} from "@pulumi/pulumi/proto/analyzer_pb";
import { crossGuardGuardrails, PACK_NAME } from "../../policies/pack";
import { SCOPE_REPORT_POLICY } from "../../policies/scoped-policies";

const ROOT = path.resolve(__dirname, "../..");
let child: ChildProcess;
let client: AnalyzerClient;

beforeAll(async () => {
  child = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), ["index.ts"], {
    cwd: path.join(ROOT, "policies"),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const port = await new Promise<string>((resolve, reject) => {
    let output = "";
    let errors = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^(\d+)\s*$/m.exec(output);
      if (match) resolve(match[1]!);
    });
    child.stderr!.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    child.on("exit", (code) => reject(new Error(`policy pack exited with ${code}: ${errors}`)));
  });
  client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
}, 60000);

afterAll(() => {
  client?.close();
  child?.kill();
});

test("the pack serves every CrossGuard guardrail of the catalog, then the report of what their scope left advisory", async () => {
  const info = await new Promise<AnalyzerInfo>((resolve, reject) =>
    client.getAnalyzerInfo(new Empty(), (e, r) => (e ? reject(e) : resolve(r))),
  );
  expect(info.getName()).toBe(PACK_NAME);
  expect(info.getVersion()).toBe("0.1.0");
  expect(info.getPoliciesList().map((p) => p.getName())).toEqual([...crossGuardGuardrails().map((g) => g.id), SCOPE_REPORT_POLICY]);
  const vault = info.getPoliciesList().find((p) => p.getName() === "vault-policy-least-privilege")!;
  expect(vault.getEnforcementlevel()).toBe(EnforcementLevel.MANDATORY);
});

test("the pack reports a violation over gRPC", async () => {
  const request = new AnalyzeRequest()
    .setType("kubernetes:helm.sh/v3:Release")
    .setName("x")
    .setUrn("urn:pulumi:prod::delivery-platform::kubernetes:helm.sh/v3:Release::x")
    .setProperties(
      Struct.fromJavaScript({ chart: "x", version: "^1.0.0", repositoryOpts: { repo: "https://charts.example.org" }, values: {} }),
    )
    .setOptions(new AnalyzerResourceOptions());
  const response = await new Promise<AnalyzeResponse>((resolve, reject) => client.analyze(request, (e, r) => (e ? reject(e) : resolve(r))));
  const names = response.getDiagnosticsList().map((d) => d.getPolicyname());
  expect(names.sort()).toEqual(["helm-chart-pinned", "helm-repository-allowed"]);
});

test("the pack loads no component code and no Pulumi resource SDK, only the data it checks against", () => {
  // The analyzer runs from policies/ with its own dependencies; a component module would drag in
  // @pulumi/kubernetes and a second @pulumi/pulumi from the project's node_modules.
  const loaded = JSON.parse(
    execFileSync(
      path.join(ROOT, "node_modules", ".bin", "tsx"),
      ["-e", 'require("./pack"); console.log(JSON.stringify(Object.keys(require.cache)))'],
      {
        cwd: path.join(ROOT, "policies"),
        encoding: "utf8",
      },
    ),
  ) as string[];
  const project = loaded.filter((file) => !file.includes("node_modules")).map((file) => path.relative(ROOT, file));
  expect(project.filter((file) => file.startsWith("components/")).sort()).toEqual(
    [
      // The chart catalog is derived from the service descriptions: pins, metrics shapes, the shared vocabulary.
      "components/platform/chart-catalog.ts",
      "components/platform/service-catalog.ts",
      "components/platform/platform-context.ts",
      "components/shared/service-names.ts",
      // The app namespace's host annotation, which the exposure rules read (constants only).
      "components/onboarding/tenancy/labels.ts",
      // The pg_hba lines every app database starts with, which backing-services-private-encrypted checks (constants only).
      "components/onboarding/backing-services/pg-hba.ts",
      // The upstream images backing services run in app namespaces, which app-images-own-project admits (data only).
      "components/platform/cloudnative-pg/backing-service-images.ts",
      // The naming module and the CI purposes' and robots' grants, which the identity rules evaluate grants against (data only).
      "components/onboarding/app-names.ts",
      "components/onboarding/ci-purposes.ts",
      "components/onboarding/registry/robot-permissions.ts",
      // The names of a tenant stack's grants, which the RBAC and Vault rules accept (data only).
      "components/onboarding/tenant-access-names.ts",
      // The kinds an app's AppProject blacklists and the platform's proxy caches (data only).
      "components/onboarding/gitops/exposure-kinds.ts",
      "components/onboarding/gitops/project.ts",
      "components/onboarding/gitops/rbac.ts",
      "components/platform/harbor/proxy-caches.ts",
      ...[
        "argocd",
        "cert-manager",
        "external-secrets",
        "harbor",
        "identity",
        "kyverno",
        "trivy-operator",
        "vault",
        "velero",
        "victoria-logs",
        "victoria-metrics",
        "cloudnative-pg",
        "argo-rollouts",
      ].flatMap((service) => [`components/platform/${service}/chart.ts`, `components/platform/${service}/service.ts`]),
      ...[
        "argocd",
        "cert-manager",
        "external-secrets",
        "harbor",
        "identity",
        "kyverno",
        "trivy-operator",
        "vault",
        "velero",
        "victoria-logs",
        "argo-rollouts",
      ].map((service) => `components/platform/${service}/metrics.ts`),
      // Vault's metrics shape depends on whether its listener serves TLS (constants only).
      "components/platform/vault/listener-tls.ts",
      // The one label selector a backup may have: it leaves out the Secrets External Secrets syncs (constants only).
      "components/platform/velero/synced-secrets-selector.ts",
    ].sort(),
  );
  expect(loaded.filter((file) => /node_modules\/@pulumi\/(kubernetes|random|vault|pulumi)\//.test(file))).toEqual([]);
});
