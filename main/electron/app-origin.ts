/**
 * The desktop renderer's origin, `app://reelforge` (app-protocol.ts serves it). Its own module,
 * without electron, so build configuration (the dev CSP in electron.vite.config.ts) can name it.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'reelforge';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
