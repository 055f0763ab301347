import { passphraseDecrypter, PassphraseError } from "../../plan/passphrase-secrets";
import { readStackConfig, UNDECRYPTED_SECRET } from "../../plan/stack-config-file";
import * as path from "node:path";

// Test vector from pulumi/pulumi tests/roundtrip/roundtrip_test.go (TestConfigRoundtripComments).
const SALT = "v1:ThS5UPxP9qc=:v1:UZYAXF+ylaJ0rGhv:9OTvBnOEDFgxs7btjzSu+LZ470vLpg==";
const CIPHERTEXT = "v1:T1ftqhY0hqr+EJK6:+jvd5PMecFx80tcavzuZY4tLatgIfoe/xR72GA==";

describe("passphrase secrets", () => {
  it("decrypts a value the Pulumi CLI encrypted", () => {
    expect(passphraseDecrypter("TestConfigRoundtripComments", SALT)(CIPHERTEXT)).toBe("secret-value");
  });

  it("rejects a wrong passphrase before decrypting anything", () => {
    expect(() => passphraseDecrypter("wrong", SALT)).toThrow(PassphraseError);
  });

  it("marks secure stack values secret, with or without the passphrase", () => {
    const stacks = path.resolve(__dirname, "../../stacks");
    const without = readStackConfig(stacks, "dev", undefined);
    expect(without.decrypted).toBe(false);
    expect(without.secretKeys).toEqual(["delivery-platform:gitlab"]);
    expect(JSON.parse(without.config["delivery-platform:gitlab"]!)).toMatchObject({ token: UNDECRYPTED_SECRET });

    const decrypted = readStackConfig(stacks, "dev", "example-only");
    expect(decrypted.decrypted).toBe(true);
    expect(JSON.parse(decrypted.config["delivery-platform:gitlab"]!)).toMatchObject({ token: "glpat-dev-example-not-a-real-token" });
  });
});
