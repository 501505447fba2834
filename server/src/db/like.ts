/** Escapes LIKE wildcards so user text matches literally. */
function escapeLike(q: string): string {
  return q.replace(/[\\%_]/g, (c) => `\\${c}`);
}
export const containsPattern = (q: string): string => `%${escapeLike(q)}%`;
export const prefixPattern = (q: string): string => `${escapeLike(q)}%`;
