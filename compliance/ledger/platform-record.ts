import type { ReleaseRecord, Verdict } from "./ledger-model";
import { validateReleaseRecord } from "./ledger-file";

/**
 * The release record of a platform change: a `pulumi up` of a platform or tenant stack by the
 * repository's CI (.gitlab-ci.yml `up:*` jobs), which is also how an exception record (config
 * `exceptions`) reaches a cluster. Same predicate as the app pipelines' records; no image, no scan;
 * the CrossGuard pack's verdict is the guardrail result. Who approved the production job (GitLab's
 * protected environment) is not in a job's variables: joined later, like an app's merge request.
 */
export interface PlatformRecordInput {
  stack: string;
  /** CI_JOB_STATUS of the up job: success means `pulumi up --policy-pack` passed. */
  status: "success" | "failed" | "canceled";
  changeType: "standard" | "emergency";
  env: Readonly<Record<string, string | undefined>>;
  now: Date;
}

export class PlatformRecordError extends Error {}

export function platformReleaseRecord(input: PlatformRecordInput): ReleaseRecord {
  const need = (name: string): string => {
    const value = input.env[name];
    if (value === undefined || value === "") throw new PlatformRecordError(`${name} is not set (run in a GitLab CI job)`);
    return value;
  };
  const policyPack: Verdict = input.status === "success" ? "passed" : "failed";
  const record: ReleaseRecord = {
    kind: "platform",
    app: input.stack,
    environments: [input.stack],
    changeType: input.changeType,
    image: null,
    source: {
      project: need("CI_PROJECT_PATH"),
      commit: need("CI_COMMIT_SHA"),
      ref: need("CI_COMMIT_REF_NAME"),
      commitTime: need("CI_COMMIT_TIMESTAMP"),
      author: need("CI_COMMIT_AUTHOR"),
      ...(input.env.GITLAB_USER_LOGIN ? { triggeredBy: input.env.GITLAB_USER_LOGIN } : {}),
    },
    mergeRequest: { iid: null, title: null, author: null, approvers: null, approverIsAuthorOrCommitter: null },
    pipeline: { id: need("CI_PIPELINE_ID"), url: need("CI_PIPELINE_URL"), templateVersion: "repository .gitlab-ci.yml" },
    scan: null,
    sbom: null,
    signature: null,
    attestations: [],
    guardrails: { scanGate: "not-run", policyPack },
    sync: null,
    emergency: null,
    recordedAt: input.now.toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
  if (!validateReleaseRecord(record))
    throw new PlatformRecordError(
      `the platform record does not match the release record schema: ${(validateReleaseRecord.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ""}`).join("; ")}`,
    );
  return record;
}

/** The VictoriaLogs JSON line of a platform record (fields: components/shared/release-record.ts LEDGER_LOG_FIELDS). */
export const platformLogLine = (record: ReleaseRecord, production: boolean): string =>
  JSON.stringify({
    source: "release-ledger",
    kind: "release",
    app: record.app,
    env: record.app,
    production,
    change_type: record.changeType,
    commit: record.source.commit,
    pipeline_id: record.pipeline.id,
    pipeline_url: record.pipeline.url,
    phase: record.guardrails.policyPack === "passed" ? "succeeded" : "failed",
    time: record.recordedAt,
    message: `platform ${record.app} pulumi up ${record.guardrails.policyPack === "passed" ? "succeeded" : "failed"}`,
  });
