// The first `pulumi up` in production (issue 16): each check flags the prod plan as it landed before
// the fixes (test/access/landed/prod.plan.json.gz) and passes today's plans.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { EXIT_FINDINGS, EXIT_OK, main as readinessCli } from "../../cli/readiness";
import { firstUpReadiness, READINESS_CHECKS, type ReadinessCheck } from "../../plan/first-up-readiness";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import { landedPlan } from "../access/landed-plans";
import { examplePlan } from "../helpers/example-plans";

let prod: PlanDocument;
let dev: PlanDocument;
beforeAll(async () => {
  [prod, dev] = await Promise.all([examplePlan("prod"), examplePlan("dev")]);
});

const checks = (plan: PlanDocument): ReadinessCheck[] => [...new Set(firstUpReadiness(plan).map((f) => f.check))];
const releaseOf = (plan: PlanDocument, chart: string): PlanResource =>
  plan.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === chart)!;
/** Sets (or, with `undefined`, deletes) a nested input of a plan resource. */
function setAt(resource: PlanResource, path: string, value: unknown): void {
  const keys = path.split(".");
  const last = keys.pop()!;
  const parent = keys.reduce<Record<string, unknown>>((object, key) => object[key] as Record<string, unknown>, resource.inputs);
  if (value === undefined) delete parent[last];
  else parent[last] = value;
}

describe("first-up readiness", () => {
  it("flags every defect in the prod plan as it landed", () => {
    expect(checks(landedPlan("prod"))).toEqual([...READINESS_CHECKS]);
  });

  it("passes today's prod and dev plans", () => {
    expect(firstUpReadiness(prod)).toEqual([]);
    expect(firstUpReadiness(dev)).toEqual([]);
  });

  it("names the resource and what would happen", () => {
    const findings = firstUpReadiness(landedPlan("prod"));
    const seal = findings.find((f) => f.check === "vault-seal-identity")!;
    expect(seal.urn).toMatch(/Vault\$kubernetes:helm\.sh\/v3:Release::vault-release$/);
    expect(seal.message).toContain("seal 'awskms' without a workload identity");
    const robots = findings.filter((f) => f.check === "robot-rotation");
    expect(robots.length).toBe(2 * 3); // push and pull of each prod app
  });

  describe("each check fails on its own defect in today's plan", () => {
    const mutated = (mutate: (plan: PlanDocument) => void): ReadinessCheck[] => {
      const plan = structuredClone(prod);
      mutate(plan);
      return checks(plan);
    };

    it("Vault TLS off", () =>
      expect(mutated((p) => setAt(releaseOf(p, "vault"), "values.global.tlsDisable", true))).toEqual(["vault-listener-tls"]));
    it("no certificate reload", () =>
      expect(mutated((p) => setAt(releaseOf(p, "vault"), "values.server.shareProcessNamespace", false))).toEqual([
        "vault-certificate-reload",
      ]));
    it("a reloader that signals nothing", () =>
      expect(
        mutated((p) => setAt(releaseOf(p, "vault"), "values.server.extraContainers", [{ name: "idle", command: ["sleep", "infinity"] }])),
      ).toEqual(["vault-certificate-reload"]));
    it("a SecretStore over http", () =>
      expect(
        mutated((p) => {
          const store = p.resources.find((r) => r.type === "kubernetes:external-secrets.io/v1:SecretStore")!;
          setAt(store, "spec.provider.vault.server", "http://vault.vault.svc:8200");
        }),
      ).toEqual(["vault-clients-https"]));
    it("no seal identity", () =>
      expect(mutated((p) => setAt(releaseOf(p, "vault"), "values.server.serviceAccount.annotations", {}))).toEqual([
        "vault-seal-identity",
      ]));
    it("no snapshot job", () =>
      expect(mutated((p) => (p.resources = p.resources.filter((r) => r.type !== "kubernetes:batch/v1:CronJob")))).toEqual([
        "vault-raft-snapshots",
      ]));
    it("Harbor's certificate left to the ingress", () =>
      expect(
        mutated(
          (p) =>
            (p.resources = p.resources.filter(
              (r) => r.type !== "kubernetes:cert-manager.io/v1:Certificate" || r.name !== "harbor-ingress-certificate",
            )),
        ),
      ).toEqual(["harbor-tls-before-release"]));
    it("a proxy cache that blocks", () =>
      expect(
        mutated(
          (p) =>
            (p.resources.find(
              (r) => r.type === "harbor:index/project:Project" && r.inputs.registryId !== undefined,
            )!.inputs.deploymentSecurity = "high"),
        ),
      ).toEqual(["proxy-cache-no-block"]));
    it("a robot without its clock", () =>
      expect(mutated((p) => (p.resources = p.resources.filter((r) => r.name !== "ledger-registry-push-robot-clock")))).toEqual([
        "robot-rotation",
      ]));
    it("Alertmanager without receivers", () =>
      expect(mutated((p) => setAt(releaseOf(p, "victoria-metrics-k8s-stack"), "values.alertmanager.spec.configSecret", undefined))).toEqual(
        ["alertmanager-receivers"],
      ));
    it("one VictoriaLogs replica", () =>
      expect(mutated((p) => setAt(releaseOf(p, "victoria-logs-single"), "values.server.replicaCount", 1))).toEqual([
        "victorialogs-replicated",
      ]));
    it("one Grafana replica", () =>
      expect(mutated((p) => setAt(releaseOf(p, "victoria-metrics-k8s-stack"), "values.grafana.replicas", 1))).toEqual([
        "grafana-replicated",
      ]));
  });

  it("npm run readiness prints each finding and exits 1, or 0 on a clean plan", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "readiness-"));
    const run = (plan: PlanDocument) => {
      const file = path.join(dir, `${plan.stack}-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(file, JSON.stringify(plan));
      let stdout = "";
      const code = readinessCli(["--plan", file], { stdout: (t) => (stdout += t), stderr: () => undefined });
      return { code, stdout };
    };
    const landed = run(landedPlan("prod"));
    expect(landed.code).toBe(EXIT_FINDINGS);
    expect(landed.stdout).toContain("[vault-listener-tls]");
    expect(landed.stdout).toMatch(/\d+ first-up readiness findings in stack 'prod'$/);
    expect(run(prod)).toEqual({ code: EXIT_OK, stdout: "0 first-up readiness findings in stack 'prod'" });
  });
});
