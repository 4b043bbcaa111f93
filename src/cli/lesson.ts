// `lockstep86 lesson check FILE...`: validates lesson files and runs each one's scenarios (and
// its campaign) to check every claim its text makes; `lockstep86 lesson link FILE` prints the
// link that opens the lesson in the playground.
import type { Command } from "commander";
import { UserError } from "../errors";
import { loadCoreWasm } from "../node/core-wasm";
import { readExample } from "../node/examples";
import { checkClaims, encodeLessonLink, numberAnswer, parseLesson, type Lesson } from "../lesson/index";
import { campaignCounts, runCampaign, runFacts } from "../lesson/run";
import { scenarioToOptions } from "../scenario/index";
import { readInput } from "./io";
import { stdout } from "./stdio";

export function readLesson(file: string): Lesson {
  const text = new TextDecoder().decode(readInput(file, "the lesson"));
  try {
    return parseLesson(text);
  } catch (e) {
    if (e instanceof UserError) throw new UserError(`${file}: ${e.message}`);
    throw e;
  }
}

/** Every claim of a lesson that the machine does not bear out, each prefixed with where it is. */
export function lessonProblems(lesson: Lesson, onProgress?: (what: string) => void): string[] {
  const wasm = loadCoreWasm();
  onProgress?.("scenario");
  const campaign = lesson.campaign && runCampaign(wasm, scenarioToOptions(lesson.scenario, readExample), lesson.campaign);
  const problems = checkClaims(lesson.claims, runFacts(wasm, lesson.scenario, readExample), campaign && campaignCounts(campaign)).map((p) => `claims.${p}`);
  lesson.more.forEach((r, i) => {
    onProgress?.(`more[${i}]`);
    problems.push(...checkClaims(r.claims, runFacts(wasm, r.scenario, readExample)).map((p) => `more[${i}].claims.${p}`));
  });
  const q = lesson.question;
  if ("number" in q && !Number.isFinite(numberAnswer(q, lesson.claims))) problems.push("question.number: has no value");
  return problems;
}

export function registerLesson(program: Command): void {
  const cmd = program.command("lesson").description("check a lesson's claims against the machine, or print its link (docs/lessons.md)");
  cmd.command("check")
    .description("validate lesson files and run their scenarios: every claim the text makes must be what the machine does")
    .argument("<files...>", "lesson JSON files")
    .action((files: string[]) => {
      let failed = false;
      for (const file of files) {
        const lesson = readLesson(file);
        const problems = lessonProblems(lesson);
        if (problems.length) {
          failed = true;
          for (const p of problems) stdout.write(`${file}: ${p}\n`);
        } else {
          stdout.write(`${file}: ok: "${lesson.title}", ${1 + lesson.more.length} run${lesson.more.length ? "s" : ""}${lesson.campaign ? " and a campaign" : ""}, every claim holds\n`);
        }
      }
      process.exitCode = failed ? 1 : 0;
    });
  cmd.command("link")
    .description("print the link that opens a lesson in the playground (append it to the page's address)")
    .argument("<file>", "a lesson JSON file")
    .option("--base <url>", "the playground's address to put before the hash", "")
    .action((file: string, flags: { base: string }) => {
      stdout.write(`${flags.base}${encodeLessonLink(readLesson(file))}\n`);
    });
}
