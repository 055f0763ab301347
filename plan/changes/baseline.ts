import type { PlanResource } from "../plan-document";
import type { ComparableObject } from "./comparable-values";

/** One resource of the state a plan is compared with, whichever file it came from. */
export interface BaselineResource {
  urn: string;
  type: string;
  custom: boolean;
  parent: string | null;
  /** The provider reference's URN (the `::<id>` part is the engine's and not compared). */
  providerUrn: string | null;
  id: string | null;
  protect: boolean;
  retainOnDelete: boolean;
  inputs: ComparableObject;
  /** Checkpoints: what the provider returned (computed values are looked up here). Plans: null. */
  outputs: ComparableObject | null;
  /** Plans: the resource as planned, so the offline mock's computed values can be recomputed. */
  planned: PlanResource | null;
  /** Aliases the state records (checkpoints) or the plan resolved (plans). */
  aliases: readonly string[];
}

export interface Baseline {
  format: "plan" | "checkpoint";
  stack: string;
  resources: BaselineResource[];
  /** Whether secret values carry fingerprints (a passphrase was available for this baseline). */
  secretsFingerprinted: boolean;
}

/** Thrown when the file given to --compare is neither a plan nor a checkpoint, or cannot be decrypted. */
export class BaselineError extends Error {}

export const providerUrnOf = (reference: string | null | undefined): string | null =>
  reference ? reference.slice(0, reference.lastIndexOf("::")) : null;
