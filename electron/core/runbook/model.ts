/**
 * The runbook model: what a parsed runbook file is. Pure data, no I/O.
 * Produced by parse.ts from Markdown (format in docs/runbook-format.md), consumed by the linter,
 * the binder (bind.ts), the run engine and the renderer (type-only).
 */

export const SERVER_ROLES = ['app', 'db', 'web', 'backup'] as const;
export type ServerRole = (typeof SERVER_ROLES)[number];

/** A position in a source file, 1-based line and column. */
export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

export type Severity = 'error' | 'warning';

/** A lint or parse message; always carries file:line:col. */
export interface Diagnostic extends SourcePos {
  severity: Severity;
  /** Stable machine code, e.g. 'yaml', 'unknown-attribute', 'unknown-target', 'unknown-variable'. */
  code: string;
  message: string;
}

export interface VariableSpec {
  name: string;
  label: string;
  default?: string;
  example?: string;
  /** JavaScript regular expression source, anchored by the author (validated at lint time). */
  pattern?: string;
  /** A secret is masked in the UI, kept in the keychain, redacted from every record. */
  secret: boolean;
  /** When set, the app may generate a value of this many characters with a CSPRNG. */
  generate?: number;
  /** `multiline: true`: the value may hold line breaks and tabs (a certificate, a message); see values.ts. */
  multiline?: boolean;
  /** `path: true`: the value is a file system path and may not hold a `..` segment (values.ts pathVariables). */
  path?: boolean;
  description?: string;
  pos: SourcePos;
}

/** A heading of the runbook, for the outline. */
export interface Section {
  id: string; // slug, unique within the runbook
  title: string; // heading text, e.g. "3.2 Création de la base de données"
  level: number; // 1..6
  pos: SourcePos;
}

interface StepBase {
  /** Unique within the runbook. For manual steps derived from the text ("manual-3-verifier-le-dns"). */
  name: string;
  /** Index in document order among all steps. */
  index: number;
  /** Id of the section (heading) the step sits under, or '' before the first heading. */
  sectionId: string;
  /** Dossier reference, e.g. "3.2": from the step's `ref` attribute, else the section heading's number. */
  ref?: string;
  pos: SourcePos;
  /** Free text just before the step in the source (the paragraph that explains it), Markdown. */
  description?: string;
  /** Approval prompt: the step waits for an explicit confirmation before it runs. */
  confirm?: string;
}

export interface ShellStep extends StepBase {
  kind: 'shell';
  target: ServerRole;
  lang: string;
  /** Template text; `{{name}}` placeholders are bound by bind.ts. */
  body: string;
  /** Accepted exit codes (default [0]). */
  expect: number[];
  /** Seconds; undefined means the engine's default. */
  timeout?: number;
  /** Read-only, safe to run at any time. */
  check: boolean;
  /** Template of a command whose success means the step is already done (then it is skipped). */
  unless?: string;
  /** The step expects the engineer to type into the terminal (a prompt, a password). */
  interactive: boolean;
}

export interface FileStep extends StepBase {
  kind: 'file';
  target: ServerRole;
  lang: string;
  /** Template of the file's content. */
  body: string;
  /** Template of the destination path. */
  path: string;
  mode?: string; // e.g. "0644"
  owner?: string; // e.g. "root:root" or "ocpizzas"
  sudo: boolean;
  /**
   * Whether the file's content may be journaled in clear: absent = decided by sudo and mode (see
   * electron/core/run/diff-mask.ts), false = never sensitive, true = always masked.
   */
  sensitive?: boolean;
  timeout?: number;
}

export interface ManualStep extends StepBase {
  kind: 'manual';
  /** Template text of the task item. */
  text: string;
}

export type Step = ShellStep | FileStep | ManualStep;

export interface Runbook {
  id: string;
  title: string;
  chapter: string;
  summary?: string;
  servers: ServerRole[];
  variables: VariableSpec[];
  sections: Section[];
  steps: Step[];
  /** Path as given to the parser. */
  file: string;
  /** The whole Markdown source (front matter included). */
  source: string;
  /** Markdown body without the front matter, and the line where it starts in the file (1-based). */
  body: string;
  bodyLine: number;
  /** "sha256:<hex>" of the source bytes, recorded in every run. */
  hash: string;
}

export interface ParseResult {
  runbook?: Runbook; // absent only when the file cannot be understood at all (e.g. bad front matter)
  diagnostics: Diagnostic[];
}
