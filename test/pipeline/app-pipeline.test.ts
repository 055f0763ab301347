import { parse, stringify } from "yaml";
import { renderAppPipeline } from "../../components/onboarding/pipeline/render-app-pipeline";
import { productionSeverities, severitiesFrom } from "../../components/onboarding/pipeline/scan-jobs";
import { APP_PIPELINE_TEMPLATE_VERSION } from "../../components/onboarding/pipeline/template-version";
import { ComponentArgsError } from "../../components/validation/issues";
import {
  type CiJobView,
  gitlabCiLocal,
  jobsOf,
  listedJobs,
  needNames,
  pipelineInput,
  REGISTRY,
  secretLookingVariables,
  transitiveNeeds,
  VAULT,
} from "./pipeline-fixtures";

const SIGSTORE = { fulcioUrl: "https://fulcio.sigstore.example.test", rekorUrl: "https://rekor.sigstore.example.test" };
const builders = ["buildkit", "buildah", "kaniko"] as const;
const signings = ["keyless", "vault-transit"] as const;
const apps = {
  dev: { environments: ["dev", "staging"] },
  prod: { environments: ["dev", "prod"] },
} as const;

const render = (...args: Parameters<typeof pipelineInput>) => renderAppPipeline(pipelineInput(...args));

describe("renderAppPipeline: every variant is a valid GitLab pipeline", () => {
  const cases = Object.entries(apps).flatMap(([kind, app]) =>
    builders.flatMap((builder) => signings.map((signing) => ({ kind, app, builder, signing }))),
  );

  it.each(cases)(
    "$kind app, $builder, $signing: gitlab-ci-local accepts it and lists the expected jobs",
    ({ kind, app, builder, signing }) => {
      const { content } = render(
        { environments: [...app.environments], pipeline: { builder, signing, testCommands: ["make test"] } },
        signing === "keyless" ? { sigstore: SIGSTORE } : {},
      );
      const result = gitlabCiLocal(content);
      expect(result.stderr).not.toMatch(/Invalid \.gitlab-ci\.yml/);
      expect(result.status).toBe(0);
      const signingJobs = signing === "vault-transit" ? ["sign", "attach-signature"] : ["sign"];
      const ledgerJobs = ["ledger:prepare", "ledger:append"];
      const expected = [
        "test",
        "build",
        "registry-scan",
        "sbom",
        "scan",
        ...signingJobs,
        ...app.environments.map((e) => `deploy:${e}`),
        ...ledgerJobs,
      ];
      expect(listedJobs(result).sort()).toEqual(expected.sort());
      // Only an app with a production environment gets the merge-request deploy.
      expect(content.includes("merge_request.create")).toBe(kind === "prod");
    },
  );

  it("gitlab-ci-local rejects a broken file (the validator is not a rubber stamp)", () => {
    const doc = parse(render({}, {}).content) as Record<string, { id_tokens?: Record<string, Record<string, string>> }>;
    const sign = doc.sign as { id_tokens: Record<string, Record<string, string>> };
    sign.id_tokens = { VAULT_ID_TOKEN: { audience: VAULT } };
    const result = gitlabCiLocal(stringify(doc));
    expect(result.status).not.toBe(0);
    expect(result.stderr + result.stdout).toMatch(/sign\.id_tokens\.VAULT_ID_TOKEN must have required property 'aud'/);
  });

  it("the whole needs chain of a default-branch pipeline is active", () => {
    const { content } = render({ pipeline: { testCommands: ["make test"], scanSeverityThreshold: "CRITICAL" } });
    const result = gitlabCiLocal(content, [
      "--validate-dependency-chain",
      "--variable",
      "CI_COMMIT_BRANCH=main",
      "--variable",
      "CI_DEFAULT_BRANCH=main",
    ]);
    expect(result.status).toBe(0);
  });
});

describe("job graph", () => {
  const prodApp = (threshold: "CRITICAL" | "HIGH" | "MEDIUM" | "LOW") =>
    jobsOf(render({ environments: ["dev", "prod"], pipeline: { scanSeverityThreshold: threshold } }).content);

  it("build hands the digest on; sign needs the scan and the SBOM; every deploy needs the signature and the build's digest", () => {
    const jobs = prodApp("HIGH");
    expect((jobs.build as CiJobView).artifacts?.reports).toEqual({ dotenv: "build.env" });
    // Nothing pulls the digest before Harbor has scanned it (a production-grade project refuses it until then).
    expect(needNames(jobs["registry-scan"] as CiJobView)).toEqual(["build"]);
    expect(needNames(jobs.sbom as CiJobView)).toEqual(["build", "registry-scan"]);
    expect(needNames(jobs.scan as CiJobView)).toEqual(["build", "registry-scan"]);
    expect(needNames(jobs.sign as CiJobView)).toEqual(expect.arrayContaining(["build", "sbom", "scan"]));
    // Transit (the default): sign's signature reaches the registry through attach-signature.
    expect(needNames(jobs["attach-signature"] as CiJobView)).toEqual(["build", "sign"]);
    for (const env of ["dev", "prod"])
      expect(needNames(jobs[`deploy:${env}`] as CiJobView)).toEqual(expect.arrayContaining(["build", "attach-signature"]));
    const keyless = jobsOf(render({ environments: ["dev"], pipeline: { signing: "keyless" } }, { sigstore: SIGSTORE }).content);
    expect(keyless["attach-signature"]).toBeUndefined();
    expect(needNames(keyless["deploy:dev"] as CiJobView)).toEqual(expect.arrayContaining(["build", "sign"]));
  });

  it.each(["CRITICAL", "HIGH", "MEDIUM", "LOW"] as const)(
    "threshold %s: a failed HIGH/CRITICAL gate makes the production deploy impossible",
    (threshold) => {
      const jobs = prodApp(threshold);
      const upstream = transitiveNeeds(jobs, "deploy:prod");
      const gates = [...upstream].filter((name) => (jobs[name] as CiJobView).script.some((l) => /trivy image .*--exit-code 1/.test(l)));
      const gateSeverities = gates.map((name) =>
        (jobs[name] as CiJobView).script
          .find((l) => /--exit-code 1/.test(l))
          ?.match(/--severity (\S+)/)?.[1]
          ?.split(","),
      );
      // Some gate upstream of the production deploy fails on HIGH and on CRITICAL...
      expect(gateSeverities.some((s) => s?.includes("HIGH") && s.includes("CRITICAL"))).toBe(true);
      // ...and nothing on that path lets a failure through: no allow_failure, no `when: always`.
      for (const name of [...upstream, "deploy:prod"]) {
        expect((jobs[name] as CiJobView).allow_failure).not.toBe(true);
        expect((jobs[name] as CiJobView).when).toBeUndefined();
      }
    },
  );

  it("the app's own threshold governs non-production; production never goes below HIGH", () => {
    expect(productionSeverities("CRITICAL")).toEqual(["HIGH", "CRITICAL"]);
    expect(productionSeverities("MEDIUM")).toEqual(["MEDIUM", "HIGH", "CRITICAL"]);
    expect(severitiesFrom("CRITICAL")).toEqual(["CRITICAL"]);
    const lax = prodApp("CRITICAL");
    expect((lax.scan as CiJobView).script).toContain('trivy image --skip-db-update --exit-code 1 --severity CRITICAL "$IMAGE_REF"');
    expect(needNames(lax["deploy:prod"] as CiJobView)).toContain("scan:production");
    expect(needNames(lax["deploy:dev"] as CiJobView)).not.toContain("scan:production");
    // A dev-only app with a lax threshold gets no production gate at all.
    const devOnly = jobsOf(render({ environments: ["dev"], pipeline: { scanSeverityThreshold: "CRITICAL" } }).content);
    expect(devOnly["scan:production"]).toBeUndefined();
  });

  it("promotes in the platform's environment order, whatever order the app lists them in: prod waits for staging, staging for dev", () => {
    const jobs = jobsOf(render({ environments: ["prod", "staging", "dev"] }).content);
    const deploys = (name: string) => needNames(jobs[name] as CiJobView).filter((n) => n.startsWith("deploy:"));
    expect(deploys("deploy:dev")).toEqual([]);
    expect(deploys("deploy:staging")).toEqual(["deploy:dev"]);
    expect(deploys("deploy:prod")).toEqual(["deploy:staging"]);
    expect([...transitiveNeeds(jobs, "deploy:prod")]).toEqual(expect.arrayContaining(["deploy:dev", "deploy:staging"]));
    // An app without dev starts at staging.
    const later = jobsOf(render({ environments: ["staging", "prod"] }).content);
    expect(needNames(later["deploy:staging"] as CiJobView).filter((n) => n.startsWith("deploy:"))).toEqual([]);
  });

  it("the scan publishes the GitLab container-scanning report even when the gate fails", () => {
    const scan = prodApp("HIGH").scan as CiJobView;
    expect(scan.artifacts?.reports).toEqual({ container_scanning: "gl-container-scanning-report.json" });
    expect(scan.artifacts?.when).toBe("always");
    const reportLine = scan.script.findIndex((l) => l.includes("@/contrib/gitlab.tpl"));
    const gateLine = scan.script.findIndex((l) => l.includes("--exit-code 1"));
    expect(reportLine).toBeGreaterThan(-1);
    expect(reportLine).toBeLessThan(gateLine);
  });

  it("builds, signs and deploys only on the default branch; tests also run for merge requests", () => {
    const jobs = jobsOf(render({ pipeline: { testCommands: ["make test"] } }).content);
    expect((jobs.test as CiJobView).rules).toBeUndefined();
    for (const name of ["build", "sbom", "scan", "sign", "attach-signature", "deploy:dev", "deploy:prod"])
      expect((jobs[name] as CiJobView).rules).toEqual([{ if: "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH" }]);
  });
});

describe("supply-chain steps", () => {
  it("SBOM: Syft writes CycloneDX and SPDX from the pushed digest; the CycloneDX one is attested to the digest", () => {
    const jobs = jobsOf(render({ pipeline: { signing: "keyless" } }, { sigstore: SIGSTORE }).content);
    const sbom = jobs.sbom as CiJobView;
    expect(sbom.script).toContain('/syft scan "registry:$IMAGE_REF" -o cyclonedx-json=sbom.cdx.json -o spdx-json=sbom.spdx.json');
    expect(sbom.artifacts?.paths).toEqual(["sbom.cdx.json", "sbom.spdx.json"]);
    expect(
      (jobs.sign as CiJobView).script.some((l) => l.includes("attest") && l.includes("--type cyclonedx --predicate sbom.cdx.json")),
    ).toBe(true);
    // Transit: the statement embeds the same file (transit-signing.test.ts runs the script).
    const transit = jobsOf(render().content);
    expect((transit.sign as CiJobView).script.some((l) => l.includes("cat sbom.cdx.json") && l.includes("https://cyclonedx.org/bom"))).toBe(
      true,
    );
  });

  it("keyless: SIGSTORE_ID_TOKEN with aud sigstore, inline in the file; the private Sigstore is used", () => {
    const sign = jobsOf(render({ pipeline: { signing: "keyless" } }, { sigstore: SIGSTORE }).content).sign as CiJobView;
    expect(sign.id_tokens?.SIGSTORE_ID_TOKEN).toEqual({ aud: "sigstore" });
    expect(sign.script.some((l) => l.startsWith("cosign sign") && l.includes(`--fulcio-url '${SIGSTORE.fulcioUrl}'`))).toBe(true);
  });

  it("vault-transit: the sign role's token signs with the app's key in the Vault image; attach-signature pushes with build's", () => {
    const jobs = jobsOf(render({ name: "payments", pipeline: { signing: "vault-transit" } }).content);
    const sign = jobs.sign as CiJobView;
    expect(sign.id_tokens).toEqual({ VAULT_ID_TOKEN: { aud: VAULT } });
    expect(sign.image.name).toMatch(/\/hashicorp\/vault:/);
    expect(sign.secrets).toBeUndefined();
    expect(sign.script).toContain(
      `export VAULT_TOKEN="$(vault write -field=token auth/jwt-gitlab/login role='ci.web.payments.sign' jwt="$VAULT_ID_TOKEN")"`,
    );
    // The image payload, the SBOM statement, the release record, and (in one helper) every ledger line.
    expect(sign.script.filter((l) => l.includes("'transit/sign/payments/sha2-256'"))).toHaveLength(4);
    const attach = jobs["attach-signature"] as CiJobView;
    expect(attach.image.name).toMatch(/\/sigstore\/cosign\/cosign:/);
    expect(attach.variables?.VAULT_AUTH_ROLE).toBe("ci.web.payments.build");
    expect(attach.script).toContain('cosign attach signature --payload signing/payload.json --signature signing/payload.sig "$IMAGE_REF"');
    expect(attach.script).toContain('cosign attach attestation --attestation signing/attestation.json "$IMAGE_REF"');
  });

  it("non-production rebuilds its own environment branch from main; production opens a merge request into main and never pushes it", () => {
    const jobs = jobsOf(render({ environments: ["dev", "prod"] }).content);
    const dev = jobs["deploy:dev"] as CiJobView;
    const prod = jobs["deploy:prod"] as CiJobView;
    expect(dev.variables?.OVERLAY).toBe("overlays/dev/kustomization.yaml");
    expect(dev.script).toContain("git push --force origin 'HEAD:refs/heads/env/dev'");
    expect(dev.script.some((l) => l.includes("git clone --depth 1 --branch 'main' "))).toBe(true);
    expect(dev.script.some((l) => /push\b.*\bmain\b/.test(l))).toBe(false);
    expect(prod.script.some((l) => l.includes("-o merge_request.create -o 'merge_request.target=main'"))).toBe(true);
    expect(prod.script.some((l) => /HEAD:'?main/.test(l))).toBe(false);
    expect(prod.environment).toEqual({ name: "prod", deployment_tier: "production" });
    expect(dev.script.some((l) => l.includes("shop-config.git"))).toBe(true);
  });
});

describe("images", () => {
  it("every image is an exact version or digest pulled through the Harbor proxy cache", () => {
    for (const builder of builders)
      for (const signing of signings) {
        const jobs = jobsOf(render({ pipeline: { builder, signing, testCommands: ["make"] } }, { sigstore: SIGSTORE }).content);
        const proxied = new RegExp(`^${REGISTRY}/[a-z]+-proxy/`);
        const exact = /(:v?\d+\.\d+\.\d+[^@]*|@sha256:[0-9a-f]{64})$/;
        for (const [name, job] of Object.entries(jobs)) {
          expect([name, proxied.test(job.image.name), exact.test(job.image.name)]).toEqual([name, true, true]);
        }
      }
  });

  it("jobs holding a Vault identity install nothing at run time", () => {
    for (const builder of builders)
      for (const signing of signings) {
        const jobs = jobsOf(render({ pipeline: { builder, signing, testCommands: ["make"] } }, { sigstore: SIGSTORE }).content);
        for (const [name, job] of Object.entries(jobs)) {
          if (!job.id_tokens) continue;
          const lines = [...(job.before_script ?? []), ...job.script];
          const installs = lines.filter((l) => /\b(apk|apt-get|apt|dnf|yum|pip|npm)\b.*\b(add|install)\b|curl[^|]*\|\s*(ba)?sh/.test(l));
          expect({ name, signing, installs }).toEqual({ name, signing, installs: [] });
        }
      }
  });

  it("the test job runs the app's image through the proxy cache and refuses a floating tag", () => {
    const jobs = jobsOf(render({ pipeline: { testCommands: ["npm test"], testImage: "node:24.21.0-bookworm-slim" } }).content);
    expect((jobs.test as CiJobView).image.name).toBe(`${REGISTRY}/dockerhub-proxy/library/node:24.21.0-bookworm-slim`);
    expect(() => render({ pipeline: { testCommands: ["npm test"], testImage: "node:latest" } })).toThrow(
      /spec\.pipeline\.testImage.*exact version/,
    );
  });

  it.each([
    ["trivy", "docker.io/aquasec/trivy:0.69.4", /compromised/],
    ["trivy", "ghcr.io/aquasecurity/trivy:v0.69.6", /compromised/],
    ["kaniko", "gcr.io/kaniko-project/executor:v1.24.0-debug", /archived/],
    ["syft", "anchore/syft:debug", /exact version/],
  ] as const)("refuses toolImages.%s = %s", (tool, reference, message) => {
    expect(() => render({ pipeline: { builder: "kaniko" } }, { toolImages: { [tool]: reference } })).toThrow(message);
  });

  it("takes a platform override, digest-pinned, through the proxy cache", () => {
    const digest = `sha256:${"ab".repeat(32)}`;
    const jobs = jobsOf(render({}, { toolImages: { trivy: `docker.io/aquasec/trivy:0.74.0@${digest}` } }).content);
    expect((jobs.scan as CiJobView).image.name).toBe(`${REGISTRY}/dockerhub-proxy/aquasec/trivy:0.74.0@${digest}`);
  });
});

describe("secrets", () => {
  it("no plain CI variable carries a secret; registry and GitOps credentials come from Vault via the ID token", () => {
    const { content } = render({ pipeline: { signing: "vault-transit" } });
    const doc = parse(content) as { variables: Record<string, string> };
    // The detector itself flags what it should.
    expect(secretLookingVariables({ REGISTRY_PASSWORD: "x", NOTE: "glpat-abc", AWS_ACCESS_KEY_ID: "id" })).toHaveLength(3);
    expect(secretLookingVariables(doc.variables)).toEqual([]);
    for (const [name, job] of Object.entries(jobsOf(content))) {
      expect({ name, problems: secretLookingVariables(job.variables) }).toEqual({ name, problems: [] });
      for (const secret of Object.values(job.secrets ?? {})) {
        expect(secret.token).toBe("$VAULT_ID_TOKEN");
        expect(secret.file).toBe(false);
        expect(job.id_tokens?.VAULT_ID_TOKEN).toEqual({ aud: VAULT });
      }
    }
    const build = jobsOf(content).build as CiJobView;
    expect(build.secrets?.REGISTRY_PASSWORD?.vault).toBe("apps/web/shop/ci/registry/password@secret");
    expect((jobsOf(content)["deploy:prod"] as CiJobView).secrets?.CONFIG_REPO_TOKEN?.vault).toBe("apps/web/shop/ci/gitops/token@secret");
  });

  it("two apps read only their own Vault paths and sign with their own keys", () => {
    const shop = jobsOf(render({ name: "shop", team: "web" }).content);
    const ledger = jobsOf(render({ name: "billing", team: "payments" }).content);
    const paths = (jobs: Record<string, CiJobView>) =>
      new Set(Object.values(jobs).flatMap((j) => Object.values(j.secrets ?? {}).map((s) => s.vault.split("@")[0] ?? "")));
    for (const p of paths(shop)) expect(p.startsWith("apps/web/shop/ci/")).toBe(true);
    for (const p of paths(ledger)) expect(p.startsWith("apps/payments/billing/ci/")).toBe(true);
    expect((shop.sign as CiJobView).script.join("\n")).not.toContain("billing");
  });

  it("vault-login (GitLab Free): refuses images without a Vault client, and logs in itself with ones that have it", () => {
    expect(() => render({}, { secretsMode: "vault-login" })).toThrow(/toolImages\.buildkit has no Vault client/);
    const curl = (reference: string) => ({ reference, vaultClient: "curl" as const });
    const { content } = render(
      { pipeline: { signing: "keyless" } },
      {
        secretsMode: "vault-login",
        sigstore: SIGSTORE,
        toolImages: {
          buildkit: curl(`${REGISTRY}/platform/ci-buildkit:0.32.2-1`),
          syft: curl(`${REGISTRY}/platform/ci-syft:1.51.0-1`),
          trivy: curl(`${REGISTRY}/platform/ci-trivy:0.74.0-1`),
          cosign: curl(`${REGISTRY}/platform/ci-cosign:3.1.2-1`),
        },
      },
    );
    expect(gitlabCiLocal(content).status).toBe(0);
    const jobs = jobsOf(content);
    for (const name of ["build", "sbom", "scan", "sign", "deploy:prod"]) {
      const job = jobs[name] as CiJobView;
      expect(job.secrets).toBeUndefined();
      expect(job.script.some((l) => l.includes("auth/jwt-gitlab/login"))).toBe(true);
    }
  });
});

describe("template version and input validation", () => {
  it("writes the template version as a comment and a variable, and returns it", () => {
    const { content, templateVersion } = render();
    expect(templateVersion).toBe(APP_PIPELINE_TEMPLATE_VERSION);
    expect(templateVersion).toMatch(/^delivery-platform\/app-pipeline@\d+\.\d+\.\d+$/);
    expect(content.split("\n")[0]).toContain(templateVersion);
    expect((parse(content) as { variables: Record<string, string> }).variables.PIPELINE_TEMPLATE_VERSION).toBe(templateVersion);
  });

  it("is deterministic", () => {
    expect(render().content).toBe(render().content);
  });

  it.each([
    [
      {},
      { vault: { ...pipelineInput().vault, transit: undefined } },
      /vault\.transit: is required when spec\.pipeline\.signing is vault-transit/,
    ],
    [{}, { vault: { ...pipelineInput().vault, address: "http://vault:8200" } }, /vault\.address: must be an https:\/\/ URL/],
    [{}, { secretsMode: "static-variables" as never }, /secretsMode/],
  ])("rejects invalid input naming the field (%#)", (spec, overrides, message) => {
    const attempt = () => render(spec, overrides);
    expect(attempt).toThrow(ComponentArgsError);
    expect(attempt).toThrow(message);
  });

  it("refuses keyless signing on a self-managed GitLab without a Sigstore that trusts it", () => {
    expect(() => render({ pipeline: { signing: "keyless" } })).toThrow(/public Fulcio does not trust https:\/\/gitlab\.example\.test/);
  });
});
