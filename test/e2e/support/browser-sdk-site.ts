// A customer's site on its own origin (127.0.0.1, another port than leadmaps): one page and the
// real browser SDKs bundled from node_modules by esbuild, so nothing comes from a CDN.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';

export interface BrowserSdkSite {
  url: string;
  close(): Promise<void>;
}

export async function bundleBrowserSdkPage(): Promise<string> {
  const result = await build({
    entryPoints: [join(import.meta.dirname, 'browser-sdk-page.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
    // analytics-next reads process.env.NODE_ENV when it exists; a site's bundler defines it.
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return result.outputFiles[0]!.text;
}

export async function startBrowserSdkSite(): Promise<BrowserSdkSite> {
  const script = await bundleBrowserSdkPage();
  const page =
    '<!doctype html><html><head><title>Customer site</title></head><body><script src="/sdks.js"></script></body></html>';
  const server: Server = createServer((request, response) => {
    if (request.url === '/sdks.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    } else if (request.url === '/' || request.url === '/reports') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    } else if (request.url === '/favicon.ico') {
      response.writeHead(204).end();
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
