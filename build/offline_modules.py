"""PyInstaller runtime hook: stand-ins for modules the bundle leaves out (or that cannot load
without one left out), for libraries that import them when they load but that the app never
uses them through: fpdf2 imports http.client and urllib.request (to fetch images from URLs) and
unittest.mock (for PDF signing; it needs asyncio, which is left out). Every name of a stand-in is
a class that refuses to be used, so nothing in the frozen app can open a connection through them.
Runs before the app; a module that loads normally is left alone."""

import importlib
import sys
import types

STAND_INS = ("http.client", "urllib.request", "unittest.mock")


class _LeftOut:
    """Refuses every use: the app works only on this computer, and never uses these modules."""

    def __init__(self, *args, **kwargs):
        raise OSError("this module is not part of Record Clearance Desktop (it works offline)")


def _stand_in(name):
    module = types.ModuleType(name, "left out of this offline build")
    module.__getattr__ = lambda attribute: _LeftOut  # PEP 562: every name is the refusing class
    return module


for _name in STAND_INS:
    try:
        importlib.import_module(_name)
    except ImportError:
        _parent, _, _child = _name.rpartition(".")
        _module = sys.modules[_name] = _stand_in(_name)
        setattr(importlib.import_module(_parent), _child, _module)
