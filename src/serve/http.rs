//! Answering HTTP on a socket with limits, for both servers (the sites and the API): HTTP/1.1
//! by hyper, with a timeout for a request's head that also closes idle connections, and a
//! limit on the request line and the headers answered in the server's own words.
//!
//! hyper answers a request line it cannot take (over 64 KB) with a bare `414` it writes itself:
//! no body and no `Access-Control-Allow-Origin`, so a web page calling the API could not even
//! read why. [`Guarded`] reads the bytes before hyper does and stops a line over
//! [`MAX_LINE`] bytes (or more than [`MAX_HEADERS`] header lines) first, answering with
//! [`Rejections`]: for the API, its JSON error shape with CORS. Both servers answer `GET` only,
//! so a request with a body ends the checking for the rest of its connection (hyper's own
//! limits still apply).
//!
//! Not for routing or what is served: that is [`super`] and [`crate::api`].

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// How long a client has to send a request's head (its request line and headers), counted
/// from when the server starts waiting for one: when the connection opens and after each
/// answer. So a half-sent request, or a connection that sends nothing, is closed after this.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// The longest request line or header line, in bytes. Addresses of pages and API queries are
/// far shorter; browsers send cookies and the like well within it.
pub const MAX_LINE: usize = 16 * 1024;

/// The most header lines in one request (hyper's own limit is 100).
pub const MAX_HEADERS: usize = 96;

/// What a server answers when a request's line or headers are too long: the API in its JSON
/// error shape with CORS, the sites in plain text; either closes the connection.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Rejections {
    Api,
    Sites,
}

impl Rejections {
    /// The whole HTTP response for `verdict` (a `414` or a `431`).
    fn response(self, verdict: &Verdict) -> Vec<u8> {
        let (status, error, message) = match verdict {
            Verdict::LineTooLong => (
                "414 URI Too Long",
                "uri_too_long",
                format!("the address is longer than {MAX_LINE} bytes: ask for less at once"),
            ),
            _ => (
                "431 Request Header Fields Too Large",
                "headers_too_large",
                format!(
                    "the request's headers are too long (a line over {MAX_LINE} bytes) or too \
                     many (over {MAX_HEADERS} lines)"
                ),
            ),
        };
        let (content_type, cors, body) = match self {
            Rejections::Api => (
                "application/json",
                "access-control-allow-origin: *\r\n",
                serde_json::json!({"error": error, "message": message}).to_string(),
            ),
            Rejections::Sites => ("text/plain; charset=utf-8", "", format!("{message}\n")),
        };
        format!(
            "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\n{cors}connection: close\r\n\
             content-length: {}\r\n\r\n{body}",
            body.len()
        )
        .into_bytes()
    }
}

/// Answers `app` on `listener` until Ctrl-C, each connection with the limits above.
pub async fn serve(listener: TcpListener, app: Router, rejections: Rejections) {
    let mut stop = std::pin::pin!(tokio::signal::ctrl_c());
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors and the like: wait a moment rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = &mut stop => return,
        };
        let _ = stream.set_nodelay(true);
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let io = TokioIo::new(Guarded::new(stream, rejections));
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(io, service)
                .await;
        });
    }
}

/// A connection whose incoming bytes are checked before hyper reads them (see the module
/// documentation); when a line is too long it writes the rejection itself and ends.
pub struct Guarded {
    inner: TcpStream,
    scan: Scan,
    rejections: Rejections,
    /// The rejection being written, and how much of it is written.
    rejecting: Option<(Vec<u8>, usize)>,
}

impl Guarded {
    pub fn new(inner: TcpStream, rejections: Rejections) -> Guarded {
        Guarded {
            inner,
            scan: Scan::default(),
            rejections,
            rejecting: None,
        }
    }

    /// Writes the rejection, then shuts the connection; ends hyper's reading with an error.
    fn poll_reject(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let Some((response, written)) = &mut self.rejecting else {
            return Poll::Ready(Ok(()));
        };
        while *written < response.len() {
            match ready!(Pin::new(&mut self.inner).poll_write(cx, &response[*written..])) {
                Ok(0) | Err(_) => break,
                Ok(n) => *written += n,
            }
        }
        let _ = ready!(Pin::new(&mut self.inner).poll_shutdown(cx));
        Poll::Ready(Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "request line or headers too long",
        )))
    }
}

impl AsyncRead for Guarded {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.rejecting.is_some() {
            return this.poll_reject(cx);
        }
        let before = buf.filled().len();
        ready!(Pin::new(&mut this.inner).poll_read(cx, buf))?;
        let verdict = this.scan.feed(&buf.filled()[before..]);
        if verdict == Verdict::Fine {
            return Poll::Ready(Ok(()));
        }
        let response = this.rejections.response(&verdict);
        // hyper never sees the request it could only answer bare.
        buf.set_filled(before);
        this.rejecting = Some((response, 0));
        this.poll_reject(cx)
    }
}

impl AsyncWrite for Guarded {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, data)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

/// What the bytes so far say.
#[derive(Debug, PartialEq)]
enum Verdict {
    Fine,
    LineTooLong,
    HeadersTooLarge,
}

/// The lines of the requests on a connection, as they arrive: how long the current line is,
/// which line of its head it is, and the start of it (to see a header's name).
#[derive(Default)]
struct Scan {
    /// Bytes in the current line so far (without its CR LF).
    len: usize,
    /// Lines of the current head before this one: 0 while reading a request line.
    line: usize,
    /// The first bytes of the current line, lower case.
    start: [u8; 20],
    /// A request declared a body: stop checking (see the module documentation).
    done: bool,
}

impl Scan {
    fn feed(&mut self, bytes: &[u8]) -> Verdict {
        if self.done {
            return Verdict::Fine;
        }
        for &b in bytes {
            if b == b'\n' {
                if self.len == 0 {
                    self.line = 0; // the blank line that ends a head
                } else {
                    if self.line > 0 && self.declares_body() {
                        self.done = true;
                        return Verdict::Fine;
                    }
                    self.line += 1;
                    if self.line > MAX_HEADERS {
                        return Verdict::HeadersTooLarge;
                    }
                }
                self.len = 0;
                continue;
            }
            if b == b'\r' {
                continue;
            }
            if self.len < self.start.len() {
                self.start[self.len] = b.to_ascii_lowercase();
            }
            self.len += 1;
            if self.len > MAX_LINE {
                return match self.line {
                    0 => Verdict::LineTooLong,
                    _ => Verdict::HeadersTooLarge,
                };
            }
        }
        Verdict::Fine
    }

    /// The header line just ended says the request has a body.
    fn declares_body(&self) -> bool {
        let start = &self.start[..self.len.min(self.start.len())];
        let named = |name: &[u8]| start.starts_with(name);
        (named(b"content-length:") && start[15..].iter().any(|b| b.is_ascii_digit() && *b != b'0'))
            || named(b"transfer-encoding:")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_and_many_headers_are_caught_wherever_the_bytes_split() {
        let long = format!("GET /?q={} HTTP/1.1\r\n", "x".repeat(MAX_LINE));
        let mut scan = Scan::default();
        assert_eq!(scan.feed(long.as_bytes()), Verdict::LineTooLong);
        let mut scan = Scan::default();
        let (a, b) = long.as_bytes().split_at(MAX_LINE / 2);
        assert_eq!(scan.feed(a), Verdict::Fine);
        assert_eq!(scan.feed(b), Verdict::LineTooLong);
        let header = format!("GET / HTTP/1.1\r\nCookie: {}\r\n", "x".repeat(MAX_LINE));
        assert_eq!(
            Scan::default().feed(header.as_bytes()),
            Verdict::HeadersTooLarge
        );
        let many = format!("GET / HTTP/1.1\r\n{}", "X-A: b\r\n".repeat(MAX_HEADERS + 1));
        assert_eq!(
            Scan::default().feed(many.as_bytes()),
            Verdict::HeadersTooLarge
        );
    }

    #[test]
    fn ordinary_requests_pass_one_after_another() {
        let one = "GET /services?page=2 HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n";
        let mut scan = Scan::default();
        for _ in 0..200 {
            assert_eq!(scan.feed(one.as_bytes()), Verdict::Fine);
        }
        // A body ends the checking: its bytes are not lines of a head.
        let post = format!(
            "POST / HTTP/1.1\r\nContent-Length: 20000\r\n\r\n{}",
            "x".repeat(20_000)
        );
        assert_eq!(Scan::default().feed(post.as_bytes()), Verdict::Fine);
    }

    #[test]
    fn the_rejections_say_their_length_truly() {
        for r in [Rejections::Api, Rejections::Sites] {
            for verdict in [Verdict::LineTooLong, Verdict::HeadersTooLarge] {
                let response = r.response(&verdict);
                let text = std::str::from_utf8(&response).unwrap();
                let (head, body) = text.split_once("\r\n\r\n").unwrap();
                let length = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length: "))
                    .unwrap();
                assert_eq!(length.parse::<usize>().unwrap(), body.len(), "{head}");
            }
        }
        let api = Rejections::Api.response(&Verdict::LineTooLong);
        let api = std::str::from_utf8(&api).unwrap();
        let body: serde_json::Value =
            serde_json::from_str(api.split_once("\r\n\r\n").unwrap().1).unwrap();
        assert_eq!(body["error"], "uri_too_long");
    }
}
