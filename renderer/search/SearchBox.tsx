import { useEffect, useReducer, useRef, useState, type KeyboardEvent } from 'react';
import type { SearchHit } from '../api';
import { SearchIcon } from '../app/icons';
import { useI18n } from '../i18n';
import { Kbd } from '../ui';
import { initialSearchNav, keyToAction, searchNav } from './searchNav';
import { optionId, SearchResults } from './SearchResults';
import { useRunbookSearch } from './useRunbookSearch';

const LIST_ID = 'search-results';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

/**
 * The header's search (combobox): type to search every runbook, arrows to choose, Enter to jump to the
 * step. `/` or Ctrl+K (⌘K) focuses it from anywhere.
 */
export function SearchBox({ onOpen }: { onOpen: (hit: SearchHit) => void }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const result = useRunbookSearch(query);
  const [nav, dispatch] = useReducer(searchNav, initialSearchNav);
  const hits = result.status === 'done' ? result.hits : [];

  useEffect(() => {
    if (result.status === 'done') dispatch({ type: 'results', count: result.hits.length });
    if (result.status === 'idle') dispatch({ type: 'close' });
  }, [result]);

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const ctrlK = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k';
      if (ctrlK || (event.key === '/' && !isTyping(event.target) && !event.altKey)) {
        event.preventDefault();
        input.current?.focus();
        input.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (nav.active >= 0)
      document.getElementById(optionId(LIST_ID, nav.active))?.scrollIntoView({ block: 'nearest' });
  }, [nav.active]);

  const choose = (hit: SearchHit) => {
    dispatch({ type: 'close' });
    onOpen(hit);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      const hit = nav.open ? hits[nav.active] : undefined;
      if (hit) {
        event.preventDefault();
        choose(hit);
      }
      return;
    }
    if (event.key === 'Escape' && !nav.open && query) {
      setQuery('');
      return;
    }
    const action = keyToAction(event.key, nav);
    if (!action) return;
    event.preventDefault();
    dispatch(action);
  };

  const expanded = nav.open && result.status !== 'idle';
  const activeId = expanded && nav.active >= 0 ? optionId(LIST_ID, nav.active) : undefined;

  return (
    <div className="search" role="search">
      <div className="search-field">
        <span className="search-icon" aria-hidden="true">
          <SearchIcon />
        </span>
        <input
          ref={input}
          type="search"
          className="search-input"
          placeholder={t('search.placeholder')}
          aria-label={t('search.label')}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={LIST_ID}
          aria-activedescendant={activeId}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={onKeyDown}
          onFocus={() => result.status === 'done' && dispatch({ type: 'open' })}
          onBlur={() => dispatch({ type: 'close' })}
          spellCheck={false}
          autoComplete="off"
        />
        <span className="search-shortcut" aria-hidden="true">
          <Kbd>Ctrl</Kbd>
          <Kbd>K</Kbd>
        </span>
      </div>
      {expanded ? (
        <div className="search-popover">
          {result.status === 'done' && hits.length > 0 ? (
            <>
              <SearchResults
                id={LIST_ID}
                hits={hits}
                query={result.query}
                active={nav.active}
                onHover={(index) => dispatch({ type: 'hover', index })}
                onChoose={choose}
                label={t('search.results')}
              />
              <p className="search-footer">
                <span>{t('search.count', { count: hits.length })}</span>
                <span>{t('search.hint')}</span>
              </p>
            </>
          ) : (
            <p className="search-status" role="status">
              {result.status === 'searching'
                ? t('search.searching')
                : result.status === 'error'
                  ? t('search.error', { message: result.message })
                  : t('search.none', { query: result.status === 'done' ? result.query : query })}
            </p>
          )}
          {hits.length === 0 ? <ul id={LIST_ID} role="listbox" hidden /> : null}
        </div>
      ) : null}
    </div>
  );
}
