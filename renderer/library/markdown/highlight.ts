/**
 * Code highlighting with highlight.js (core build + the languages the runbooks use, to keep the bundle
 * small), with `{{ }}` placeholders turned into chips.
 *
 * Placeholders are swapped for sentinels made only of private-use characters before highlighting: no
 * highlight.js grammar matches those, so a sentinel is never split across spans, and it is swapped back for
 * its chip afterwards. (Highlighting the chip HTML itself would escape it; highlighting pieces separately
 * would lose the grammar's context, e.g. a placeholder inside a quoted string.)
 */
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import ini from 'highlight.js/lib/languages/ini';
import nginx from 'highlight.js/lib/languages/nginx';
import plaintext from 'highlight.js/lib/languages/plaintext';
import python from 'highlight.js/lib/languages/python';
import sql from 'highlight.js/lib/languages/sql';
import yaml from 'highlight.js/lib/languages/yaml';
import { escapeHtml } from './escape';
import { placeholderHtml, splitTemplate, type PlaceholderContext } from './placeholders';

hljs.registerLanguage('bash', bash);
hljs.registerLanguage('ini', ini);
hljs.registerLanguage('nginx', nginx);
hljs.registerLanguage('plaintext', plaintext);
hljs.registerLanguage('python', python);
hljs.registerLanguage('sql', sql);
hljs.registerLanguage('yaml', yaml);
hljs.registerAliases(['sh', 'shell', 'console', 'zsh'], { languageName: 'bash' });
hljs.registerAliases(['conf', 'cfg', 'toml', 'supervisor', 'systemd'], { languageName: 'ini' });
hljs.registerAliases(['psql', 'postgresql', 'pgsql'], { languageName: 'sql' });
hljs.registerAliases(['py'], { languageName: 'python' });
hljs.registerAliases(['yml'], { languageName: 'yaml' });
hljs.registerAliases(['text', 'txt', ''], { languageName: 'plaintext' });

const OPEN = '\uE000';
const CLOSE = '\uE001';
const DIGIT0 = 0xe010;
const SENTINEL = /\uE000([\uE010-\uE019]+)\uE001/g;

function sentinel(index: number): string {
  return OPEN + [...String(index)].map((d) => String.fromCharCode(DIGIT0 + Number(d))).join('') + CLOSE;
}

function sentinelIndex(digits: string): number {
  return Number([...digits].map((c) => c.charCodeAt(0) - DIGIT0).join(''));
}

/** The language highlight.js will use for a fence's language, or undefined for plain text. */
export function knownLanguage(lang: string): string | undefined {
  const language = hljs.getLanguage(lang.toLowerCase());
  return language ? lang.toLowerCase() : undefined;
}

/** Highlighted, escaped HTML of `code` (no wrapping element), with placeholder chips. */
export function highlightCode(code: string, lang: string, ctx: PlaceholderContext): string {
  const pieces = splitTemplate(code);
  const chips: string[] = [];
  const marked = pieces
    .map((piece) => {
      if (!('ref' in piece)) return piece.text;
      chips.push(placeholderHtml(piece, ctx));
      return sentinel(chips.length - 1);
    })
    .join('');
  const language = knownLanguage(lang);
  const html = language
    ? hljs.highlight(marked, { language, ignoreIllegals: true }).value
    : escapeHtml(marked);
  return html.replace(SENTINEL, (_whole, digits: string) => chips[sentinelIndex(digits)] ?? '');
}
