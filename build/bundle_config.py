"""What goes into the frozen app and what stays out: read by record_clearance.spec and
tests/test_build.py (plain data and functions; no PyInstaller import here).

Only Qt modules that desktop_app's source imports are bundled, so a Qt module the GUI starts to
use is picked up at the next build without editing this file.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

APP_NAME = "record-clearance"  # the one-folder bundle's folder, and the one-file executable
CLI_NAME = "record-clearance"  # console program: the command line, or the window with no subcommand
GUI_NAME = "record-clearance-gui"  # windowed program (no console on Windows)
SUMS_FILE = "SHA256SUMS"

# Qt modules always needed by a widgets app; any other PySide6 module is bundled only if imported.
QT_KEEP = ("QtCore", "QtGui", "QtWidgets")
QT_MODULES = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender", "QtAxContainer",
    "QtBluetooth", "QtCharts", "QtConcurrent", "QtCore", "QtDBus", "QtDataVisualization",
    "QtDesigner", "QtGraphs", "QtGraphsWidgets", "QtGui", "QtHelp", "QtHttpServer", "QtLabsStyleKit",
    "QtLocation", "QtMultimedia", "QtMultimediaWidgets", "QtNetwork", "QtNetworkAuth", "QtNfc", "QtOpenGL",
    "QtOpenGLWidgets", "QtPdf", "QtPdfWidgets", "QtPositioning", "QtPrintSupport", "QtQml", "QtQmlFeatures",
    "QtQuick", "QtQuick3D", "QtQuickControls2", "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects",
    "QtScxml", "QtSensors", "QtSerialBus", "QtSerialPort", "QtSpatialAudio", "QtSql", "QtStateMachine",
    "QtSvg", "QtSvgWidgets", "QtTest", "QtTextToSpeech", "QtUiTools", "QtWebChannel", "QtWebEngineCore",
    "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebSockets", "QtWebView", "QtXml",
)
# Never bundled, even if some source line mentions them: the app must not talk to a network.
QT_NEVER = ("QtNetwork", "QtNetworkAuth", "QtHttpServer", "QtWebSockets", "QtWebEngineCore",
            "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebChannel", "QtWebView", "QtRemoteObjects")

EXCLUDED_PYTHON = (
    # GUI toolkits and tools that are not the app's
    "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib", "pydoc_data", "lib2to3",
    "PyQt5", "PyQt6", "PySide2", "shiboken2", "IPython", "matplotlib", "scipy", "PIL", "numba",
    # test and build packages
    "pytest", "_pytest", "pytest_qt", "pytestqt", "pytest_socket", "hypothesis", "setuptools", "pip",
    "distutils", "pkg_resources", "numpy.tests", "pandas.tests", "pyarrow.tests", "openpyxl.tests",
    # Arrow's network file systems and RPC, Parquet/ORC/Feather/dataset readers: never used
    "pyarrow.flight", "pyarrow._flight", "pyarrow._s3fs", "pyarrow._gcsfs", "pyarrow._azurefs",
    "pyarrow._hdfs", "pyarrow.cuda", "pyarrow._cuda", "pyarrow.orc", "pyarrow._orc", "pyarrow.parquet",
    "pyarrow._parquet", "pyarrow._parquet_encryption", "pyarrow.dataset", "pyarrow._dataset",
    "pyarrow._dataset_parquet", "pyarrow._dataset_parquet_encryption", "pyarrow._dataset_orc",
    "pyarrow.substrait", "pyarrow._substrait", "pyarrow.feather", "pyarrow._feather",
    # Network clients. Nothing in the app uses them; leaving them out means the frozen app cannot
    # open a URL even through a library (pyarrow.util would fetch tzdata with requests, pandas and
    # numpy open URLs with urllib.request): the self-test proves the app works without them.
    "urllib.request", "http.client", "http.server", "http.cookiejar", "ssl", "_ssl", "ftplib", "smtplib",
    "poplib", "imaplib", "nntplib", "xmlrpc", "socketserver", "webbrowser", "requests", "urllib3",
    "certifi", "charset_normalizer", "idna", "cryptography", "OpenSSL", "asyncio",
    # optional helpers of numpy and pyarrow the app never calls
    "yaml", "cffi", "pycparser", "pyarrow.cffi", "numpy.f2py", "numpy.distutils", "readline",
    # pandas' optional back ends for data sources this app does not read (lxml and Jinja2 are
    # bundled: python-docx and docxtpl need them for the court filings' Word documents)
    "fsspec", "s3fs", "gcsfs", "botocore", "boto3", "sqlalchemy", "tables", "pyxlsb", "odf",
    "xlrd", "html5lib", "bs4", "psycopg2", "pymysql",
    # fpdf2's optional parts the filings never use: signing, SVG/HTML helpers' extras
    "endesive",
)

# Modules left out above that a bundled library imports when it loads, for a feature the app never
# uses: fpdf2 imports http.client and urllib.request to fetch images from URLs, and unittest.mock
# (which needs asyncio) for signing. The runtime hook
# build/offline_modules.py gives it stand-ins that refuse to connect, so the bundle still holds no
# network client (test_bundle_has_no_network_code).
RUNTIME_HOOKS = ("offline_modules.py",)

# Shared libraries that only excluded modules or plugins load (matched on the file name):
# Arrow's RPC, S3 and Parquet encryption; Qt's network library (linked only by the TUIO touch
# plugin, which listens on UDP) and the embedded-device (EGLFS) libraries.
EXCLUDED_LIBRARIES = (r"arrow_flight", r"arrow_python_flight", r"arrow_s3", r"parquet_encryption",
                      r"Qt6Network", r"Qt6EglF[Ss]", r"libqvnc", r"qvnc\.dll")
# Qt plugins for embedded devices, remote display (VNC is a network server) and network input
# (TUIO receives touch events over UDP).
EXCLUDED_QT_PLUGINS = ("platforms/libqvnc", "platforms/libqeglfs", "platforms/libqlinuxfb",
                       "platforms/libqminimalegl", "platforms/libqvkkhrdisplay", "egldeviceintegrations/",
                       "platforms/qvnc", "platforms/qdirect2d", "generic/libqtuiotouchplugin",
                       "generic/qtuiotouchplugin", "networkinformation/", "tls/")

# Build-time files (C headers, Cython sources, import libraries) and extra copies of a shared
# library under its unversioned and full-version names (a wheel cannot hold symlinks; the loader
# only asks for the SONAME, e.g. libarrow_python.so.2600).
EXCLUDED_FILES = (r"^(pyarrow|numpy/_core|numpy)/(include|includes|src|tests)/", r"\.(pxd|pyx|pxi|h|hpp|lib|cmake)$",
                  r"^pyarrow/lib\w+\.so(\.\d+\.\d+\.\d+)?$")

_QT_IMPORT = re.compile(r"\bPySide6\.(Qt\w+)|\bfrom\s+PySide6\s+import\s+\(?([\w\s,]+)\)?")


def qt_modules_used(source: Path) -> set[str]:
    """PySide6 modules named in the Python files under `source` (imports or dotted names)."""
    used = set()
    for path in source.rglob("*.py"):
        for dotted, listed in _QT_IMPORT.findall(path.read_text(encoding="utf-8")):
            if dotted:
                used.add(dotted)
            for name in re.split(r"[\s,]+", listed or ""):
                if name.startswith("Qt"):
                    used.add(name)
    return used


def qt_modules_bundled(source: Path) -> set[str]:
    return (set(QT_KEEP) | qt_modules_used(source)) - set(QT_NEVER)


def installed_qt_modules() -> set[str]:
    """The Qt modules of the installed PySide6 (QtCore.abi3.so, QtCore.pyd...), if any."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return set()
    folder = Path(list(spec.submodule_search_locations)[0])
    return {p.name.split(".")[0] for p in folder.glob("Qt*.*") if p.suffix in (".so", ".pyd")}


def excluded_modules(source: Path) -> list[str]:
    """Every module name PyInstaller must leave out, for the app whose package is `source`."""
    bundled = qt_modules_bundled(source)
    qt = sorted((set(QT_MODULES) | installed_qt_modules()) - bundled)
    return list(EXCLUDED_PYTHON) + [f"PySide6.{m}" for m in qt]


def uses_qt_translations(source: Path) -> bool:
    """Qt's own translations (qtbase_de.qm...) are only read by an app that installs a QTranslator."""
    return any("QTranslator" in p.read_text(encoding="utf-8") for p in source.rglob("*.py"))


def keep_file(dest: str, qt_translations: bool) -> bool:
    """False for a collected file (its path inside the bundle) that the app never loads;
    `qt_translations` is `uses_qt_translations(source)`."""
    d = dest.replace("\\", "/")
    name = d.rsplit("/", 1)[-1]
    if any(re.search(p, name) for p in EXCLUDED_LIBRARIES) or any(re.search(p, d) for p in EXCLUDED_FILES):
        return False
    if "/plugins/" in d and any(f"/plugins/{p}" in d for p in EXCLUDED_QT_PLUGINS):
        return False
    if "/Qt/translations/" in d or d.startswith("PySide6/translations/"):
        return qt_translations
    return True


# The interpreter's own libraries; a Python built from source (pyenv) keeps its debug information
# in them (libpython3.11 is 23 MB with it, 6 MB without). Wheels' libraries are left untouched:
# auditwheel-patched ELF files are known to break when rewritten.
_INTERPRETER_LIBS = re.compile(r"^(libpython3[\d.]*\.so[\d.]*|python3\.\d+/lib-dynload/.+\.so)$")


def strip_debug_info(binaries: list[tuple[str, str, str]], folder: Path) -> list[tuple[str, str, str]]:
    """Linux only: copies of the interpreter's libraries without debug sections (`strip
    --strip-debug` keeps every symbol the loader needs). Other entries and platforms unchanged."""
    strip = shutil.which("strip")
    if not sys.platform.startswith("linux") or not strip:
        return binaries
    out = []
    for dest, src, kind in binaries:
        if _INTERPRETER_LIBS.match(dest.replace("\\", "/")):
            target = folder / dest
            target.parent.mkdir(parents=True, exist_ok=True)
            done = subprocess.run([strip, "--strip-debug", "-o", str(target), src], capture_output=True)
            if done.returncode == 0:
                src = str(target)
        out.append((dest, src, kind))
    return out
