/** Waits until `check` holds (polling every 50 ms), or fails after `timeoutMs`: for work done by job workers. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}
