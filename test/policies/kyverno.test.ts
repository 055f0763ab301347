import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { z } from "zod";
import { KYVERNO_SERVICE } from "../../components/platform/kyverno/service";
import { checkPolicySet, policyManifest } from "../../components/platform/kyverno/policy-manifests";
import { GUARDRAILS } from "../../policies/catalog";
import { kyvernoPolicyManifests } from "../../policies/kyverno/manifests";
import type { SigningIdentity } from "../../policies/kyverno/signing-identity";

const KEYLESS: SigningIdentity = {
  kind: "keyless",
  issuer: "https://gitlab.example.com",
  subjectRegExp: "^project_path:web/shop:ref_type:branch:ref:main$",
};
const KEY: SigningIdentity = {
  kind: "key",
  publicKeyPem: "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n",
};

type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
};
const manifests = (profile: "dev" | "staging" | "prod", identity: SigningIdentity = KEYLESS) =>
  kyvernoPolicyManifests(profile, {
    registryHost: "harbor.platform.example.com",
    signingIdentity: identity,
    ownedNamespaces: [{ name: "kyverno" }],
  }) as Manifest[];

function validate(objects: unknown[]): { status: string; message?: string }[] {
  const validator = path.join(__dirname, "..", "helpers", "kubernetes-schema-validator.mjs");
  return JSON.parse(execFileSync(process.execPath, [validator], { input: JSON.stringify(objects), encoding: "utf8" })) as {
    status: string;
    message?: string;
  }[];
}

test("one policy per Kyverno guardrail", () => {
  const names = manifests("prod").map((m) => `${m.kind}/${m.metadata.name}`);
  const expected = GUARDRAILS.filter((g) => g.kyverno).map(
    (g) => `${g.id === "image-signature-verified" ? "ImageValidatingPolicy" : "ValidatingPolicy"}/${g.id}`,
  );
  expect(names).toEqual(expected);
});

test.each([
  ["dev", ["Audit"]],
  ["staging", ["Audit", "Warn"]],
  ["prod", ["Deny"]],
] as const)("%s: validationActions follow each guardrail's enforcement (%j unless mandatory on every profile)", (profile, actions) => {
  for (const m of manifests(profile)) {
    const always = GUARDRAILS.find((g) => g.id === m.metadata.name)?.enforcement[profile] === "mandatory";
    expect({ policy: m.metadata.name, actions: m.spec.validationActions }).toEqual({
      policy: m.metadata.name,
      actions: always ? ["Deny"] : actions,
    });
  }
});

test.each(["dev", "prod"] as const)("%s manifests validate against the Kyverno models and the Kyverno component's schema", (profile) => {
  const all = [...manifests(profile), ...manifests(profile, KEY).filter((m) => m.kind === "ImageValidatingPolicy")];
  expect(validate(all)).toEqual(all.map(() => ({ status: "valid" })));
  const parsed = z
    .array(policyManifest)
    .superRefine((list, ctx) => checkPolicySet(list, KYVERNO_SERVICE.namespace, ctx))
    .safeParse(manifests(profile));
  expect(parsed.error?.issues).toBeUndefined();
});

test("prod requires digests and the registry host; workload policies only match app namespaces", () => {
  const byName = (profile: "dev" | "prod", name: string) => manifests(profile).find((m) => m.metadata.name === name)!;
  const expressions = (m: Manifest) => (m.spec.validations as { expression: string }[]).map((v) => v.expression).join("\n");
  const validations = (profile: "dev" | "prod") => byName(profile, "image-tag-pinned").spec.validations as { message: string }[];
  expect(validations("prod").map((v) => v.message)).toContain("Images must be pinned by digest.");
  expect(validations("dev").map((v) => v.message)).not.toContain("Images must be pinned by digest.");
  expect(expressions(byName("prod", "images-from-platform-registry"))).toContain("'harbor.platform.example.com/'");
  expect(byName("prod", "no-privileged-containers").spec.matchConstraints).toMatchObject({
    namespaceSelector: { matchExpressions: [{ key: "platform.delivery/app", operator: "Exists" }] },
  });
  expect(() => kyvernoPolicyManifests("prod", { registryHost: "https://harbor", signingIdentity: KEYLESS, ownedNamespaces: [] })).toThrow(
    "registryHost must be a host name",
  );
});

test("the image policy verifies signatures of the platform registry's images with the signing identity", () => {
  const keyless = manifests("prod").find((m) => m.kind === "ImageValidatingPolicy")!;
  expect(keyless.spec).toMatchObject({
    matchImageReferences: [{ glob: "harbor.platform.example.com/*" }],
    attestors: [
      {
        name: "platform",
        cosign: {
          keyless: { identities: [{ issuer: KEYLESS.issuer, subjectRegExp: (KEYLESS as { subjectRegExp: string }).subjectRegExp }] },
        },
      },
    ],
    validationConfigurations: { mutateDigest: true, verifyDigest: true, required: true },
  });
  const keyed = manifests("prod", KEY).find((m) => m.kind === "ImageValidatingPolicy")!;
  expect(keyed.spec.attestors).toEqual([{ name: "platform", cosign: { key: { data: (KEY as { publicKeyPem: string }).publicKeyPem } } }]);
  expect(() => manifests("prod", { kind: "key", publicKeyPem: "not a key" })).toThrow("must be a PEM public key");
  expect(() => manifests("prod", { kind: "keyless", issuer: "http://x", subjectRegExp: ".*" })).toThrow("https URL");
});
