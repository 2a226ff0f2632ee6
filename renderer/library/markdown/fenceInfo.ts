/**
 * A fence's info string: `sh {"name":"create-db","target":"db"}` (Runme's cell syntax, see the runbook
 * format in ARCHITECTURE.md). The parser in core is the authority on steps; the renderer only needs the
 * language and the step name to find the parsed step.
 */
export interface FenceInfo {
  lang: string;
  attributes: Record<string, unknown>;
}

export function parseFenceInfo(info: string): FenceInfo {
  const trimmed = info.trim();
  const brace = trimmed.indexOf('{');
  const lang = (brace >= 0 ? trimmed.slice(0, brace) : trimmed).trim().split(/\s+/)[0] ?? '';
  if (brace < 0) return { lang, attributes: {} };
  try {
    const parsed: unknown = JSON.parse(trimmed.slice(brace));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return { lang, attributes: parsed as Record<string, unknown> };
    }
  } catch {
    // Malformed attributes are the linter's business; here the block is shown as plain code.
  }
  return { lang, attributes: {} };
}

export function fenceStepName(info: string): string | undefined {
  const name = parseFenceInfo(info).attributes['name'];
  return typeof name === 'string' && name ? name : undefined;
}
