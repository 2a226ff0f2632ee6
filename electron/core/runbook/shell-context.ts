/**
 * Where each placeholder of a shell template lands, lexically: a bare word, inside "…", inside '…', in a
 * heredoc body… Quoting a value is only correct for the context it lands in (a single-quoted word inside a
 * double-quoted string is not quoted at all), so the binder and the linter both ask this module.
 *
 * A small POSIX/bash lexer, deliberately conservative: where it cannot be sure (a `case` inside `$(…)`, quotes
 * inside backquotes, a backslash right before a placeholder), it answers 'uncertain', which the
 * caller treats as "cannot quote here". A wrong answer in the other direction would turn quoting into
 * injection, so every doubt goes that way. Pure: no Node imports.
 */
import type { TemplatePart } from './template';

export type ShellContext =
  | 'word' // unquoted: a command word, an argument, a comment, the inside of $(…)
  | 'double' // inside "…"
  | 'single' // inside '…' or $'…'
  | 'heredoc' // a here-document body
  | 'backquote' // inside `…`
  | 'expansion' // inside ${…}
  | 'arithmetic' // inside $((…))
  | 'uncertain'; // the lexer lost track

/** Contexts where a value can be made one literal piece of a word. */
export const QUOTABLE_CONTEXTS: ReadonlySet<ShellContext> = new Set(['word', 'double']);

export function describeContext(context: ShellContext): string {
  switch (context) {
    case 'word':
      return 'an unquoted word';
    case 'double':
      return 'a double-quoted string';
    case 'single':
      return "a single-quoted string ('…' or $'…')";
    case 'heredoc':
      return 'a here-document';
    case 'backquote':
      return 'a backquoted command (`…`)';
    case 'expansion':
      return 'a parameter expansion ${…}';
    case 'arithmetic':
      return 'an arithmetic expansion $((…))';
    case 'uncertain':
      return 'a place the linter cannot follow (a backslash before it, case inside $(…), quotes inside `…`)';
  }
}

/** Stands for a placeholder in the flattened text: a private-use character, a word character for the lexer. */
const SLOT = '\uE000';

type FrameKind = 'top' | 'cmdsub' | 'dq' | 'sq' | 'ansi' | 'bq' | 'param' | 'arith';
interface Frame {
  kind: FrameKind;
  /** Unquoted '(' not yet closed inside this $(…) or $((…)). */
  depth: number;
}

/** The context of every placeholder of `parts`, keyed by the placeholder's offset in the template. */
export function shellContexts(parts: TemplatePart[]): Map<number, ShellContext> {
  const offsets: number[] = [];
  let flat = '';
  let uncertainText = false;
  for (const part of parts) {
    if (part.kind === 'text') {
      if (part.text.includes(SLOT)) uncertainText = true;
      flat += part.text;
    } else {
      offsets.push(part.offset);
      flat += SLOT;
    }
  }
  const found = lex(flat);
  const result = new Map<number, ShellContext>();
  offsets.forEach((offset, i) => result.set(offset, uncertainText ? 'uncertain' : found[i]!));
  return result;
}

const WORD_BREAK = /[\s;&|()<>]/;

function lex(s: string): ShellContext[] {
  const out: ShellContext[] = [];
  const stack: Frame[] = [{ kind: 'top', depth: 0 }];
  const pending: Array<{ delimiter: string; stripTabs: boolean }> = [];
  let uncertain = false;
  let i = 0;
  const top = () => stack[stack.length - 1]!;
  const push = (kind: FrameKind) => stack.push({ kind, depth: 0 });
  const record = (context: ShellContext) => out.push(uncertain ? 'uncertain' : context);
  /** Skips a backslash and the character it escapes; a placeholder right after it cannot be judged. */
  const escape = () => {
    if (s[i + 1] === SLOT) {
      out.push('uncertain');
      i += 2;
      return;
    }
    i += 2;
  };
  const atWordStart = () => i === 0 || WORD_BREAK.test(s[i - 1]!);
  /** After `$`: opens $((, $(, ${, $'…' or $"…"; returns false for a plain `$`. */
  const dollar = (): boolean => {
    const next = s[i + 1];
    if (next === '(' && s[i + 2] === '(') return (push('arith'), (i += 3), true);
    if (next === '(') return (push('cmdsub'), (i += 2), true);
    if (next === '{') return (push('param'), (i += 2), true);
    if (next === "'") return (push('ansi'), (i += 2), true);
    if (next === '"') return (push('dq'), (i += 2), true);
    return false;
  };

  while (i < s.length) {
    const c = s[i]!;
    const frame = top();
    if (c === SLOT) {
      record(contextOf(frame.kind));
      i++;
      continue;
    }
    switch (frame.kind) {
      case 'top':
      case 'cmdsub': {
        if (c === '\\') {
          escape();
          continue;
        }
        if (c === '#' && atWordStart()) {
          // A comment: quotes in it mean nothing; a placeholder in it is harmless but still quoted.
          const end = s.indexOf('\n', i);
          for (let j = i; j < (end < 0 ? s.length : end); j++) if (s[j] === SLOT) record('word');
          i = end < 0 ? s.length : end;
          continue;
        }
        if (c === "'") push('sq');
        else if (c === '"') push('dq');
        else if (c === '`') push('bq');
        else if (c === '$' && dollar()) continue;
        else if (frame.kind === 'cmdsub' && c === '(') frame.depth++;
        else if (frame.kind === 'cmdsub' && c === ')') {
          if (frame.depth === 0) stack.pop();
          else frame.depth--;
        } else if (
          frame.kind === 'cmdsub' &&
          c === 'c' &&
          atWordStart() &&
          /^case\s/.test(s.slice(i, i + 5))
        ) {
          uncertain = true; // `pattern)` would close the $( as far as this lexer knows
        } else if (c === '<' && s[i + 1] === '<') {
          if (s[i + 2] === '<') {
            i += 3; // a here-string: the next word is an ordinary word
            continue;
          }
          const stripTabs = s[i + 2] === '-';
          i += stripTabs ? 3 : 2;
          const word = readHeredocWord(s, i);
          i = word.end;
          if (word.delimiter === undefined) uncertain = true;
          else pending.push({ delimiter: word.delimiter, stripTabs });
          continue;
        } else if (c === '\n' && pending.length > 0) {
          i = readHeredocBodies(s, i + 1, pending.splice(0), record);
          continue;
        }
        i++;
        continue;
      }
      case 'dq':
        if (c === '\\') {
          escape();
          continue;
        }
        if (c === '"') stack.pop();
        else if (c === '`') push('bq');
        else if (c === '$' && s[i + 1] !== "'" && s[i + 1] !== '"' && dollar()) continue;
        i++;
        continue;
      case 'sq':
        if (c === "'") stack.pop();
        i++;
        continue;
      case 'ansi':
        if (c === '\\') {
          escape();
          continue;
        }
        if (c === "'") stack.pop();
        i++;
        continue;
      case 'bq':
        if (c === '\\') {
          escape();
          continue;
        }
        if (c === "'" || c === '"') uncertain = true; // nested quoting inside `…` is not modelled
        if (c === '`') stack.pop();
        i++;
        continue;
      case 'param': {
        // Only the closing brace matters here (a placeholder inside ${…} is refused anyway): quotes are
        // followed so that a "}" inside them does not end it. Inside "…", bash reads ' as a plain character.
        if (c === '\\') {
          escape();
          continue;
        }
        const inDouble = stack[stack.length - 2]?.kind === 'dq';
        if (c === '"') push('dq');
        else if (c === "'" && !inDouble) push('sq');
        else if (c === '$' && dollar()) continue;
        else if (c === '{') frame.depth++;
        else if (c === '}') {
          if (frame.depth === 0) stack.pop();
          else frame.depth--;
        }
        i++;
        continue;
      }
      case 'arith':
        if (c === '(') frame.depth++;
        else if (c === ')') {
          if (frame.depth === 0 && s[i + 1] === ')') {
            stack.pop();
            i += 2;
            continue;
          }
          frame.depth--;
        }
        i++;
        continue;
    }
  }
  return out;
}

function contextOf(kind: FrameKind): ShellContext {
  switch (kind) {
    case 'top':
    case 'cmdsub':
      return 'word';
    case 'dq':
      return 'double';
    case 'sq':
    case 'ansi':
      return 'single';
    case 'bq':
      return 'backquote';
    case 'param':
      return 'expansion';
    case 'arith':
      return 'arithmetic';
  }
}

/** The delimiter word after `<<`: quotes removed (they only say "no expansion"), undefined if unreadable. */
function readHeredocWord(s: string, start: number): { delimiter?: string; end: number } {
  let i = start;
  while (s[i] === ' ' || s[i] === '\t') i++;
  let delimiter = '';
  let quote: string | undefined;
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (c === SLOT) return { end: i };
    if (quote) {
      if (c === quote) quote = undefined;
      else delimiter += c;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '\\' && i + 1 < s.length) delimiter += s[++i];
    else if (WORD_BREAK.test(c)) break;
    else delimiter += c;
  }
  return quote || delimiter === '' ? { end: i } : { delimiter, end: i };
}

/** Skips here-document bodies (in order); every placeholder in them is recorded as 'heredoc'. */
function readHeredocBodies(
  s: string,
  start: number,
  docs: Array<{ delimiter: string; stripTabs: boolean }>,
  record: (context: ShellContext) => void,
): number {
  let i = start;
  for (const doc of docs) {
    while (i < s.length) {
      const nl = s.indexOf('\n', i);
      const end = nl < 0 ? s.length : nl;
      const line = s.slice(i, end);
      i = nl < 0 ? s.length : nl + 1;
      if ((doc.stripTabs ? line.replace(/^\t+/, '') : line) === doc.delimiter) break;
      for (const ch of line) if (ch === SLOT) record('heredoc');
    }
  }
  // The newline that ended the command line was consumed; let the caller see where the next line starts.
  return i;
}
