import type { ChartPin, UpstreamFile } from "../kubernetes/chart-pin";
import type { ServiceDescription } from "./service-description";

const COMMIT = /^[0-9a-f]{40}$/;
const VERSION = /^v?(\d+)\.(\d+)\.(\d+)$/;

function fileProblems(file: UpstreamFile, what: string, needsRef: boolean): string[] {
  const problems: string[] = [];
  if (!/^[\w.-]+\/[\w.-]+$/.test(file.repository)) problems.push(`${what}: repository '${file.repository}' is not owner/name`);
  if (!COMMIT.test(file.commit)) problems.push(`${what}: commit '${file.commit}' is not a full 40-hex commit`);
  if (needsRef && !file.ref) problems.push(`${what}: names no tag or branch`);
  if (file.path.trim() === "") problems.push(`${what}: names no path`);
  return problems;
}

const parse = (version: string) => VERSION.exec(version)?.slice(1).map(Number);

/**
 * What is wrong with a pin's evidence and CRD lifecycle (nothing, for a pin the platform may ship):
 * an upstream pin names the tag and commit of its source; a pin ahead of upstream states why, names
 * where it is seen and stays a patch release ahead of an upstream-verified basis; a chart's CRDs never
 * sit in `crds/` without something that upgrades them.
 */
export function chartPinProblems(pin: ChartPin): string[] {
  const at = `${pin.chart} ${pin.version}`;
  const problems: string[] = [];
  const { evidence, crds } = pin;
  if (evidence.appVersion.trim() === "") problems.push(`${at}: evidence names no appVersion`);
  if (evidence.kind === "upstream") problems.push(...fileProblems(evidence.source, `${at}: upstream source`, true));
  else {
    if (evidence.statement.trim() === "") problems.push(`${at}: ${evidence.kind} evidence states no reason`);
    if (evidence.sightings.length === 0) problems.push(`${at}: ${evidence.kind} evidence names no sighting`);
    for (const url of evidence.sightings) if (!/^https:\/\/\S+$/.test(url)) problems.push(`${at}: sighting '${url}' is not an https URL`);
    problems.push(...fileProblems(evidence.basis.source, `${at}: basis`, true));
    const [pinned, basis] = [parse(pin.version), parse(evidence.basis.version)];
    if (!pinned || !basis || pinned[0] !== basis[0] || pinned[1] !== basis[1] || pinned[2]! <= basis[2]!)
      problems.push(`${at}: a pin not verified upstream must be a patch release ahead of its basis, not ${evidence.basis.version}`);
  }
  if (crds.kind === "none") problems.push(...fileProblems(crds.checked, `${at}: CRD check`, false));
  else {
    if (crds.kind === "install-only") problems.push(`${at}: its CRDs sit in crds/ and nothing upgrades them (${crds.how})`);
    else if (crds.kind === "separate-chart") {
      if (crds.chart === pin.chart) problems.push(`${at}: its CRDs cannot come from the chart itself`);
    } else if (Object.keys(crds.values).length === 0 && !(crds.kind === "templates" && crds.unconditional === true))
      problems.push(`${at}: ${crds.kind} CRDs name no values that select them`);
    if (crds.sources.length === 0) problems.push(`${at}: the CRD lifecycle names no source`);
    crds.sources.forEach((source, index) => problems.push(...fileProblems(source, `${at}: CRD source ${index + 1}`, false)));
  }
  return problems;
}

/** A service whose custom resources the platform creates must pin a chart whose CRDs follow the pin. */
export function crdCoverageProblems(services: readonly ServiceDescription[]): string[] {
  return services
    .filter(
      (service) => service.crdGroups.length > 0 && service.chart.crds.kind !== "templates" && service.chart.crds.kind !== "upgrade-hook",
    )
    .map(
      (service) =>
        `${service.title}: creates ${service.crdGroups.join(", ")} resources, but chart ${service.chart.chart} has CRD lifecycle '${service.chart.crds.kind}'`,
    );
}
