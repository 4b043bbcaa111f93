// Share links and scenario files: the scenario format's own functions (src/scenario).
// Until that module lands, an uncompressed stand-in with the same names.
import type { PageScenario } from "./scenario";

export function encodeLink(s: PageScenario, opts: { run?: boolean } = {}): string {
  const b64 = btoa(unescape(encodeURIComponent(JSON.stringify(s)))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  return `#s=1.${b64}${opts.run ? "&run" : ""}`;
}

export function decodeLink(urlOrHash: string): { scenario: PageScenario; run: boolean } {
  const hash = urlOrHash.slice(urlOrHash.indexOf("#") + 1);
  const params = new URLSearchParams(hash);
  const s = params.get("s");
  if (!s?.startsWith("1.")) throw new Error("link: no scenario (#s=1....)");
  const json = decodeURIComponent(escape(atob(s.slice(2).replace(/-/g, "+").replace(/_/g, "/"))));
  return { scenario: parseScenario(json), run: params.has("run") };
}

export function parseScenario(json: string): PageScenario {
  return JSON.parse(json) as PageScenario;
}
