//! The example GitHub Actions workflow (docs/ci/handbill.yml) is valid
//! YAML of the shape GitHub reads, and its handbill steps, run here as the
//! jobs would run them, check, gate, shard and merge a campaign.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::util::{build_in, fixture, root, tree};

fn workflow() -> Value {
    let text = std::fs::read_to_string(root().join("docs/ci/handbill.yml")).expect("reads");
    serde_saphyr::from_str(&text).expect("the workflow is valid YAML")
}

/// The `run:` of each step of `job` whose name starts with "handbill".
fn handbill_steps(w: &Value, job: &str) -> Vec<String> {
    let steps = w["jobs"][job]["steps"].as_array().expect("steps");
    steps
        .iter()
        .filter(|s| {
            s["name"]
                .as_str()
                .is_some_and(|n| n.starts_with("handbill"))
        })
        .map(|s| s["run"].as_str().expect("a run").to_owned())
        .collect()
}

/// Runs a step's command in `dir` with handbill on the PATH, as the job
/// does, with the workflow's expressions put in.
fn run_step(dir: &Path, command: &str, shard: Option<u64>, shards: u64) -> std::process::Output {
    let mut command = command.replace("${{ env.SHARDS }}", &shards.to_string());
    if let Some(k) = shard {
        command = command.replace("${{ matrix.shard }}", &k.to_string());
    }
    assert!(
        !command.contains("${{"),
        "an expression this test does not know: {command}"
    );
    let bin = Path::new(env!("CARGO_BIN_EXE_handbill"))
        .parent()
        .expect("a folder");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new("bash")
        .args(["-euo", "pipefail", "-c", &command])
        .current_dir(dir)
        .env("PATH", path)
        .output()
        .expect("bash runs")
}

#[test]
fn the_example_workflow_checks_gates_shards_and_merges() {
    let w = workflow();
    // Its shape: pull requests are checked, main is built in a matrix of
    // as many shards as SHARDS says, then merged.
    assert_eq!(
        w["jobs"]["check"]["if"],
        "github.event_name == 'pull_request'"
    );
    let shards = w["env"]["SHARDS"].as_u64().expect("SHARDS is a number");
    let matrix: Vec<u64> = w["jobs"]["build"]["strategy"]["matrix"]["shard"]
        .as_array()
        .expect("a matrix")
        .iter()
        .map(|v| v.as_u64().expect("a number"))
        .collect();
    assert_eq!(matrix, (1..=shards).collect::<Vec<_>>());
    assert_eq!(w["jobs"]["merge"]["needs"], "build");
    // The pull request's steps, on a campaign whose out/ is committed.
    let dir = fixture("mini");
    let p = dir.path();
    assert_eq!(
        build_in(p, &["--out", "single", "--no-cache"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(build_in(p, &[]).status.code(), Some(0));
    for step in handbill_steps(&w, "check") {
        let o = run_step(p, &step, None, shards);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{step}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    // main's: each shard, then the merge.
    std::fs::remove_dir_all(p.join("out")).expect("removes");
    for k in &matrix {
        for step in handbill_steps(&w, "build") {
            let o = run_step(p, &step, Some(*k), shards);
            assert_eq!(
                o.status.code(),
                Some(0),
                "{step}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
    }
    for step in handbill_steps(&w, "merge") {
        let o = run_step(p, &step, None, shards);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{step}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    assert_eq!(
        tree(&p.join("out")),
        tree(&p.join("single")),
        "merged shards are the single build"
    );
}

#[test]
fn the_pull_request_gate_fails_on_stale_output_with_an_annotation_for_a_mistake() {
    let w = workflow();
    let dir = fixture("mini");
    let p = dir.path();
    assert_eq!(build_in(p, &[]).status.code(), Some(0));
    // A message edited without building again: the gate step fails.
    let file = p.join("messages/public.yaml");
    let text = std::fs::read_to_string(&file).expect("reads");
    let edited = text.replacen("en: ", "en: Edited, ", 1);
    assert_ne!(edited, text);
    std::fs::write(&file, edited).expect("writes");
    let steps = handbill_steps(&w, "check");
    let gate = steps
        .iter()
        .find(|s| s.contains("build --check"))
        .expect("a gate step");
    let o = run_step(p, gate, None, 1);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("is stale"));
    // A mistake: the check step prints a GitHub annotation at its line.
    std::fs::write(&file, text.replacen("kind: ", "kind: statment\n    x: ", 1)).expect("writes");
    let check = steps
        .iter()
        .find(|s| s.contains("handbill check"))
        .expect("a check step");
    let o = run_step(p, check, None, 1);
    assert_eq!(o.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("::error file=messages/public.yaml,line="),
        "{stdout}"
    );
}
