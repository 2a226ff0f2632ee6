// Rewrites docs/report.schema.json from electron/core/run/report-schema.ts (the one definition).
import fs from 'node:fs';
import { reportJsonSchema } from '../electron/core/run/report-schema';

fs.writeFileSync(
  new URL('../docs/report.schema.json', import.meta.url),
  JSON.stringify(reportJsonSchema(), null, 2) + '\n',
);
