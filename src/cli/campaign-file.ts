// Results files on disk: read one (naming the file in every error), open one to append cases
// as they finish (each case is one write, so a killed run loses at most the line being written).
import { closeSync, existsSync, ftruncateSync, openSync, readFileSync, writeSync } from "node:fs";
import { UserError } from "../errors";
import { fsErrorReason as reason } from "../node/fs-error";
import { caseLine, headerLine, identityDifference, parseResults, type CampaignHeader, type ResultsFile } from "../campaign/results";
import type { CaseResult } from "../campaign/experiment";

export function readResults(path: string): ResultsFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new UserError(`${path}: cannot read the results: ${reason(e)}`);
  }
  return parseResults(text, path);
}

export interface ResultsWriter {
  /** Cases already in the file (a resumed run skips them). */
  done: CaseResult[];
  write(c: CaseResult): void;
  close(): void;
}

/**
 * Opens `path` for a campaign with `header`. A new file gets the header. An existing one is an
 * error unless `resume`, and then its header must be this campaign's; a half-written last line
 * is cut off before appending.
 */
export function openResults(path: string, header: CampaignHeader, resume: boolean): ResultsWriter {
  let done: CaseResult[] = [];
  let fd: number;
  try {
    if (existsSync(path) && resume) {
      const file = readResults(path);
      const diff = identityDifference(file.header, header);
      if (diff) throw new UserError(`${path}: --resume: the file holds another campaign (${diff})`);
      if ((file.header.shard ?? "") !== (header.shard ?? "")) {
        throw new UserError(`${path}: --resume: the file holds shard ${file.header.shard ?? "(all)"}, not ${header.shard ?? "(all)"}`);
      }
      done = file.cases;
      fd = openSync(path, "r+");
      ftruncateSync(fd, Buffer.byteLength(readFileSync(path, "utf8").slice(0, file.complete)));
      closeSync(fd);
      fd = openSync(path, "a");
    } else {
      if (existsSync(path)) throw new UserError(`${path}: already exists (--resume continues it; or choose another --out)`);
      fd = openSync(path, "wx");
      writeSync(fd, headerLine(header));
    }
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${path}: cannot write the results: ${reason(e)}`);
  }
  return {
    done,
    write: (c) => void writeSync(fd, caseLine(c)),
    close: () => closeSync(fd),
  };
}
