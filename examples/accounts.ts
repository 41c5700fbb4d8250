/**
 * The accounts of the "My tickets" example, held by one supervised process: two demo users,
 * the sign-in tokens handed out (one per browser that signed in), and the failed attempts per
 * address, so guessing a password is slow. The process keeps state only; checking a password
 * (scrypt, tens of milliseconds) runs in the caller, so one slow sign-in never holds up the
 * others' calls.
 *
 * A token is what the session cookie holds; the server keeps it until the user signs out, so
 * signing out anywhere (or everywhere) revokes it at once: the next mount of any page finds
 * it gone, whatever the old pages still carry. Its socket id names the live connections of that
 * browser, which `disconnectSockets` closes.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { ActorSystem, Behaviour } from '../actors/index.js';

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

const derive = promisify(scrypt) as (pw: string, salt: Buffer, len: number) => Promise<Buffer>;

interface Account extends User {
  readonly salt: Buffer;
  readonly hash: Buffer;
}

interface State {
  readonly accounts: ReadonlyMap<string, Account>;
  /** Token -> user id. */
  readonly tokens: Map<string, string>;
  /** Address -> times of its recent failures. */
  readonly failures: Map<string, number[]>;
}

type Call =
  | { readonly type: 'account'; readonly email: string }
  | { readonly type: 'may-try'; readonly email: string }
  | { readonly type: 'failed'; readonly email: string }
  | { readonly type: 'sign-in'; readonly userId: string }
  | { readonly type: 'user'; readonly token: string }
  | { readonly type: 'sign-out'; readonly token: string }
  | { readonly type: 'sign-out-everywhere'; readonly token: string };

async function account(id: string, name: string, email: string): Promise<Account> {
  const salt = randomBytes(16);
  return { id, name, email, salt, hash: await derive(DEMO_PASSWORD, salt, 32) };
}

const toUser = ({ id, name, email }: Account): User => ({ id, name, email });

const behaviour: Behaviour<State, readonly Account[], Call, unknown> = {
  init: (accounts) => ({
    accounts: new Map(accounts.map((a) => [a.email, a])),
    tokens: new Map(),
    failures: new Map(),
  }),
  handleCall(msg, _from, state, ctx) {
    return { reply: answer(msg, state, ctx.system.clock.now()), state };
  },
};

function answer(msg: Call, state: State, now: number): unknown {
  switch (msg.type) {
    case 'account':
      return state.accounts.get(msg.email);
    case 'may-try':
      return recentFailures(state, msg.email, now).length < MAX_FAILURES;
    case 'failed':
      state.failures.set(msg.email, [...recentFailures(state, msg.email, now), now]);
      return undefined;
    case 'sign-in': {
      const token = randomBytes(32).toString('base64url');
      state.tokens.set(token, msg.userId);
      return token;
    }
    case 'user': {
      const id = state.tokens.get(msg.token);
      const found = [...state.accounts.values()].find((a) => a.id === id);
      return found === undefined ? undefined : toUser(found);
    }
    case 'sign-out':
      return state.tokens.delete(msg.token) ? [msg.token] : [];
    case 'sign-out-everywhere': {
      const id = state.tokens.get(msg.token);
      const gone = [...state.tokens].filter(([, user]) => user === id).map(([token]) => token);
      for (const token of gone) state.tokens.delete(token);
      return gone;
    }
  }
}

function recentFailures(state: State, email: string, now: number): number[] {
  const times = (state.failures.get(email) ?? []).filter((t) => now - t < FAILURE_WINDOW_MS);
  if (times.length === 0) state.failures.delete(email);
  return times;
}

/** The accounts process's start, for a supervisor's child spec. */
export async function accountsStart(): Promise<[typeof behaviour, readonly Account[]]> {
  return [
    behaviour,
    [await account('u1', 'Ann', 'ann@example.com'), await account('u2', 'Bob', 'bob@example.com')],
  ];
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
  if (!(await system.call<boolean>(ACCOUNTS, { type: 'may-try', email: address }))) {
    return 'throttled';
  }
  const found = await system.call<Account | undefined>(ACCOUNTS, {
    type: 'account',
    email: address,
  });
  const salt = found?.salt ?? randomBytes(16);
  const hash = await derive(password, salt, 32);
  if (found !== undefined && timingSafeEqual(hash, found.hash)) return toUser(found);
  await system.call(ACCOUNTS, { type: 'failed', email: address });
  return 'wrong';
}

/** A new sign-in token for `user`, for the session cookie. */
export function signIn(system: ActorSystem, user: User): Promise<string> {
  return system.call<string>(ACCOUNTS, { type: 'sign-in', userId: user.id });
}

/** The user a token belongs to; undefined once it was revoked (or never was). */
export function userOf(system: ActorSystem, token: unknown): Promise<User | undefined> {
  if (typeof token !== 'string') return Promise.resolve(undefined);
  return system.call<User | undefined>(ACCOUNTS, { type: 'user', token });
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
  return system.call<readonly string[]>(ACCOUNTS, { type, token });
}

/**
 * The socket id (`live_socket_id`) of a browser signed in with `token`: a digest, so the id
 * (a PubSub topic, and signed into pages in clear) never shows the token itself.
 */
export function socketIdOf(token: string): string {
  return `user-session:${createHash('sha256').update(token).digest('base64url')}`;
}
