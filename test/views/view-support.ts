/**
 * A view process started as the transport starts one (liveViewChildSpec under a `views`
 * DynamicSupervisor), with a probe as its port, so tests read the exact outputs in order.
 */
import { DynamicSupervisor } from '../../actors/dynamic-supervisor.js';
import type { Pid } from '../../actors/pid.js';
import type { LiveView } from '../../views/live-view.js';
import type { UrlResolver, ViewInput, ViewOutput, ViewStart } from '../../views/port.js';
import { liveViewChildSpec, type ViewRestartLimits } from '../../views/view-supervisor.js';
import { type Probe, probe } from '../support/probe.js';
import type { TestSystem } from '../support/system-per-test.js';

export interface ViewHarness {
  readonly port: Probe;
  readonly views: Pid;
  readonly viewSup: Pid;
  readonly start: ViewStart;
  /** The pid of the last `lv:mounted`. */
  readonly pid: Pid;
  /** The port's next message (an output, or EXIT/DOWN). */
  next(): Promise<ViewOutput>;
  /** Sends an input to the current view process. */
  input(input: ViewInput): void;
  /** Sends `lv:sync` and resolves once its reply arrived, with every output before it. */
  drain(): Promise<ViewOutput[]>;
}

export interface StartOptions {
  readonly url?: string;
  readonly params?: Record<string, unknown>;
  readonly session?: Record<string, unknown>;
  readonly flash?: Record<string, string>;
  readonly resolve?: UrlResolver;
  readonly limits?: ViewRestartLimits;
  readonly views?: Pid;
  readonly topic?: string;
}

let syncs = 0;

/** Starts `view` on the test's system and awaits its first output (returned as `first`). */
export async function startView(
  { system, pubsub }: TestSystem,
  // biome-ignore lint/suspicious/noExplicitAny: any view
  view: LiveView<any, any, any>,
  opts: StartOptions = {},
): Promise<ViewHarness & { first: ViewOutput }> {
  const port = probe(system, { trapExit: true });
  const views = opts.views ?? (await DynamicSupervisor.start(system));
  const url = opts.url ?? 'http://localhost/';
  const start: ViewStart = {
    view,
    topic: opts.topic ?? 'lv:phx-1',
    joinRef: '4',
    port: port.pid,
    params: opts.params ?? {},
    session: opts.session ?? {},
    url,
    connectParams: { _csrf_token: 'x' },
    flash: opts.flash ?? {},
    pubsub,
    resolve:
      opts.resolve ?? ((target) => ({ view, params: Object.fromEntries(target.searchParams) })),
  };
  const viewSup = await DynamicSupervisor.startChild(
    system,
    views,
    liveViewChildSpec(start, opts.limits),
  );
  let pid: Pid | undefined;
  const next = async (): Promise<ViewOutput> => {
    const msg = await port.next<ViewOutput>();
    if (msg.type === 'lv:mounted') pid = msg.pid;
    return msg;
  };
  const first = await next();
  const harness: ViewHarness & { first: ViewOutput } = {
    first,
    port,
    views,
    viewSup,
    start,
    get pid() {
      if (pid === undefined) throw new Error('the view has not mounted');
      return pid;
    },
    next,
    input: (input) => system.send(harness.pid, input),
    async drain() {
      const ref = `sync-${++syncs}`;
      harness.input({ type: 'lv:sync', ref });
      const seen: ViewOutput[] = [];
      for (;;) {
        const msg = await next();
        if (msg.type === 'lv:reply' && msg.ref === ref) return seen;
        seen.push(msg);
      }
    },
  };
  return harness;
}

/** An output's fields without the channel tag, for exact comparisons. */
export function untag(output: ViewOutput): Record<string, unknown> {
  const {
    topic: _topic,
    joinRef: _joinRef,
    ...rest
  } = output as ViewOutput & Record<string, unknown>;
  return rest;
}
