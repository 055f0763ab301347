import { evaluateRuleExpression, UnsupportedExpressionError } from "../../access/ci/rules-expression";

describe("rules:if evaluator", () => {
  const push = { CI_PIPELINE_SOURCE: "push", CI_COMMIT_BRANCH: "main", CI_DEFAULT_BRANCH: "main", EMPTY: "" };

  it.each([
    ['$CI_PIPELINE_SOURCE == "merge_request_event"', false],
    ['$CI_PIPELINE_SOURCE != "merge_request_event"', true],
    ["$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH", true],
    ["$CI_COMMIT_TAG", false],
    ["$EMPTY", false],
    ["$EMPTY == null", false],
    ["$CI_COMMIT_TAG == null", true],
    ['$EMPTY == ""', true],
    ["$CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS", false],
    ['$CI_COMMIT_TAG || $CI_COMMIT_BRANCH == "main"', true],
    // && binds tighter than ||.
    ['$CI_COMMIT_TAG && $CI_COMMIT_BRANCH || $CI_PIPELINE_SOURCE == "push"', true],
    ['$CI_COMMIT_TAG && ($CI_COMMIT_BRANCH || $CI_PIPELINE_SOURCE == "push")', false],
    ["$CI_COMMIT_BRANCH =~ /^ma/", true],
    ["$CI_COMMIT_BRANCH !~ /^ma/", false],
    ["${CI_COMMIT_BRANCH} == 'main'", true],
  ])("%s -> %s", (expression, expected) => {
    expect(evaluateRuleExpression(expression, push)).toBe(expected);
  });

  it.each(["$A ==", "$A = 'x'", "($A", "$A == 'x' 'y'"])("refuses what it cannot read: %s", (expression) => {
    expect(() => evaluateRuleExpression(expression, push)).toThrow(UnsupportedExpressionError);
  });
});
