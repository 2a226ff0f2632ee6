import type { Section } from '../api';
import { formatRoute } from '../app/routes';
import { useI18n } from '../i18n';
import { useRovingList } from '../ui';

/** The runbook's headings; each jumps to its section. Arrow keys move between entries. */
export function Outline({
  runbookId,
  sections,
  current,
}: {
  runbookId: string;
  sections: Section[];
  current?: string;
}) {
  const { t } = useI18n();
  const onKeyDown = useRovingList<HTMLUListElement>();
  if (sections.length === 0) return null;
  const top = Math.min(...sections.map((s) => s.level));
  return (
    <nav className="outline" aria-labelledby="outline-title">
      <h2 id="outline-title" className="panel-title">
        {t('runbook.outline')}
      </h2>
      <ul onKeyDown={onKeyDown}>
        {sections.map((section) => (
          <li key={section.id} style={{ paddingLeft: `${(section.level - top) * 12}px` }}>
            <a
              href={formatRoute({ view: 'runbook', runbookId, anchor: section.id })}
              className={`outline-link outline-level-${section.level - top}${current === section.id ? ' is-current' : ''}`}
              aria-current={current === section.id ? 'location' : undefined}
              data-roving-item
            >
              {section.title}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
