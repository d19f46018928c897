"""The values a template reads, by name: `{{ signer.name }}` reads the `name` of the `signer`
Fields. An unknown name is refused by name, never filled with an empty text."""

from __future__ import annotations

from typing import Any, Mapping


class UnknownPlaceholder(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class Fields:
    """A placeholder's parts: `{{ signer.name }}`; an unknown part raises UnknownPlaceholder
    naming it (`signer.nmae`), never an empty text. (Not a dict: `{{ recipient.copy }}` must be
    the value, not a method.)"""

    __slots__ = ("_path", "_values")

    def __init__(self, path: str, values: Mapping[str, Any]) -> None:
        self._path = path
        self._values = dict(values)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            return self._values[name]
        except KeyError:
            raise UnknownPlaceholder(f"{self._path}.{name}") from None

    def __getitem__(self, name: str) -> Any:
        return self.__getattr__(name)

    def __contains__(self, name: str) -> bool:
        return name in self._values
