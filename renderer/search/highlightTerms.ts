/**
 * Marks the query's words in a search excerpt, ignoring case and accents as the backend search does
 * ("deploiement" marks "Déploiement"). Returns segments so the view renders <mark> without HTML strings.
 */
export interface Segment {
  text: string;
  match: boolean;
}

/** Folds one character at a time, so offsets in the folded text map back to the original. */
function foldChar(c: string): string {
  return c
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

export function highlightTerms(text: string, query: string): Segment[] {
  const terms = query
    .split(/\s+/)
    .map((w) => [...w].map(foldChar).join(''))
    .filter((w) => w.length >= 2);
  if (terms.length === 0 || !text) return text ? [{ text, match: false }] : [];
  // Folded text with, for each folded char, the index of the original char it came from.
  const chars = [...text];
  let folded = '';
  const origin: number[] = [];
  chars.forEach((c, i) => {
    for (const f of foldChar(c)) {
      folded += f;
      origin.push(i);
    }
  });
  const marked = new Array<boolean>(chars.length).fill(false);
  for (const term of terms) {
    for (let at = folded.indexOf(term); at >= 0; at = folded.indexOf(term, at + term.length)) {
      for (let k = at; k < at + term.length; k++) marked[origin[k]!] = true;
    }
  }
  const segments: Segment[] = [];
  chars.forEach((c, i) => {
    const last = segments[segments.length - 1];
    if (last && last.match === marked[i]) last.text += c;
    else segments.push({ text: c, match: marked[i]! });
  });
  return segments;
}

/** Hits carry source text; drop the Markdown marks (`code`, **bold**, _em_) that read as noise in a list. */
export function readableExcerpt(text: string): string {
  return text
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|\s)_([^_]+)_(?=\s|$)/g, '$1$2')
    .replace(/^\s*(?:[-*+]\s+(?:\[[ xX]\]\s+)?|>\s*|#+\s+)/, '');
}
