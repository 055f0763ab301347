import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import { nodeRuntimeProblem } from "./node-runtime";

/** What the project's commands (plan, policy, evidence, bench) share: exit codes, output, argument handling. */
export const EXIT_OK = 0;
export const EXIT_USAGE = 2;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

type Values<O extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true }>>["values"];

/**
 * Parses `argv` strictly against `options` (plus `--help`). On `--help`, an
 * unknown option or a missing required one it prints and returns the exit code
 * (0 or 2); otherwise it returns the values.
 */
export function readCommandLine<O extends ParseArgsOptionsConfig, R extends keyof O & string = never>(
  argv: readonly string[],
  options: O,
  usage: string,
  io: CliIo,
  required: readonly R[] = [],
): (Values<O> & Record<R, string>) | number {
  let values: Values<O>;
  let help: boolean | undefined;
  try {
    const parsed = parseArgs({ args: [...argv], options: { ...options, help: { type: "boolean", short: "h" } }, strict: true })
      .values as Record<string, unknown>;
    help = parsed.help === true;
    values = parsed as Values<O>;
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${usage}`);
    return EXIT_USAGE;
  }
  if (help) {
    io.stdout(usage);
    return EXIT_OK;
  }
  const missing = required.find(
    (name) => (values as Record<string, unknown>)[name] === undefined || (values as Record<string, unknown>)[name] === "",
  );
  if (missing !== undefined) {
    io.stderr(`--${missing} is required\n\n${usage}`);
    return EXIT_USAGE;
  }
  return values as Values<O> & Record<R, string>;
}

/**
 * Runs a command's `main` as the process: its result becomes the exit code; a crash (thrown or rejected) exits 3.
 * On another Node major than the project's it stops at once (exit 2) and says how to get the right one.
 */
export function runAsProcess(main: (argv: readonly string[], io: CliIo) => number | Promise<number>): void {
  const io: CliIo = { stdout: (t) => process.stdout.write(`${t}\n`), stderr: (t) => process.stderr.write(`${t}\n`) };
  const runtimeProblem = nodeRuntimeProblem();
  if (runtimeProblem !== undefined) {
    io.stderr(runtimeProblem);
    process.exitCode = EXIT_USAGE;
    return;
  }
  Promise.resolve(process.argv.slice(2))
    .then((argv) => main(argv, io))
    .then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        console.error(error);
        process.exitCode = 3;
      },
    );
}
