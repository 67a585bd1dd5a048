//! `handbill preview` as a person uses it: started on a free port against a
//! copy of the shipped campaign, asked for its pages over HTTP, and edited
//! while it runs; then in headless Chromium, where the open page must show
//! a saved headline, and a saved mistake, by itself.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::util::{TempDir, copy_dir, root};

/// The longest a preview's build may take on a busy shared machine.
const PATIENCE: Duration = Duration::from_secs(300);

/// The shipped campaign, copied, so edits stay in the copy.
fn campaign() -> TempDir {
    let dir = TempDir::new();
    for folder in ["messages", "templates", "fonts"] {
        copy_dir(&root().join(folder), &dir.path().join(folder));
    }
    dir
}

/// A process of the test's, killed when dropped: a failed test leaves
/// no server or browser behind.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A running preview.
struct Preview {
    _child: Running,
    port: u16,
    notes: Receiver<String>,
}

impl Preview {
    /// Starts `handbill preview` on a free port (English and Arabic X cards,
    /// to be quick) and waits until it serves.
    fn start(dir: &Path) -> Preview {
        let mut child = Command::new(env!("CARGO_BIN_EXE_handbill"))
            .args(["preview", "--port", "0", "--format", "x"])
            .args(["--language", "en", "--language", "ar", "-C"])
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("handbill runs");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, notes) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut preview = Preview {
            _child: Running(child),
            port: 0,
            notes,
        };
        let serving = preview.wait_for("serving http://127.0.0.1:");
        let port = serving
            .rsplit(':')
            .next()
            .and_then(|p| p.split('/').next())
            .and_then(|p| p.parse().ok());
        preview.port = port.unwrap_or_else(|| panic!("no port in {serving:?}"));
        preview
    }

    /// Waits for a line of the preview's notes that contains `text`.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        let mut seen = Vec::new();
        while start.elapsed() < PATIENCE {
            match self.notes.recv_timeout(Duration::from_millis(200)) {
                Ok(line) if line.contains(text) => return line,
                Ok(line) => seen.push(line),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                Err(_) => break,
            }
        }
        panic!(
            "the preview never said {text:?}; it said:\n{}",
            seen.join("\n")
        );
    }

    /// GET `path` with `host` as the Host: the status and the body.
    fn get_as(&self, path: &str, host: &str) -> (u16, String) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connects");
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .expect("asks");
        let mut answer = Vec::new();
        s.read_to_end(&mut answer).expect("reads");
        let answer = String::from_utf8_lossy(&answer).into_owned();
        let status = answer
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status in {answer:?}"));
        (status, answer)
    }

    fn get(&self, path: &str) -> (u16, String) {
        self.get_as(path, &format!("127.0.0.1:{}", self.port))
    }
}

/// Replaces the first `from` in a file with `to`.
fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).expect("reads");
    assert!(text.contains(from), "{from:?} is not in {}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).expect("writes");
}

const HEADLINE: &str = "en: E-trafficking is trafficking.";

#[test]
fn preview_serves_the_gallery_its_cards_and_press_page_and_nothing_else() {
    let dir = campaign();
    let preview = Preview::start(dir.path());
    preview.wait_for("cards and");
    let (status, page) = preview.get("/");
    assert_eq!(status, 200);
    assert!(page.contains("text/html; charset=utf-8"));
    assert!(page.contains("<h1>handbill preview</h1>"));
    assert!(
        page.contains(r#"class="caption" lang="ar" dir="rtl""#),
        "Arabic captions are right to left"
    );
    assert!(page.contains("weighted characters"), "X's count");
    let png = page
        .split("<img src=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a card's picture");
    assert!(png.starts_with("/cards/en/x/"), "{png}");
    let (status, card) = preview.get(png);
    assert_eq!(status, 200);
    assert!(card.contains("image/png") && card.contains("immutable"));
    let (status, kit) = preview.get("/kit/en/index.html");
    assert_eq!(status, 200, "the English press page");
    assert!(kit.contains("<html"));
    for path in [
        "/messages/campaign.yaml",
        "/../messages/campaign.yaml",
        "/cards/../messages/campaign.yaml",
        "/cards/%2e%2e/messages/campaign.yaml",
        "/kit/en/../../messages/everyone.yaml",
        "/etc/passwd",
    ] {
        assert_eq!(preview.get(path).0, 404, "{path}");
    }
    let other = preview.get_as("/", &format!("attacker.example:{}", preview.port));
    assert_eq!(other.0, 403, "a rebound domain name is refused");
}

#[test]
fn preview_rebuilds_after_a_save_and_keeps_the_cards_after_a_mistake() {
    let dir = campaign();
    let preview = Preview::start(dir.path());
    preview.wait_for("cards and");
    let file = dir.path().join("messages/everyone.yaml");
    edit(&file, HEADLINE, "en: Online exploitation is trafficking.");
    preview.wait_for("cards and");
    let (_, page) = preview.get("/");
    assert!(
        page.contains("Online exploitation is trafficking."),
        "the new headline"
    );
    assert!(!page.contains("id=\"problems\""));
    edit(&file, "en: Online exploitation", "en: [Online exploitation");
    preview.wait_for("the page keeps the last cards");
    let (_, page) = preview.get("/");
    assert!(
        page.contains("messages/everyone.yaml:17:"),
        "located: {page}"
    );
    assert!(page.contains("from the last build that worked"));
    assert!(
        page.contains("Online exploitation is trafficking."),
        "the cards stay"
    );
    assert!(page.contains("class=\"card"), "the cards stay");
    assert!(!page.contains('\u{1b}'), "no terminal colours in the page");
}

#[test]
fn a_busy_port_is_refused_naming_the_option_to_change() {
    let taken = TcpListener::bind("127.0.0.1:0").expect("binds");
    let port = taken.local_addr().expect("address").port().to_string();
    let o = Command::new(env!("CARGO_BIN_EXE_handbill"))
        .args(["preview", "--port", &port, "-C"])
        .arg(root())
        .output()
        .expect("handbill runs");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("port {port}")) && err.contains("--port N"),
        "{err}"
    );
}

/// node, and the script, with Chromium and playwright-core checked: a
/// missing tool fails the test with how to install it.
fn browser() -> (PathBuf, PathBuf) {
    let node = ["/usr/bin/node", "/usr/local/bin/node"]
        .map(PathBuf::from)
        .into_iter()
        .find(|p| p.is_file())
        .expect("node is not installed: apt-get install nodejs npm");
    let chromium = std::env::var_os("CHROMIUM").map_or("/usr/bin/chromium".into(), PathBuf::from);
    assert!(
        chromium.is_file(),
        "{} is not installed: apt-get install chromium (or set CHROMIUM)",
        chromium.display()
    );
    let scripts = root().join("tests/browser");
    assert!(
        scripts.join("node_modules/playwright-core").is_dir(),
        "playwright-core is not installed: cd tests/browser && npm ci"
    );
    (node, scripts.join("preview.mjs"))
}

/// The browser script's next answer, as JSON.
fn answer(lines: &mut impl Iterator<Item = String>) -> serde_json::Value {
    let line = lines.next().expect("the browser script answers");
    let v: serde_json::Value = serde_json::from_str(&line).expect("JSON");
    assert!(v.get("error").is_none(), "{v:#}");
    assert_eq!(
        v["problems"],
        serde_json::json!([]),
        "console, external requests"
    );
    v
}

fn tell(stdin: &mut ChildStdin, line: &str) {
    writeln!(stdin, "{line}").expect("tells the script");
}

#[test]
#[ignore = "needs node, chromium and playwright-core: apt-get install nodejs npm chromium; cd tests/browser && npm ci"]
fn chromium_shows_the_gallery_and_each_save_without_a_reload() {
    let (node, script) = browser();
    let dir = campaign();
    let preview = Preview::start(dir.path());
    let browser = Command::new(node)
        .arg(script)
        .arg(format!("http://127.0.0.1:{}/", preview.port))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs");
    let mut browser = Running(browser);
    let mut stdin = browser.0.stdin.take().expect("stdin");
    let stdout = browser.0.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
    // The gallery: cards with captions, alt texts as the pictures' alt,
    // Arabic captions right to left, AA contrast, filters by keyboard.
    let loaded = answer(&mut lines);
    let cards = loaded["cards"].as_u64().expect("cards");
    assert!(cards >= 10, "{loaded:#}");
    assert_eq!(loaded["captions"], cards);
    assert_eq!(loaded["altsMatch"], true);
    assert_eq!(loaded["h1"], 1);
    assert_eq!(loaded["lang"], "en");
    assert!(
        loaded["rtlCaptions"]
            .as_array()
            .is_some_and(|a| !a.is_empty() && a.iter().all(|l| l == "ar"))
    );
    assert_eq!(loaded["keyboardFilter"], serde_json::json!(["ar"]));
    assert_eq!(loaded["contrast"]["low"], serde_json::json!([]), "WCAG AA");
    // A saved headline shows up by itself.
    let file = dir.path().join("messages/everyone.yaml");
    edit(&file, HEADLINE, "en: Online exploitation is trafficking.");
    tell(&mut stdin, "edited Online exploitation is trafficking.");
    let refreshed = answer(&mut lines);
    assert_eq!(refreshed["reloaded"], false, "swapped in, not reloaded");
    assert_eq!(refreshed["cards"], cards);
    // A saved mistake is shown where it is, and the cards stay.
    edit(&file, "en: Online exploitation", "en: [Online exploitation");
    tell(&mut stdin, "broken");
    let broken = answer(&mut lines);
    let problem = broken["problem"].as_str().expect("the problem");
    let line = 1 + std::fs::read_to_string(&file)
        .expect("everyone.yaml")
        .lines()
        .position(|l| l.contains("en: [Online exploitation"))
        .expect("the broken line");
    assert!(
        problem.contains(&format!("messages/everyone.yaml:{line}:")),
        "{problem}"
    );
    assert_eq!(broken["cards"], cards, "the last cards stay");
    assert_eq!(broken["reloaded"], false);
    drop(stdin);
    assert!(browser.0.wait().expect("node ends").success());
}
