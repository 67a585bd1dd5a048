//! What a build opens, watched with `strace -f -e trace=openat`: a full
//! build of the shipped campaign, and one of a campaign whose logo is a link
//! to a file outside it, may open their own project's files, the program,
//! its shared libraries and the kernel's facts about this process, and
//! nothing else. Needs strace (`apt-get install strace`); `.ci/run`
//! installs it.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{TempDir, copy_dir, root};

/// Where a process may read that is not the campaign: the dynamic loader's
/// cache and libraries, and what the standard library reads about the
/// process itself (its memory map for stack guards, its cgroup's CPU quota
/// for the number of threads), and the kernel's overcommit setting, which
/// glibc's malloc reads the first time a thread's heap shrinks (a build of
/// the 510 cards does that on some runs, not on others).
const SYSTEM: &[&str] = &[
    "/etc/ld.so.cache",
    "/lib/",
    "/lib64/",
    "/usr/lib/",
    "/proc/self/",
    "/proc/sys/vm/overcommit_memory",
    "/sys/fs/cgroup/",
    "/sys/devices/system/cpu/",
];

/// Runs a build of `project` under strace; returns every path it opened
/// (successfully or not) and whether the build succeeded.
fn opened(project: &Path) -> (Vec<String>, bool) {
    let log = project.join("strace.log");
    let status = Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=open,openat,openat2,execve", "-o"])
        .arg(&log)
        .arg(env!("CARGO_BIN_EXE_handbill"))
        .args(["build", "--quiet"])
        .current_dir(project)
        // cargo test points the loader at the toolchain's libraries; a
        // user's shell does not.
        .env_remove("LD_LIBRARY_PATH")
        .output()
        .expect("strace is not installed: apt-get install strace")
        .status;
    let text = std::fs::read_to_string(&log).expect("the strace log");
    std::fs::remove_file(&log).expect("removes the log");
    let paths = text
        .lines()
        .filter_map(|l| l.split('"').nth(1))
        .map(str::to_owned)
        .collect();
    (paths, status.success())
}

/// The paths of `paths` that are neither inside `project` nor the system's.
fn outside(project: &Path, paths: &[String]) -> Vec<String> {
    let program = env!("CARGO_BIN_EXE_handbill");
    paths
        .iter()
        .filter(|p| {
            let inside = if p.starts_with('/') {
                Path::new(p.as_str()).starts_with(project)
            } else {
                !Path::new(p.as_str())
                    .components()
                    .any(|c| c.as_os_str() == "..")
            };
            let system = SYSTEM.iter().any(|s| p.starts_with(s));
            !(inside || system || p.as_str() == program)
        })
        .cloned()
        .collect()
}

fn shipped() -> TempDir {
    let dir = TempDir::new();
    for sub in ["messages", "templates", "fonts"] {
        copy_dir(&root().join(sub), &dir.path().join(sub));
    }
    dir
}

#[test]
#[ignore = "needs strace: apt-get install strace"]
fn a_full_build_opens_nothing_outside_its_project() {
    let dir = shipped();
    let project: PathBuf = std::fs::canonicalize(dir.path()).expect("real path");
    let (paths, ok) = opened(&project);
    assert!(ok, "the shipped campaign builds");
    assert!(
        paths.len() > 400,
        "strace saw the build: {} paths",
        paths.len()
    );
    assert!(paths.iter().any(|p| p.contains("messages/campaign.yaml")));
    assert_eq!(outside(&project, &paths), Vec::<String>::new());
}

#[test]
#[ignore = "needs strace: apt-get install strace"]
fn a_logo_linked_outside_is_never_opened() {
    let dir = shipped();
    let secret = TempDir::new();
    let target = secret.path().join("secret.svg");
    std::fs::write(&target, "<svg xmlns='http://www.w3.org/2000/svg'/>").expect("writes");
    let logo = dir.path().join("messages/logo.svg");
    std::fs::remove_file(&logo).expect("removes the logo");
    std::os::unix::fs::symlink(&target, &logo).expect("links");
    let project = std::fs::canonicalize(dir.path()).expect("real path");
    let (paths, ok) = opened(&project);
    assert!(!ok, "the build is refused");
    assert!(paths.iter().all(|p| !p.contains("secret")), "{paths:?}");
    assert_eq!(outside(&project, &paths), Vec::<String>::new());
}
