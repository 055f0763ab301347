import { z } from "zod";
import type { Profile } from "../../shared/profiles";
import { serviceSettings, type SecretField } from "../service-settings";
import { raftSnapshotSettings } from "./raft-snapshot-settings";

// Values end up inside Vault's HCL server config, so keep them to characters that need no escaping there.
const HCL_SAFE = /^[A-Za-z0-9][A-Za-z0-9_.:/@-]*$/;
const hclSafe = (description: string) =>
  z.string().regex(HCL_SAFE, "must contain only letters, digits and _ . : / @ - (and start with a letter or digit)").meta({ description });

const url = (description: string) =>
  z.url({ protocol: /^https?$/, message: "must be an absolute http(s) URL, for example https://vault.example.com" }).meta({ description });

const QUANTITY = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti)$/;

const AWS_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[A-Za-z0-9+=,.@_/-]+$/;
const GCP_SERVICE_ACCOUNT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]*[a-z0-9]\.iam\.gserviceaccount\.com$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A required identity block: its own message names what to set, instead of "expected object". */
const identityRequired = (fix: string) => ({
  error: (issue: { input?: unknown }) =>
    issue.input === undefined ? `required: without it the Vault pods have no credentials for the key and stay sealed; ${fix}` : undefined,
});

/**
 * How the Vault server pods authenticate to the cloud KMS. Each kind is wired into the chart
 * (server.serviceAccount.annotations, server.extraLabels; see values.ts and seal-identity.ts).
 */
const awsIdentity = z.discriminatedUnion(
  "kind",
  [
    z
      .strictObject({
        kind: z
          .literal("irsa")
          .meta({ description: "IAM Roles for Service Accounts: the server service account is annotated with the role." }),
        roleArn: z
          .string()
          .regex(AWS_ROLE_ARN, "must be an IAM role ARN such as arn:aws:iam::123456789012:role/vault-unseal")
          .meta({ description: "Role the pods assume (kms:Encrypt, kms:Decrypt, kms:DescribeKey on the key)." }),
      })
      .meta({ description: "IRSA." }),
    z
      .strictObject({
        kind: z
          .literal("pod-identity")
          .meta({ description: "EKS Pod Identity: an association for service account vault/vault, created on the AWS side." }),
      })
      .meta({ description: "EKS Pod Identity (no annotation; the association names the namespace and service account)." }),
  ],
  identityRequired("set services.vault.autoUnseal.identity to { kind: irsa, roleArn: <arn> } or { kind: pod-identity }"),
);

function autoUnsealSchema(secret: SecretField) {
  return z
    .discriminatedUnion("kind", [
      z
        .strictObject({
          kind: z.literal("transit").meta({ description: "Unseal through the transit secrets engine of another Vault." }),
          address: url("Address of the Vault that holds the transit key (https outside dev)."),
          keyName: hclSafe("Name of the transit key."),
          mountPath: hclSafe("Mount path of the transit secrets engine.").default("transit/"),
          token: secret(
            "services.vault.autoUnseal.token",
            "Token for the transit Vault (its identity); delivered to the pods as VAULT_TOKEN from a Kubernetes Secret.",
          ),
        })
        .meta({ description: "Transit auto-unseal." }),
      z
        .strictObject({
          kind: z.literal("awskms").meta({ description: "Unseal with an AWS KMS key." }),
          region: hclSafe("AWS region of the KMS key, for example eu-central-1."),
          kmsKeyId: hclSafe("KMS key ID, ARN or alias, for example alias/vault-unseal."),
          endpoint: url("KMS endpoint, for example a VPC endpoint.").optional(),
          identity: awsIdentity.meta({ description: "How the pods get AWS credentials: IRSA or EKS Pod Identity." }),
        })
        .meta({ description: "AWS KMS auto-unseal." }),
      z
        .strictObject({
          kind: z.literal("gcpckms").meta({ description: "Unseal with a Google Cloud KMS key." }),
          project: hclSafe("GCP project ID."),
          region: hclSafe("Location of the key ring, for example global."),
          keyRing: hclSafe("Key ring name."),
          cryptoKey: hclSafe("Crypto key name."),
          identity: z
            .strictObject(
              {
                serviceAccount: z
                  .string()
                  .regex(
                    GCP_SERVICE_ACCOUNT,
                    "must be a Google service account e-mail such as vault-unseal@my-project.iam.gserviceaccount.com",
                  )
                  .meta({ description: "Google service account bound to vault/vault through GKE Workload Identity." }),
              },
              identityRequired("set services.vault.autoUnseal.identity.serviceAccount to the Google service account"),
            )
            .meta({ description: "GKE Workload Identity: the server service account is annotated with the Google service account." }),
        })
        .meta({ description: "GCP Cloud KMS auto-unseal." }),
      z
        .strictObject({
          kind: z.literal("azurekeyvault").meta({ description: "Unseal with an Azure Key Vault key." }),
          tenantId: z.string().regex(UUID, "must be the Entra tenant ID (a UUID)").meta({ description: "Entra (Azure AD) tenant ID." }),
          vaultName: hclSafe("Name of the Azure Key Vault."),
          keyName: hclSafe("Name of the key in it (RSA, wrapKey/unwrapKey)."),
          identity: z
            .strictObject(
              {
                clientId: z
                  .string()
                  .regex(UUID, "must be the client ID (a UUID) of the user-assigned managed identity")
                  .meta({ description: "Client ID of the managed identity federated with vault/vault." }),
              },
              identityRequired("set services.vault.autoUnseal.identity.clientId to the managed identity's client ID"),
            )
            .meta({ description: "Azure Workload Identity: service account annotation and pod label." }),
        })
        .meta({ description: "Azure Key Vault auto-unseal." }),
    ])
    .optional()
    .meta({ description: "Auto-unseal outside dev; required in prod. Without it, every restarted pod must be unsealed by hand." });
}

/** `services.vault` in the stack config. */
export const vaultSettings = (secret: SecretField) =>
  serviceSettings("Vault: secrets store, with its mounts, auth methods and policies managed through the Vault provider.", {
    configure: z
      .boolean()
      .optional()
      .meta({
        description:
          "Configure Vault (KV mount, audit, auth methods, policies) through the Vault provider. Default: true in dev; outside dev " +
          "leave it false until Vault is initialised (docs/runbooks/vault-bootstrap.md).",
      }),
    token: secret(
      "services.vault.token",
      "Vault token the provider uses outside dev (dev uses the generated root token); required when `configure` is true.",
    ).optional(),
    autoUnseal: autoUnsealSchema(secret),
    audit: z.boolean().default(true).meta({ description: "Enable the file audit device writing to stdout; must stay on in prod." }),
    snapshots: raftSnapshotSettings(secret),
    injector: z
      .boolean()
      .default(false)
      .meta({ description: "Install the Vault Agent injector (External Secrets is the default delivery)." }),
    storage: z
      .strictObject({
        size: z
          .string()
          .regex(QUANTITY, "must be a storage quantity such as 10Gi")
          .default("10Gi")
          .meta({ description: "Raft PVC size per replica." }),
        storageClass: z.string().min(1).optional().meta({ description: "StorageClass of the raft PVCs (cluster default when unset)." }),
      })
      .prefault({})
      .meta({ description: "Raft storage outside dev (dev mode keeps everything in memory)." }),
    providerAddress: url("Address the Vault provider uses instead of https://vault.<domain>, for example a port-forward.").optional(),
    tlsSkipVerify: z
      .boolean()
      .optional()
      .meta({ description: "Skip TLS verification in the Vault provider. Default: true in dev (self-signed issuer), false otherwise." }),
    caCertFile: z
      .string()
      .min(1)
      .optional()
      .meta({ description: "PEM file (on the machine running Pulumi) that signs Vault's ingress certificate." }),
  });

export type VaultSettings = z.output<ReturnType<typeof vaultSettings>>;

export interface SettingsProblem {
  path: (string | number)[];
  message: string;
}

/**
 * Rules that need the profile as well as `services.vault`. Paths are full stack-config
 * paths, so the same rules can serve as stack-level cross-field rules.
 */
export function vaultSettingsProblems(profile: Profile, settings: VaultSettings): SettingsProblem[] {
  const at = (key: string) => ["services", "vault", key];
  const problems: SettingsProblem[] = [];
  if (profile === "dev") {
    if (settings.token !== undefined)
      problems.push({ path: at("token"), message: "not used in dev: the component generates the dev root token; remove the key" });
    if (settings.autoUnseal !== undefined)
      problems.push({ path: at("autoUnseal"), message: "not used in dev: dev mode starts unsealed; remove the key" });
    return problems;
  }
  if (settings.configure === true && settings.token === undefined)
    problems.push({
      path: at("token"),
      message:
        "required when configure is true outside dev: initialise Vault (docs/runbooks/vault-bootstrap.md), then run " +
        "'pulumi config set --secret --path services.vault.token <token>'",
    });
  if (profile === "prod" && !settings.audit) problems.push({ path: at("audit"), message: "must stay enabled in prod" });
  if (profile === "prod" && !settings.snapshots.enabled)
    problems.push({
      path: [...at("snapshots"), "enabled"],
      message: "must stay enabled in prod: a file copy of a live raft database is no backup (docs/services/vault.md)",
    });
  if (profile === "prod" && settings.autoUnseal === undefined)
    problems.push({ path: at("autoUnseal"), message: "required in prod: configure transit, awskms, gcpckms or azurekeyvault auto-unseal" });
  if (settings.autoUnseal?.kind === "transit" && !settings.autoUnseal.address.startsWith("https://"))
    problems.push({
      path: [...at("autoUnseal"), "address"],
      message: "must be https outside dev: the transit token travels with every unseal request",
    });
  if (settings.providerAddress !== undefined && !settings.providerAddress.startsWith("https://"))
    problems.push({
      path: at("providerAddress"),
      message:
        "must be https outside dev: the provider sends the admin token with every request (a port-forward: https://127.0.0.1:8200 with caCertFile)",
    });
  return problems;
}
