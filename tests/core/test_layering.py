"""How the modules hang together: the engine never imports Qt (importing every core module and
running the command line on the sample, in a fresh interpreter, loads no PySide6 module), no
module changes process state when imported, and no modules import each other in a cycle."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import desktop_app.core


def test_engine_and_cli_load_no_qt(tmp_path):
    modules = [f"desktop_app.core.{m.name}" for m in pkgutil.iter_modules(desktop_app.core.__path__)]
    program = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "from desktop_app.cli import main\n"
        "from desktop_app.paths import sample_file\n"
        f"assert main(['run', '--input', str(sample_file()), '--county', 'SACRAMENTO', '--outputs', {str(tmp_path)!r},"
        " '--quiet']) == 0\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(loaded)\n"
        "sys.exit(1 if loaded else 0)\n")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    assert len(modules) >= 10


def test_importing_the_app_changes_no_process_state():
    """No module sets the umask, the working folder or the environment when imported (reading
    the umask means setting it, for every thread of the process)."""
    import desktop_app

    modules = sorted(m.name for m in pkgutil.walk_packages(desktop_app.__path__, "desktop_app.")
                     if m.name != "desktop_app.__main__")
    program = (
        "import importlib, os\n"
        "calls = []\n"
        "real_umask = os.umask\n"
        "os.umask = lambda mask: calls.append(mask) or real_umask(mask)\n"
        "cwd, env = os.getcwd(), dict(os.environ)\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "assert calls == [], f'os.umask called at import: {calls}'\n"
        "assert os.getcwd() == cwd, 'the working folder changed'\n"
        "assert dict(os.environ) == env, 'the environment changed: ' + str(set(os.environ) ^ set(env))\n")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    assert "desktop_app.core.export" in modules and "desktop_app.gui.main_window" in modules


# A cycle being removed elsewhere; the test fails once it is gone, so the entry cannot outlive it.
KNOWN_CYCLES: list[set[str]] = []


def _imports(path: Path, module: str) -> set[str]:
    """The package's modules that `module` imports anywhere in its file (lazy imports too)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            target = ".".join(p for p in (base, node.module or "") if p)
            found.add(target)
            found |= {f"{target}.{alias.name}" for alias in node.names}
    return found


def test_no_module_imports_itself_through_others():
    import desktop_app

    root = Path(desktop_app.__file__).parent
    modules = {("desktop_app." + ".".join(p.relative_to(root).with_suffix("").parts)).removesuffix(".__init__"): p
               for p in root.rglob("*.py")}
    graph = {m: {t for t in _imports(p, m) if t in modules and t != m}
             for m, p in modules.items()}
    # A package's __init__ imported by its own modules is no cycle of interest.
    graph = {m: {t for t in targets if not m.startswith(t + ".")} for m, targets in graph.items()}
    cycles = [c for c in _strongly_connected(graph) if len(c) > 1]
    unexpected = [sorted(c) for c in cycles if c not in KNOWN_CYCLES]
    assert unexpected == [], "import cycles: " + "; ".join(" <-> ".join(c) for c in unexpected)
    gone = [sorted(c) for c in KNOWN_CYCLES if c not in cycles]
    assert gone == [], f"no longer a cycle, remove it from KNOWN_CYCLES: {gone}"
    assert {"desktop_app.core.reader", "desktop_app.gui.main_window"} <= set(graph)


def _strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm (recursive: the graph has a few dozen modules)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            components.append(component)

    for node in graph:
        if node not in index:
            visit(node)
    return components
