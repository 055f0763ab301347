// `npm run bench` rejects bad arguments before it spawns any measurement (a real run takes minutes).
import { EXIT_OK, EXIT_USAGE, main } from "../../cli/bench";

function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

test.each([
  [["--apps", "0"], "--apps takes positive integers"],
  [["--apps", "1,x"], "--apps takes positive integers"],
  [["--apps", "1.5"], "--apps takes positive integers"],
  [["--repeat", "0"], "--repeat takes a positive integer"],
  [["--bogus"], "Unknown option '--bogus'"],
])("usage error %j", (argv, message) => {
  const result = run(argv);
  expect(result.code).toBe(EXIT_USAGE);
  expect(result.stderr).toContain(message);
  expect(result.stdout).toBe("");
});

test("--help prints the usage and measures nothing", () => {
  const result = run(["--help"]);
  expect(result.code).toBe(EXIT_OK);
  expect(result.stdout).toMatch(/^usage: npm run bench -- /);
  expect(result.stderr).toBe("");
});
