import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { type Completion, HttpConnection, requestBytes } from './http-connection.js';

const sockets = new Set<net.Socket>();
const responses: (string | null)[][] = [];
/** A raw TCP server that answers each request with the next scripted response, written in the given pieces (`null`: end the connection). */
const server = net.createServer((socket) => {
  sockets.add(socket);
  socket.on('data', () => {
    const pieces = responses.shift() ?? ['HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'];
    for (const [i, piece] of pieces.entries()) setTimeout(() => (piece === null ? socket.end() : socket.write(piece)), i * 5);
  });
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const port = (server.address() as net.AddressInfo).port;
afterAll(() => {
  for (const s of sockets) s.destroy();
  server.close();
});

const send = (c: HttpConnection): Promise<Completion> => new Promise((resolve) => c.send(requestBytes(new URL(`http://127.0.0.1:${port}/x`), 'POST', { 'content-type': 'application/json' }, Buffer.from('{}')), resolve));

describe('HttpConnection', () => {
  it('reads responses split across reads: Content-Length, chunked, no body; keeps the connection alive', async () => {
    const c = new HttpConnection({ host: '127.0.0.1', port, secure: false }, 1000);
    responses.push(['HTTP/1.1 200 OK\r\nContent-Le', 'ngth: 5\r\n\r\nab', 'cde']);
    const split = await send(c);
    expect(split).toMatchObject({ ok: true, status: 200 });
    // write ≤ head ≤ last byte (equal when a busy machine delivers the last two pieces in one read).
    if (split.ok) expect(split.sentAt <= split.headersAt && split.headersAt <= split.endedAt).toBe(true);
    responses.push(['HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n', '4\r\ndefg\r\n0\r\n', '\r\n']);
    expect(await send(c)).toMatchObject({ ok: true, status: 201 });
    responses.push(['HTTP/1.1 503 Service Unavailable\r\ncontent-length: 2\r\n\r\n{}']);
    expect(await send(c)).toMatchObject({ ok: true, status: 503 });
    expect(sockets.size).toBe(1);
    c.close();
  });

  it('follows Connection: close and bodies framed by the close; garbage is a bad_response', async () => {
    const c = new HttpConnection({ host: '127.0.0.1', port, secure: false }, 1000);
    const before = sockets.size;
    responses.push(['HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}']);
    expect(await send(c)).toMatchObject({ ok: true, status: 200 });
    responses.push(['HTTP/1.1 202 Accepted\r\n\r\nuntil', ' the end', null]);
    expect(await send(c)).toMatchObject({ ok: true, status: 202 });
    expect(sockets.size - before).toBe(2); // each response ended its connection; each request opened one
    responses.push(['SSH-2.0-OpenSSH_9.2\r\n']);
    expect(await send(c)).toEqual({ ok: false, kind: 'bad_response' });
    c.close();
  });

  it('a server that closes mid-response is a reset; a refused connect is refused', async () => {
    const c = new HttpConnection({ host: '127.0.0.1', port, secure: false }, 1000);
    responses.push(['HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort']);
    const pending = send(c);
    await new Promise((r) => setTimeout(r, 30));
    for (const s of sockets) s.destroy();
    expect(await pending).toEqual({ ok: false, kind: 'reset' });
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const deadPort = (closed.address() as net.AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const refused = new HttpConnection({ host: '127.0.0.1', port: deadPort, secure: false }, 1000);
    expect(await new Promise((resolve) => refused.send(Buffer.from('GET / HTTP/1.1\r\n\r\n'), resolve))).toEqual({ ok: false, kind: 'refused' });
  });

  it('builds the request bytes once: request line, Host, headers, Content-Length, body', () => {
    const bytes = requestBytes(new URL('http://h:8000/v2/models/m/infer?x=1'), 'POST', { Authorization: 'Bearer t' }, Buffer.from('{"a":1}'));
    expect(bytes.toString()).toBe('POST /v2/models/m/infer?x=1 HTTP/1.1\r\nHost: h:8000\r\nAuthorization: Bearer t\r\nContent-Length: 7\r\n\r\n{"a":1}');
  });
});
