import * as pulumi from "@pulumi/pulumi";
import { invokeOptions } from "./binding";
import type { VisibilityLevel } from "./group";

export const GET_GROUP_TOKEN = "gitlab:index/getGroup:getGroup";

/** Look a group up by its full path (`platform/apps`) or by numeric ID; the schema makes both optional, a lookup needs one. */
export type GetGroupArgs = { fullPath: string; groupId?: never } | { groupId: number; fullPath?: never };
export type GetGroupOutputArgs = { fullPath: pulumi.Input<string>; groupId?: never } | { groupId: pulumi.Input<number>; fullPath?: never };

/** The result fields onboarding reads (the schema returns about 60; all are present at runtime). */
export interface GetGroupResult {
  /** The numeric group ID as a string. */
  readonly id: string;
  readonly groupId: number;
  readonly fullPath: string;
  readonly fullName: string;
  readonly name: string;
  readonly path: string;
  readonly parentId: number;
  readonly description: string;
  readonly defaultBranch: string;
  readonly visibilityLevel: VisibilityLevel;
  readonly webUrl: string;
  /** Secret in the schema. */
  readonly runnersToken: string;
}

const lookupProps = (args: GetGroupArgs | GetGroupOutputArgs): pulumi.Inputs => ({ fullPath: args.fullPath, groupId: args.groupId });

export function getGroup(args: GetGroupArgs, opts?: pulumi.InvokeOptions): Promise<GetGroupResult> {
  return pulumi.runtime.invoke(GET_GROUP_TOKEN, lookupProps(args), invokeOptions(opts)) as Promise<GetGroupResult>;
}

/** The Output form, for IDs that come from other resources or to wait on `dependsOn`. */
export function getGroupOutput(args: GetGroupOutputArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<GetGroupResult> {
  return pulumi.runtime.invokeOutput<GetGroupResult>(GET_GROUP_TOKEN, lookupProps(args), invokeOptions(opts));
}
