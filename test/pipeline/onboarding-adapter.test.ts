import * as pulumi from "@pulumi/pulumi";
import type { OnboardingContext } from "../../components/onboarding/onboarding-context";
import { renderAppPipeline } from "../../components/onboarding/pipeline/render";
import { APP_PIPELINE_TEMPLATE_VERSION } from "../../components/onboarding/pipeline/template-version";
import { testApp, testNames } from "../helpers/onboarding-context";
import { jobsOf, VAULT } from "./pipeline-fixtures";

const resolve = <T>(output: pulumi.Output<T>): Promise<T> => new Promise((done) => output.apply(done));

// Only the plain fields the adapter reads; providers are not needed to render.
const context = {
  environments: [
    { name: "dev", production: false, cluster: "in-cluster" },
    { name: "prod", production: true, cluster: "prod-cluster" },
  ],
  registry: {
    host: "harbor.platform.example.test",
    proxyCacheProjects: pulumi.output({ "docker.io": "dockerhub-proxy", "ghcr.io": "ghcr-proxy", "quay.io": "quay-proxy" }),
  },
  vault: { address: pulumi.output(VAULT), jwtAuthPath: "jwt-gitlab", kvMountPath: "secret" },
  gitlab: { url: "https://gitlab.example.test" },
} as unknown as OnboardingContext;

describe("renderAppPipeline adapter (Inputs -> pure renderer)", () => {
  const args = { spec: testApp(), names: testNames(testApp()), context, transit: { mountPath: pulumi.output("transit") } };

  it("resolves Outputs into the rendered file and the signing identity; the version is known at once", async () => {
    const pipeline = renderAppPipeline(args);
    expect(pipeline.templateVersion).toBe(APP_PIPELINE_TEMPLATE_VERSION);
    const jobs = jobsOf(await resolve(pipeline.content));
    expect(jobs.build?.image.name).toBe("harbor.platform.example.test/dockerhub-proxy/moby/buildkit:v0.32.2-rootless");
    // The image payload, the SBOM statement, the release record and (one helper) the ledger lines.
    expect(jobs.sign?.script.filter((l) => l.includes("vault write -field=signature 'transit/sign/shop/sha2-256'"))).toHaveLength(4);
    await expect(resolve(pipeline.signingIdentity)).resolves.toMatchObject({ mode: "vault-transit", kms: "hashivault://shop" });
  });

  it("refuses at construction what cannot sign: vault-transit without the app's key, keyless on an untrusted GitLab", () => {
    expect(() => renderAppPipeline({ ...args, transit: undefined })).toThrow(/vault-transit signing: vault\.transit .* is required/);
    const keyless = { ...args, spec: testApp({ pipeline: { signing: "keyless" } }) };
    expect(() => renderAppPipeline(keyless)).toThrow(/public Fulcio does not trust https:\/\/gitlab\.example\.test/);
    const sigstore = { fulcioUrl: "https://fulcio.example.test", rekorUrl: "https://rekor.example.test" };
    expect(() => renderAppPipeline({ ...keyless, sigstore })).not.toThrow();
  });
});
