import { DRILL_RUNNER_USERNAME, DRILL_TARGET_PATTERN } from "../../components/platform/restore-drills/names";
import { celString } from "./cel-literals";
import type { CelRule } from "./cel-rules";

/**
 * What a restore drill's Restore may do. Velero runs a Restore with its own cluster-wide rights,
 * so RBAC on who may create Restores cannot bound what gets restored where: this rule does, for
 * every Restore the drill runner creates or changes (matched by the requesting user, which the
 * runner cannot choose). Fields of velero.io/v1 Restore (velero.io_restores.yaml, Velero 1.18.1):
 * - `includedNamespaces` empty means every namespace of the backup, and a glob many: listed exactly;
 * - `namespaceMapping`: an unmapped namespace is restored under its own name, over production;
 * - `includeClusterResources` unset restores the cluster-scoped objects the namespaced ones
 *   reference (restore-reference.md): it must be false;
 * - `hooks` (init containers with any image, commands in restored pods), `resourceModifier`
 *   (JSON patches, a namespace among them) and `existingResourcePolicy: update` (overwrites what
 *   exists) are not for drills.
 */
export function restoreCelRules(): Readonly<Record<string, CelRule>> {
  return {
    "drill-restores-confined": {
      resource: "requested-by",
      kinds: [{ apiGroups: ["velero.io"], apiVersions: ["v1"], resources: ["restores"] }],
      username: DRILL_RUNNER_USERNAME,
      variables: [
        { name: "included", expression: "object.spec.?includedNamespaces.orValue([])" },
        { name: "mapping", expression: "object.spec.?namespaceMapping.orValue({})" },
      ],
      validations: [
        {
          expression:
            "size(variables.included) > 0 && variables.included.all(ns, !ns.contains('*') && !ns.contains('?') && !ns.contains('['))",
          message: "A drill Restore lists the namespaces it restores by name (no empty list, which means all, and no globs).",
        },
        {
          expression: "variables.included.all(ns, ns in variables.mapping)",
          message: "A drill Restore maps every namespace it restores (namespaceMapping); an unmapped one would be restored in place.",
        },
        {
          expression: `variables.mapping.all(source, variables.mapping[source].matches(${celString(DRILL_TARGET_PATTERN)}))`,
          message: "A drill Restore maps namespaces only into drill namespaces (<app>-drill-<environment>).",
        },
        {
          expression: "object.spec.?includeClusterResources.orValue(true) == false",
          message: "A drill Restore restores no cluster-scoped resources: set includeClusterResources: false.",
        },
        {
          expression:
            "size(object.spec.?hooks.?resources.orValue([])) == 0 && !has(object.spec.resourceModifier) && object.spec.?existingResourcePolicy.orValue('none') == 'none'",
          message: "A drill Restore runs no hooks, applies no resource modifiers and overwrites nothing (existingResourcePolicy none).",
        },
      ],
    },
  };
}
