/**
 * The desktop preload's bridge as the same ReelforgeApi the browser host's client gives: a failed
 * reply becomes an ApiError with its kind and subject, so panels show errors in place the same
 * way on both hosts (desktop-review D9).
 */
import type { DesktopBridge, ReelforgeApi } from '../types/contract';
import { ApiError } from './errors';

export function desktopApi(bridge: DesktopBridge): ReelforgeApi {
  return {
    async invoke(channel, input) {
      const reply = await bridge.invoke(channel, input);
      if (reply.ok) return reply.result;
      throw new ApiError(reply.error);
    },
    on: (event, listener) => bridge.on(event, listener),
    pathForFile: (file) => bridge.pathForFile(file),
  };
}
