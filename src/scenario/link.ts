// Share links: a scenario in a URL's hash, `#s=1.<base64url(deflate(canonical JSON))>[&run]`,
// so nothing is stored on a server. The leading 1 is the link format's version; `&run` asks the
// page to run the scenario as soon as it opens.
import { deflateSync, inflateSync, strFromU8, strToU8 } from "fflate";
import { UserError } from "../errors";
import { base64urlToBytes, bytesToBase64url } from "./base64";
import { parseScenario, scenarioJson, type Scenario } from "./format";

export const LINK_VERSION = 1;

export function encodeLink(scenario: Scenario, options: { run?: boolean } = {}): string {
  const packed = bytesToBase64url(deflateSync(strToU8(scenarioJson(scenario)), { level: 9 }));
  return `#s=${LINK_VERSION}.${packed}${options.run ? "&run" : ""}`;
}

/** Reads a link: a whole URL, or only its hash (with or without the #). */
export function decodeLink(urlOrHash: string): { scenario: Scenario; run: boolean } {
  const text = urlOrHash.trim();
  const hash = text.includes("#") ? text.slice(text.indexOf("#") + 1) : text;
  const params = hash.split("&");
  const s = params.find((p) => p.startsWith("s="));
  if (!s) throw new UserError("link: no scenario in it (expected #s=1.… after the page's address)");
  const body = s.slice(2);
  const dot = body.indexOf(".");
  const version = dot < 0 ? "" : body.slice(0, dot);
  if (!/^\d+$/.test(version)) throw new UserError("link: the scenario has no version (expected s=1.…)");
  if (Number(version) !== LINK_VERSION) {
    throw new UserError(`link: format version ${version} is not one this lockstep86 reads (${LINK_VERSION})`);
  }
  const packed = base64urlToBytes(body.slice(dot + 1));
  if (!packed) throw new UserError("link: the scenario is not base64url (was the link cut or changed?)");
  let json: string;
  try {
    json = strFromU8(inflateSync(packed));
  } catch (e) {
    throw new UserError(`link: the scenario does not decompress (${(e as Error).message}; was the link cut?)`);
  }
  return { scenario: parseScenario(json), run: params.includes("run") || params.includes("run=1") };
}
