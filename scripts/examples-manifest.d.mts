// Types of scripts/examples-manifest.mjs for the TypeScript tests that import it.
export function describe(name: string, source: string): string;
export function examplesManifest(): { generatedBy: string; examples: Array<{ name: string; kind: string; source: string; file: string; description: string }> };
export function manifestText(): string;
