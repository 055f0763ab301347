import type { RetentionPolicyRule } from "../../providers/harbor";

/**
 * Daily at 01:00 (Harbor cron has a seconds field), ahead of the platform's
 * weekly garbage collection (Saturday 02:00 by default), which frees the blobs.
 */
export const RETENTION_SCHEDULE = "0 0 1 * * *";

/**
 * Release tags (Harbor doublestar patterns): `v1.2.3`, `v1.2.3-rc.1` and `1.2.3`.
 * Digests are content-addressed and cannot be overwritten anyway; cosign's
 * `sha256-<digest>.sig` tags are deliberately not matched, because signing again
 * (a second signature, an attestation) rewrites that tag.
 */
export const RELEASE_TAG_PATTERNS = ["v[0-9]*", "[0-9]*.[0-9]*.[0-9]*"] as const;

/**
 * Retention keeps the `keepLastTags` most recently pushed tagged artifacts of
 * every repository; untagged artifacts match no rule and are deleted. Harbor
 * skips immutable (release) tags when deleting, and signatures, SBOMs and
 * attestations are accessories that live and die with their image.
 */
export function retentionRules(keepLastTags: number): RetentionPolicyRule[] {
  // Provider 3.10.21 accepts a rule without repo/tag selectors that Harbor then cannot run: always set both.
  return [{ repoMatching: "**", tagMatching: "**", mostRecentlyPushed: keepLastTags, untaggedArtifacts: false }];
}
