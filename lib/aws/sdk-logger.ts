/** The part of an SDK v3 client's middleware stack this touches. */
interface StackOwner {
  middlewareStack: { remove(name: string): boolean };
}

/**
 * Removes the SDK's `loggerMiddleware` from a client driftwatch built without a logger. The SDK
 * adds it to every client; its logger is then a no-op, but the middleware still runs the command's
 * sensitive-data filter over every input and every response (a walk of each 1,000-item page)
 * before handing the result to that no-op. driftwatch logs calls itself (the call counter, the
 * run summary), never through the SDK's logger.
 */
export function dropIdleSdkLogger(client: StackOwner): void {
  client.middlewareStack.remove('loggerMiddleware');
}
