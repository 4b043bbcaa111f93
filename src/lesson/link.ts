// A lesson in a URL's hash, `#l=1.<base64url(deflate(JSON))>`, packed as share links pack a
// scenario (src/scenario/link.ts), so a teacher shares a lesson without a server.
import { hashParams, packHash, unpackHash } from "../scenario/link";
import { parseLesson, type Lesson } from "./format";

export function encodeLessonLink(lesson: Lesson): string {
  return `#${packHash("l", JSON.stringify(lesson))}`;
}

/** Reads a lesson link: a whole URL, or only its hash. */
export function decodeLessonLink(urlOrHash: string): Lesson {
  return parseLesson(unpackHash(hashParams(urlOrHash), "l", "lesson"));
}

/** Whether a URL or hash carries a lesson (rather than a scenario). */
export const isLessonLink = (urlOrHash: string) => hashParams(urlOrHash).some((p) => p.startsWith("l="));
