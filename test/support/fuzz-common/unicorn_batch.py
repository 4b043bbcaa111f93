"""What both Unicorn runners (fuzz/unicorn_runner.py, real-fuzz/unicorn_real.py) share: the loop
that reads a header line and then a case a line, and answers a line per case, and the search for
the bytes a case changed."""
import json
import sys


def serve(make_runner):
    """Builds the runner from the header line, then answers each case line with runner.run(case).
    Each answer is flushed as it is written: the harness puts a crash on the first case left
    unanswered."""
    runner = make_runner(json.loads(sys.stdin.readline()))
    out = sys.stdout
    for line in sys.stdin:
        if line.strip():
            out.write(json.dumps(runner.run(json.loads(line)), separators=(",", ":")) + "\n")
            out.flush()


def changes(before, after, base=0, chunk=64):
    """[base + offset, byte] for each byte of `after` that differs from `before`, comparing whole
    chunks first: a byte loop over all memory would dominate the run time."""
    if before == after:
        return []
    out = []
    for start in range(0, len(before), chunk):
        if before[start:start + chunk] != after[start:start + chunk]:
            for k in range(start, min(start + chunk, len(before))):
                if before[k] != after[k]:
                    out.append([base + k, after[k]])
    return out
