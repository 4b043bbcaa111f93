// Bytes <-> base64 (scenario fields) and base64url (share links), with atob/btoa so the same
// code runs in Node and in the browser.

const CHUNK = 0x8000; // String.fromCharCode takes its arguments on the stack

export function bytesToBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += CHUNK) s += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(s);
}

/** Decodes standard base64 (padding optional); undefined if the text is not base64. */
export function base64ToBytes(text: string): Uint8Array | undefined {
  const t = text.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(t) || t.replace(/=+$/, "").length % 4 === 1) return undefined;
  const s = atob(t.replace(/=+$/, "").padEnd(Math.ceil(t.replace(/=+$/, "").length / 4) * 4, "="));
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export function bytesToBase64url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function base64urlToBytes(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  return base64ToBytes(text.replace(/-/g, "+").replace(/_/g, "/"));
}
