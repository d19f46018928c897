"""The app never uses a network: the suite's socket guard is on, the CLI and the self-test run
with the network removed at the operating-system level, and the source holds no network,
proxy, update-check or telemetry code."""

from __future__ import annotations

import ast
import os
import re
import shutil
import socket
import subprocess
import sys
import tokenize
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "desktop_app"
SAMPLE = ROOT / "resources" / "sample" / "sample_doj.csv"

# Modules that open connections or read proxy settings (checked with their submodules).
NETWORK_MODULES = (
    "socket", "ssl", "http", "urllib.request", "urllib3", "requests", "httpx", "aiohttp", "asyncio",
    "ftplib", "smtplib", "poplib", "imaplib", "nntplib", "telnetlib", "xmlrpc", "socketserver",
    "webbrowser", "websocket", "websockets", "grpc", "paramiko", "dns", "sentry_sdk", "posthog",
    "PySide6.QtNetwork", "PySide6.QtNetworkAuth", "PySide6.QtWebSockets", "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets", "PySide6.QtWebChannel", "PySide6.QtHttpServer", "PySide6.QtRemoteObjects",
)
# Names that mean a connection, a proxy, an update check or telemetry, wherever they appear in code.
NETWORK_NAMES = re.compile(
    r"^(QNetwork\w*|QTcp\w*|QUdp\w*|QSsl\w*|QWebSocket\w*|QHostAddress|QHostInfo|QDnsLookup|QLocalSocket|"
    r"urlopen|urlretrieve|getproxies\w*|proxy_bypass\w*|create_connection|getaddrinfo|gethostbyname\w*|"
    r"check_for_updates?|update_check\w*|telemetry\w*|send_telemetry|analytics\w*)$", re.IGNORECASE)
# Strings that name proxy settings or a remote address.
NETWORK_STRINGS = re.compile(r"\b(https?|all|no|ftp)_proxy\b|\b(https?|ftp|wss?)://", re.IGNORECASE)


@cache
def source_files() -> tuple[Path, ...]:
    return tuple(sorted(SOURCE.rglob("*.py")))


# --- (a) the socket guard is really on

@pytest.mark.filterwarnings("ignore::UserWarning")  # pytest-socket warns as it blocks
def test_the_suite_blocks_sockets():
    from pytest_socket import SocketBlockedError

    with pytest.raises(SocketBlockedError):
        socket.create_connection(("127.0.0.1", 9), timeout=1)
    with pytest.raises(SocketBlockedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)


# --- (b) the command line and the self-test with no network at all

def _unshare_prefix() -> list[str] | None:
    """`unshare -rn` (a new user + network namespace: only a loopback that is down), or
    `unshare -n` as root; None when neither works here (no unshare, or namespaces not allowed)."""
    unshare = shutil.which("unshare")
    if not unshare:
        return None
    candidates = [[unshare, "-rn"]]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        candidates.append([unshare, "-n"])
    for prefix in candidates:
        if subprocess.run([*prefix, "true"], capture_output=True).returncode == 0:
            return prefix
    return None


UNSHARE = _unshare_prefix()
needs_unshare = pytest.mark.skipif(
    UNSHARE is None, reason="cannot block the network at the OS level here: `unshare -rn` (and, as root, "
                            "`unshare -n`) is missing or not permitted (Linux network namespaces needed)")


def run_offline(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([*UNSHARE, *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env)


@needs_unshare
def test_network_namespace_really_has_no_network():
    probe = ("import socket\n"
             "for host in ('1.1.1.1', '127.0.0.1'):\n"
             "    try:\n"
             "        socket.create_connection((host, 53), timeout=2)\n"
             "    except OSError as e:\n"
             "        print(host, type(e).__name__)\n"
             "    else:\n"
             "        print(host, 'connected')\n")
    done = run_offline(sys.executable, "-c", probe)
    assert done.returncode == 0, done.stderr
    assert "connected" not in done.stdout, done.stdout


@needs_unshare
def test_cli_run_offline(tmp_path):
    done = run_offline(sys.executable, "-m", "desktop_app.cli", "run", "--input", str(SAMPLE),
                       "--county", "SACRAMENTO", "--compute-at", "2024-01-01", "--outputs", str(tmp_path),
                       "--quiet")
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "All_Results.csv", "All_Results_Condensed.csv", "Input_Problems.csv", "Prop64_Results.csv",
        "Results.xlsx", "Summary.json"]


@needs_unshare
def test_self_test_offline():
    done = run_offline(sys.executable, "-m", "desktop_app.cli", "self-test")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "engine:  OK" in done.stdout and "GUI:     OK" in done.stdout


# --- (c) no network, proxy, update-check or telemetry code in the source

def network_imports(files: tuple[Path, ...]) -> list[str]:
    """`file:line: module` for each import of a network module (also via __import__/import_module)."""
    found = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                    "__import__", "import_module"):
                names = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            for name in names:
                if any(name == m or name.startswith(m + ".") for m in NETWORK_MODULES):
                    found.append((path.name, node.lineno, name))
    return [f"{file}:{line}: {name}" for file, line, name in sorted(found)]


def network_names(files: tuple[Path, ...]) -> list[str]:
    """`file:line: text` for each identifier that means a connection, a proxy setting, an update
    check or telemetry, and each string (docstrings aside) naming a proxy variable or a URL."""
    found = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        for tok in tokenize.generate_tokens(iter(text.splitlines(keepends=True)).__next__):
            if tok.type == tokenize.NAME and NETWORK_NAMES.match(tok.string):
                found.append((path.name, tok.start[0], tok.string))
        tree = ast.parse(text, str(path))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                      and node.body and isinstance(node.body[0], ast.Expr)
                      and isinstance(node.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
                    and NETWORK_STRINGS.search(node.value)):
                found.append((path.name, node.lineno, repr(node.value[:60])))
    return [f"{file}:{line}: {what}" for file, line, what in sorted(found)]


def test_source_imports_no_network_module():
    assert network_imports(source_files()) == []


def test_source_names_no_connection_proxy_update_or_telemetry():
    assert network_names(source_files()) == []


def test_the_source_checks_would_catch_network_code(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('"""Offline; see https://example.org/docs (a docstring may cite a page)."""\n'
                   "import urllib.request\nfrom PySide6.QtNetwork import QNetworkAccessManager\n"
                   "import importlib, os\nproxy = os.environ.get('HTTPS_PROXY')\n"
                   "sock = importlib.import_module('socket')\n"
                   "def check_for_updates():\n    return urllib.request.urlopen('https://example.org/v')\n",
                   encoding="utf-8")
    assert network_imports((bad,)) == ["bad.py:2: urllib.request", "bad.py:3: PySide6.QtNetwork",
                                       "bad.py:3: PySide6.QtNetwork.QNetworkAccessManager", "bad.py:6: socket"]
    assert network_names((bad,)) == [
        "bad.py:3: QNetworkAccessManager", "bad.py:5: 'HTTPS_PROXY'", "bad.py:7: check_for_updates",
        "bad.py:8: 'https://example.org/v'", "bad.py:8: urlopen"]


def test_source_checks_cover_the_whole_package():
    files = {p.relative_to(SOURCE).as_posix() for p in source_files()}
    assert {"cli.py", "app.py", "paths.py", "selftest.py", "core/reader.py", "core/export.py"} <= files
