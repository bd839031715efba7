import { createServer, type Server, type Socket } from 'node:net';

/**
 * A tiny stand-in for clamd that speaks its real INSTREAM protocol over TCP: the command
 * `zINSTREAM\0` (or `nINSTREAM\n`), then chunks each prefixed with a 4-byte big-endian length, then a
 * zero-length chunk. It answers `stream: OK\0`, or `stream: Eicar-Test-Signature FOUND\0` when the
 * streamed bytes contain the EICAR test string, and closes the connection like clamd does.
 */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

export interface FakeClamd {
  port: number;
  /** Files scanned (INSTREAM sessions that reached their zero-length terminator). */
  scans: number;
  /** Bytes received in all scans. */
  bytes: number;
  close(): Promise<void>;
}

export async function startFakeClamd(): Promise<FakeClamd> {
  const sockets = new Set<Socket>();
  const state = { scans: 0, bytes: 0 };
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buf = Buffer.alloc(0);
    let commandRead = false;
    let finished = false;
    const data: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => {
      if (finished) return;
      buf = Buffer.concat([buf, chunk]);
      if (!commandRead) {
        const z = buf.indexOf(0);
        const n = buf.indexOf(0x0a);
        const end = z >= 0 && (n < 0 || z < n) ? z : n;
        if (end < 0) return;
        const cmd = buf.subarray(0, end).toString('latin1');
        buf = buf.subarray(end + 1);
        if (cmd !== 'zINSTREAM' && cmd !== 'nINSTREAM') {
          finished = true;
          socket.end(`${cmd}: UNKNOWN COMMAND\0`);
          return;
        }
        commandRead = true;
      }
      while (buf.length >= 4) {
        const len = buf.readUInt32BE(0);
        if (len === 0) {
          finished = true;
          const all = Buffer.concat(data);
          state.scans++;
          state.bytes += all.length;
          socket.end(all.includes(Buffer.from(EICAR, 'latin1')) ? 'stream: Eicar-Test-Signature FOUND\0' : 'stream: OK\0');
          return;
        }
        if (buf.length < 4 + len) return;
        data.push(Buffer.from(buf.subarray(4, 4 + len)));
        buf = buf.subarray(4 + len);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('fake clamd did not listen');
  return {
    port: address.port,
    get scans() {
      return state.scans;
    },
    get bytes() {
      return state.bytes;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A TCP port on 127.0.0.1 with nothing listening (bound briefly, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address.port;
}
