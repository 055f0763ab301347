import { asObject, textOf, type Json } from "./kubernetes-objects";
import { objectsOfKind, type PlacedObject } from "./resource-index";
import { schemaWithDefaults, withDefaults, type StackRule } from "./rule";
import { appNamespaces } from "./tenancy";
import { settleUnknowns, UNKNOWN_INPUT_DEFAULTS, unknownInputs, type UnknownInputConfig } from "./unknown-values";

/**
 * Volumes reach the node or another tenant's data without a pod ever naming a hostPath: a
 * PersistentVolume with a hostPath (or a `local` path) is bound into any namespace by a claim, a
 * claim naming a volume takes that volume (another tenant's released one included), and a
 * cross-namespace data source copies another namespace's volume. Apps get volumes only by dynamic
 * provisioning (the Kyverno CEL rule in policies/kyverno/tenancy-rules.ts checks claims the same way).
 */
/** PersistentVolume sources that are a path on a node. */
export const NODE_PATH_VOLUME_SOURCES: readonly string[] = ["hostPath", "local"];

/** What is wrong with a PersistentVolumeClaim in the app namespace `namespace`. */
export function claimProblems(claim: Json, namespace: string): string[] {
  const spec = asObject(claim.spec);
  const problems: string[] = [];
  if (spec.volumeName !== undefined && spec.volumeName !== "")
    problems.push(
      `spec.volumeName binds the existing volume '${textOf(spec.volumeName)}' (another tenant's, or a node path) instead of a provisioned one`,
    );
  for (const field of ["dataSource", "dataSourceRef"]) {
    const source = asObject(spec[field]);
    if (source.namespace !== undefined && source.namespace !== namespace)
      problems.push(`spec.${field} copies data from namespace '${textOf(source.namespace)}'`);
  }
  return problems;
}

/** What is wrong with a PersistentVolume the plan creates, given the app namespaces. */
export function volumeProblems(volume: Json, appNamespaceNames: ReadonlySet<string>): string[] {
  const spec = asObject(volume.spec);
  const problems = NODE_PATH_VOLUME_SOURCES.filter((source) => spec[source] !== undefined).map(
    (source) => `spec.${source} exposes a node path to whichever claim binds it`,
  );
  const claimNamespace = asObject(spec.claimRef).namespace;
  if (typeof claimNamespace === "string" && appNamespaceNames.has(claimNamespace))
    problems.push(`spec.claimRef binds this hand-made volume into app namespace '${claimNamespace}'`);
  return problems;
}

const STORAGE_DEFAULTS = { ...UNKNOWN_INPUT_DEFAULTS };

export const persistentVolumesProvisioned: StackRule = {
  configSchema: schemaWithDefaults(STORAGE_DEFAULTS),
  validateStack: (args, report) => {
    const config = withDefaults(STORAGE_DEFAULTS, args.getConfig<Partial<UnknownInputConfig>>());
    const appNames = new Set(appNamespaces(args.resources).map((namespace) => namespace.name));
    const unknowns: { path: string; subject: string; urn: string }[] = [];
    const subjectOf = (placed: PlacedObject) => `${placed.object.type} '${placed.object.name}'`;
    const check = (placed: PlacedObject, needs: string[], problems: () => string[], where = "") => {
      const unknown = unknownInputs(placed.object.body, needs);
      if (unknown.length > 0) unknowns.push(...unknown.map((path) => ({ path, subject: subjectOf(placed), urn: placed.resource.urn })));
      else for (const problem of problems()) report(`${subjectOf(placed)}${where}: ${problem}`, placed.resource.urn);
    };
    for (const placed of objectsOfKind(args.resources, "PersistentVolume"))
      check(placed, ["spec"], () => volumeProblems(placed.object.body, appNames));
    for (const placed of objectsOfKind(args.resources, "PersistentVolumeClaim")) {
      if (placed.namespace === undefined)
        unknowns.push({ path: "metadata.namespace", subject: subjectOf(placed), urn: placed.resource.urn });
      else if (appNames.has(placed.namespace))
        check(
          placed,
          ["spec.volumeName", "spec.dataSource", "spec.dataSourceRef"],
          () => claimProblems(placed.object.body, placed.namespace!),
          ` in app namespace '${placed.namespace}'`,
        );
    }
    settleUnknowns(unknowns, config, report);
  },
};
