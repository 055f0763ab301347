/**
 * CycloneDX 1.6 SBOM of the platform itself: the Helm charts it pins, the
 * container images it sets, its Pulumi provider plugins and the production npm
 * tree of the program. Chart-internal images are covered by their chart's
 * version (the charts pin them; the project pins no digests of its own).
 */
import * as CDX from "@cyclonedx/cyclonedx-library";
import { PackageURL } from "packageurl-js";
import { describeUpstreamFile, upstreamFileUrl, type ChartPin } from "../components/kubernetes/chart-pin";
import { parseImageReference, type ToolImage } from "../components/onboarding/pipeline/tool-images";
import type { PlanDocument } from "../plan/plan-document";
import { productionTree, type NpmPackage, type PackageLock } from "./npm-dependencies";
import { HELM_RELEASE, ofType, releaseValueImages } from "./plan-queries";
import { SBOM_FORMAT } from "../stacks/sbom-reference";

export const SBOM_SPEC = CDX.Spec.Spec1dot6;

export interface PlatformSbomInputs {
  platform: { name: string; version: string };
  charts: readonly ChartPin[];
  toolImages: Readonly<Record<string, ToolImage>>;
  /** Provider plugins and images set in release values come from the plan. */
  plan: PlanDocument;
  packageJson: { dependencies?: Record<string, string> };
  lock: PackageLock;
  timestamp?: Date;
  /** `urn:uuid:…`; omitted when not given so that tests are deterministic. */
  serialNumber?: string;
}

/** One pinned chart as the report lists it: why its version is believed, and how its CRDs upgrade. */
export interface ChartPinRow {
  chart: string;
  version: string;
  evidence: ChartPin["evidence"]["kind"];
  /** The source read (upstream), or the basis and the reason (announced, third-party). */
  source: string;
  crds: ChartPin["crds"]["kind"];
}

export interface SbomSummary {
  format: string;
  components: number;
  charts: number;
  chartPins: ChartPinRow[];
  images: number;
  providers: number;
  npmPackages: number;
}

export interface PlatformSbom {
  bom: CDX.Models.Bom;
  /** The normalized JSON document (what `platform.cdx.json` contains). */
  json: CDX.Serialize.JSON.Types.Normalized.Bom;
  summary: SbomSummary;
}

const { ComponentType, ExternalReferenceType, HashAlgorithm } = CDX.Enums;
const KIND = "delivery-platform:kind";

const purl = (type: string, namespace: string | undefined, name: string, version?: string, qualifiers?: Record<string, string>) =>
  new PackageURL(type, namespace, name, version, qualifiers, undefined).toString();

/** Classic Helm repositories have no purl type: `pkg:generic` with the repository as qualifier; OCI charts are `pkg:oci`. */
function chartComponent(pin: ChartPin): CDX.Models.Component {
  const oci = pin.repository.startsWith("oci://");
  const component = new CDX.Models.Component(ComponentType.Application, pin.chart, {
    bomRef: `chart:${pin.chart}@${pin.version}`,
    version: pin.version,
    description: "Helm chart",
    purl: oci
      ? purl("oci", undefined, pin.chart, undefined, {
          repository_url: `${pin.repository.replace(/^oci:\/\//, "")}/${pin.chart}`,
          tag: pin.version,
        })
      : purl("generic", undefined, pin.chart, pin.version, { repository_url: pin.repository }),
  });
  component.externalReferences.add(
    new CDX.Models.ExternalReference(oci ? `${pin.repository}/${pin.chart}` : pin.repository, ExternalReferenceType.Distribution),
  );
  component.properties.add(new CDX.Models.Property(KIND, "helm-chart"));
  addPinEvidence(component, pin);
  return component;
}

/**
 * Why the pinned version is believed to exist (chart-pin.ts), and how the chart's CRDs follow the pin,
 * as properties; the source read and the sightings as external references.
 */
function addPinEvidence(component: CDX.Models.Component, pin: ChartPin): void {
  const property = (name: string, value: string) => component.properties.add(new CDX.Models.Property(`delivery-platform:${name}`, value));
  const { evidence, crds } = pin;
  property("pin-evidence", evidence.kind);
  property("app-version", evidence.appVersion);
  const source = evidence.kind === "upstream" ? evidence.source : evidence.basis.source;
  component.externalReferences.add(
    new CDX.Models.ExternalReference(upstreamFileUrl(source), ExternalReferenceType.VCS, {
      comment:
        evidence.kind === "upstream"
          ? "chart source at the release tag"
          : `basis ${evidence.basis.version}: the newest version read upstream`,
    }),
  );
  if (evidence.kind === "upstream") property("pin-source", describeUpstreamFile(evidence.source));
  else {
    property("pin-statement", evidence.statement);
    property("pin-basis", `${evidence.basis.version}: ${describeUpstreamFile(evidence.basis.source)}`);
    for (const url of evidence.sightings)
      component.externalReferences.add(
        new CDX.Models.ExternalReference(url, ExternalReferenceType.Other, { comment: `release of ${pin.version} seen here` }),
      );
  }
  property("crd-upgrade", crds.kind);
  if (crds.kind === "templates" || crds.kind === "upgrade-hook") property("crd-kept-on-uninstall", String(crds.keptOnUninstall));
}

const chartPinRow = ({ chart, version, evidence, crds }: ChartPin): ChartPinRow => ({
  chart,
  version,
  evidence: evidence.kind,
  source:
    evidence.kind === "upstream"
      ? describeUpstreamFile(evidence.source)
      : `basis ${evidence.basis.version} (${describeUpstreamFile(evidence.basis.source)}); ${evidence.statement}`,
  crds: crds.kind,
});

/** Images by digest where pinned, otherwise by tag (`pkg:oci` keeps the tag as a qualifier). */
function imageComponent(reference: string, use: string): CDX.Models.Component {
  const ref = parseImageReference(reference);
  const name = ref.repository.split("/").pop()!;
  const component = new CDX.Models.Component(ComponentType.Container, `${ref.registry}/${ref.repository}`, {
    bomRef: `image:${reference}`,
    version: ref.digest ?? ref.tag,
    description: use,
    purl: purl("oci", undefined, name, ref.digest, {
      repository_url: `${ref.registry}/${ref.repository}`,
      ...(ref.tag ? { tag: ref.tag } : {}),
    }),
  });
  if (ref.digest) component.hashes.set(HashAlgorithm["SHA-256"], ref.digest.replace(/^sha256:/, ""));
  component.properties.add(new CDX.Models.Property(KIND, "container-image"));
  return component;
}

function providerComponent(pkg: string, version: string, downloadUrl: string | null): CDX.Models.Component {
  const github = downloadUrl ? /^github:\/\/api\.github\.com\/([^/]+)\/([^/]+)$/.exec(downloadUrl) : null;
  const component = new CDX.Models.Component(ComponentType.Application, `pulumi-resource-${pkg}`, {
    bomRef: `provider:${pkg}@${version}`,
    version,
    description: "Pulumi provider plugin",
    purl: github ? purl("github", github[1], github[2]!, `v${version}`) : purl("generic", undefined, `pulumi-resource-${pkg}`, version),
  });
  if (downloadUrl) component.externalReferences.add(new CDX.Models.ExternalReference(downloadUrl, ExternalReferenceType.Distribution));
  component.properties.add(new CDX.Models.Property(KIND, "pulumi-provider"));
  return component;
}

/** `sha512-<base64>` integrity to a CycloneDX hash. */
function integrityHash(integrity: string): [CDX.Enums.HashAlgorithm, string] | undefined {
  const match = /^(sha512|sha384|sha256|sha1)-(.+)$/.exec(integrity.split(" ")[0] ?? "");
  if (!match) return undefined;
  const algorithm = {
    sha512: HashAlgorithm["SHA-512"],
    sha384: HashAlgorithm["SHA-384"],
    sha256: HashAlgorithm["SHA-256"],
    sha1: HashAlgorithm["SHA-1"],
  }[match[1] as "sha512"];
  return [algorithm, Buffer.from(match[2]!, "base64").toString("hex")];
}

/** SPDX ids as ids, compound expressions as expressions, anything else by name (the lockfile's `license` is free text). */
function licenseOf(license: string): CDX.Models.License {
  if (/\s(OR|AND|WITH)\s/.test(license)) return new CDX.Models.LicenseExpression(license);
  const id = CDX.SPDX.fixupSpdxId(license);
  return id !== undefined ? new CDX.Models.SpdxLicense(id) : new CDX.Models.NamedLicense(license);
}

function npmComponent(pkg: NpmPackage): CDX.Models.Component {
  const [group, name] = pkg.name.startsWith("@") ? (pkg.name.split("/") as [string, string]) : [undefined, pkg.name];
  const component = new CDX.Models.Component(ComponentType.Library, name, {
    bomRef: `npm:${pkg.path}`,
    version: pkg.version,
    ...(group ? { group } : {}),
    purl: purl("npm", group, name, pkg.version),
  });
  const hash = pkg.integrity ? integrityHash(pkg.integrity) : undefined;
  if (hash) component.hashes.set(hash[0], hash[1]);
  if (pkg.license) component.licenses.add(licenseOf(pkg.license));
  return component;
}

/** The provider plugins the plan requests; the SDK packages' versions stand in where the plan leaves the version to the engine. */
function providers(inputs: PlatformSbomInputs): { pkg: string; version: string; downloadUrl: string | null }[] {
  const found = new Map<string, { pkg: string; version: string; downloadUrl: string | null }>();
  const sdkVersion = (pkg: string) => inputs.packageJson.dependencies?.[`@pulumi/${pkg}`];
  for (const resource of inputs.plan.resources.filter((r) => r.type.startsWith("pulumi:providers:"))) {
    const pkg = resource.type.replace("pulumi:providers:", "");
    const version = resource.pluginVersion ?? sdkVersion(pkg);
    if (version === undefined) throw new Error(`provider ${resource.urn} has no plugin version and no @pulumi/${pkg} in package.json`);
    found.set(`${pkg}@${version}`, { pkg, version, downloadUrl: resource.pluginDownloadURL });
  }
  // Providers the program always ships with, even when a stack does not instantiate them.
  for (const pkg of ["kubernetes", "vault", "random"]) {
    const version = sdkVersion(pkg);
    if (version !== undefined && ![...found.values()].some((p) => p.pkg === pkg))
      found.set(`${pkg}@${version}`, { pkg, version, downloadUrl: null });
  }
  return [...found.values()].sort((a, b) => (a.pkg < b.pkg ? -1 : 1));
}

export function platformSbom(inputs: PlatformSbomInputs): PlatformSbom {
  const bom = new CDX.Models.Bom();
  if (inputs.serialNumber) bom.serialNumber = inputs.serialNumber;
  const root = new CDX.Models.Component(ComponentType.Platform, inputs.platform.name, {
    bomRef: "platform",
    version: inputs.platform.version,
  });
  bom.metadata.component = root;
  if (inputs.timestamp) bom.metadata.timestamp = inputs.timestamp;
  bom.metadata.properties.add(new CDX.Models.Property("delivery-platform:stack", inputs.plan.stack));

  const add = (component: CDX.Models.Component) => {
    bom.components.add(component);
    root.dependencies.add(component.bomRef);
    return component;
  };

  const charts = inputs.charts.map((pin) => add(chartComponent(pin)));

  const images = new Map<string, string>();
  for (const [tool, image] of Object.entries(inputs.toolImages)) images.set(image.reference, `pipeline tool image '${tool}'`);
  for (const release of ofType(inputs.plan, HELM_RELEASE))
    for (const [path, reference] of releaseValueImages(release.inputs.values))
      images.set(reference, `set in ${release.name} values ${path}`);
  const imageComponents = [...images.entries()].map(([reference, use]) => add(imageComponent(reference, use)));

  const tree = productionTree(inputs.lock);
  const npm = new Map(tree.packages.map((pkg) => [pkg.path, npmComponent(pkg)]));
  for (const pkg of tree.packages) {
    const component = npm.get(pkg.path)!;
    for (const dependency of pkg.dependsOn) component.dependencies.add(npm.get(dependency)!.bomRef);
    bom.components.add(component);
  }
  for (const path of tree.direct) root.dependencies.add(npm.get(path)!.bomRef);

  const providerComponents = providers(inputs).map(({ pkg, version, downloadUrl }) => {
    const component = add(providerComponent(pkg, version, downloadUrl));
    // The SDK package drives its plugin: make the edge visible.
    npm.get(`node_modules/@pulumi/${pkg}`)?.dependencies.add(component.bomRef);
    return component;
  });

  const json = new CDX.Serialize.JSON.Normalize.Factory(SBOM_SPEC).makeForBom().normalize(bom, { sortLists: true });
  return {
    bom,
    json,
    summary: {
      format: SBOM_FORMAT,
      components: bom.components.size,
      charts: charts.length,
      chartPins: inputs.charts.map(chartPinRow),
      images: imageComponents.length,
      providers: providerComponents.length,
      npmPackages: npm.size,
    },
  };
}

/** Validation errors of a serialized SBOM against the CycloneDX 1.6 JSON schema (null when valid). */
export async function validateSbom(json: unknown): Promise<unknown> {
  return new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot6).validate(JSON.stringify(json));
}
