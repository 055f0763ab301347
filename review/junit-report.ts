import type { PlanDocument } from "../plan/plan-document";
import { planGuardrails, planProfileName, reviewedViolations } from "./violation-view";

const escapeXml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");

interface TestCase {
  classname: string;
  name: string;
  failure?: { message: string; body: string };
  skipped?: string;
  out?: string;
}

const attributes = (values: Record<string, string | number>) =>
  Object.entries(values)
    .map(([key, value]) => ` ${key}="${escapeXml(String(value))}"`)
    .join("");

function testCaseXml(testCase: TestCase): string {
  const open = `    <testcase${attributes({ classname: testCase.classname, name: testCase.name, time: 0 })}`;
  const body = [
    testCase.failure &&
      `      <failure${attributes({ message: testCase.failure.message, type: "mandatory" })}>${escapeXml(testCase.failure.body)}</failure>`,
    testCase.skipped !== undefined && `      <skipped${attributes({ message: testCase.skipped })}/>`,
    testCase.out !== undefined && `      <system-out>${escapeXml(testCase.out)}</system-out>`,
  ].filter((line): line is string => typeof line === "string");
  return body.length === 0 ? `${open}/>` : `${open}>\n${body.join("\n")}\n    </testcase>`;
}

/**
 * The plan's guardrail results as JUnit XML, the format GitLab reads from `artifacts:reports:junit`:
 * one test suite per stack, one test case per guardrail and resource it reports on (a mandatory
 * violation fails, an advisory one passes with its message in system-out), and one passing case per
 * guardrail with nothing to report, so every guardrail the plan was checked against is listed.
 */
export function junitReport(plan: PlanDocument): string {
  const violations = reviewedViolations(plan);
  const profile = planProfileName(plan);
  const cases: TestCase[] = [];
  for (const guardrail of planGuardrails()) {
    const classname = `${plan.stack}.${guardrail.id}`;
    const found = violations.filter((v) => v.policy === guardrail.id);
    if (found.length === 0) {
      cases.push({ classname, name: `${guardrail.id}: no violation`, out: guardrail.title });
      continue;
    }
    for (const violation of found) {
      const name = `${guardrail.id}: ${violation.resource.name}${violation.resource.type ? ` (${violation.resource.type})` : ""}`;
      const text = `${violation.message}\nresource: ${violation.urn}\nfix: ${guardrail.fix}`;
      cases.push(
        violation.enforcementLevel === "mandatory"
          ? { classname, name, failure: { message: violation.message, body: text } }
          : { classname, name, out: `advisory${profile ? ` in ${profile}` : ""}: ${text}` },
      );
    }
  }
  const failures = cases.filter((c) => c.failure !== undefined).length;
  const suite = attributes({ name: `offline plan: ${plan.stack}`, tests: cases.length, failures, errors: 0, skipped: 0, time: 0 });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name: "guardrails", tests: cases.length, failures, errors: 0, time: 0 })}>`,
    `  <testsuite${suite}>`,
    ...cases.map(testCaseXml),
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}
