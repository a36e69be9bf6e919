// Polls until a condition holds, for tests that wait on real processes and sockets. Not a timing
// assertion: the budget only says when to give up and name what never happened.

/** Resolves with the first truthy value of `check`, polled every 25 ms; throws after `tries` polls. */
export async function until<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  tries = 400,
): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await check();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}
