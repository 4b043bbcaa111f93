// The options that give a Linux program its world: files to read (--file), the clock's start
// (--start-time), getrandom's seed (--seed), a terminal (--tty) and an environment (--env); `run`
// adds --out-dir. A scenario carries the same world (src/scenario/format.ts).
import { mkdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import { UserError } from "../errors";
import { envProblem, type LinuxOptions } from "../linux/process-config";
import type { GuestFile } from "../linux/file-area";
import { readInput, writeOutput } from "./io";
import { parseCount } from "./values";

export interface LinuxFlags {
  file: string[];
  startTime?: string;
  seed?: string;
  tty?: boolean;
  env: string[];
  outDir?: string;
}

/** The option keys of the world above that a scenario also sets (scenario-source.ts refuses them beside one). */
export const LINUX_WORLD_KEYS = ["file", "startTime", "seed", "tty", "env"];

const collect = (v: string, all: string[]) => [...all, v];

/** `seed`: add --seed (campaign has its own --seed, for the faults; its programs get seed 0). */
export function addLinuxOptions(cmd: Command, seed = true): Command {
  cmd
    .option("--file <host[=guest]>", "a host file the program may read, at path guest (default: the same path; repeatable)", collect, [])
    .option("--start-time <seconds>", "the clock's Unix time at the first instruction (default 1767225600, 2026-01-01)");
  if (seed) cmd.option("--seed <n>", "seed of the bytes getrandom gives (default 0)");
  return cmd
    .option("--tty", "the console answers as a terminal (ioctl TCGETS) instead of a pipe")
    .option("--env <name=value>", "an environment variable the program is given (repeatable; none by default)", collect, []);
}

/** HOST[=GUEST]: the host file's bytes (read once, now) at the guest path. */
function parseFileFlag(text: string): GuestFile {
  const eq = text.indexOf("=");
  const host = eq < 0 ? text : text.slice(0, eq);
  const path = eq < 0 ? text : text.slice(eq + 1);
  if (!host || !path) throw new UserError(`--file: '${text}' must be HOST or HOST=GUEST`);
  return { path, bytes: readInput(host, "--file") };
}

export function linuxOptions(flags: LinuxFlags, seedFlag = true): LinuxOptions {
  const startTime = flags.startTime === undefined ? undefined : parseCount("--start-time", flags.startTime);
  if (startTime !== undefined && startTime > 0xffffffff) throw new UserError(`--start-time: ${flags.startTime} must be below 2^32`);
  const seed = !seedFlag || flags.seed === undefined ? undefined : parseCount("--seed", flags.seed);
  if (seed !== undefined && seed > 0xffffffff) throw new UserError(`--seed: ${flags.seed} must be below 2^32`);
  return {
    files: flags.file.map(parseFileFlag),
    writableFiles: flags.outDir !== undefined,
    startTime,
    seed,
    tty: flags.tty ?? false,
    env: flags.env.map((e) => {
      const problem = envProblem(e);
      if (problem) throw new UserError(`--env: ${problem}`);
      return e;
    }),
  };
}

/** The world's flags as given, to replay a run (a campaign case) with the same world. */
export function linuxReplayFlags(flags: LinuxFlags, seedFlag = true): string[] {
  const parts: string[] = [];
  for (const f of flags.file) parts.push("--file", f);
  if (flags.startTime !== undefined) parts.push("--start-time", flags.startTime);
  if (seedFlag && flags.seed !== undefined) parts.push("--seed", flags.seed);
  if (flags.tty) parts.push("--tty");
  for (const e of flags.env) parts.push("--env", e);
  return parts;
}

/** --out-dir must be a directory (or creatable), checked before the run. */
export function checkOutDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) throw new Error();
  } catch {
    throw new UserError(`${dir}: cannot use as --out-dir: not a directory that can be created`);
  }
}

/** Writes the files the guest created under dir (their guest paths made relative to it). */
export function writeCreatedFiles(dir: string, files: readonly GuestFile[]): void {
  const root = resolve(dir);
  for (const f of files) {
    const target = resolve(join(root, f.path));
    if (!target.startsWith(root + "/")) throw new UserError(`${f.path}: the guest's file lies outside --out-dir`);
    mkdirSync(dirname(target), { recursive: true });
    writeOutput(target, f.bytes, "a file the program wrote");
  }
}
