// Preloaded into a server process by tests (`--import`), never by the product: reports on stderr
// when the server has read the whole body of a request labelled `x-probe-label` (its handler runs
// from then on) and when it starts handing the answer to the operating system. A label reported
// as handled but never as answered was being handled when the process died: its client cannot
// have received an answer. (Reporting on 'finish' instead left a window: the answer written, the
// process killed before 'finish' ran, and a client holding an answer for a request the probe
// called interrupted.)
import { writeSync } from 'node:fs';
import { Server, type IncomingMessage, type ServerResponse } from 'node:http';

export const probeLabelHeader = 'x-probe-label';
export const probeLinePattern = /^leadmaps-probe (handling|answered) (\S+)$/;

// Written synchronously: once writeSync returns the line is in the pipe, even if a SIGKILL follows.
const report = (what: 'handling' | 'answered', label: string) => writeSync(2, `leadmaps-probe ${what} ${label}\n`);

const originalEmit = Server.prototype.emit;
Server.prototype.emit = function emit(this: Server, event: string | symbol, ...args: unknown[]) {
  if (event === 'request') {
    const [request, response] = args as [IncomingMessage, ServerResponse];
    const label = request.headers[probeLabelHeader];
    if (typeof label === 'string' && /^\S+$/.test(label)) {
      request.once('end', () => report('handling', label));
      const end = response.end;
      response.end = function endAndReport(this: ServerResponse, ...endArguments: unknown[]) {
        report('answered', label);
        return (end as (...values: unknown[]) => ServerResponse).apply(this, endArguments);
      } as typeof response.end;
    }
  }
  return originalEmit.apply(this, [event, ...args] as Parameters<typeof originalEmit>);
} as typeof Server.prototype.emit;
