// What a Linux process is given besides its program: files, a clock, a seed, a terminal. The
// values are configuration, the same in every module (set on each new module, resyncs too).
import * as L from "../../assembly/layout";
import type { CpuModule } from "../core/module";
import { buildFileArea, type GuestFile } from "./file-area";

export interface LinuxOptions {
  /** Files the guest may read (--file). */
  files?: GuestFile[];
  /** The guest may create files, released at the end (--out-dir). */
  writableFiles?: boolean;
  /** The wall clock's seconds at cycle 0 (--start-time). */
  startTime?: number;
  /** getrandom's seed (--seed). */
  seed?: number;
  /** The console answers as a terminal (--tty). */
  tty?: boolean;
  /** The environment, NAME=VALUE each (--env); none by default, so runs do not depend on the host's. */
  env?: string[];
}

/** An environment string's problem, if any: NAME=VALUE is a name without '=', then the value (which may be empty or hold '='); no NUL. */
export function envProblem(text: string): string | undefined {
  const eq = text.indexOf("=");
  if (eq <= 0) return `'${text}' must be NAME=VALUE`;
  if (text.includes("\0")) return `'${text.replace(/\0/g, "\\0")}' holds a NUL byte, which ends a C string`;
  return undefined;
}

/** 2026-01-01 00:00:00 UTC: the clock's default start, so that runs do not depend on the date. */
export const DEFAULT_START_TIME = 1767225600;

export function fileAreaFor(o: LinuxOptions | undefined): Uint8Array {
  return buildFileArea(o?.files ?? [], o?.writableFiles ?? false);
}

/** Sets a new module's Linux configuration; `diskSize` is the disk proper (the file area follows). */
export function configureLinux(m: CpuModule, o: LinuxOptions | undefined, diskSize: number): void {
  m.setU32(L.S_FILES_AT, diskSize);
  m.setU32(L.S_FILES_WRITABLE, o?.writableFiles ? 1 : 0);
  m.setU32(L.S_START_TIME, o?.startTime ?? DEFAULT_START_TIME);
  m.setU32(L.S_RANDOM_SEED, o?.seed ?? 0);
  m.setU32(L.S_LINUX_FLAGS, o?.tty ? L.LINUX_TTY : 0);
}
