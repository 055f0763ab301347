import { CLUSTER_INTERNAL, CNPG_GROUP, MIN_TLS_VERSIONS, PG_HBA_REJECT_PLAINTEXT } from "../crossguard/backing-services";
import { celList, celString } from "./cel-literals";
import type { CelRule } from "./cel-rules";

/**
 * The Kyverno side of backing-services-private-encrypted over CloudNativePG Clusters at admission,
 * with the values the CrossGuard side reads (policies/crossguard/backing-services.ts). Valkey is a
 * Helm release, which admission never sees: its Services fall under app-services-cluster-internal.
 */
export function backingServiceCelRules(): Readonly<Record<string, CelRule>> {
  const hba = "object.spec.?postgresql.?pg_hba.orValue([])";
  return {
    "backing-services-private-encrypted": {
      resource: "app-namespaced",
      kinds: [{ apiGroups: [CNPG_GROUP], apiVersions: ["v1"], resources: ["clusters"] }],
      variables: [],
      validations: [
        {
          expression: `object.spec.?managed.?services.?additional.orValue([]).all(s, s.?serviceTemplate.?spec.?type.orValue(${celString(CLUSTER_INTERNAL)}) == ${celString(CLUSTER_INTERNAL)})`,
          message: "Database Services (spec.managed.services.additional) must be ClusterIP: no LoadBalancer or NodePort.",
        },
        {
          expression: "object.spec.?enableSuperuserAccess.orValue(false) == false",
          message: "spec.enableSuperuserAccess must stay false.",
        },
        {
          expression: `size(${hba}) >= ${PG_HBA_REJECT_PLAINTEXT.length} && ${PG_HBA_REJECT_PLAINTEXT.map((line, index) => `${hba}[${index}] == ${celString(line)}`).join(" && ")}`,
          message: `spec.postgresql.pg_hba must start with ${PG_HBA_REJECT_PLAINTEXT.join(", ")} (TLS only).`,
        },
        {
          expression: `!has(object.spec.postgresql) || !has(object.spec.postgresql.parameters) || object.spec.postgresql.parameters.?ssl_min_protocol_version.orValue(${celString(MIN_TLS_VERSIONS[0]!)}) in ${celList(MIN_TLS_VERSIONS)}`,
          message: `ssl_min_protocol_version must be ${MIN_TLS_VERSIONS.join(" or ")}.`,
        },
      ],
    },
  };
}
