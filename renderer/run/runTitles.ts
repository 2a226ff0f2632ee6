/**
 * A step's title (the first line of its description, written with `{{…}}` placeholders) as this run reads it:
 * `{{pg_port}}` becomes the run's value, `{{servers.db.host}}` the server's, a secret `••••••`. The values
 * are the ones the run recorded in its `run-started` event (secrets already replaced there), so a title
 * never shows more than the journal holds. A placeholder the run has no value for stays as written.
 */
import type { RunEvent } from '../api';
import { splitTemplate } from '../library/markdown/placeholders';

export const MASK = '••••••';
/** What run-started records instead of a secret value (electron/core/run/events.ts). */
const SECRET_PLACEHOLDER = '[secret]';

export type RunValues = ReadonlyMap<string, string>;

/** The values a title may use, from the run's run-started event: variables, servers.<role>.<field>, run.*. */
export function runValuesOf(events: readonly RunEvent[]): RunValues {
  const values = new Map<string, string>();
  const started = events.find((event) => event.type === 'run-started');
  if (started?.type !== 'run-started') return values;
  for (const [name, value] of Object.entries(started.variables))
    values.set(name, value === SECRET_PLACEHOLDER ? MASK : value);
  for (const server of started.servers)
    for (const field of ['host', 'port', 'user', 'label'] as const)
      values.set(`servers.${server.role}.${field}`, String(server[field]));
  values.set('run.id', started.runId);
  values.set('runbook.id', started.runbookId);
  values.set('run.date', started.ts.slice(0, 10));
  return values;
}

export function renderTitle(title: string, values: RunValues): string {
  return splitTemplate(title)
    .map((piece) =>
      'text' in piece
        ? piece.text
        : (values.get(piece.ref) ?? title.slice(piece.offset, piece.offset + piece.length)),
    )
    .join('');
}
