import { describe, expect, it } from 'vitest';
import { type FeedOutcome, ResponseParser } from './response-parser.js';

/** A chunked body's bytes for these payloads (each one chunk), its last chunk, and `trailer` lines. */
function chunked(payloads: string[], { extension = '', trailer = [] as string[] } = {}): string {
  const chunks = payloads.map((p) => `${Buffer.byteLength(p).toString(16)}${extension}\r\n${p}\r\n`);
  return `${chunks.join('')}0${extension}\r\n${trailer.map((t) => `${t}\r\n`).join('')}\r\n`;
}

/**
 * Feeds `response` in the given pieces the way the connection does: each piece copied to the start of
 * one reused read buffer whose stale bytes after it look like a head's end and a chunk's (so reading past
 * the piece would show). Returns every outcome and the parser.
 */
function feedPieces(pieces: Buffer[]): { outcomes: FeedOutcome[]; parser: ResponseParser } {
  const readBuffer = Buffer.alloc(Math.max(...pieces.map((p) => p.length)) + 64, '\r\n\r\n0\r\n\r\n');
  const parser = new ResponseParser();
  parser.reset();
  const outcomes = pieces.map((piece) => {
    piece.copy(readBuffer, 0);
    return parser.feed(readBuffer, 0, piece.length);
  });
  return { outcomes, parser };
}

/** Every way to cut `bytes` in two, plus one byte per read. */
function splits(bytes: Buffer): Buffer[][] {
  const twoPieces = Array.from({ length: bytes.length - 1 }, (_, i) => [bytes.subarray(0, i + 1), bytes.subarray(i + 1)]);
  const byteByByte = Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
  return [[bytes], ...twoPieces, byteByByte];
}

const cases = [
  { name: 'Content-Length', head: 'HTTP/1.1 200 OK\r\nServer: t\r\nContent-Length: 11\r\n\r\n', body: '{"ok":true}', payload: 11, status: 200, close: false },
  { name: 'no body (Content-Length: 0)', head: 'HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\n\r\n', body: '', payload: 0, status: 503, close: false },
  {
    name: 'chunked, with extensions and trailers',
    head: 'HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n',
    body: chunked(['abc', 'defghijklmnopqrstu', 'x'.repeat(300)], { extension: ';name=v', trailer: ['X-Checksum: 1', 'X-Other: 2'] }),
    payload: 3 + 18 + 300,
    status: 201,
    close: false,
  },
  {
    name: 'chunked after a 100 Continue, codings listed, names in any case, Connection: close',
    head: 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\ntransfer-ENCODING: gzip, Chunked\r\nCONNECTION: Close\r\n\r\n',
    body: chunked(['{"outputs":[]}']),
    payload: 14,
    status: 200,
    close: true,
  },
  { name: 'HTTP/1.0 without keep-alive', head: 'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n', body: '{}', payload: 2, status: 200, close: true },
  { name: 'HTTP/1.0 with keep-alive, bare LF line ends', head: 'HTTP/1.0 200 OK\nConnection: keep-alive\nContent-Length: 2\n\n', body: '{}', payload: 2, status: 200, close: false },
  { name: '204 with no framing', head: 'HTTP/1.1 204 No Content\r\nX-A: b\r\n\r\n', body: '', payload: 0, status: 204, close: false },
];

describe('ResponseParser', () => {
  it.each(cases)('frames $name the same whatever the reads (split at every offset, and byte by byte)', ({ head, body, payload, status, close }) => {
    const bytes = Buffer.from(head + body, 'latin1');
    for (const pieces of splits(bytes)) {
      const { outcomes, parser } = feedPieces(pieces);
      // Complete exactly at the last byte: 'more' before it, never early.
      expect(outcomes).toEqual([...pieces.slice(1).map(() => 'more'), 'complete']);
      expect(parser.consumed).toBe(pieces.at(-1)?.length);
      expect(parser).toMatchObject({ status, closeAfter: close, bodyBytes: payload });
    }
  });

  it('says where the response ended when more bytes follow it in the same read', () => {
    const response = 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc';
    const { outcomes, parser } = feedPieces([Buffer.from(`${response}HTTP/1.1 200 OK\r\n`)]);
    expect(outcomes).toEqual(['complete']);
    expect(parser.consumed).toBe(response.length);
  });

  it('frames a body without length by the close, and a close before the end as cut short', () => {
    const { outcomes, parser } = feedPieces([Buffer.from('HTTP/1.1 200 OK\r\nServer: t\r\n\r\nsome'), Buffer.from('thing')]);
    expect(outcomes).toEqual(['more', 'more']);
    expect(parser.closed()).toBe('complete');
    expect(parser).toMatchObject({ status: 200, closeAfter: true, bodyBytes: 9 });
    const cut = feedPieces([Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort')]);
    expect(cut.outcomes).toEqual(['more']);
    expect(cut.parser.closed()).toBe('malformed');
  });

  it('refuses what is not an HTTP/1.x response, once the same response well formed is accepted', () => {
    const good = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}';
    expect(feedPieces([Buffer.from(good)]).outcomes).toEqual(['complete']);
    const bad = [
      good.replace('HTTP/1.1', 'HTTP/2.0'),
      good.replace('200', '2x0'),
      good.replace('Content-Length: 2', 'Content-Length: 2x'),
      good.replace('Content-Length: 2', 'Content-Length: 2\r\nContent-Length: 3'),
      'SSH-2.0-OpenSSH_9.2\r\n',
    ];
    for (const response of bad) expect(feedPieces([Buffer.from(response)]).outcomes).toEqual(['malformed']);
    // A chunked body whose size line is not hex, or whose data does not end in CRLF.
    const chunkedHead = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n';
    expect(feedPieces([Buffer.from(`${chunkedHead}3\r\nabc\r\n0\r\n\r\n`)]).outcomes).toEqual(['complete']);
    expect(feedPieces([Buffer.from(`${chunkedHead}g\r\nabc\r\n0\r\n\r\n`)]).outcomes).toEqual(['malformed']);
    expect(feedPieces([Buffer.from(`${chunkedHead}3\r\nabcd\r\n0\r\n\r\n`)]).outcomes).toEqual(['malformed']);
  });

  it('refuses a head that never ends past 64 KiB, having waited for one that is merely long', () => {
    const long = Buffer.from(`HTTP/1.1 200 OK\r\nX-Pad: ${'p'.repeat(20_000)}\r\nContent-Length: 0\r\n\r\n`);
    expect(feedPieces([long.subarray(0, 10_000), long.subarray(10_000)]).outcomes).toEqual(['more', 'complete']);
    const endless = Buffer.from(`HTTP/1.1 200 OK\r\nX-Pad: ${'p'.repeat(4000)}`);
    const { outcomes } = feedPieces([endless, ...Array.from({ length: 20 }, () => endless.subarray(17))]);
    expect(outcomes.slice(0, 16).every((o) => o === 'more')).toBe(true);
    expect(outcomes.at(-1)).toBe('malformed');
  });
});
