/**
 * Evidence from the app pipelines the platform commits to GitLab
 * (`.gitlab-ci.yml` repository files in the plan): which stages run, with
 * which tool image.
 */
import { parse } from "yaml";
import type { PlanResource } from "../plan/plan-document";
import { resourceEvidence, type EvidenceSelector, type SelectorResult } from "./evidence-model";
import { display, ofType } from "./plan-queries";
import { selector } from "./selectors";

const PIPELINE_FILE = ".gitlab-ci.yml";

interface Job {
  name: string;
  stage: string;
  image: string;
}

function jobsOf(file: PlanResource): Job[] | undefined {
  if (typeof file.inputs.content !== "string") return undefined;
  try {
    const document = parse(file.inputs.content) as Record<string, unknown> | null;
    return Object.entries(document ?? {}).flatMap(([name, job]) => {
      if (job === null || typeof job !== "object" || typeof (job as { stage?: unknown }).stage !== "string") return [];
      const image = (job as { image?: unknown }).image;
      const imageName = typeof image === "string" ? image : display((image as { name?: unknown } | undefined)?.name);
      return [{ name, stage: (job as { stage: string }).stage, image: imageName }];
    });
  } catch {
    return undefined;
  }
}

/** Every generated app pipeline has a job in `stage`; missing for each pipeline without one. */
export const pipelineStage = (stage: string, looksFor: string): EvidenceSelector =>
  selector(looksFor, ({ plan }): SelectorResult => {
    const files = ofType(plan, "gitlab:index/repositoryFile:RepositoryFile").filter((f) => f.inputs.filePath === PIPELINE_FILE);
    if (files.length === 0) return { evidence: [], missing: [{ what: `no generated app pipeline in the plan (${looksFor})` }] };
    const result: SelectorResult = { evidence: [], missing: [] };
    for (const file of files) {
      const jobs = jobsOf(file);
      const inStage = (jobs ?? []).filter((j) => j.stage === stage);
      if (inStage.length === 0) result.missing.push({ what: `${file.name}: no '${stage}' job in ${PIPELINE_FILE}` });
      else result.evidence.push(resourceEvidence(file, Object.fromEntries(inStage.map((j) => [`job ${j.name}`, j.image]))));
    }
    return result;
  });
