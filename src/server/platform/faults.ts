/**
 * Crash-test hooks (issue 9, test/faults/). Code on a path where a crash matters marks the moment
 * with one line, `await faultPoint('upload:after-blob-write')`. Normally that does nothing. When the
 * process was started with LL_FAULT_POINT naming that point (refused in production by config/env.ts),
 * it writes `FAULT_POINT_REACHED <name>` to stderr and then waits forever, so a test can SIGKILL the
 * process at exactly that moment and check what a restart finds.
 *
 * The points: upload:after-blob-write, outbox:after-smtp-accept, payment:after-eway-approved,
 * recurring:after-first-service. docs/deployment.md ("Faults") says what each crash leaves behind.
 */
let armed: string | undefined;

/** Called once by buildApp with config.faultPoint (undefined outside crash tests). */
export function armFaultPoint(name: string | undefined): void {
  armed = name;
}

/** Stops here for good when this point is armed; otherwise returns at once. */
export function faultPoint(name: string): Promise<void> | undefined {
  if (armed !== name) return undefined;
  process.stderr.write(`FAULT_POINT_REACHED ${name}\n`);
  // A referenced timer keeps the process alive (and stuck) until the test kills it.
  return new Promise(() => {
    setInterval(() => undefined, 60_000);
  });
}
