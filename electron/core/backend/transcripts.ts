import fs from 'node:fs';
import path from 'node:path';
import { parseAsciicast } from '../run/asciicast';
import type { ServerRole } from '../runbook/model';
import type { CastEvent, Transcript, TranscriptPart } from '../contract/types';

/** Above this much event text a replay would stall the renderer; the .cast files stay complete on disk. */
export const TRANSCRIPT_CHAR_LIMIT = 8 * 1024 * 1024;

/** `app.cast`, then `app.2.cast`, `app.3.cast`… (one per resumed part, see run/resume.ts), in order. */
export function transcriptFiles(dir: string, role: ServerRole): string[] {
  const pattern = new RegExp(`^${role}(?:\\.(\\d+))?\\.cast$`);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .flatMap((name) => {
      const m = pattern.exec(name);
      return m ? [{ name, n: m[1] ? Number(m[1]) : 1 }] : [];
    })
    .sort((a, b) => a.n - b.n)
    .map((f) => f.name);
}

/**
 * The transcript of one server in one run. Text was redacted before it was recorded (run/redactor.ts);
 * input events are never recorded by default. Beyond `limit` characters, output events are left out and
 * `clipped` says so, but markers are always kept so that every step can still be found.
 */
export async function readTranscript(
  dir: string,
  runId: string,
  role: ServerRole,
  limit = TRANSCRIPT_CHAR_LIMIT,
): Promise<Transcript> {
  let budget = limit;
  let clipped = false;
  const parts: TranscriptPart[] = [];
  for (const file of transcriptFiles(dir, role)) {
    const cast = parseAsciicast(await fs.promises.readFile(path.join(dir, file), 'utf8'), file);
    const events: CastEvent[] = [];
    for (const event of cast.events) {
      if (event[1] === 'o' || event[1] === 'i') {
        // Once one chunk is left out, all later output is too: a replay with holes would mislead.
        if (clipped || event[2].length > budget) {
          clipped = true;
          continue;
        }
        budget -= event[2].length;
      }
      events.push([event[0], event[1], event[2]]);
    }
    parts.push({
      file,
      width: cast.header.width,
      height: cast.header.height,
      timestamp: cast.header.timestamp,
      events,
      truncated: cast.truncated,
    });
  }
  return { runId, role, parts, clipped };
}
