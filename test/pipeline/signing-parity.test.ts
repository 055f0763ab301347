// The identity the pipeline signs with is exactly the one admission admits.
import * as k8s from "@pulumi/kubernetes";
import { parse } from "yaml";
import { AppOnboarding } from "../../components/onboarding/app-onboarding";
import { appNames } from "../../components/onboarding/app-names";
import { appSigningIdentity, renderAppPipeline } from "../../components/onboarding/pipeline/render-app-pipeline";
import { TeamGroup } from "../../components/onboarding/repositories";
import { appImageValidatingPolicy } from "../../policies/kyverno/app-image-policy";
import { offlineMocks } from "../../plan/mock-resources";
import { testApp, testOnboardingContext } from "../helpers/onboarding-context";
import { one, ofType, planComponent } from "../helpers/plan-component";
import { validateKubernetesObjects } from "../helpers/kubernetes-schema";
import { jobsOf, pipelineInput } from "./pipeline-fixtures";

interface Attestor {
  name: string;
  cosign: { key?: { data: string }; keyless?: { identities: { issuer: string; subject: string }[] }; ctlog?: Record<string, unknown> };
}

/** The public key the offline mock gives a planned transit key (as Vault would report it). */
function transitPublicKeyOf(resourceName: string): string {
  const state = offlineMocks.newResource({
    type: "vault:transit/secretBackendKey:SecretBackendKey",
    name: resourceName,
    inputs: {},
    custom: true,
  }) as unknown as { state: { keys: { public_key: string }[] } };
  return state.state.keys[0]!.public_key;
}

/** The arguments the sign job passes to `cosign sign`. */
function cosignSignArgs(content: string): string {
  const signJob = Object.values(jobsOf(content)).find((job) => job.stage === "sign");
  const command = signJob?.script.find((line) => line.startsWith("cosign sign "));
  if (!command) throw new Error("no cosign sign command in the pipeline");
  return command;
}

describe("signing identity parity", () => {
  it("vault-transit: the policy admits the public key of the same transit key the sign job uses", async () => {
    const plan = await planComponent((opts) => {
      const context = testOnboardingContext(opts);
      const team = new TeamGroup("team-web", { team: "web", context }, opts);
      new AppOnboarding(
        "shop",
        {
          spec: { name: "shop", team: "web", environments: ["dev", "prod"] },
          context,
          teamGroupId: team.groupId,
          clusterProviders: { "prod-cluster": new k8s.Provider("p", { context: "p" }) },
        },
        opts,
      );
    });
    const ciFile = ofType(plan, "gitlab:index/repositoryFile:RepositoryFile").find((r) => r.inputs.filePath === ".gitlab-ci.yml")!;
    const signJob = jobsOf(ciFile.inputs.content as string).sign!;
    const transitKey = signJob.script
      .map((l) => /vault write -field=signature 'transit\/sign\/([^/']+)\/sha2-256'/.exec(l)?.[1])
      .find(Boolean);
    const signed = transitKey && `hashivault://${transitKey}`;
    // One policy per cluster the app has namespaces on (dev: the platform's, prod: prod-cluster), each with the same key.
    const policies = ofType(plan, "kubernetes:policies.kyverno.io/v1:ImageValidatingPolicy");
    expect(policies.map((p) => p.name).sort()).toEqual(["shop-image-policy", "shop-image-policy-prod-cluster"]);
    // The sign job's key is the planned transit key, and every policy verifies with that key's public key.
    const key = one(plan, "vault:transit/secretBackendKey:SecretBackendKey");
    expect(signed).toBe("hashivault://shop");
    expect(`hashivault://${key.inputs.name as string}`).toBe(signed);
    for (const policy of policies) {
      const attestor = (policy.inputs.spec as unknown as { attestors: Attestor[] }).attestors[0]!;
      expect(attestor.cosign.key?.data).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
      expect(attestor.cosign.key?.data).toBe(transitPublicKeyOf(key.name));
      expect(attestor.cosign.ctlog).toEqual({ insecureIgnoreTlog: true });
      expect((policy.inputs.spec as unknown as { matchImageReferences: { glob: string }[] }).matchImageReferences).toEqual([
        { glob: expect.stringMatching(/^harbor\.platform\.example\.test\/shop\/\*$/) as unknown },
      ]);
    }
    expect(validateKubernetesObjects({ ...plan, resources: policies }).map((v) => v.status)).toEqual(policies.map(() => "valid"));
  });

  it("keyless: the policy admits the issuer and subject of the pipeline's certificate", () => {
    const spec = testApp({ pipeline: { signing: "keyless" } });
    const names = appNames(spec, { gitlabParentGroup: "acme", registryHost: "harbor.example.com", domain: "example.com" });
    const input = pipelineInput({ pipeline: { signing: "keyless" } }, { names, gitlab: { url: "https://gitlab.com" } });
    const identity = appSigningIdentity(input);
    if (identity.mode !== "keyless") throw new Error("expected keyless");
    const content = renderAppPipeline(input).content;
    const job = Object.values(jobsOf(content)).find((j) => j.stage === "sign")!;
    // Keyless cosign takes its identity from the job's id_token for Sigstore.
    expect(job.id_tokens?.SIGSTORE_ID_TOKEN?.aud).toBe("sigstore");
    expect(cosignSignArgs(content)).not.toContain("--key");

    const policy = appImageValidatingPolicy({
      name: names.kubernetes.imagePolicy,
      app: "shop",
      imageGlob: "harbor.example.com/shop/*",
      namespaces: ["shop-prod"],
      validationActions: ["Deny"],
      identity,
    });
    const attestor = (policy.spec as { attestors: Attestor[] }).attestors[0]!;
    expect(attestor.cosign.keyless?.identities).toEqual([
      { issuer: "https://gitlab.com", subject: "https://gitlab.com/acme/web/shop//.gitlab-ci.yml@refs/heads/main" },
    ]);
    expect((policy.spec as { validationActions: string[] }).validationActions).toEqual(["Deny"]);
    expect(parse(content)).toBeTruthy();
  });
});
