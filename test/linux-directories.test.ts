// Directories other than "/": files given as data/a.txt, data/sub/b.bin ... make data, data/sub
// and data/sub/deep directories that open(O_DIRECTORY), getdents64, stat, lstat and access
// treat as Linux does. Debian's busybox (ls, find, stat, du, test, wc, head) against qemu-i386
// on the same tree built in its working directory: the same stdout, stderr and exit status.
// Only what depends on the host's file system is normalised: find's order (the host's
// directory order; sorted here, as du's lines are), du's block counts (its block size; names
// kept) and a directory's size (not asked for). `test` prints nothing: its exit status counts.
import { describe, expect, it } from "vitest";
import { hasQemu } from "./support/qemu";
import { guestPath, buildFileArea } from "../src/linux/file-area";
import { BUSYBOX, missingBusybox, runQemu, runLockstep, qemuObservable, lockstepObservable, type LinuxRun } from "./support/linux-guest";

const enc = new TextEncoder();
const files: Record<string, Uint8Array> = {
  "data/a.txt": enc.encode("hello\n"),
  "data/sub/b.bin": new Uint8Array(5000).map((_, i) => (i * 31) & 0xff),
  "top.txt": enc.encode("top\n"),
  "data/sub/deep/c.txt": enc.encode("deep\nline two\n"),
  "data/z.txt": enc.encode("zed\n"),
  "data/sub/deep/d.txt": enc.encode("d\n"),
};

type Normalise = (out: string) => string;
const sortLines: Normalise = (s) => s.split("\n").filter((l) => l !== "").sort().join("\n");
const duNames: Normalise = (s) => sortLines(s.split("\n").map((l) => l.replace(/^\d+\t/, "N\t")).join("\n"));

const RUNS: Array<[string[], Normalise?]> = [
  [["ls", "data"]],
  [["ls", "-R", "data"]],
  [["ls", "-a", "data/sub"]],
  [["ls", "-d", "data/sub/deep", "data/sub/./deep/", "data/sub/deep/../deep"]],
  [["ls", "-F", "data", "data/sub"]],
  [["ls", "data/a.txt/"]],
  [["ls", "data/nope", "nope/x"]],
  [["find", "data"], sortLines],
  [["find", "data", "-type", "d"], sortLines],
  [["find", "data/sub", "-name", "*.txt"], sortLines],
  [["stat", "-c", "%n %F", "data", "data/sub", "data/sub/deep", "data/sub/deep/"]],
  [["stat", "-c", "%n %F %s", "data/a.txt", "./data/sub/../z.txt", "data/sub/b.bin"]],
  [["du", "-a", "data"], duNames],
  [["test", "-d", "data/sub/deep"]], // 0
  [["test", "-e", "data/sub/nope"]], // 1
  [["test", "-d", "data/a.txt"]],
  [["test", "-f", "data/sub/b.bin"]],
  [["wc", "data/sub/b.bin", "data/sub/deep/c.txt", "top.txt"]],
  [["head", "-n", "1", "data/sub/deep/c.txt", "data//z.txt"]],
  [["cat", "data/sub/deep/c.txt", "./data/../top.txt", "data/nope", "data/sub/b.bin"]], // sendfile64
];

describe("--file paths", () => {
  it("are made absolute and normalised as the core normalises the guest's paths", () => {
    expect(["a.txt", "./a.txt", "/a.txt", "data//x/./y", "data/../b", "d/", "/", "."].map(guestPath))
      .toEqual(["/a.txt", "/a.txt", "/a.txt", "/data/x/y", "/b", "/d/", "/", "/"]);
  });
  it("refuse a directory's name and a file that is also a directory, in one line", () => {
    const one = new Uint8Array(1);
    expect(() => buildFileArea([{ path: "d/", bytes: one }], false)).toThrow(/^--file: \/d\/ names a directory, not a file$/);
    expect(() => buildFileArea([{ path: "d", bytes: one }, { path: "d/x", bytes: one }], false))
      .toThrow(/^--file: \/d is a file, but \/d\/x puts a directory there$/);
  });
});

const noBusybox = !hasQemu() ? "qemu-i386 is missing" : missingBusybox();

describe.skipIf(noBusybox !== undefined)("directories of --file'd trees, busybox against qemu-i386", () => {
  RUNS.forEach(([args, normalise], i) => {
    const mode = i % 4 === 3 ? "dmr" : "simplex";
    it(`${args.join(" ")} (${mode})`, () => {
      const run: LinuxRun = { argv0: "busybox", args, files };
      const ref = qemuObservable(runQemu(BUSYBOX, run));
      const ours = lockstepObservable(runLockstep(BUSYBOX, run, mode));
      if (args[0] !== "test") expect(ref.stdout.length + ref.stderr.length, "busybox printed under qemu-i386").toBeGreaterThan(0);
      const n = normalise ?? ((s: string) => s);
      expect({ ...ours, stdout: n(ours.stdout) }).toEqual({ ...ref, stdout: n(ref.stdout) });
    });
  });
});
