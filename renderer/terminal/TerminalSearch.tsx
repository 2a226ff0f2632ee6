import type { SearchAddon } from '@xterm/addon-search';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n';

const DECORATIONS = {
  matchBackground: '#f5d76e',
  matchOverviewRuler: '#f5d76e',
  activeMatchBackground: '#ff9f1a',
  activeMatchColorOverviewRuler: '#ff9f1a',
};

/** The Ctrl+F bar of a terminal: Enter for the next match, Shift+Enter for the previous, Esc to close. */
export function TerminalSearch({ search, onClose }: { search: SearchAddon; onClose: () => void }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<{ index: number; count: number } | null>(null);

  useEffect(() => {
    input.current?.focus();
    const sub = search.onDidChangeResults((r) => setResult({ index: r.resultIndex, count: r.resultCount }));
    return () => {
      sub.dispose();
      search.clearDecorations();
    };
  }, [search]);

  const find = (backwards: boolean, incremental = false) => {
    if (!query) return;
    const options = { decorations: DECORATIONS, incremental };
    if (backwards) search.findPrevious(query, options);
    else search.findNext(query, options);
  };

  return (
    <div className="terminal-search" role="search">
      <input
        ref={input}
        className="terminal-search-input"
        aria-label={t('term.search')}
        placeholder={t('term.search')}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          if (e.target.value)
            search.findNext(e.target.value, { decorations: DECORATIONS, incremental: true });
          else search.clearDecorations();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            find(e.shiftKey);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            onClose();
          }
        }}
      />
      <span className="terminal-search-count" aria-live="polite">
        {query && result
          ? result.count === 0
            ? t('term.noMatch')
            : t('term.matches', { index: result.index + 1, count: result.count })
          : ''}
      </span>
      <button type="button" className="btn btn-ghost btn-sm" onClick={() => find(true)}>
        {t('term.previous')}
      </button>
      <button type="button" className="btn btn-ghost btn-sm" onClick={() => find(false)}>
        {t('term.next')}
      </button>
      <button
        type="button"
        className="btn btn-ghost btn-sm"
        aria-label={t('term.closeSearch')}
        onClick={onClose}
      >
        ×
      </button>
    </div>
  );
}
