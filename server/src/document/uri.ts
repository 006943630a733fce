// Document URIs as file paths: the one conversion every part uses.

import { fileURLToPath } from 'node:url';

/** The file path of a `file:` URI; undefined for other schemes (untitled:, …) and malformed URIs. */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
