/**
 * LiveView's `send_update`: a message to a live view process asking it to update one of its
 * live components. It goes through the view's mailbox like any message, so it is handled in
 * order with everything else the view receives, and the component's diff is pushed on its own
 * (only `c`), without rendering the view. An update for a component the view does not show
 * (any more) is dropped, as LiveView drops it.
 *
 * @example
 * // in the view's handleInfo, after a PubSub message about event 7:
 * socket.sendUpdate(ReserveItem, { id: 7, remaining: msg.remaining });
 * // from any process of the same system:
 * sendUpdate(system, viewPid, ReserveItem, { id: 7, remaining: 3 });
 */
import type { ActorSystem, Pid } from '../actors/index.js';
import type { ComponentProps, LiveComponent } from './render/component.js';

/**
 * The message {@link sendUpdate} posts; the view process recognises it by class.
 * @internal
 */
export class ComponentUpdate {
  readonly component: LiveComponent<object>;
  readonly props: ComponentProps<object>;

  constructor(component: LiveComponent<object>, props: ComponentProps<object>) {
    this.component = component;
    this.props = props;
  }
}

/**
 * Asks the live view process `pid` to run its component's `update` with `props` (`props.id`
 * names the instance, as in `liveComponent(component, props)`), then push that component's diff.
 *
 * @example
 * sendUpdate(system, viewPid, ReserveItem, { id: 7, remaining: 3 });
 */
export function sendUpdate<Assigns extends object>(
  system: ActorSystem,
  pid: Pid,
  component: LiveComponent<Assigns>,
  props: ComponentProps<Assigns>,
): void {
  system.send(
    pid,
    new ComponentUpdate(component as LiveComponent<object>, props as ComponentProps<object>),
  );
}
