/**
 * The accounts of the "My tickets" example, held by one shared process (stores/, a cluster
 * singleton when the app runs as a cluster): two demo users, the sign-in tokens handed out (one
 * per browser that signed in), and the failed attempts per address, so guessing a password is
 * slow. Tokens and failures are saved before any answer, so they outlive the process and its
 * node. The process keeps state only; checking a password (scrypt, tens of milliseconds) runs
 * in the caller, so one slow sign-in never holds up the others' calls.
 *
 * A token is what the session cookie holds; the server keeps it until the user signs out, so
 * signing out anywhere (or everywhere) revokes it at once: the next mount of any page finds
 * it gone, whatever the old pages still carry. Its socket id names the live connections of that
 * browser, which `disconnectSockets` closes.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { ActorSystem, Behaviour, SingletonLease } from '../actors/index.js';
import { callShared, startShared } from './stores/shared-process.js';
import { type StateStore, stateStore } from './stores/state-store.js';

/** The process's registered name. */
export const ACCOUNTS = 'accounts';

/** A signed-in user, as views see one. */
export interface User {
  readonly id: string;
  readonly name: string;
  readonly email: string;
}

/** The demo's password for both users; the login page says so. */
export const DEMO_PASSWORD = 'tickets-please';

/** Failed sign-ins per address within the window before the address must wait. */
const MAX_FAILURES = 5;
const FAILURE_WINDOW_MS = 60_000;

const derive = promisify(scrypt) as (pw: string, salt: Uint8Array, len: number) => Promise<Buffer>;

interface Account extends User {
  readonly salt: Uint8Array;
  readonly hash: Uint8Array;
}

/** What outlives the process (stores/state-store.ts): the tokens, and the recent failures. */
interface Saved {
  /** Token -> user id. */
  readonly tokens: Readonly<Record<string, string>>;
  /** Address -> times of its recent failures. */
  readonly failures: Readonly<Record<string, readonly number[]>>;
}

interface State {
  readonly accounts: ReadonlyMap<string, Account>;
  readonly store: StateStore<Saved>;
  saved: Saved;
}

type Call =
  | { readonly type: 'account'; readonly email: string }
  | { readonly type: 'may-try'; readonly email: string }
  | { readonly type: 'failed'; readonly email: string }
  | { readonly type: 'sign-in'; readonly userId: string; readonly token: string }
  | { readonly type: 'user'; readonly token: string }
  | { readonly type: 'sign-out'; readonly token: string }
  | { readonly type: 'sign-out-everywhere'; readonly token: string };

async function account(id: string, name: string, email: string): Promise<Account> {
  const salt = randomBytes(16);
  return { id, name, email, salt, hash: await derive(DEMO_PASSWORD, salt, 32) };
}

const toUser = ({ id, name, email }: Account): User => ({ id, name, email });

const behaviour: Behaviour<State, { readonly lease: SingletonLease }, Call, unknown> = {
  async init({ lease }, ctx) {
    const accounts = [
      await account('u1', 'Ann', 'ann@example.com'),
      await account('u2', 'Bob', 'bob@example.com'),
    ];
    const store = stateStore<Saved>(ctx.system, lease);
    const saved = (await store.load()) ?? { tokens: {}, failures: {} };
    return { accounts: new Map(accounts.map((a) => [a.email, a])), store, saved };
  },
  async handleCall(msg, _from, state, ctx) {
    const now = ctx.system.clock.now();
    const { reply, next } = answer(msg, state, now);
    // Saved before the answer: a token nobody was given may be lost, never one in a cookie.
    if (next !== undefined) {
      await state.store.save(next);
      state.saved = next;
    }
    return { reply, state };
  },
};

function answer(msg: Call, state: State, now: number): { reply: unknown; next?: Saved } {
  const { saved } = state;
  switch (msg.type) {
    case 'account':
      return { reply: state.accounts.get(msg.email) };
    case 'may-try':
      return { reply: recentFailures(saved, msg.email, now).length < MAX_FAILURES };
    case 'failed': {
      const failures = {
        ...saved.failures,
        [msg.email]: [...recentFailures(saved, msg.email, now), now],
      };
      return { reply: undefined, next: { ...saved, failures } };
    }
    case 'sign-in':
      return {
        reply: msg.token,
        next: { ...saved, tokens: { ...saved.tokens, [msg.token]: msg.userId } },
      };
    case 'user': {
      const id = saved.tokens[msg.token];
      const found = [...state.accounts.values()].find((a) => a.id === id);
      return { reply: found === undefined ? undefined : toUser(found) };
    }
    case 'sign-out':
    case 'sign-out-everywhere': {
      const id = saved.tokens[msg.token];
      const gone = Object.keys(saved.tokens).filter((token) =>
        msg.type === 'sign-out' ? token === msg.token : saved.tokens[token] === id,
      );
      if (id === undefined || gone.length === 0) return { reply: [] };
      const tokens = Object.fromEntries(
        Object.entries(saved.tokens).filter(([token]) => !gone.includes(token)),
      );
      return { reply: gone, next: { ...saved, tokens } };
    }
  }
}

function recentFailures(saved: Saved, email: string, now: number): number[] {
  return (saved.failures[email] ?? []).filter((t) => now - t < FAILURE_WINDOW_MS);
}

/** Starts the accounts process (in a cluster: competes to run it). */
export function startAccounts(system: ActorSystem): Promise<unknown> {
  return startShared(system, ACCOUNTS, (lease) => [behaviour, { lease }]);
}

/** Why a sign-in failed; undefined when it worked. */
export type SignInFailure = 'wrong' | 'throttled';

/**
 * Checks `email` and `password`; the user on success. An unknown address costs the same scrypt
 * as a known one, so timing tells nobody which addresses exist.
 */
export async function checkCredentials(
  system: ActorSystem,
  email: string,
  password: string,
): Promise<User | SignInFailure> {
  const address = email.trim().toLowerCase();
  if (!(await callShared<boolean>(system, ACCOUNTS, { type: 'may-try', email: address }))) {
    return 'throttled';
  }
  const found = await callShared<Account | undefined>(system, ACCOUNTS, {
    type: 'account',
    email: address,
  });
  const salt = found?.salt ?? randomBytes(16);
  const hash = await derive(password, salt, 32);
  if (found !== undefined && timingSafeEqual(hash, found.hash)) return toUser(found);
  await callShared(system, ACCOUNTS, { type: 'failed', email: address });
  return 'wrong';
}

/** A new sign-in token for `user`, for the session cookie. */
export function signIn(system: ActorSystem, user: User): Promise<string> {
  // Drawn here, so a call tried again after a failover stores the same token.
  const token = randomBytes(32).toString('base64url');
  return callShared<string>(system, ACCOUNTS, { type: 'sign-in', userId: user.id, token });
}

/** The user a token belongs to; undefined once it was revoked (or never was). */
export function userOf(system: ActorSystem, token: unknown): Promise<User | undefined> {
  if (typeof token !== 'string') return Promise.resolve(undefined);
  return callShared<User | undefined>(system, ACCOUNTS, { type: 'user', token });
}

/**
 * Revokes `token`, or with `everywhere` every token of its user; resolves with the revoked
 * tokens, whose sockets are then to be closed.
 */
export function signOut(
  system: ActorSystem,
  token: string,
  everywhere: boolean,
): Promise<readonly string[]> {
  const type = everywhere ? 'sign-out-everywhere' : 'sign-out';
  return callShared<readonly string[]>(system, ACCOUNTS, { type, token });
}

/**
 * The socket id (`live_socket_id`) of a browser signed in with `token`: a digest, so the id
 * (a PubSub topic, and signed into pages in clear) never shows the token itself.
 */
export function socketIdOf(token: string): string {
  return `user-session:${createHash('sha256').update(token).digest('base64url')}`;
}
