/**
 * Splits a text into messages of at most `limit` characters, cutting at paragraph boundaries,
 * else line boundaries, else sentence ends, else spaces; a word longer than the limit is cut.
 */
export function splitMessage(text: string, limit: number): string[] {
  if (limit < 1) throw new RangeError(`splitMessage: limit must be >= 1, got ${limit}`);
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    const cut = lastBreak(window, '\n\n') ?? lastBreak(window, '\n') ?? lastSentenceEnd(window) ?? lastBreak(window, ' ') ?? wholeCharacters(rest, limit);
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}

/** `limit`, or one less where that would split an emoji or other character of two UTF-16 units. */
function wholeCharacters(text: string, limit: number): number {
  const code = text.charCodeAt(limit - 1);
  return limit > 1 && code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}

/** Position just before the last `separator` in the window, if it leaves a useful first part. */
function lastBreak(window: string, separator: string): number | undefined {
  const at = window.lastIndexOf(separator);
  return at > window.length / 3 ? at : undefined;
}

function lastSentenceEnd(window: string): number | undefined {
  let best: number | undefined;
  for (const match of window.matchAll(/[.!?;…](?=\s)/g)) best = match.index + 1;
  return best !== undefined && best > window.length / 3 ? best : undefined;
}
