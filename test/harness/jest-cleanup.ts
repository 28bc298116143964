// Jest-only helper (never imported by index.ts, so benchmarks don't load it): registers an
// afterAll that destroys whatever a spec started, even when the spec fails half way.
import { destroyAllNodes } from './registry';

type Destroyable = { destroy(): Promise<void> };

/** Returns `track(x)`: x is destroyed in afterAll, in reverse order of tracking. */
export function destroyAfterAll(): <T extends Destroyable>(resource: T) => T {
  const resources: Destroyable[] = [];
  afterAll(async () => {
    for (const resource of resources.reverse()) await resource.destroy().catch(() => undefined);
    await destroyAllNodes(); // Nodes whose start was interrupted before they could be tracked.
  });
  return (resource) => {
    resources.push(resource);
    return resource;
  };
}
