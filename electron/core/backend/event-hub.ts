import type { EventPayloads } from '../contract/api';
import type { EventName } from '../contract/names';
import type { Unsubscribe } from '../contract/types';

type Listener<E extends EventName> = (payload: EventPayloads[E]) => void;

/**
 * The backend's pushed events, typed by the contract. Transports subscribe once per window / connection
 * and forward; a listener that throws (a closed window) never stops the others.
 */
export class EventHub {
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  on<E extends EventName>(event: E, listener: Listener<E>): Unsubscribe {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const entry = listener as (payload: unknown) => void;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        console.error(`runbook: a listener of ${event} failed:`, error);
      }
    }
  }

  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }
}
