import { SERVICE_NAMES, type ServiceName } from "../shared/service-names";
import { SERVICE_DESCRIPTIONS, SERVICES } from "./service-catalog";

export interface RequirementProblem {
  path: string[];
  message: string;
}

const unique = (items: readonly string[]) => [...new Set(items)];
const inWords = (items: readonly string[]) => (items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`);

/** The services that require `dependency`, with what for. */
const dependentsOf = (dependency: ServiceName) =>
  SERVICES.flatMap(({ service, requires }) => requires.filter((r) => r.service === dependency).map((r) => ({ service, for: r.for })));

/** Services some other service requires, in `SERVICE_NAMES` order. */
const DEPENDENCIES = SERVICE_NAMES.filter((service) => dependentsOf(service).length > 0);

/** The rule in words for docs/configuration.md, from the descriptions' `requires`. */
export const SERVICE_REQUIREMENTS_RULE = `Services stay enabled while enabled services require them: ${DEPENDENCIES.map((dependency) => {
  const dependents = dependentsOf(dependency);
  const verb = dependents.length === 1 ? "needs" : "need";
  const why = unique(dependents.map((d) => d.for)).join(", ");
  return `${inWords(dependents.map((d) => SERVICE_DESCRIPTIONS[d.service].title))} ${verb} ${SERVICE_DESCRIPTIONS[dependency].title} (${why})`;
}).join("; ")}.`;

/** One problem per disabled service that enabled services require, at its `enabled` key, naming all of them. */
export function serviceRequirementProblems(enabled: (service: ServiceName) => boolean): RequirementProblem[] {
  return DEPENDENCIES.filter((dependency) => !enabled(dependency)).flatMap((dependency) => {
    const dependents = dependentsOf(dependency).filter((d) => enabled(d.service));
    if (dependents.length === 0) return [];
    const keys = unique(dependents.map((d) => d.service));
    const verb = keys.length === 1 ? "needs" : "need";
    const why = unique(dependents.map((d) => d.for)).join(", ");
    const disable = keys.length === 1 ? `services.${keys[0]}` : "those services";
    return [
      {
        path: ["services", dependency, "enabled"],
        message: `${SERVICE_DESCRIPTIONS[dependency].title} is disabled, but ${keys.join(", ")} ${verb} it (${why}); enable services.${dependency} or disable ${disable}`,
      },
    ];
  });
}
