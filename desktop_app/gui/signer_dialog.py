"""Who signs the court filings: name, title, State Bar number, office, address (and phone, email).
Asked once, remembered in the settings (never record content), changed when the user asks."""

from __future__ import annotations

from dataclasses import asdict

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout,
                               QWidget)

from ..core.filings.context import SIGNER_KEYS, Signer
from .accessibility import label_for
from .settings import AppSettings

PREFIX = "filings/signer/"
LABELS = {"name": "&Name:", "title": "&Title:", "bar_number": "State &Bar number:", "office": "&Office:",
          "address": "&Address:", "phone": "&Telephone (optional):", "email": "&Email (optional):"}
PLACEHOLDERS = {"name": "e.g. Ana Ruiz", "title": "e.g. Deputy District Attorney", "bar_number": "e.g. 123456",
                "office": "e.g. Sacramento County District Attorney's Office",
                "address": "Street\nCity, CA ZIP", "phone": "", "email": ""}


def remembered_signer(settings: AppSettings) -> Signer:
    return Signer(**{k: str(settings.get(PREFIX + k, "") or "") for k in SIGNER_KEYS})


def remember_signer(settings: AppSettings, signer: Signer) -> None:
    for key, value in asdict(signer).items():
        settings.set(PREFIX + key, value)


class SignerDialog(QDialog):
    def __init__(self, signer: Signer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who signs the filings")
        intro = QLabel("The motions and notices are signed by this person. Asked once and remembered on this "
                       "computer; change it here at any time.")
        intro.setWordWrap(True)
        form = QFormLayout()
        self.fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        for key in SIGNER_KEYS:
            value = getattr(signer, key)
            if key == "address":
                field: QLineEdit | QPlainTextEdit = QPlainTextEdit(value)
                field.setTabChangesFocus(True)
                field.setFixedHeight(field.fontMetrics().height() * 4 + 12)
                field.setPlaceholderText(PLACEHOLDERS[key])
            else:
                field = QLineEdit(value)
                field.setPlaceholderText(PLACEHOLDERS[key])
                field.textChanged.connect(self._sync)
            label = QLabel(LABELS[key])
            form.addRow(label, field)
            label_for(label, field)
            self.fields[key] = field
        self.fields["address"].textChanged.connect(self._sync)  # type: ignore[union-attr]
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._sync()

    def value(self) -> Signer:
        def text(key: str) -> str:
            field = self.fields[key]
            raw = field.toPlainText() if isinstance(field, QPlainTextEdit) else field.text()
            return "\n".join(" ".join(line.split()) for line in raw.strip().splitlines() if line.strip())
        return Signer(**{k: text(k) for k in SIGNER_KEYS})

    def _sync(self) -> None:
        missing = self.value().missing()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not missing)
        self.message.setText(f"Still needed: {', '.join(missing)}." if missing else "")


def ask_signer(settings: AppSettings, parent: QWidget | None = None, *, ask_again: bool = False) -> Signer | None:
    """The remembered signer, asked for (and remembered) when incomplete or `ask_again`; None when
    the user cancels."""
    signer = remembered_signer(settings)
    if not signer.missing() and not ask_again:
        return signer
    dialog = SignerDialog(signer, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    remember_signer(settings, dialog.value())
    return dialog.value()
