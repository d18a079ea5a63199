//! What the browser tests share: a local web server for the demo site and
//! the fixtures, and a way to run the tool against it.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::thread;

use serde_json::Value;

/// The repository's root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A server on 127.0.0.1 (a free port) that answers by host:
///
/// - `127.0.0.1`: `/fixtures/…` from `audit/tests/fixtures/site/`, anything
///   else from the demo site, `www/` (built by `./scripts/build`);
/// - any other host (a tracker's, mapped here by Chromium's host-resolver
///   rules): `audit/tests/fixtures/hosts/HOST/PATH`.
///
/// A file `NAME.headers` beside a file adds its lines to the response's
/// headers. POSTs get 204. Every request is logged as `HOST PATH`.
pub struct Server {
    pub port: u16,
    pub log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    pub fn start() -> Server {
        let www = root().join("www");
        assert!(
            www.join("icta-consent/icta-consent.js").is_file(),
            "the demo site has no banner: run ./scripts/build first"
        );
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let port = listener.local_addr().expect("an address").port();
        let log = Arc::new(Mutex::new(Vec::new()));
        let shared = log.clone();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let log = shared.clone();
                thread::spawn(move || {
                    let _ = serve(stream, port, &log);
                });
            }
        });
        Server { port, log }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The browser flag that sends every host name here.
    pub fn resolver_rules(&self) -> String {
        format!(
            "--browser-arg=--host-resolver-rules=MAP * 127.0.0.1:{}",
            self.port
        )
    }

    /// Whether the server was asked for `path` on `host`.
    pub fn saw(&self, host: &str, path: &str) -> bool {
        let log = self.log.lock().expect("the log");
        log.iter().any(|l| l.starts_with(&format!("{host} {path}")))
    }
}

fn serve(stream: TcpStream, port: u16, log: &Mutex<Vec<String>>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut first = String::new();
    reader.read_line(&mut first)?;
    let mut parts = first.split_whitespace();
    let (method, target) = (
        parts.next().unwrap_or("GET").to_string(),
        parts.next().unwrap_or("/").to_string(),
    );
    let mut headers = HashMap::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    if let Some(length) = headers
        .get("content-length")
        .and_then(|l| l.parse::<usize>().ok())
    {
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
    }
    let host = headers.get("host").cloned().unwrap_or_default();
    let host = host.split(':').next().unwrap_or_default().to_string();
    let path = target.split('?').next().unwrap_or("/").to_string();
    log.lock()
        .expect("the log")
        .push(format!("{host} {target}"));

    let mut out = stream;
    if method == "POST" {
        return out.write_all(
            b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
    }
    let fixtures = root().join("audit/tests/fixtures");
    let file = if host == "127.0.0.1" || host == "localhost" {
        match path.strip_prefix("/fixtures/") {
            Some(rest) => fixtures.join("site").join(rest),
            None => root().join("www").join(path.trim_start_matches('/')),
        }
    } else {
        fixtures
            .join("hosts")
            .join(&host)
            .join(path.trim_start_matches('/'))
    };
    let file = if file.is_dir() {
        file.join("index.html")
    } else {
        file
    };
    let Ok(mut body) = std::fs::read(&file) else {
        return out.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found");
    };
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    if ext == "xml" {
        body = String::from_utf8_lossy(&body)
            .replace("127.0.0.1:PORT", &format!("127.0.0.1:{port}"))
            .into_bytes();
    }
    let mut extra = std::fs::read_to_string(file.with_file_name(format!(
        "{}.headers",
        file.file_name().and_then(|n| n.to_str()).unwrap_or_default()
    )))
    .unwrap_or_default();
    if !extra.to_ascii_lowercase().contains("content-type:") {
        let kind = match ext {
            "html" => "text/html; charset=utf-8",
            "js" | "mjs" => "text/javascript",
            "css" => "text/css",
            "wasm" => "application/wasm",
            "json" => "application/json",
            "xml" => "application/xml",
            "svg" => "image/svg+xml",
            _ => "application/octet-stream",
        };
        extra.push_str(&format!("Content-Type: {kind}\n"));
    }
    let mut head =
        String::from("HTTP/1.1 200 OK\r\nCache-Control: no-store\r\nConnection: close\r\n");
    for line in extra.lines().filter(|l| !l.trim().is_empty()) {
        head.push_str(line.trim());
        head.push_str("\r\n");
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    out.write_all(head.as_bytes())?;
    out.write_all(&body)
}

/// What a run of the tool gave.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub report: Value,
}

impl Run {
    pub fn violations(&self) -> &Vec<Value> {
        self.report["violations"]
            .as_array()
            .expect("a violations array")
    }

    /// The violations of one kind, as `url`/`cookie`/`key` strings.
    pub fn named(&self, kind: &str) -> Vec<String> {
        self.violations()
            .iter()
            .filter(|v| v["kind"] == kind)
            .map(|v| {
                ["url", "cookie", "key"]
                    .iter()
                    .find_map(|k| v[*k].as_str())
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    }

    /// Says everything, for a failing assertion.
    pub fn explain(&self) -> String {
        format!(
            "exit {}\n--- stdout\n{}\n--- stderr\n{}\n--- violations\n{}",
            self.code,
            self.stdout,
            self.stderr,
            serde_json::to_string_pretty(&self.report["violations"]).unwrap_or_default()
        )
    }
}

/// Runs the tool with `args` (a short watch, a JSON report) and reads the report.
pub fn audit(args: &[String]) -> Run {
    let dir = std::env::temp_dir().join(format!(
        "icta-consent-audit-test-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    ));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let json = dir.join("report.json");
    let output = Command::new(env!("CARGO_BIN_EXE_icta-consent-audit"))
        .args(["--wait", "1000", "--json"])
        .arg(&json)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the tool runs");
    let report = std::fs::read_to_string(&json)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or(Value::Null);
    let _ = std::fs::remove_dir_all(&dir);
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        report,
    }
}
