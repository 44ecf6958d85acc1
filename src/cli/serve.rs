//! `policyc serve`: build, serve the output folder on 127.0.0.1, and on
//! every change rebuild as `watch` does and reload the pages open in
//! browsers. The reload script is added to pages as they are served; the
//! files written stay as `build` writes them.

use super::ServeArgs;
use super::output::usage_error;
use super::watch::{Rebuilt, Session};
use policyc::driver::World;
use policyc::serve::Site;
use std::io::ErrorKind;
use std::process::{Command, ExitCode, Stdio};

/// Builds, serves and rebuilds until interrupted (Ctrl-C); exit status 2,
/// before anything is built, when the port cannot be had.
pub(super) fn run(world: &dyn World, args: &ServeArgs) -> ExitCode {
    let (mut session, paths) = match Session::new(world, &args.build) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let site = match Site::start(args.port, session.out_dir().to_path_buf()) {
        Ok(site) => site,
        Err(e) => {
            let hint = if e.kind() == ErrorKind::AddrInUse {
                "; choose another port with `--port`, or `--port 0` for any free one"
            } else {
                ""
            };
            return usage_error(&format!(
                "cannot serve on 127.0.0.1:{}: {e}{hint}",
                args.port
            ));
        }
    };
    session.first_build(&paths);
    eprintln!("policyc: watching {} for changes", session.watching());
    session.say_how_changes_are_seen();
    eprintln!(
        "policyc: serving {} at {} (Ctrl-C to stop)",
        session.out_dir().display(),
        site.url()
    );
    if args.open {
        open_in_browser(&site.url());
    }
    loop {
        if let Rebuilt::Wrote { changed } = session.next() {
            site.set_root(session.out_dir().to_path_buf());
            if changed > 0 {
                site.reload();
            }
        }
    }
}

/// Opens `url` in the default browser, as `mdbook serve --open` does; a
/// failure is only a note, since the URL is printed.
fn open_in_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        Command::new("open")
    } else if cfg!(windows) {
        let mut start = Command::new("cmd");
        start.args(["/C", "start", ""]);
        start
    } else {
        Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    match command.spawn() {
        // Waited for on a thread of its own, so it leaves no zombie.
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(e) => eprintln!("policyc: could not open a browser ({e}); open {url} yourself"),
    }
}
