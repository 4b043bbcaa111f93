// Files shipped with the package, found from the bundle (dist/) or the sources (src/node/).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export function packageFile(rel: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ["..", "../.."]) {
    const p = join(here, up, rel);
    if (existsSync(p)) return p;
  }
  throw new Error(`${rel} is missing from the package`);
}
