import type { Config } from '../../config/env.js';
import type { Database } from '../../db/client.js';
import type { Mailer } from '../mail/mailer.js';
import type { BlobStore } from '../storage/blob-store.js';
import type { Scanner } from '../scanning/scanner.js';
import type { EwayClient } from '../payments/eway-client.js';
import type { LiveHub } from '../live/live-hub.js';

export type StaffActor = { kind: 'staff'; userId: string; role: 'owner' | 'admin' | 'staff'; name: string; email: string; sessionId: string };
export type ClientActor = { kind: 'client'; portalUserId: string; clientId: string; name: string; email: string; sessionId: string };
export type AnonymousActor = { kind: 'anonymous' };

/** What every service needs, built once per request (STYLE.md "Context"). */
export interface Deps {
  config: Config;
  db: Database;
  mailer: Mailer;
  /** The 32-byte master key that wraps each firm's data key (resolveMasterKey). */
  masterKey: Buffer;
  /** Old master keys still accepted while a rotation is rolled out (MASTER_KEY_PREVIOUS). */
  previousMasterKeys: Buffer[];
  /** Where encrypted file bodies live; only ciphertext reaches it. */
  blobStore: BlobStore;
  /** eWay Rapid (or, in development and tests, its emulator). */
  eway: EwayClient;
  /** The virus scanner, when CLAMAV_HOST is set. */
  scanner: Scanner | undefined;
  /** Live updates (Server-Sent Events) fanned out across instances by LISTEN/NOTIFY. */
  live: LiveHub;
}

export interface BaseCtx extends Deps {
  requestId: string;
  ip: string;
  userAgent: string;
  now: Date;
}

/** After the staff guard: firmId is known and the actor is a staff member of that firm. */
export interface StaffCtx extends BaseCtx {
  firmId: string;
  actor: StaffActor;
}

/** After the portal guard: firm and client both come from the session, never from the request. */
export interface ClientCtx extends BaseCtx {
  firmId: string;
  actor: ClientActor;
}

export type AnyCtx = BaseCtx & { firmId?: string; actor?: StaffActor | ClientActor | AnonymousActor };

export function actorLabel(actor: StaffActor | ClientActor | AnonymousActor): string {
  return actor.kind === 'anonymous' ? 'anonymous' : `${actor.name} <${actor.email}>`;
}
