import * as pulumi from "@pulumi/pulumi";
import { registrationInputs, registrationOptions, type BindingSpec } from "./binding";

/** All inputs of `gitlab:index/repositoryFile:RepositoryFile`. */
export interface RepositoryFileArgs {
  /** Project ID or path; replace-on-change. */
  project: pulumi.Input<string>;
  /** Replace-on-change. */
  branch: pulumi.Input<string>;
  /** Replace-on-change. */
  filePath: pulumi.Input<string>;
  content: pulumi.Input<string>;
  /** `text` keeps manifests readable in the plan; `base64` for binary content. */
  encoding: pulumi.Input<"text" | "base64">;
  authorEmail?: pulumi.Input<string>;
  authorName?: pulumi.Input<string>;
  commitMessage?: pulumi.Input<string>;
  createCommitMessage?: pulumi.Input<string>;
  updateCommitMessage?: pulumi.Input<string>;
  deleteCommitMessage?: pulumi.Input<string>;
  executeFilemode?: pulumi.Input<boolean>;
  /** Create-time only: take over a file that already exists (e.g. from a template) instead of failing. */
  overwriteOnCreate?: pulumi.Input<boolean>;
  startBranch?: pulumi.Input<string>;
}

export const repositoryFileSpec: BindingSpec<RepositoryFileArgs> = {
  token: "gitlab:index/repositoryFile:RepositoryFile",
  inputs: {
    project: "required",
    branch: "required",
    filePath: "required",
    content: "required",
    encoding: "required",
    authorEmail: "optional",
    authorName: "optional",
    commitMessage: "optional",
    createCommitMessage: "optional",
    updateCommitMessage: "optional",
    deleteCommitMessage: "optional",
    executeFilemode: "optional",
    overwriteOnCreate: "optional",
    startBranch: "optional",
  },
  exposedInputs: ["project", "branch", "filePath"],
  outputs: ["blobId", "commitId", "contentSha256", "fileName", "lastCommitId", "ref", "size"],
  secretOutputs: [],
};

/**
 * A file committed to a branch (`.gitlab-ci.yml`, GitOps manifests). The provider serialises
 * all repository-file API calls, across projects, so many files deploy slowly but safely.
 */
export class RepositoryFile extends pulumi.CustomResource {
  declare public readonly project: pulumi.Output<string>;
  declare public readonly branch: pulumi.Output<string>;
  declare public readonly filePath: pulumi.Output<string>;
  declare public readonly blobId: pulumi.Output<string>;
  declare public readonly commitId: pulumi.Output<string>;
  declare public readonly contentSha256: pulumi.Output<string>;
  declare public readonly fileName: pulumi.Output<string>;
  declare public readonly lastCommitId: pulumi.Output<string>;
  declare public readonly ref: pulumi.Output<string>;
  declare public readonly size: pulumi.Output<number>;

  constructor(name: string, args: RepositoryFileArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      repositoryFileSpec.token,
      name,
      registrationInputs(repositoryFileSpec, args, opts),
      registrationOptions(repositoryFileSpec, opts),
    );
  }
}
