// What a run releases. Output leaves the machine only once every online module agreed on it:
// console bytes are committed at each checkpoint, the disk image at the end after a scrub. A
// fail-stop (the modules disagree and nothing tells which is right, a machine check with no good
// partner, no module left online) releases nothing past the last checkpoint: the console output
// committed up to it, and no disk image at all, since the image's sectors were never compared
// whole. Every path that writes a run's results (`--save-disk`, output files) asks here.
import type { StopInfo } from "../core/status";

export interface Released {
  stdout: Uint8Array;
  stderr: Uint8Array;
  /** The final disk image, or null when it is withheld. */
  disk: Uint8Array | null;
  /** Why files (the disk image, output files) are withheld, as one line; null when released. */
  withheld: string | null;
}

/** The rule itself: a run that fail-stopped releases no disk image (nor any other file). */
export function releasesDisk(failStop: boolean): boolean {
  return !failStop;
}

export function released(r: { failStop: boolean; stop: StopInfo; stdout: Uint8Array; stderr: Uint8Array; disk: Uint8Array | null }): Released {
  const ok = releasesDisk(r.failStop) && r.disk !== null;
  return {
    stdout: r.stdout,
    stderr: r.stderr,
    disk: ok ? r.disk : null,
    withheld: ok ? null : `nothing past the last checkpoint is released (${r.stop.message || r.stop.kind})`,
  };
}
