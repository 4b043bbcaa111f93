// Debian's i386 busybox-static, unmodified, against qemu-i386: applets that need no x87, on
// files given with --file (in the guest's working directory under qemu-i386) and on stdin; the
// same stdout, stderr and exit status. Most run simplex; every fourth in dmr. Applets that use
// the x87 (sort -n, awk, seq) are in test/x87-programs-differential.test.ts.
import { describe, expect, it } from "vitest";
import { hasQemu } from "./support/qemu";
import { BUSYBOX, missingBusybox, runQemu, runLockstep, qemuObservable, lockstepObservable, type LinuxRun } from "./support/linux-guest";

const enc = new TextEncoder();
const text = enc.encode(
  "alpha beta gamma\nthe quick brown fox\n  jumps over the lazy dog\nalpha again, beta again\n" +
  Array.from({ length: 300 }, (_, i) => `line ${i}: ${(i * 7919) % 1009} ${"xyz".repeat(i % 5)}\n`).join(""),
);
const nums = enc.encode(Array.from({ length: 120 }, (_, i) => `${(i * 37) % 101}\n`).join(""));
const csv = enc.encode("name,qty,price\napple,3,10\npear,10,4\nfig,7,12\nplum,1,30\n");
const files = { "text.txt": text, "nums.txt": nums, "data.csv": csv };

const APPLETS: Array<[string, string[], Partial<LinuxRun>?]> = [
  ["sha256sum", ["text.txt", "nums.txt"]],
  ["md5sum", ["text.txt", "data.csv"]],
  ["wc", ["text.txt", "nums.txt"]],
  ["sort", ["text.txt"]],
  ["sort", ["-r", "nums.txt"]],
  ["sort", ["-u", "-t,", "-k2", "data.csv"]],
  ["sed", ["-e", "s/alpha/ALPHA/g", "-e", "/line 1[0-9]:/d", "text.txt"]],
  ["grep", ["-n", "again", "text.txt"]],
  ["grep", ["-c", "-v", "xyz", "text.txt"]],
  ["cut", ["-d,", "-f1,3", "data.csv"]],
  ["od", ["-A", "x", "-t", "x1z", "data.csv"]],
  ["base64", ["text.txt"]],
  ["tr", ["a-z", "A-Z"], { stdin: csv }],
  ["expr", ["7", "*", "6", "+", "1"]],
  ["expr", ["length", "lockstep"]],
  ["gzip", ["-c", "text.txt"]],
  ["uniq", ["-c"], { stdin: enc.encode("a\na\nb\nc\nc\nc\n") }],
  ["head", ["-n", "3", "text.txt"]],
  ["tail", ["-n", "2", "data.csv"]],
  ["cat", ["missing.txt"]],
];

const why = !hasQemu() ? "qemu-i386 is missing (apt-get install qemu-user)" : missingBusybox();
if (why) console.warn(`skipping the busybox differential test: ${why}`);

describe.skipIf(why !== undefined)("busybox applets agree with qemu-i386", () => {
  APPLETS.forEach(([applet, args, extra], i) => {
    const mode = i % 4 === 3 ? "dmr" : "simplex";
    it(`${applet} ${args.join(" ")} (${mode})`, () => {
      const run: LinuxRun = { argv0: "busybox", args: [applet, ...args], files, ...extra };
      const ref = runQemu(BUSYBOX, run);
      expect(ref.timedOut).toBe(false);
      // The applet ran: it printed something (the missing file, an error naming it).
      expect(ref.stdout.length + ref.stderr.length).toBeGreaterThan(0);
      expect(Buffer.from(ref.stderr).toString()).not.toContain("applet not found");
      const r = runLockstep(BUSYBOX, run, mode);
      expect(lockstepObservable(r)).toEqual(qemuObservable(ref));
    });
  });

  // qemu-i386's working directory holds other files, so the listing is checked by hand: "/" holds
  // exactly the files given.
  it("ls -a lists the files given, and ls -l their sizes", () => {
    const r = runLockstep(BUSYBOX, { argv0: "busybox", args: ["ls", "-a"], files }, "dmr");
    expect(Buffer.from(r.stdout).toString()).toBe(".\n..\ndata.csv\nnums.txt\ntext.txt\n");
    const l = runLockstep(BUSYBOX, { argv0: "busybox", args: ["ls", "-l", "/"], files }, "simplex");
    const sizes = Buffer.from(l.stdout).toString().split("\n").filter((x) => x.startsWith("-")).map((x) => x.split(/\s+/)[4]);
    expect(sizes).toEqual([csv.length, nums.length, text.length].map(String));
  });

  it("gunzip -c restores what gzip -c made", () => {
    const gz = runQemu(BUSYBOX, { argv0: "busybox", args: ["gzip", "-c", "text.txt"], files }).stdout;
    const run: LinuxRun = { argv0: "busybox", args: ["gunzip", "-c", "text.gz"], files: { "text.gz": gz } };
    const r = runLockstep(BUSYBOX, run, "dmr");
    expect(lockstepObservable(r)).toEqual(qemuObservable(runQemu(BUSYBOX, run)));
    expect(Buffer.from(r.stdout).equals(Buffer.from(text))).toBe(true);
  });
});
