/**
 * The one place a request from an untrusted page becomes a handler call, shared by the
 * WebSocket bridge and Electron's ipcMain binding: check the channel name, validate the
 * input with the contract's zod schema, call the handler, and turn any failure into an
 * ErrorInfo (message and kind, never a stack) that is safe to send back.
 */
import { ZodError } from 'zod';
import { isChannel, parseRequest, type Channel, type ContractHandlers } from '../core/contract.js';
import { toErrorInfo, type ErrorInfo } from '../core/errors.js';

export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: ErrorInfo };

/** "Invalid input for settings.set: concurrency: Too big: expected number to be <=10". */
export function describeZodError(channel: string, err: ZodError): string {
  const problems = err.issues.slice(0, 5).map((issue) => {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(input)';
    return `${field}: ${issue.message}`;
  });
  return `Invalid input for ${channel}: ${problems.join('; ')}`;
}

export async function dispatch(handlers: ContractHandlers, channel: unknown, input: unknown): Promise<DispatchResult> {
  if (!isChannel(channel)) {
    return { ok: false, error: { kind: 'usage', message: `Unknown channel ${JSON.stringify(String(channel)).slice(0, 120)}.` } };
  }
  let parsed: unknown;
  try {
    parsed = parseRequest(channel, input ?? {});
  } catch (err) {
    if (err instanceof ZodError) return { ok: false, error: { kind: 'usage', message: describeZodError(channel, err), subject: firstField(err) } };
    return { ok: false, error: toErrorInfo(err) };
  }
  try {
    // The schema and the handler are keyed by the same channel; TypeScript cannot correlate them here.
    const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
    return { ok: true, result: await handler.call(handlers, parsed) };
  } catch (err) {
    return { ok: false, error: toErrorInfo(err) };
  }
}

function firstField(err: ZodError): string {
  const p = err.issues[0]?.path ?? [];
  return p.length > 0 ? p.map(String).join('.') : '(input)';
}

export type { Channel };
