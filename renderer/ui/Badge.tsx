import type { ServerRole, StepStatus } from '../api';
import { useI18n } from '../i18n';
import { badgeSpec } from './badgeSpec';

type BadgeProps = { role: ServerRole; status?: never } | { status: StepStatus; role?: never };

/** A server-role or step-status badge: colour + text (never colour alone). */
export function Badge(props: BadgeProps) {
  const { t } = useI18n();
  const spec = props.role ? badgeSpec({ role: props.role }, t) : badgeSpec({ status: props.status! }, t);
  return (
    <span className={spec.className} data-role={props.role} data-status={props.status}>
      <span className="badge-dot" aria-hidden="true" />
      {spec.label}
    </span>
  );
}
