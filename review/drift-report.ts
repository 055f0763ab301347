/** The outcome of `pulumi preview --refresh --expect-no-changes` on one stack, as the drift job saw it. */
export interface DriftCheck {
  stack: string;
  /** The preview's exit code: 0 = the live stack matches its state and the program. */
  exitCode: number;
  /** What the preview printed (secrets are masked by the Pulumi CLI). */
  output: string;
}

/** The end of the preview output: where the changes and the summary are. */
const TAIL_LINES = 200;
const tail = (output: string) => output.trimEnd().split("\n").slice(-TAIL_LINES).join("\n");

const escapeXml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");

const verdict = (check: DriftCheck) =>
  check.exitCode === 0
    ? "no drift: the live resources match the state and the program"
    : `drift or a failed preview (exit ${check.exitCode}): see the preview output`;

/** Markdown for the drift job's artifact: the verdict and, on drift, the end of the preview. */
export function driftMarkdown(check: DriftCheck): string {
  const lines = [
    `### Drift check of stack \`${check.stack}\``,
    "",
    `**${check.exitCode === 0 ? "Passes" : "Fails"}:** ${verdict(check)}.`,
    "",
  ];
  if (check.exitCode !== 0)
    lines.push("<details><summary>Preview output (end)</summary>", "", "```", tail(check.output), "```", "", "</details>", "");
  return lines.join("\n");
}

/** JUnit for `artifacts:reports:junit`: one test case per stack, failed on drift with the end of the preview. */
export function driftJunit(check: DriftCheck): string {
  const failed = check.exitCode !== 0;
  const name = escapeXml(`${check.stack}: no drift`);
  const testCase = failed
    ? `    <testcase classname="drift.${escapeXml(check.stack)}" name="${name}" time="0">\n      <failure message="${escapeXml(verdict(check))}" type="drift">${escapeXml(tail(check.output))}</failure>\n    </testcase>`
    : `    <testcase classname="drift.${escapeXml(check.stack)}" name="${name}" time="0"/>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="drift" tests="1" failures="${Number(failed)}" errors="0" time="0">`,
    `  <testsuite name="drift: ${escapeXml(check.stack)}" tests="1" failures="${Number(failed)}" errors="0" skipped="0" time="0">`,
    testCase,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}
