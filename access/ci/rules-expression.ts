/**
 * Evaluates GitLab CI `rules:if` expressions (https://docs.gitlab.com/ci/jobs/job_rules/#cicd-variable-expressions)
 * in-process, for the subset pipelines use: `$VAR` (true when set and non-empty), string literals,
 * `null`, `==`, `!=`, `=~`/`!~` with a `/regex/`, `&&` (binds tighter than `||`), `||` and
 * parentheses. Anything else is refused with the offending text, never guessed.
 */

import type { CiVariables } from "../../policies/crossguard/gitlab-ref-classes";

export type { CiVariables };

type Token =
  | { kind: "var"; name: string }
  | { kind: "string"; value: string }
  | { kind: "regex"; pattern: string; flags: string }
  | { kind: "null" }
  | { kind: "op"; op: "==" | "!=" | "=~" | "!~" | "&&" | "||" }
  | { kind: "paren"; open: boolean };

export class UnsupportedExpressionError extends Error {}

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new UnsupportedExpressionError(`cannot evaluate rules:if '${expression}': ${why} at offset ${i}`);
  };
  while (i < expression.length) {
    const rest = expression.slice(i);
    const char = expression[i] as string;
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    let match: RegExpMatchArray | null;
    if ((match = rest.match(/^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/))) {
      tokens.push({ kind: "var", name: (match[1] ?? match[2]) as string });
    } else if ((match = rest.match(/^"((?:[^"\\]|\\.)*)"|^'((?:[^'\\]|\\.)*)'/))) {
      tokens.push({ kind: "string", value: (match[1] ?? match[2] ?? "").replace(/\\(.)/g, "$1") });
    } else if ((match = rest.match(/^(==|!=|=~|!~|&&|\|\|)/))) {
      tokens.push({ kind: "op", op: match[1] as "==" });
    } else if (char === "(" || char === ")") {
      tokens.push({ kind: "paren", open: char === "(" });
      match = [char];
    } else if ((match = rest.match(/^null\b/))) {
      tokens.push({ kind: "null" });
    } else if (tokens.at(-1)?.kind === "op" && (match = rest.match(/^\/((?:[^/\\]|\\.)*)\/([a-z]*)/))) {
      tokens.push({ kind: "regex", pattern: match[1] as string, flags: match[2] as string });
    } else {
      fail(`unexpected '${char}'`);
    }
    i += (match as RegExpMatchArray)[0].length;
  }
  return tokens;
}

type Value = { kind: "value"; value: string | undefined } | { kind: "regex"; regex: RegExp };

/** Recursive descent over `or := and ('||' and)*`, `and := cmp ('&&' cmp)*`, `cmp := operand (op operand)?`. */
export function evaluateRuleExpression(expression: string, variables: CiVariables): boolean {
  const tokens = tokenize(expression);
  let position = 0;
  const fail = (why: string): never => {
    throw new UnsupportedExpressionError(`cannot evaluate rules:if '${expression}': ${why}`);
  };
  const peek = () => tokens[position];
  const operand = (): Value | boolean => {
    const token = tokens[position++];
    if (token === undefined) return fail("expression ends early");
    if (token.kind === "paren" && token.open) {
      const inner = or();
      const close = tokens[position++];
      if (close?.kind !== "paren" || close.open) fail("missing ')'");
      return inner;
    }
    if (token.kind === "var") return { kind: "value", value: variables[token.name] };
    if (token.kind === "string") return { kind: "value", value: token.value };
    if (token.kind === "null") return { kind: "value", value: undefined };
    if (token.kind === "regex") return { kind: "regex", regex: new RegExp(token.pattern, token.flags) };
    return fail(`unexpected operator '${token.kind === "op" ? token.op : ")"}'`);
  };
  const truthy = (value: Value | boolean): boolean => {
    if (typeof value === "boolean") return value;
    if (value.kind === "regex") return fail("a regex is not a condition");
    return value.value !== undefined && value.value !== "";
  };
  const comparison = (): boolean => {
    const left = operand();
    const next = peek();
    if (next?.kind !== "op" || next.op === "&&" || next.op === "||") return truthy(left);
    position++;
    const right = operand();
    if (typeof left === "boolean" || typeof right === "boolean") return fail("a comparison needs values on both sides");
    if (next.op === "=~" || next.op === "!~") {
      if (right.kind !== "regex" || left.kind !== "value") return fail(`'${next.op}' needs a variable and a /regex/`);
      const matches = left.value !== undefined && right.regex.test(left.value);
      return next.op === "=~" ? matches : !matches;
    }
    if (left.kind !== "value" || right.kind !== "value") return fail(`'${next.op}' compares values, not regexes`);
    // An unset variable equals null; an empty string does not.
    const equal = left.value === right.value;
    return next.op === "==" ? equal : !equal;
  };
  const and = (): boolean => {
    let result = comparison();
    while (peek()?.kind === "op" && (peek() as { op: string }).op === "&&") {
      position++;
      const right = comparison();
      result = result && right;
    }
    return result;
  };
  const or = (): boolean => {
    let result = and();
    while (peek()?.kind === "op" && (peek() as { op: string }).op === "||") {
      position++;
      const right = and();
      result = result || right;
    }
    return result;
  };
  const result = or();
  if (position !== tokens.length) fail("unexpected text after the expression");
  return result;
}
