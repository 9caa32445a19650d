//! The `leidraad` command: parse the arguments, run, map to an exit code.

fn main() {
    let code = leidraad::cli::main(std::env::args_os());
    std::process::exit(code);
}
