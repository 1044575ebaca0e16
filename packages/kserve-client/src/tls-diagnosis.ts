import tls from 'node:tls';

/** OpenSSL's alerts for a client certificate that is missing (TLS 1.3's certificate_required), or that the server does not accept. */
const CLIENT_CERTIFICATE_REFUSED = /CERTIFICATE_REQUIRED|ALERT_BAD_CERTIFICATE|ALERT_UNKNOWN_CA|ALERT_CERTIFICATE_UNKNOWN|ALERT_HANDSHAKE_FAILURE/;

/** Whether a TLS error code (or a message that names one) says the server refused the client's certificate, or its absence. */
export function refusesClientCertificate(codeOrMessage: string): boolean {
  return CLIENT_CERTIFICATE_REFUSED.test(codeOrMessage);
}

/**
 * Why a TLS server closed the connection, when the HTTP client only saw the close. In TLS 1.3 the client's
 * side of the handshake completes before the server checks the client's certificate, so a server that
 * requires one (an mTLS gateway) answers a request with an alert and a close, and the HTTP client reports
 * "other side closed". One more connection with the same settings, reading until the alert arrives, gives
 * OpenSSL's code (ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED, …); undefined when it ends without one.
 * Only called on a failure, bounded by `timeoutMs`.
 */
export function tlsRefusalCode(url: URL, connect: tls.ConnectionOptions, timeoutMs = 2000): Promise<string | undefined> {
  return new Promise((resolve) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const socket = tls.connect({ ...connect, host, port: Number(url.port || 443) });
    const done = (code: string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(code);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.on('error', (error: NodeJS.ErrnoException) => done(error.code));
    socket.on('close', () => done(undefined));
    // Reading is what makes OpenSSL process the server's alert.
    socket.on('secureConnect', () => socket.resume());
  });
}
