import * as pulumi from "@pulumi/pulumi";
import { invokeOptions } from "./binding";

export const GET_CURRENT_USER_TOKEN = "gitlab:index/getCurrentUser:getCurrentUser";

/** The result fields the platform reads (the schema also returns globalId, namespaceId, groupCount, publicEmail). */
export interface GetCurrentUserResult {
  /** The numeric user ID as a string. */
  readonly id: string;
  readonly username: string;
  readonly name: string;
  readonly bot: boolean;
}

/** The user the provider's token belongs to: the identity `pulumi up` acts as in GitLab. */
export function getCurrentUserOutput(opts?: pulumi.InvokeOutputOptions): pulumi.Output<GetCurrentUserResult> {
  return pulumi.runtime.invokeOutput<GetCurrentUserResult>(GET_CURRENT_USER_TOKEN, {}, invokeOptions(opts));
}
