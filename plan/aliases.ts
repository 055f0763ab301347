/**
 * Alias URNs as the Pulumi engine resolves them, so the plan can say which URNs of an earlier
 * state each resource takes over. The SDK sends alias specs (the mock monitor supports
 * `aliasSpecs`); the engine turns them into URNs and multiplies out the parent's aliases for
 * every child (pulumi/pulumi pkg/resource/deploy/step_generator.go `generateAliases` and
 * `inheritedChildAlias`; source_eval.go for the spec defaults). No library exposes this, hence
 * the few lines here.
 */

/** One alias as the SDK registers it: a whole URN, or a spec whose unset fields default to the resource's own. */
export type AliasSpec =
  { urn: string } | { name?: string; type?: string; stack?: string; project?: string; parentUrn?: string; noParent?: boolean };

export interface AliasedRegistration {
  urn: string;
  type: string;
  name: string;
  parent?: string;
  aliases: readonly AliasSpec[];
}

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

interface UrnParts {
  stack: string;
  project: string;
  qualifiedType: string;
  name: string;
}

export function parseUrn(urn: string): UrnParts {
  const [stack, project, qualifiedType, ...name] = urn.replace(/^urn:pulumi:/, "").split("::");
  if (stack === undefined || project === undefined || qualifiedType === undefined || name.length === 0)
    throw new Error(`not a Pulumi URN: ${urn}`);
  return { stack, project, qualifiedType, name: name.join("::") };
}

/** `resource.NewURN`: the parent's qualified type prefixes the type, except for the root stack. */
export function newUrn(stack: string, project: string, parentType: string, type: string, name: string): string {
  const qualified = parentType === "" || parentType === ROOT_STACK_TYPE ? type : `${parentType}$${type}`;
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

function specUrn(resource: AliasedRegistration, alias: AliasSpec): string {
  if ("urn" in alias) return alias.urn;
  const own = parseUrn(resource.urn);
  const parent = alias.noParent ? undefined : (alias.parentUrn ?? resource.parent);
  const parentType = parent === undefined ? "" : parseUrn(parent).qualifiedType;
  return newUrn(
    alias.stack ?? own.stack,
    alias.project ?? own.project,
    parentType,
    alias.type ?? resource.type,
    alias.name ?? resource.name,
  );
}

function inheritedChildAlias(childType: string, childName: string, parentName: string, parentAlias: string): string {
  const alias = parseUrn(parentAlias);
  const name = childName.startsWith(parentName) ? alias.name + childName.slice(parentName.length) : childName;
  return newUrn(alias.stack, alias.project, alias.qualifiedType, childType, name);
}

/**
 * URN -> every URN the resource is also known by. Registrations must come parents first (the
 * order the SDK registers them in).
 */
export function resolveAliases(registrations: readonly AliasedRegistration[]): Map<string, string[]> {
  const byUrn = new Map(registrations.map((r) => [r.urn, r]));
  const resolved = new Map<string, string[]>();
  for (const resource of registrations) {
    const found = new Set<string>();
    const own = resource.aliases.map((alias) => specUrn(resource, alias));
    own.forEach((urn) => found.add(urn));
    const parent = resource.parent === undefined ? undefined : byUrn.get(resource.parent);
    for (const parentAlias of parent ? (resolved.get(parent.urn) ?? []) : []) {
      found.add(inheritedChildAlias(resource.type, resource.name, parent!.name, parentAlias));
      for (const urn of own) {
        const child = parseUrn(urn);
        const childType = child.qualifiedType.split("$").pop()!;
        found.add(inheritedChildAlias(childType, child.name, parent!.name, parentAlias));
      }
    }
    found.delete(resource.urn);
    resolved.set(resource.urn, [...found].sort());
  }
  return resolved;
}
