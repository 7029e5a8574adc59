import type { Page } from 'playwright-core';

/** Any interface whose members are functions (a page's published API). */
type FunctionsOf<Api> = { [K in keyof Api]: (...args: never[]) => unknown };

/**
 * A typed caller for the functions a test page publishes on `globalThis[globalName]`. Arguments
 * and results cross as Playwright serializes them: JSON-like values, no class instances.
 */
export function pageCaller<Api extends FunctionsOf<Api>>(page: Page, globalName: string) {
  return <K extends keyof Api & string>(name: K, ...args: Parameters<Api[K]>): Promise<Awaited<ReturnType<Api[K]>>> =>
    page.evaluate(
      ({ globalName, name, args }) => {
        const api: unknown = Reflect.get(globalThis, globalName);
        const fn: unknown = typeof api === 'object' && api !== null ? Reflect.get(api, name) : undefined;
        if (typeof fn !== 'function') throw new Error(`the page publishes no ${globalName}.${name}`);
        return Reflect.apply(fn, api, args);
      },
      { globalName, name, args: args as unknown[] },
    ) as Promise<Awaited<ReturnType<Api[K]>>>;
}
