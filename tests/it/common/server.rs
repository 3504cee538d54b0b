//! A running `signpost serve` for the tests of both servers (`serve.rs`, `hardening/servers.rs`):
//! started on a free port, asked over plain TCP, killed when dropped.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{copy_dir, fixtures};

/// A copy of the valid fixture directory in a temporary folder.
pub fn served_directory() -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    copy_dir(&fixtures(), temp.path());
    for other in ["invalid", "warnings", "insight", "build"] {
        let _ = std::fs::remove_dir_all(temp.path().join(other));
    }
    temp
}

/// A running `signpost serve`; killed when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
}

impl Server {
    pub fn start(root: &Path, extra: &[&str]) -> Server {
        Server::start_with(root, extra, &[])
    }

    /// Like [`Server::start`], with extra environment variables.
    pub fn start_with(root: &Path, extra: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_signpost"))
            .arg("--root")
            .arg(root)
            .args(["serve", "--port", "0"])
            .args(extra)
            .envs(env.iter().copied())
            .env("SIGNPOST_TODAY", super::TODAY)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let port = loop {
            let line = lines.next().expect("serve printed its address").unwrap();
            if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                break rest.split('/').next().unwrap().parse().unwrap();
            }
        };
        // Keep reading what it prints (each rebuild's summary), as a terminal would.
        std::thread::spawn(move || lines.for_each(drop));
        Server { child, port }
    }

    /// A connection to the server, with a read timeout.
    pub fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(40)))
            .unwrap();
        stream
    }

    /// Sends `request` as it is and reads the whole answer: (status, head in lower case,
    /// body). A `Content-Length` must be the body's length.
    pub fn raw(&self, request: &[u8]) -> (u16, String, String) {
        let mut stream = self.connect();
        stream.write_all(request).unwrap();
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        let response = String::from_utf8_lossy(&response).into_owned();
        let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
        let status = head.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
        let head = head.to_lowercase();
        if let Some(length) = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length: "))
        {
            assert_eq!(length.parse::<usize>().unwrap(), body.len(), "{head}");
        }
        (status, head, body.to_string())
    }

    /// GET `path` with `host` as its Host header: (status, head, body).
    pub fn get_from(&self, path: &str, host: &str) -> (u16, String, String) {
        self.raw(
            format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
        )
    }

    /// GET `path`: (status, head, body).
    pub fn get(&self, path: &str) -> (u16, String, String) {
        self.get_from(path, "localhost")
    }

    /// Waits (at most 60 s) until `check` holds for the body at `path`.
    pub fn wait_for(&self, path: &str, check: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let (_, _, body) = self.get(path);
            if check(&body) {
                return body;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "gave up on {path}: {body}"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
