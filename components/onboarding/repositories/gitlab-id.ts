/**
 * GitLab IDs are integers, but Pulumi hands resource IDs over as strings (`Group.id`) and the
 * bindings type them as numbers. Anything that is not a number only happens under the offline
 * plan's mocks (`<name>-id`, or no `groupId` from an echoed invoke): the `reference` is passed on
 * instead, so the plan shows which group is meant, and a real provider would reject it rather
 * than fall back to a personal namespace or the top level.
 */
export function gitlabId(id: string | number | undefined, reference: string): number {
  if (typeof id === "number") return id;
  if (id !== undefined && /^\d+$/.test(id)) return Number(id);
  return (id ?? reference) as unknown as number;
}
