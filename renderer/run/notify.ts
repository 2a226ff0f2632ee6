import type { RunEvent } from '../api';
import { shouldNotify } from './runFormat';

/** Asks once, from a click (browsers only grant it from a user gesture). */
export function askNotificationPermission(): void {
  if (typeof Notification !== 'undefined' && Notification.permission === 'default')
    void Notification.requestPermission().catch(() => undefined);
}

/** A desktop notification when a long step ends while the window is hidden (runFormat.shouldNotify). */
export function notifyStepEnd(
  event: RunEvent,
  text: (ok: boolean, step: string, durationMs: number) => { title: string; body: string },
): void {
  const decision = shouldNotify(event, document.hidden);
  if (!decision || event.type !== 'step-finished') return;
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const { title, body } = text(decision.ok, decision.step, event.durationMs);
  new Notification(title, { body, tag: `step-${decision.step}` });
}
