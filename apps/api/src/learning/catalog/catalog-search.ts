/**
 * How a catalog search box is read: the whole text as web-search terms ("a phrase", -not, or),
 * stemmed for Bahasa Indonesia, and, while the person is still typing a word, that last word also
 * as a prefix of an exact token. Nothing of the text is ever spliced into tsquery syntax: the
 * terms go through websearch_to_tsquery, and the prefix is only built from a word of letters and digits.
 */
export interface CatalogSearch {
  /** The whole text, for websearch_to_tsquery. */
  text: string;
  /** The text before the last word (may be empty), for websearch_to_tsquery. */
  head: string;
  /** `word:*` for to_tsquery('simple', …), or null when the text does not end in a plain word. */
  prefix: string | null;
}

const PLAIN_WORD = /^[\p{L}\p{N}]+$/u;

export function catalogSearch(q: string | undefined): CatalogSearch | null {
  // Control characters mean nothing in a search box (and PostgreSQL refuses NUL in text).
  // eslint-disable-next-line no-control-regex
  const text = (q ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  if (!text) return null;
  const words = text.split(/\s+/);
  const last = words[words.length - 1];
  const openQuote = (text.match(/"/g)?.length ?? 0) % 2 === 1;
  if (!PLAIN_WORD.test(last) || openQuote) return { text, head: '', prefix: null };
  return { text, head: words.slice(0, -1).join(' '), prefix: `${last.toLowerCase()}:*` };
}
