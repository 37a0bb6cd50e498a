/** The log's lines with the indexes of those matching a search (case-insensitive); all when empty. Pure. */
export function searchLines(text: string, query: string): { lines: string[]; matches: number[] } {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const needle = query.trim().toLowerCase();
  const matches = needle ? lines.flatMap((line, index) => (line.toLowerCase().includes(needle) ? [index] : [])) : [];
  return { lines, matches };
}

/** A line cut around each occurrence of the query, for highlighting. */
export function splitOnMatch(line: string, query: string): { text: string; match: boolean }[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return [{ text: line, match: false }];
  const parts: { text: string; match: boolean }[] = [];
  const lower = line.toLowerCase();
  let from = 0;
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, from)) {
    if (at > from) parts.push({ text: line.slice(from, at), match: false });
    parts.push({ text: line.slice(at, at + needle.length), match: true });
    from = at + needle.length;
  }
  if (from < line.length) parts.push({ text: line.slice(from), match: false });
  return parts;
}

/** Keeps at most `limit` characters of a growing log, dropping whole lines from its start. */
export function keepTail(text: string, limit: number): { text: string; dropped: boolean } {
  if (text.length <= limit) return { text, dropped: false };
  const cut = text.indexOf('\n', text.length - limit);
  return { text: cut >= 0 ? text.slice(cut + 1) : text.slice(text.length - limit), dropped: true };
}
