import { appSigningIdentity } from "../../components/onboarding/pipeline/render-app-pipeline";
import { PUBLIC_FULCIO_GITLAB_ISSUERS, signingIdentity } from "../../components/onboarding/pipeline/signing-identity";
import { pipelineInput } from "./pipeline-fixtures";

describe("signingIdentity", () => {
  it("keyless on gitlab.com: issuer and the Fulcio SAN of the project's pipeline file on the default branch", () => {
    expect(
      signingIdentity({
        signing: "keyless",
        gitlab: { url: "https://gitlab.com/", projectPath: "acme/web/shop", defaultBranch: "main" },
      }),
    ).toEqual({
      mode: "keyless",
      issuer: "https://gitlab.com",
      subject: "https://gitlab.com/acme/web/shop//.gitlab-ci.yml@refs/heads/main",
    });
  });

  it("keyless on a self-managed GitLab needs a Sigstore that trusts it, and reports it", () => {
    const gitlab = { url: "https://gitlab.example.test", projectPath: "delivery/apps/web/shop", defaultBranch: "main" };
    expect(PUBLIC_FULCIO_GITLAB_ISSUERS).not.toContain(gitlab.url);
    expect(() => signingIdentity({ signing: "keyless", gitlab })).toThrow(/public Fulcio does not trust/);
    const sigstore = { fulcioUrl: "https://fulcio.example.test", rekorUrl: "https://rekor.example.test" };
    expect(signingIdentity({ signing: "keyless", gitlab, sigstore })).toEqual({
      mode: "keyless",
      issuer: "https://gitlab.example.test",
      subject: "https://gitlab.example.test/delivery/apps/web/shop//.gitlab-ci.yml@refs/heads/main",
      ...sigstore,
    });
  });

  it("vault-transit: the app's key as a KMS URI and where its public key is read", () => {
    expect(appSigningIdentity(pipelineInput({ name: "ledger", team: "payments", pipeline: { signing: "vault-transit" } }))).toEqual({
      mode: "vault-transit",
      kms: "hashivault://ledger",
      vaultAddress: "https://vault.platform.example.test",
      transitMount: "transit",
      keyName: "ledger",
      publicKeyPath: "transit/keys/ledger",
      transparencyLog: false,
    });
    expect(() => signingIdentity({ signing: "vault-transit", gitlab: pipelineInput().gitlab as never })).toThrow(/vault\.transit/);
  });

  it("two apps never share an identity", () => {
    const sigstore = { fulcioUrl: "https://fulcio.example.test", rekorUrl: "https://rekor.example.test" };
    const keyless = (name: string) => appSigningIdentity(pipelineInput({ name, pipeline: { signing: "keyless" } }, { sigstore }));
    const a = (keyless("shop") as { subject: string }).subject;
    const b = (keyless("shop-admin") as { subject: string }).subject;
    // Exact subjects, neither a prefix of the other: an exact-match attestor admits one app only.
    expect(a.startsWith(b) || b.startsWith(a)).toBe(false);
    const transit = (name: string) => appSigningIdentity(pipelineInput({ name }));
    expect(transit("shop")).not.toEqual(transit("cart"));
  });
});
