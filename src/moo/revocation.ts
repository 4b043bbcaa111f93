import { UserError } from "../errors.js";

/**
 * Reads a revocation_list.txt: one SHA-1 (40 hex digits) per line, `#` comments and blank lines
 * ignored. Hashes are lowercased to match `MooTest.hash`.
 */
export function parseRevocationList(text: string, label = "revocation_list.txt"): Set<string> {
  const hashes = new Set<string>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === "" || line.startsWith("#")) continue;
    if (!/^[0-9a-fA-F]{40}$/.test(line)) {
      const shown = line.length > 50 ? `${line.slice(0, 50)}...` : line;
      throw new UserError(`${label}: line ${i + 1}: '${shown}' is not a SHA-1 hash (40 hex digits)`);
    }
    hashes.add(line.toLowerCase());
  }
  return hashes;
}
