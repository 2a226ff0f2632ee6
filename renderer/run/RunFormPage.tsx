import { useEffect, useMemo, useState } from 'react';
import { api, ApiError, type RunbookDetail, type RunInputProblem, type VariableSpec } from '../api';
import { ArrowLeftIcon } from '../app/icons';
import { formatRoute } from '../app/routes';
import { useLoad } from '../app/useLoad';
import { useI18n, type Translate } from '../i18n';
import { Badge, Button, Field, useToast } from '../ui';
import { checkParam, checkParams, runVariables, type ParamProblem } from './paramValidation';
import './run.css';

/** The parameters of a run, before it starts: `#/procedures/<id>/run`. */
export function RunFormPage({ runbookId }: { runbookId: string }) {
  const { t } = useI18n();
  const [runbook] = useLoad(() => api.getRunbook({ id: runbookId }), runbookId);
  if (runbook.status === 'loading') return <p className="page page-status">{t('runbook.loading')}</p>;
  if (runbook.status === 'error')
    return (
      <section className="page">
        <div className="page-error" role="alert">
          {runbook.message}
        </div>
      </section>
    );
  return <RunForm key={runbook.value.id} runbook={runbook.value} />;
}

/** In words first; the raw pattern only as a detail (an example of a good value says more than a regex). */
function problemText(problem: ParamProblem, spec: VariableSpec, t: Translate): string {
  switch (problem.kind) {
    case 'required':
      return t('run.required');
    case 'pattern': {
      const example = spec.example ?? spec.default;
      return example
        ? t('run.patternExample', { example, pattern: problem.pattern })
        : t('run.pattern', { pattern: problem.pattern });
    }
    case 'newline':
      return t('run.newline');
    case 'too-short':
      return t('run.tooShort', { min: problem.min });
  }
}

/** "db_name: must match …\nservers.db: …" (a startRun refusal) as field errors. */
function problemsFromMessage(message: string): RunInputProblem[] {
  return message.split('\n').flatMap((line) => {
    const match = /^([A-Za-z_][\w.]*): (.+)$/.exec(line.trim());
    return match ? [{ field: match[1]!, code: 'server', message: match[2]! }] : [];
  });
}

function RunForm({ runbook }: { runbook: RunbookDetail }) {
  const { t } = useI18n();
  const notify = useToast();
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [revealed, setRevealed] = useState<Record<string, boolean>>({});
  const [stored, setStored] = useState<Set<string>>(new Set());
  const [serverErrors, setServerErrors] = useState<RunInputProblem[]>([]);
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);

  // Which secrets the keychain already holds: those fields may stay empty.
  useEffect(() => {
    api
      .checkRunInputs({ runbookId: runbook.id, variables: {} })
      .then((check) => setStored(new Set(check.storedSecrets)))
      .catch(() => undefined);
  }, [runbook.id]);

  const problems = useMemo(
    () => checkParams(runbook.variables, typed, { storedSecrets: stored }),
    [runbook.variables, typed, stored],
  );
  const fieldServerError = (name: string) => serverErrors.find((e) => e.field === name)?.message;
  const generalErrors = serverErrors.filter((e) => !runbook.variables.some((v) => v.name === e.field));

  const setValue = (name: string, value: string) => {
    setTyped((v) => ({ ...v, [name]: value }));
    setServerErrors((errors) => errors.filter((e) => e.field !== name));
  };

  const generate = async (spec: VariableSpec) => {
    try {
      await api.generateVariable({ runbookId: runbook.id, name: spec.name });
      setStored((s) => new Set([...s, spec.name]));
      setValue(spec.name, '');
      notify(t('run.generated', { name: spec.label }), 'success');
    } catch (error) {
      notify(t('run.failedAction', { message: (error as Error).message }), 'error');
    }
  };

  const submit = async () => {
    setSubmitted(true);
    const firstProblem = runbook.variables.find((spec) => problems[spec.name]);
    if (firstProblem) {
      // Where the engineer must act: the first field in error, as a screen reader user would need too.
      document
        .querySelector<HTMLInputElement>(`[data-variable="${CSS.escape(firstProblem.name)}"] input`)
        ?.focus();
      return;
    }
    setBusy(true);
    const variables = runVariables(runbook.variables, typed);
    try {
      // The binder is the authority: its field errors go beside the fields.
      const check = await api.checkRunInputs({ runbookId: runbook.id, variables });
      if (check.errors.length > 0) {
        setServerErrors(check.errors);
        return;
      }
      const state = await api.startRun({ runbookId: runbook.id, variables });
      window.location.hash = formatRoute({ view: 'run', runId: state.runId });
    } catch (error) {
      const found = error instanceof ApiError ? problemsFromMessage(error.message) : [];
      if (found.length > 0) setServerErrors(found);
      else setServerErrors([{ field: '', code: 'error', message: (error as Error).message }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="page run-form-page" aria-labelledby="run-form-title">
      <a className="runbook-back" href={formatRoute({ view: 'runbook', runbookId: runbook.id })}>
        <ArrowLeftIcon />
        {t('run.formBack')}
      </a>
      <h1 id="run-form-title" className="page-title">
        {t('run.formTitle', { title: runbook.title })}
      </h1>
      <p className="page-intro">{t('run.formIntro')}</p>
      <div className="runbook-servers" aria-label={t('library.servers')}>
        {runbook.servers.map((role) => (
          <Badge key={role} role={role} />
        ))}
      </div>
      <form
        className="run-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        {runbook.variables.length === 0 ? (
          <p>{t('run.noVariables')}</p>
        ) : (
          <p className="run-field-legend">{t('run.requiredLegend')}</p>
        )}
        {runbook.variables.map((spec) => {
          const problem = problems[spec.name];
          const clientError =
            problem && (submitted || touched[spec.name]) ? problemText(problem, spec, t) : undefined;
          const error = fieldServerError(spec.name) ?? clientError;
          const hint = spec.secret
            ? stored.has(spec.name)
              ? t('run.secretStored')
              : spec.generate !== undefined
                ? t('run.secretWillGenerate')
                : spec.description
            : [
                spec.description,
                spec.default !== undefined && spec.default !== ''
                  ? t('run.default', { value: spec.default })
                  : undefined,
                spec.example ? t('run.example', { value: spec.example }) : undefined,
              ]
                .filter(Boolean)
                .join(' · ') || undefined;
          return (
            <div key={spec.name} className="run-field" data-variable={spec.name}>
              <Field
                label={spec.label}
                aside={<code className="run-field-name">{spec.name}</code>}
                name={spec.name}
                type={spec.secret && !revealed[spec.name] ? 'password' : 'text'}
                autoComplete={spec.secret ? 'new-password' : 'off'}
                spellCheck={false}
                placeholder={spec.secret ? '' : (spec.default ?? spec.example ?? '')}
                value={typed[spec.name] ?? ''}
                onChange={(e) => setValue(spec.name, e.target.value)}
                onBlur={() => setTouched((v) => ({ ...v, [spec.name]: true }))}
                hint={hint}
                error={error}
                required={checkParam(spec, undefined, { storedSecrets: stored })?.kind === 'required'}
              />
              {spec.secret ? (
                <div className="run-field-actions">
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-pressed={!!revealed[spec.name]}
                    onClick={() => setRevealed((r) => ({ ...r, [spec.name]: !r[spec.name] }))}
                  >
                    {revealed[spec.name] ? t('run.hide') : t('run.show')}
                  </Button>
                  {spec.generate !== undefined ? (
                    <Button size="sm" onClick={() => void generate(spec)}>
                      {t('run.generate')}
                    </Button>
                  ) : null}
                </div>
              ) : null}
            </div>
          );
        })}
        {generalErrors.length > 0 ? (
          <div className="run-alert" role="alert">
            <p>{t('run.serverProblems')}</p>
            <ul>
              {generalErrors.map((e, i) => (
                <li key={i}>
                  {e.field ? <code>{e.field}</code> : null} {e.message}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {submitted && Object.keys(problems).length > 0 ? (
          <p className="field-error" role="alert">
            {t('run.fixErrors')}
          </p>
        ) : null}
        <div className="run-form-actions">
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? t('run.launching') : t('run.launch')}
          </Button>
        </div>
      </form>
    </section>
  );
}
