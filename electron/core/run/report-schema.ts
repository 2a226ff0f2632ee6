import { z } from 'zod';
import type { RunReport } from './report-model';

/**
 * The JSON report's schema (`runbook report --format json`, the app's JSON export), versioned: tools that
 * read reports check `schemaVersion` first. docs/report.schema.json is generated from this one definition
 * (report-schema.test.ts fails when it drifts; `npx tsx scripts/write-report-schema.ts` rewrites it).
 * Bump REPORT_SCHEMA_VERSION on any change a reader could trip on (a field removed, renamed or retyped).
 */
/** 2: `skippedFailures` and `warnings` (a success with a failed step skipped is not a clean one). */
export const REPORT_SCHEMA_VERSION = 2;

const role = z.enum(['app', 'db', 'web', 'backup']);
const outcome = z.enum(['succeeded', 'failed', 'aborted', 'interrupted']);

const step = z.strictObject({
  name: z.string(),
  kind: z.enum(['shell', 'file', 'manual']),
  target: role.optional(),
  ref: z.string().optional(),
  status: z.enum(['succeeded', 'failed', 'skipped', 'interrupted', 'ticked', 'pending']),
  exitCode: z.int().nullable(),
  durationMs: z.number().nullable(),
  attempts: z.int().min(0),
  command: z.string().optional(),
  output: z.string(),
  skipReason: z.string().optional(),
  skippedBy: z.enum(['operator', 'unless']).optional(),
  confirmedBy: z.string().optional(),
  tickedBy: z.string().optional(),
  timedOut: z.boolean().optional(),
  cancelled: z.boolean().optional(),
  file: z
    .strictObject({ path: z.string(), existed: z.boolean(), changed: z.boolean(), diff: z.string() })
    .optional(),
  previousAttempts: z
    .array(
      z.strictObject({
        attempt: z.int().min(1),
        status: z.enum(['succeeded', 'failed', 'skipped', 'interrupted']),
        exitCode: z.int().nullable(),
        durationMs: z.number().nullable(),
        timedOut: z.boolean().optional(),
        cancelled: z.boolean().optional(),
      }),
    )
    .optional(),
});

export const reportSchema = z
  .strictObject({
    schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
    runId: z.string(),
    runbook: z.strictObject({ id: z.string(), title: z.string(), file: z.string(), hash: z.string() }),
    operator: z.string(),
    host: z.string(),
    app: z.string(),
    servers: z.array(
      z.strictObject({
        role,
        id: z.string(),
        label: z.string(),
        host: z.string(),
        port: z.int(),
        user: z.string(),
      }),
    ),
    variables: z.record(z.string(), z.string()),
    startedAt: z.string(),
    endedAt: z.string(),
    durationMs: z.number(),
    outcome,
    reason: z.string().optional(),
    skippedFailures: z.array(z.string()),
    warnings: z.int(),
    resumedFrom: z.string().optional(),
    resumes: z.array(z.strictObject({ fromStep: z.string(), at: z.string() })),
    verification: z
      .strictObject({
        state: z.enum(['signed', 'unsigned', 'broken']),
        principal: z.string().optional(),
        fingerprint: z.string().optional(),
        unsignedReason: z.enum(['no-seal', 'no-signature', 'key-not-allowed']).optional(),
        ok: z.boolean(),
        problems: z.array(z.string()),
      })
      .optional(),
    steps: z.array(step),
  })
  .meta({ title: `oc-pizzas-runbook run report, schema version ${REPORT_SCHEMA_VERSION}` });

/** The JSON Schema document published as docs/report.schema.json. */
export function reportJsonSchema(): Record<string, unknown> {
  return {
    $id: `urn:oc-pizzas-runbook:report-schema:v${REPORT_SCHEMA_VERSION}`,
    ...z.toJSONSchema(reportSchema, { target: 'draft-2020-12' }),
  };
}

// The schema and the RunReport type describe the same object (both directions, checked by the compiler).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _sameShape: Same<z.infer<typeof reportSchema>, RunReport> = true;
void _sameShape;
