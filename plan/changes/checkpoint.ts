import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { keyDecrypter, passphraseKey, PassphraseError } from "../passphrase-secrets";
import { keyFingerprinter } from "./secret-fingerprints";
import { parseUrn } from "../aliases";
import { BaselineError, providerUrnOf, type Baseline, type BaselineResource } from "./baseline";
import { SecretLeaf, UNKNOWN, type Comparable, type ComparableObject } from "./comparable-values";

/**
 * `pulumi stack export` output: an UntypedDeployment of version 3 (pulumi/pulumi
 * sdk/go/common/apitype/core.go DeploymentV3, ResourceV3, SecretsProvidersV1). Only what the
 * comparison reads is checked; everything else passes.
 */
const resourceSchema = z.looseObject({
  urn: z.string().startsWith("urn:pulumi:"),
  custom: z.boolean(),
  type: z.string(),
  delete: z.boolean().optional(),
  id: z.string().optional(),
  inputs: z.record(z.string(), z.unknown()).optional(),
  outputs: z.record(z.string(), z.unknown()).optional(),
  parent: z.string().optional(),
  protect: z.boolean().optional(),
  retainOnDelete: z.boolean().optional(),
  provider: z.string().optional(),
  dependencies: z.array(z.string()).optional(),
  aliases: z.array(z.string()).optional(),
  pendingReplacement: z.boolean().optional(),
});

export const checkpointSchema = z.looseObject({
  version: z.literal(3),
  deployment: z.looseObject({
    manifest: z.looseObject({ time: z.string(), magic: z.string(), version: z.string() }),
    secrets_providers: z.looseObject({ type: z.string(), state: z.unknown().optional() }).optional(),
    resources: z.array(resourceSchema).optional(),
  }),
});

export type Checkpoint = z.infer<typeof checkpointSchema>;

const RESOURCE_REFERENCE_SIG = pulumi.runtime.specialResourceSig;
const SECRET_SIG = pulumi.runtime.specialSecretSig;
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
// pkg/resource/stack/deployment.go computedValuePlaceholder: an unknown at the time the state was written.
const COMPUTED_PLACEHOLDER = pulumi.runtime.unknownValue;

export interface CheckpointOptions {
  /** The stack's passphrase: decrypted secrets are fingerprinted the way the plan's are (secret-fingerprints.ts). */
  passphrase?: string;
}

/**
 * The checkpoint's live resources as a baseline. Secrets are decrypted only to be fingerprinted, when
 * the stack's passphrase is given; otherwise they stay opaque ("secret, not compared").
 */
export function checkpointBaseline(checkpoint: Checkpoint, options: CheckpointOptions): Baseline {
  const provider = checkpoint.deployment.secrets_providers;
  const salt = provider?.type === "passphrase" ? (provider.state as { salt?: unknown } | undefined)?.salt : undefined;
  let decrypt: ((ciphertext: string) => string) | undefined;
  let fingerprint: ((value: unknown) => string) | undefined;
  if (options.passphrase !== undefined && typeof salt === "string") {
    try {
      // The passphrase crypter of pkg/secrets/passphrase: the same scheme as secure config values.
      const key = passphraseKey(options.passphrase, salt);
      decrypt = keyDecrypter(key);
      fingerprint = keyFingerprinter(key);
    } catch (error) {
      if (error instanceof PassphraseError)
        throw new BaselineError(`the checkpoint's secrets do not open with PULUMI_CONFIG_PASSPHRASE (${error.message})`);
      throw error;
    }
  }
  const convert = (value: unknown): Comparable => {
    if (value === COMPUTED_PLACEHOLDER) return UNKNOWN;
    if (value === null || value === undefined) return null;
    if (Array.isArray(value)) return value.map(convert);
    if (typeof value !== "object") return value as Comparable;
    const object = value as Record<string, unknown>;
    const sig = object[pulumi.runtime.specialSigKey];
    if (sig === SECRET_SIG) {
      const plaintext =
        typeof object.plaintext === "string"
          ? object.plaintext
          : decrypt && typeof object.ciphertext === "string"
            ? decrypt(object.ciphertext)
            : undefined;
      return new SecretLeaf(plaintext === undefined ? undefined : fingerprint?.(JSON.parse(plaintext)));
    }
    if (sig === RESOURCE_REFERENCE_SIG) return typeof object.urn === "string" ? object.urn : UNKNOWN;
    if (sig === ASSET_SIG) return "[asset]";
    if (sig === ARCHIVE_SIG) return "[archive]";
    return Object.fromEntries(Object.entries(object).map(([key, item]) => [key, convert(item)]));
  };

  const resources: BaselineResource[] = [];
  // Resources marked `delete` are old halves of a replacement the engine still has to delete: not the live copy.
  for (const resource of checkpoint.deployment.resources ?? []) {
    if (resource.delete) continue;
    resources.push({
      urn: resource.urn,
      type: resource.type,
      custom: resource.custom,
      parent: resource.parent ?? null,
      providerUrn: providerUrnOf(resource.provider),
      id: resource.id ?? null,
      protect: resource.protect ?? false,
      retainOnDelete: resource.retainOnDelete ?? false,
      inputs: convert(resource.inputs ?? {}) as ComparableObject,
      outputs: convert(resource.outputs ?? {}) as ComparableObject,
      planned: null,
      aliases: resource.aliases ?? [],
    });
  }
  const root = resources.find((r) => r.type === "pulumi:pulumi:Stack") ?? resources[0];
  if (root === undefined) throw new BaselineError("the checkpoint holds no resources: nothing to compare with");
  return { format: "checkpoint", stack: parseUrn(root.urn).stack, resources, secretsFingerprinted: decrypt !== undefined };
}
