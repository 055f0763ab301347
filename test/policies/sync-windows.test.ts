// When an Argo CD sync window is open all the time: its duration covers the longest gap between starts.
import { windowAlwaysOpen } from "../../policies/crossguard/sync-windows";

describe("windowAlwaysOpen", () => {
  it.each([
    ["* * * * *", "1m", true],
    ["0 0 * * *", "24h", true],
    ["0 0 * * *", "23h59m", false],
    ["0 */6 * * *", "6h", true],
    ["0 */6 * * *", "5h", false],
    // Mondays to Thursdays: the longest gap is Thursday to Monday (4 days).
    ["0 9 * * 1-4", "72h", false],
    ["0 9 * * 1-4", "96h", true],
    ["@daily", "24h", true],
  ])("'%s' for %s: %s", (schedule, duration, open) => {
    expect(windowAlwaysOpen({ schedule, duration })).toBe(open);
  });

  it("is undefined for what Argo CD refuses, and false for a window that never opens", () => {
    expect(windowAlwaysOpen({ schedule: "not a cron", duration: "1h" })).toBeUndefined();
    expect(windowAlwaysOpen({ schedule: "0 0 * * *", duration: "one hour" })).toBeUndefined();
    expect(windowAlwaysOpen({ schedule: "0 0 31 2 *", duration: "1h" })).toBe(false);
  });
});
