// Share links: a scenario in a URL's hash, `#s=1.<base64url(deflate(canonical JSON))>[&run]`,
// so nothing is stored on a server. The leading 1 is the link format's version; `&run` asks the
// page to run the scenario as soon as it opens. Lessons use the same packing under `l=`
// (src/lesson/link.ts), through packHash and unpackHash.
import { deflateSync, inflateSync, strFromU8, strToU8 } from "fflate";
import { UserError } from "../errors";
import { base64urlToBytes, bytesToBase64url } from "./base64";
import { parseScenario, scenarioJson, type Scenario } from "./format";

export const LINK_VERSION = 1;

/** `KEY=1.<base64url(deflate(text))>`: one hash parameter carrying a JSON text. */
export function packHash(key: string, text: string): string {
  return `${key}=${LINK_VERSION}.${bytesToBase64url(deflateSync(strToU8(text), { level: 9 }))}`;
}

/** The hash's parameters: a whole URL, or only its hash (with or without the #). */
export function hashParams(urlOrHash: string): string[] {
  const text = urlOrHash.trim();
  return (text.includes("#") ? text.slice(text.indexOf("#") + 1) : text).split("&");
}

/** The text packHash put under `key`; `what` names it in errors ("scenario", "lesson"). */
export function unpackHash(params: string[], key: string, what: string): string {
  const s = params.find((p) => p.startsWith(`${key}=`));
  if (!s) throw new UserError(`link: no ${what} in it (expected #${key}=${LINK_VERSION}.… after the page's address)`);
  const body = s.slice(key.length + 1);
  const dot = body.indexOf(".");
  const version = dot < 0 ? "" : body.slice(0, dot);
  if (!/^\d+$/.test(version)) throw new UserError(`link: the ${what} has no version (expected ${key}=${LINK_VERSION}.…)`);
  if (Number(version) !== LINK_VERSION) {
    throw new UserError(`link: format version ${version} is not one this lockstep86 reads (${LINK_VERSION})`);
  }
  const packed = base64urlToBytes(body.slice(dot + 1));
  if (!packed) throw new UserError(`link: the ${what} is not base64url (was the link cut or changed?)`);
  try {
    return strFromU8(inflateSync(packed));
  } catch (e) {
    throw new UserError(`link: the ${what} does not decompress (${(e as Error).message}; was the link cut?)`);
  }
}

export function encodeLink(scenario: Scenario, options: { run?: boolean } = {}): string {
  return `#${packHash("s", scenarioJson(scenario))}${options.run ? "&run" : ""}`;
}

/** Reads a link: a whole URL, or only its hash (with or without the #). */
export function decodeLink(urlOrHash: string): { scenario: Scenario; run: boolean } {
  const params = hashParams(urlOrHash);
  const json = unpackHash(params, "s", "scenario");
  return { scenario: parseScenario(json), run: params.includes("run") || params.includes("run=1") };
}
