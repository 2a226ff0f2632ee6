/** Quotes one word for a POSIX shell: single quotes, with embedded ones as '\'' . Safe for any string. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
