import type { SearchHit } from '../api';
import { SectionIcon, StepIcon } from '../app/icons';
import { highlightTerms, readableExcerpt } from './highlightTerms';

interface SearchResultsProps {
  id: string;
  hits: SearchHit[];
  query: string;
  active: number;
  onHover: (index: number) => void;
  onChoose: (hit: SearchHit) => void;
  label: string;
}

export function optionId(listId: string, index: number): string {
  return `${listId}-option-${index}`;
}

function Marked({ text, query }: { text: string; query: string }) {
  return (
    <>
      {highlightTerms(text, query).map((segment, i) =>
        segment.match ? <mark key={i}>{segment.text}</mark> : <span key={i}>{segment.text}</span>,
      )}
    </>
  );
}

/** The listbox of hits; the search input keeps focus and points at the active one (aria-activedescendant). */
export function SearchResults({ id, hits, query, active, onHover, onChoose, label }: SearchResultsProps) {
  return (
    <ul id={id} role="listbox" aria-label={label} className="search-results">
      {hits.map((hit, index) => (
        <li
          key={`${hit.runbookId}:${hit.stepName ?? hit.sectionId ?? ''}:${index}`}
          id={optionId(id, index)}
          role="option"
          aria-selected={index === active}
          className={`search-hit${index === active ? ' is-active' : ''}`}
          onMouseMove={() => onHover(index)}
          onMouseDown={(event) => {
            event.preventDefault(); // keep focus in the input until the route changes
            onChoose(hit);
          }}
        >
          <span className="search-hit-icon" aria-hidden="true">
            {hit.kind === 'step' ? <StepIcon /> : <SectionIcon />}
          </span>
          <span className="search-hit-main">
            <span className="search-hit-where">
              <span className="search-hit-title">
                <Marked text={readableExcerpt(hit.title)} query={query} />
              </span>
            </span>
            {hit.snippet ? (
              <span className="search-hit-excerpt">
                <Marked text={readableExcerpt(hit.snippet)} query={query} />
              </span>
            ) : null}
          </span>
        </li>
      ))}
    </ul>
  );
}
