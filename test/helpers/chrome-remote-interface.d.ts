/** The part of chrome-remote-interface (no bundled types) the browser tests use. */
declare module 'chrome-remote-interface' {
  interface CdpClient {
    send(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
    on(event: string, listener: (params: Record<string, unknown>) => void): void;
    close(): Promise<void>;
  }
  function CDP(options: { host: string; port: number; target?: string }): Promise<CdpClient>;
  export = CDP;
}
