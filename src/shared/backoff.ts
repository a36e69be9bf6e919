// One exponential backoff for every retry in Gatehouse: device reconnects, the sync loop and its nudge
// socket, the badge print queue, notification delivery, the screen's event socket and the sign-in lock.
//
// A pure function, not a package. The retry packages already in node_modules (exponential-backoff,
// retry, promise-retry; all only there as dependencies of build tools) own the loop: they call a
// function, sleep and call it again. Half of our call sites cannot work that way: the print queue and
// the notification queue store the next attempt's time in a database row and must survive a restart,
// the sign-in lock is a duration, and the device links and sockets keep a cancellable timer that close()
// clears. What they share is only the arithmetic, which this file holds. It is also environment-free
// (src/shared may import nothing but src/shared and zod), so the renderer uses it too.

export interface BackoffOptions {
  /** Delay of attempt 0, in ms; each further attempt doubles it. */
  base: number;
  /** The delay never grows past this, in ms. */
  max: number;
  /**
   * Fraction of the delay that is random, 0 (default: none) to 1 ("full jitter"). With 0.5 the delay is
   * uniform in [d/2, d) ("equal jitter"), so stations that failed together do not retry together.
   */
  jitter?: number;
  /** Source of randomness in [0, 1); tests inject one. */
  random?: () => number;
}

/**
 * The delay before retry number `attempt` (0 for the first retry): base × 2^attempt, capped at max,
 * with the jitter fraction of it random. A negative attempt counts as 0.
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const { base, max, jitter = 0, random = Math.random } = options;
  // Past 2^1023 the product is Infinity (or NaN for a zero base); the cap is reached long before.
  const exponent = Math.min(Math.max(0, attempt), 1023);
  const delay = Math.min(max, base * 2 ** exponent);
  return jitter > 0 ? delay * (1 - jitter) + delay * jitter * random() : delay;
}
