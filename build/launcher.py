"""Entry point of the frozen app: one program, two executables.

`record-clearance-gui` always starts the desktop window. `record-clearance` runs the command line
when given a subcommand or an option (`run`, `counties`, `generate`, `mapping`, `self-test`, `workspace`, `-h`, `--version`)
and otherwise starts the desktop window (double-clicked, or given only files to open).
"""

from __future__ import annotations

import os
import sys

CLI_WORDS = frozenset({"run", "counties", "generate", "mapping", "self-test", "workspace", "filings"})


def choose_entry(executable: str, args: list[str]) -> str:
    """'cli' or 'gui' for the executable's file name and its command-line arguments."""
    stem = os.path.splitext(os.path.basename(executable))[0].lower()
    if stem.endswith("-gui"):
        return "gui"
    if args and (args[0] in CLI_WORDS or args[0].startswith("-")):
        return "cli"
    return "gui"


def _release_own_console() -> None:
    """Windows, one-file build (a console program): when the window was double-clicked, the
    console that Windows opened for it belongs to nobody else; close it for the desktop window."""
    if sys.platform != "win32":
        return
    try:
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        processes = (ctypes.c_uint32 * 8)()
        attached = kernel32.GetConsoleProcessList(processes, 8)
        # Attached: this process and, in a one-file build, the bootloader that unpacked it.
        if 0 < attached <= 2:
            kernel32.FreeConsole()
    except (AttributeError, OSError):
        pass


def main() -> int:
    entry = choose_entry(sys.executable, sys.argv[1:])
    if entry == "cli":
        from desktop_app.cli import main as cli_main

        return cli_main(sys.argv[1:])
    _release_own_console()
    from desktop_app.app import main as gui_main

    return gui_main()


if __name__ == "__main__":
    sys.exit(main())
