// Every pin of the repository is matched by a Renovate manager of renovate.json: the custom regex managers
// are evaluated here in JS against the files (Renovate runs them with RE2, whose syntax they keep to: no
// lookaround, no backreferences), and the default managers are checked to be enabled for their files.
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { PLATFORM_CHARTS } from "../../components/platform/chart-catalog";
import { DEFAULT_TOOL_IMAGES } from "../../components/onboarding/pipeline/tool-images";
import { GITLAB_PLUGIN_VERSION } from "../../components/providers/gitlab/binding";
import { HARBOR_PLUGIN } from "../../components/providers/harbor/binding";
import { SNAPSHOT_IMAGES } from "../../components/platform/vault/raft-snapshot-job";
import { AWS_PLUGIN_IMAGE, AWS_PLUGIN_VERSION } from "../../components/platform/velero/values";

const ROOT = path.resolve(__dirname, "../..");
const SOURCE_ROOTS = ["components", "stacks", "cli", "plan", "policies", "compliance", "access", "review", "bench", ".ci"];
const ROOT_FILES = [".gitlab-ci.yml", ".nvmrc", "package.json"];

interface CustomManager {
  customType: string;
  managerFilePatterns: string[];
  matchStrings: string[];
  depNameTemplate?: string;
}
interface RenovateConfig {
  enabledManagers?: string[];
  customManagers?: CustomManager[];
}
interface Extracted {
  file: string;
  depName: string;
  currentValue: string;
}

const CONFIG = JSON.parse(readFileSync(path.join(ROOT, "renovate.json"), "utf8")) as RenovateConfig;

function walk(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((entry) => {
    const relative = `${dir}/${entry}`;
    if (entry === "node_modules") return [];
    return statSync(path.join(ROOT, relative)).isDirectory() ? walk(relative) : [relative];
  });
}
const FILES = [...SOURCE_ROOTS.flatMap(walk), ...ROOT_FILES];
const TEXT = new Map(FILES.map((file) => [file, readFileSync(path.join(ROOT, file), "utf8")]));

/** `/…/` as Renovate writes a regex file pattern (configuration-options.md, managerFilePatterns). */
function filePattern(pattern: string): RegExp {
  const match = /^\/(.*)\/$/.exec(pattern);
  if (match === null) throw new Error(`only /regex/ file patterns are evaluated here, not '${pattern}'`);
  return new RegExp(match[1]!);
}

/** `{{{group}}}` templates filled from the match's named groups, as the regex manager does. */
const fill = (template: string, groups: Record<string, string | undefined>) =>
  template.replace(/\{\{\{(\w+)\}\}\}/g, (_, name: string) => groups[name] ?? "");

/** What the custom regex managers extract, per file (matchStringsStrategy "any": every match of every string). */
export function extract(config: RenovateConfig): Extracted[] {
  return (config.customManagers ?? []).flatMap((manager) => {
    const patterns = manager.managerFilePatterns.map(filePattern);
    return FILES.filter((file) => patterns.some((p) => p.test(file))).flatMap((file) =>
      manager.matchStrings.flatMap((matchString) =>
        [...TEXT.get(file)!.matchAll(new RegExp(matchString, "g"))].map((match) => {
          const groups = match.groups ?? {};
          return {
            file,
            depName: manager.depNameTemplate ? fill(manager.depNameTemplate, groups) : (groups.depName ?? groups.packageName ?? ""),
            currentValue: groups.currentValue ?? "",
          };
        }),
      ),
    );
  });
}

const isComment = (line: string) => /^\s*(\/\/|\*|\/\*|#)/.test(line);

/**
 * The pins of the repository, found independently of renovate.json: the catalogs' own pins, and every
 * line of the sources that looks like a pin (a `version:`/`tag:`/`*_VERSION` literal, an image reference).
 */
function pins(): { file?: string; depName?: string; value: string; what: string }[] {
  const found: { file?: string; depName?: string; value: string; what: string }[] = [
    ...PLATFORM_CHARTS.map((pin) => ({ depName: pin.chart, value: pin.version, what: `chart ${pin.chart}` })),
    ...Object.entries(DEFAULT_TOOL_IMAGES).map(([tool, image]) => {
      const [name, tag] = image.reference.split("@")[0]!.split(/:(?=[^:/]+$)/);
      return { depName: name, value: tag!, what: `tool image ${tool}` };
    }),
    { value: HARBOR_PLUGIN.version, depName: "pulumiverse/pulumi-harbor", what: "Harbor provider plugin" },
    { value: GITLAB_PLUGIN_VERSION, depName: "pulumi/pulumi-gitlab", what: "GitLab provider plugin" },
    ...Object.values(SNAPSHOT_IMAGES).map((image) => ({ depName: image.repository, value: image.tag, what: `image ${image.repository}` })),
    { depName: AWS_PLUGIN_IMAGE, value: AWS_PLUGIN_VERSION, what: "velero-plugin-for-aws" },
  ];
  const SHAPES: [RegExp, RegExp][] = [
    [/^components\/.+\.ts$/, /^\s*version: "(v?\d+\.\d+\.\d+[^"]*)"/],
    [/^components\/.+\.ts$/, /\btag: "(\d[^"]*)"/],
    [/^components\/.+\.ts$/, /\b[A-Z_]+_VERSION = "(v?\d[^"]*)"/],
    [/^components\/.+\.ts$/, /"(?:[a-z0-9-]+\.)+[a-z]{2,}\/[a-z0-9._/-]+:([A-Za-z0-9._-]+)(?:@sha256:[0-9a-f]{64})?"/],
    [/^(stacks\/.+\.yaml|\.gitlab-ci\.yml)$/, /(?:[Ii]mage|_IMAGE):\s*\S*?:(\d[^\s@"]*)/],
    [/^\.ci\/[^/]+$/, /^[A-Z_]+_VERSION=(\S+)/],
  ];
  for (const [file, text] of TEXT)
    for (const [files, shape] of SHAPES)
      if (files.test(file))
        text.split("\n").forEach((line, index) => {
          const match = shape.exec(line);
          if (match && !isComment(line)) found.push({ file, value: match[1]!, what: `${file}:${index + 1}` });
        });
  return found;
}

/** Pins no custom manager extracts (in their file, with their value, and with their name where it is known). */
export function uncoveredPins(config: RenovateConfig): string[] {
  const extracted = extract(config);
  return pins()
    .filter(
      (pin) =>
        !extracted.some(
          (e) =>
            e.currentValue === pin.value &&
            (pin.file === undefined || e.file === pin.file) &&
            (pin.depName === undefined || e.depName === pin.depName || e.depName.endsWith(`/${pin.depName}`)),
        ),
    )
    .map((pin) => `${pin.what}: ${pin.value}`);
}

describe("renovate.json", () => {
  it("matches every pin of the repository with a manager", () => {
    expect(uncoveredPins(CONFIG)).toEqual([]);
    // The sweep finds the pins it should: every chart, tool image, and the pins of .ci/ and the pipeline file.
    expect(
      pins()
        .filter((pin) => pin.file?.startsWith(".ci/"))
        .map((pin) => `${pin.file} ${pin.value}`)
        .sort(),
    ).toEqual([expect.stringMatching(/^\.ci\/renovate-check \d+\.\d+\.\d+$/), ".ci/run 24.21.0"]);
    expect(pins().filter((pin) => pin.file === ".gitlab-ci.yml").length).toBeGreaterThanOrEqual(3);
  });

  it("would report a pin whose manager is removed", () => {
    const without = (description: RegExp) => ({
      ...CONFIG,
      customManagers: CONFIG.customManagers!.filter((m) => !description.test((m as { description?: string }).description ?? "")),
    });
    expect(uncoveredPins(without(/^Helm chart pins from https/))).toEqual(
      expect.arrayContaining(["chart velero: 12.1.0", "chart trivy-operator: 0.34.0"]),
    );
    expect(uncoveredPins(without(/^Tool images/))).toContain(`tool image trivy: 0.74.0`);
    expect(uncoveredPins(without(/Renovate release/))).toEqual([expect.stringMatching(/^\.ci\/renovate-check:\d+: \d+\.\d+\.\d+$/)]);
  });

  it("keeps the default managers for npm and .nvmrc enabled, with exact npm versions for them to bump", () => {
    // Their default file patterns: lib/modules/manager/npm/index.ts (package.json) and nvm/index.ts (.nvmrc).
    expect(CONFIG.enabledManagers).toEqual(expect.arrayContaining(["npm", "nvm", "custom.regex"]));
    expect(CONFIG.customManagers!.every((m) => m.customType === "regex")).toBe(true);
    const inexact: string[] = [];
    for (const file of ["package.json", "policies/package.json"]) {
      const manifest = JSON.parse(TEXT.get(file)!) as Record<string, Record<string, string> | undefined>;
      for (const section of ["dependencies", "devDependencies", "optionalDependencies"])
        for (const [name, version] of Object.entries(manifest[section] ?? {}))
          if (!/^(\d+\.\d+\.\d+(-[\w.]+)?|file:.+)$/.test(version)) inexact.push(`${file} ${name}@${version}`);
    }
    expect(inexact).toEqual([]);
    expect(TEXT.get(".nvmrc")!.trim()).toMatch(/^\d+$/);
  });
});
