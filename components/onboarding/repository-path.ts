import { z } from "zod";

/**
 * A path inside the app's repository that the pipeline hands to its image builder
 * (`pipeline.dockerfile`, `pipeline.context`): relative to the checkout, of letters, digits,
 * '.', '_', '-' and '/', with no '..' segment (nothing outside the repository), no empty segment
 * and no segment starting with '-' (a builder would read it as an option). No shell character
 * passes, and the pipeline still writes the value as one quoted shell word (shell-quote.ts).
 */
export const MAX_REPOSITORY_PATH = 255;
const SAFE_CHARACTER = /[A-Za-z0-9._/-]/;

export type RepositoryPathKind = "file" | "directory";

/** The first problem with `value` as a repository path, as one sentence; undefined if it is fine. */
export function repositoryPathProblem(value: string, kind: RepositoryPathKind): string | undefined {
  const example = kind === "file" ? "docker/Dockerfile" : "services/api";
  if (value.length === 0) return `must not be empty (for example ${example})`;
  if (value.length > MAX_REPOSITORY_PATH) return `must be at most ${MAX_REPOSITORY_PATH} characters`;
  const unsafe = [...value].find((character) => !SAFE_CHARACTER.test(character));
  if (unsafe !== undefined)
    return `must contain only letters, digits, '.', '_', '-' and '/', not ${JSON.stringify(unsafe)}: it reaches a shell line of the build job (for example ${example})`;
  if (value.startsWith("/")) return `must be relative to the repository root, without a leading '/' (for example ${example})`;
  const segments = value.split("/");
  if (segments.includes("..")) return "must stay inside the repository: no '..' segment";
  if (segments.includes("")) return "must not contain an empty segment ('//' or a trailing '/')";
  if (segments.some((segment) => segment.startsWith("-")))
    return "must not have a segment starting with '-': the builder would read it as an option";
  if (kind === "file" && segments[segments.length - 1] === ".") return `must name a file, not a directory (for example ${example})`;
  return undefined;
}

export const repositoryPath = (kind: RepositoryPathKind) =>
  z.string().superRefine((value, ctx) => {
    const problem = repositoryPathProblem(value, kind);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
  });
