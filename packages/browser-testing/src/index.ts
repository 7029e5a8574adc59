/**
 * @packageDocumentation
 * What the browser tests share: bundle a page with Vite, serve it on 127.0.0.1 with a port chosen
 * at run time, launch Debian's headless Chromium, and call the functions the page publishes.
 */
export { buildPage, type BuildPageOptions } from './buildPage.ts';
export { servePage, type ServedPage } from './servePage.ts';
export { CHROMIUM_PATH, collectPageErrors, launchChromium } from './chromium.ts';
export { pageCaller } from './callPage.ts';
