// The Node runner. Every subcommand registers itself; this file only wires them and turns
// errors into one line on stderr: status 2 for bad input, 70 for an internal error.
import { Command, CommanderError } from "commander";
import { UserError } from "./errors";
import { usageErrorWriter } from "./cli/usage-error";
import { EXIT_IO, EXIT_PIPE, stderr, streamFailure } from "./cli/stdio";
import { WriteError } from "./cli/io";
import { registerRun } from "./cli/run";
import { registerDemo } from "./cli/demo";
import { registerAsm } from "./cli/asm";
import { registerConformance } from "./cli/conformance";
import { registerCampaign } from "./cli/campaign";
import { registerInspect } from "./cli/inspect";
import { registerAvailability } from "./cli/availability";
import { registerLesson } from "./cli/lesson";

const program = new Command();
program
  .name("lockstep86")
  .description("A lockstep x86 emulator: modules run every instruction in lockstep; injected faults are detected and masked.")
  .version("0.1.0")
  .showSuggestionAfterError(true)
  .enablePositionalOptions() // a subcommand's options are its own (campaign and campaign submit share names)
  .exitOverride()
  .configureOutput({ outputError: usageErrorWriter() });

// Commands write through src/cli/stdio.ts; commander's help still uses Node's streams. A reader
// that goes away (`| head`) is not an error of ours: stop quietly, as a shell tool does on
// SIGPIPE (status 141 = 128 + 13). Any other write error is one line and status 74.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(EXIT_PIPE);
    stderr.write(`lockstep86: cannot write ${stream === process.stdout ? "stdout" : "stderr"}: ${e.code ?? e.message}\n`);
    process.exit(EXIT_IO);
  });
}

registerRun(program);
registerCampaign(program);
registerInspect(program);
registerDemo(program);
registerAsm(program);
registerConformance(program);
registerAvailability(program);
registerLesson(program);

try {
  await program.parseAsync(process.argv); // campaign runs its cases on worker threads
} catch (e) {
  process.exitCode = exitCodeFor(e);
}
process.exitCode = streamFailure() ?? process.exitCode;

function exitCodeFor(e: unknown): number {
  if (e instanceof CommanderError) {
    // --help and --version end here with code 0; usage errors were already printed.
    return e.exitCode === 0 ? 0 : 2;
  }
  if (e instanceof WriteError) {
    stderr.write(`lockstep86: ${e.message}\n`);
    return EXIT_IO;
  }
  if (e instanceof UserError) {
    stderr.write(e.message.split("\n").map((l) => `lockstep86: ${l}\n`).join(""));
    return 2;
  }
  const err = e as Error;
  stderr.write(`lockstep86: internal error: ${err?.message ?? String(e)}\n`);
  if (process.env.LOCKSTEP86_DEBUG) stderr.write(`${err?.stack}\n`);
  return 70;
}
