/**
 * Secrets External Secrets writes carry `reconcile.external-secrets.io/managed: "true"`
 * (external-secrets apis/externalsecrets/v1 externalsecret_types.go, LabelManaged). They come back
 * from Vault after a restore, so a backup must not hold a copy of them: every backup selects only
 * objects without that label. The selector is a label-selector requirement (BackupSpec
 * `labelSelector`, velero.io_schedules.yaml) that every other object satisfies. Data only: the
 * policy pack reads it too.
 */
export const ESO_MANAGED_LABEL = "reconcile.external-secrets.io/managed";
export const WITHOUT_SYNCED_SECRETS = { matchExpressions: [{ key: ESO_MANAGED_LABEL, operator: "DoesNotExist" }] } as const;
