/**
 * Provisioning a vehicle with its signing key (engineer action; docs/security.md): send SETUP_SIGNING
 * with the key configured for it and an initial timestamp, then refuse its unsigned frames and
 * confirm that what it sends next is signed with that key.
 *
 *   sending ──first valid signed frame──▶ confirming ──CONFIRM_FRAMES more──▶ done
 *      │ no signed frame for RETRY_MS: resend (ATTEMPTS in all)   │ CONFIRM_TIMEOUT_MS
 *      └──────────────▶ failed (SIGNING_NOT_CONFIRMED) ◀──────────┘  (unsigned accepted again)
 *
 * SETUP_SIGNING has no acknowledgement in MAVLink (PX4 answers nothing): the vehicle's own signed
 * frames are the only proof it took the key. The key is never part of a result, error or log.
 */
import type { Clock, TimerHandle } from '../../firmware-bridge/clock.js';
import { setupSigningMessage, signingNow } from '../../firmware-bridge/codec/signing.js';
import type { InboundMessage, MavlinkLink } from '../../firmware-bridge/link/link.js';
import { FleetError } from './errors.js';

/** Resend SETUP_SIGNING when no signed frame came back for this long (PX4 sends HEARTBEAT at 1 Hz, telemetry faster). */
export const SETUP_SIGNING_RETRY_MS = 1_500;
export const SETUP_SIGNING_ATTEMPTS = 3;
/** Signed frames wanted after the switch, and how long they may take. */
export const SIGNED_CONFIRM_FRAMES = 3;
export const SIGNED_CONFIRM_TIMEOUT_MS = 5_000;

export interface ProvisionResult {
  vehicle: string;
  signed: true;
  /** SETUP_SIGNING messages sent. */
  attempts: number;
  /** Valid signed frames seen from the vehicle before the answer. */
  signedFrames: number;
  /** The initial timestamp sent (10 µs units since 2015-01-01). */
  initialTimestamp: number;
}

export interface ProvisionTarget {
  id: string;
  sysid: number;
  compid: number;
  link: MavlinkLink;
  clock: Clock;
}

type Phase = 'sending' | 'confirming';

/** Run the provisioning transaction; resolves when confirmed, rejects with a FleetError. */
export function provisionSigning(t: ProvisionTarget, wallNowMs: () => number = Date.now): Promise<ProvisionResult> {
  const key = t.link.signingKeyFor(t.sysid);
  if (!key) {
    return Promise.reject(new FleetError('SIGNING_NO_KEY', `no signing key is configured for ${t.id}: add it to mavlink.signing (keyFile for the link, or vehicles[] with sysid ${t.sysid}) and restart`, { vehicle: t.id }));
  }
  const initialTimestamp = signingNow(wallNowMs());
  return new Promise<ProvisionResult>((resolve, reject) => {
    let phase: Phase = 'sending';
    let attempts = 0;
    let signedFrames = 0;
    let confirmed = 0;
    let timer: TimerHandle | undefined;
    let done = false;
    const finish = (error?: FleetError): void => {
      if (done) return; // a late send failure after the answer changes nothing
      done = true;
      timer?.cancel();
      off();
      if (error) {
        t.link.requireSigned(t.sysid, false); // never lock a vehicle out on a failed attempt
        reject(error);
      } else resolve({ vehicle: t.id, signed: true, attempts, signedFrames, initialTimestamp });
    };
    const send = (): void => {
      if (done) return;
      if (attempts >= SETUP_SIGNING_ATTEMPTS) {
        finish(new FleetError('SIGNING_NOT_CONFIRMED', `${t.id} sent no signed frame after ${attempts} SETUP_SIGNING messages ${SETUP_SIGNING_RETRY_MS} ms apart: it does not support signing (PX4 before 1.17), or the key did not reach it; it stays unsigned`, { vehicle: t.id, phase, attempts }));
        return;
      }
      attempts++;
      t.link.send(setupSigningMessage({ system: t.sysid, component: t.compid }, key, initialTimestamp), t.sysid).catch((e: Error) => finish(new FleetError('SIGNING_NOT_CONFIRMED', `SETUP_SIGNING could not be sent to ${t.id}: ${e.message}`, { vehicle: t.id, phase, attempts })));
      timer = t.clock.setTimer(SETUP_SIGNING_RETRY_MS, send);
    };
    const off = t.link.onMessage((m: InboundMessage) => {
      // Only frames that passed the link's signature check arrive here; a signed one was signed with this vehicle's key.
      if (done || m.frame.sysid !== t.sysid || !m.frame.signature) return;
      signedFrames++;
      if (phase === 'sending') {
        phase = 'confirming';
        t.link.requireSigned(t.sysid);
        timer?.cancel();
        timer = t.clock.setTimer(SIGNED_CONFIRM_TIMEOUT_MS, () =>
          finish(new FleetError('SIGNING_NOT_CONFIRMED', `${t.id} signed once, then sent ${confirmed} of ${SIGNED_CONFIRM_FRAMES} signed frames within ${SIGNED_CONFIRM_TIMEOUT_MS} ms; unsigned frames are accepted from it again`, { vehicle: t.id, phase, attempts, signedFrames })),
        );
        return;
      }
      if (++confirmed >= SIGNED_CONFIRM_FRAMES) finish();
    });
    send();
  });
}
