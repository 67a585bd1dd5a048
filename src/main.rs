//! The `handbill` command: parse, run, exit. Everything else is the library.

fn main() -> std::process::ExitCode {
    handbill::cli::main()
}
