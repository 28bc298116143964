import { waitFor as pollUntil } from '../../harness/wait-for';

/** Polls `probe` until it returns a value other than undefined (false and 0 count), or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const boxed = await pollUntil(
    async () => {
      const value = await probe();
      return value === undefined ? undefined : { value };
    },
    { describe: what, timeoutMs, intervalMs: 20 },
  );
  return boxed.value;
}
