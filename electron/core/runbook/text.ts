/**
 * Text helpers shared by the parser (slugs) and the search (folding). Pure: runs in the renderer too.
 */

/** Lower case without accents, so that "deploiement" matches "Déploiement" (French). */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/œ/gi, 'oe')
    .replace(/æ/gi, 'ae')
    .replace(/ß/g, 'ss')
    .toLowerCase();
}

/** "3.2 Création de la base" -> "3-2-creation-de-la-base"; at most `max` characters, cut at a dash. */
export function slugify(text: string, max = 60): string {
  let slug = foldText(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length > max) {
    const cut = slug.lastIndexOf('-', max);
    slug = slug.slice(0, cut > max / 2 ? cut : max).replace(/-+$/, '');
  }
  return slug;
}

/** Returns `base`, or `base-2`, `base-3`… whichever is not yet in `taken`; records the result in `taken`. */
export function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  taken.add(name);
  return name;
}

/** 1-based line and column of a character offset in `text` (columns count UTF-16 units, as editors do). */
export function lineColAt(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}
