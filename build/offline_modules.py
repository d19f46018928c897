"""PyInstaller runtime hook: stand-ins for the network modules the bundle leaves out
(bundle_config.EXCLUDED_PYTHON), for libraries that import them when they load but that the app
never asks to connect: fpdf2 imports http.client and urllib.request to fetch images from URLs.
Every name of a stand-in is a class that refuses to be used, so nothing in the frozen app can open
a connection through them. Runs before the app; does nothing where the real modules exist."""

import importlib.util
import sys
import types


class _NoNetwork:
    """Refuses every use: the app works only on this computer."""

    def __init__(self, *args, **kwargs):
        raise OSError("Record Clearance Desktop has no network access")

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)


def _stand_in(name):
    module = types.ModuleType(name, "left out of this offline build")
    module.__getattr__ = lambda attribute: _NoNetwork  # PEP 562: every name is the refusing class
    return module


for _name in ("http.client", "urllib.request"):
    if _name not in sys.modules and importlib.util.find_spec(_name.split(".")[0]) is not None:
        try:
            found = importlib.util.find_spec(_name)
        except (ImportError, ValueError):
            found = None
        if found is None:
            _module = _stand_in(_name)
            sys.modules[_name] = _module
            _parent = sys.modules.get(_name.split(".")[0]) or __import__(_name.split(".")[0])
            setattr(_parent, _name.split(".")[1], _module)
