import type * as pulumi from "@pulumi/pulumi";
import type { Profile } from "../../shared/profiles";
import type { ServicesSettings } from "../services-settings";
import { VAULT_LISTENER_TLS } from "./listener-tls";
import type { SnapshotTarget } from "./raft-snapshot-job";

export interface ResolvedSnapshotTarget {
  bucket: SnapshotTarget;
  credentials: { accessKeyId: pulumi.Input<string>; secretAccessKey: pulumi.Input<string> };
}

/**
 * Where the raft snapshots go, or undefined when none are taken: dev mode keeps no data, and a
 * disabled setting takes none. `kind: velero` reuses Velero's external bucket and credentials
 * (the stack config refuses it when Velero's store is in-cluster: raftSnapshotProblems).
 */
export function snapshotTarget(profile: Profile, services: ServicesSettings): ResolvedSnapshotTarget | undefined {
  const snapshots = services.vault.snapshots;
  if (!VAULT_LISTENER_TLS[profile] || !snapshots.enabled) return undefined;
  if (snapshots.storage.kind === "s3") {
    const { bucket, region, endpoint, forcePathStyle, prefix, accessKeyId, secretAccessKey } = snapshots.storage;
    return { bucket: { bucket, region, endpoint, forcePathStyle, prefix }, credentials: { accessKeyId, secretAccessKey } };
  }
  const velero = services.velero.storage;
  if (!services.velero.enabled || velero.kind !== "s3") return undefined;
  const prefix = velero.prefix === undefined ? snapshots.storage.prefix : `${velero.prefix}/${snapshots.storage.prefix}`;
  return {
    bucket: { bucket: velero.bucket, region: velero.region, endpoint: velero.endpoint, forcePathStyle: velero.s3ForcePathStyle, prefix },
    // Its own credentials when given (the stack config requires them outside dev); Velero's otherwise.
    credentials:
      snapshots.storage.accessKeyId !== undefined && snapshots.storage.secretAccessKey !== undefined
        ? { accessKeyId: snapshots.storage.accessKeyId, secretAccessKey: snapshots.storage.secretAccessKey }
        : { accessKeyId: velero.accessKeyId, secretAccessKey: velero.secretAccessKey },
  };
}

/** Stack-level rules: a snapshot outside dev needs somewhere to go and External Secrets to carry its credentials. */
export function raftSnapshotProblems(profile: Profile, services: ServicesSettings): { path: (string | number)[]; message: string }[] {
  const snapshots = services.vault.snapshots;
  if (!services.vault.enabled || !VAULT_LISTENER_TLS[profile] || !snapshots.enabled) return [];
  const at = ["services", "vault", "snapshots"];
  const problems: { path: (string | number)[]; message: string }[] = [];
  if (snapshots.storage.kind === "velero" && (!services.velero.enabled || services.velero.storage.kind !== "s3"))
    problems.push({
      path: [...at, "storage", "kind"],
      message: "'velero' needs Velero with external storage (services.velero.storage.kind: s3); or set kind 's3' with a bucket of its own",
    });
  if (
    snapshots.storage.kind === "velero" &&
    profile !== "dev" &&
    (snapshots.storage.accessKeyId === undefined || snapshots.storage.secretAccessKey === undefined)
  )
    problems.push({
      path: [...at, "storage", "accessKeyId"],
      message:
        "needs credentials of its own (accessKeyId and secretAccessKey, allowed below the prefix only): Velero's reach every backup in the bucket",
    });
  if (!services.externalSecrets.enabled)
    problems.push({
      path: [...at, "enabled"],
      message: "needs External Secrets (services.externalSecrets.enabled) to deliver the upload credentials",
    });
  return problems;
}
