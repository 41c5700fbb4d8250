/**
 * What a view's socket records between two renders, for the process (or the dead render) that
 * owns it: the assigns and which keys changed, pushed events, the title, and a navigation the
 * view asked for. The socket writes it; the owner reads it and clears it after each render.
 */
import type { AsyncRunner } from './async.js';
import type { NavigationKind } from './port.js';
import type { WireEvent } from './wire.js';

/**
 * The navigation a callback asked for; the last call wins, as in LiveView.
 * @internal
 */
export type NavigationIntent =
  | { readonly type: 'patch'; readonly to: string; readonly kind: NavigationKind }
  | { readonly type: 'navigate'; readonly to: string; readonly kind: NavigationKind }
  | { readonly type: 'redirect'; readonly to: string };

/** @internal */
export class SocketState {
  readonly assigns: Record<string, unknown>;
  /** Keys assigned a value not `===` the previous one since the last render. */
  readonly changed = new Set<string>();
  events: WireEvent[] = [];
  title: string | undefined = undefined;
  titleChanged = false;
  navigation: NavigationIntent | undefined = undefined;
  url: URL;
  /** Undefined in the dead render: async work does not start there. */
  readonly async: AsyncRunner | undefined;

  constructor(assigns: Record<string, unknown>, url: URL, async: AsyncRunner | undefined) {
    this.assigns = assigns;
    this.url = url;
    this.async = async;
  }

  set(key: string, value: unknown): void {
    if (Object.hasOwn(this.assigns, key) && this.assigns[key] === value) return;
    this.assigns[key] = value;
    this.changed.add(key);
  }

  /** True if a render now could send anything. */
  get dirty(): boolean {
    return this.changed.size > 0 || this.events.length > 0 || this.titleChanged;
  }

  /** Forgets what the last render sent. */
  rendered(): void {
    this.changed.clear();
    this.events = [];
    this.titleChanged = false;
  }

  takeNavigation(): NavigationIntent | undefined {
    const navigation = this.navigation;
    this.navigation = undefined;
    return navigation;
  }

  takeEvents(): WireEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }
}
