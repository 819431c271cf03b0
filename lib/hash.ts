const encoder = new TextEncoder();

/** Hex SHA-256 of a secret, for storing tokens that must be looked up but never read back. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
