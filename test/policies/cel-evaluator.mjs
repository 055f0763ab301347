// Evaluates Kyverno-style CEL validations (JSON on stdin: [{ variables, validations, object, namespaceObject }]) with
// @marcbachmann/cel-js. Its own Node process because the package is ESM-only and jest's CommonJS
// runtime cannot load it. Only plain CEL with optional types: not Kyverno's extension libraries.
import { readFileSync } from "node:fs";
import { Environment } from "@marcbachmann/cel-js";

const env = new Environment({ enableOptionalTypes: true, unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false });
const cases = JSON.parse(readFileSync(0, "utf8"));
const results = cases.map(({ variables, validations, object, namespaceObject = null }) => {
  try {
    const vars = {};
    const context = { object, namespaceObject, variables: vars };
    for (const variable of variables) vars[variable.name] = env.evaluate(variable.expression, context);
    const failed = validations.filter((v) => env.evaluate(v.expression, context) !== true).map((v) => v.message);
    return { allowed: failed.length === 0, failed };
  } catch (error) {
    return { error: String(error?.message ?? error) };
  }
});
process.stdout.write(JSON.stringify(results));
