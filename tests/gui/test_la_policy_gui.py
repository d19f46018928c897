"""The Los Angeles 2019 policy in the window: chosen from the policy list with the keyboard, the
panel shows only its two options (editable, re-evaluating), the City Attorneys routing has its own
filter button, the person view shows each step's citation, the Summary counts the routing apart."""

from __future__ import annotations

from PySide6.QtCore import Qt

from factory import conviction, write_csv

WAIT_MS = 30_000
LA = "LOS ANGELES"
ROUTED = "To be reviewed by City Attorneys"


def _rows() -> list[list[str]]:
    # The window evaluates as of 2026-01-01 (conftest).
    return [
        # Person 1, 56 years old: not only Prop 64, a conviction 6 years ago: only the age step helps.
        conviction(subject="1", offense="11358 HS-CULTIVATE", date="20100101", county=LA, PRI_DOB="19700101"),
        conviction(subject="1", offense="459 PC-BURGLARY", date="20200101", county=LA, PRI_DOB="19700101"),
        # Person 2: a misdemeanor, for the City Attorneys.
        conviction(subject="2", offense="11357 HS-POSSESS", date="20120101", county=LA, level="MISDEMEANOR",
                   PRI_DOB="19900101"),
        # Person 3: convicted after Prop 64 took effect.
        conviction(subject="3", offense="11359 HS-SELL", date="20170101", county=LA, PRI_DOB="19900101"),
    ]


def _choose_la_with_the_keyboard(window, qtbot, wait_idle) -> None:
    combo = window.policy_panel.shipped
    combo.setFocus()
    for _ in range(combo.count()):
        if str(combo.currentData()).endswith("los-angeles-2019.toml"):
            break
        qtbot.keyClick(combo, Qt.Key.Key_Down)  # a closed list: each step loads that policy
        wait_idle(window)
    assert str(combo.currentData()).endswith("los-angeles-2019.toml")
    wait_idle(window)


def _determination(window, subject: str) -> tuple[str, str]:
    ev = window.dataset.session.results.evaluated
    [i] = [int(i) for i in (ev["subject_id"] == subject).to_numpy().nonzero()[0]]
    return str(ev["determination"].iloc[i]), str(window.dataset.session.results.reason_texts[i])


def test_los_angeles_policy_in_the_window(window, qtbot, wait_idle, tmp_path):
    assert window.dataset.open_files([str(write_csv(tmp_path / "la.csv", _rows()))])
    qtbot.waitUntil(lambda: window.dataset.session is not None and not window.runner.busy(), timeout=WAIT_MS)
    panel = window.policy_panel
    assert panel.sections_box.isVisible()
    _choose_la_with_the_keyboard(window, qtbot, wait_idle)

    results = window.dataset.session.results
    assert results.policy.name == "Los Angeles 2019 (exclusions)" and results.county == LA
    # Only the two options the tree reads, with the reference's defaults; no section choices.
    assert not panel.sections_box.isVisible()
    shown = {name for name, (check, _spin) in panel.number_boxes.items() if check.isVisible()}
    shown |= {name for name, check in panel.bool_boxes.items() if check.isVisible()}
    assert shown == {"subjectAgeThreshold", "yearsCrimeFreeThreshold"}
    assert [panel.number_boxes[n][1].value() for n in ("subjectAgeThreshold", "yearsCrimeFreeThreshold")] == [50, 10]
    assert "decision tree of its own (13 steps)" in panel.procedure_label.text()
    assert _determination(window, "1") == ("Eligible for Dismissal", "50 years or older")
    assert _determination(window, "2") == (ROUTED, "Misdemeanor or Infraction")
    assert _determination(window, "3") == ("Not eligible", "Occurred after 11/09/2016")

    # The routing has its own filter button; it shows the routed conviction alone.
    bar = window.filter_bar
    assert bar.det_buttons[ROUTED].text() == f"{ROUTED} (1)"
    assert bar.det_buttons[ROUTED].accessibleName() == f"{ROUTED} (1)"
    qtbot.mouseClick(bar.det_buttons[ROUTED], Qt.MouseButton.LeftButton)  # one click: only this one
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=WAIT_MS)
    assert window.model.text_at(0, "determination") == ROUTED

    # The person view names the deciding step and its citation.
    window.table.select_view_row(0)
    text = window.person_view.browser.toPlainText()
    assert ROUTED in text and "Reason: Misdemeanor or Infraction" in text
    assert "Decided by step 1: Not a felony: for the City Attorneys (H&S 11361.8(e), 11361.9;" in text
    bar.clear()
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=WAIT_MS)

    # The Summary counts the routing apart.
    summary = window.summary_view.text.toPlainText()
    assert ROUTED in summary and "Routed to another office, by reason" in summary
    assert "Felony convictions dismissed because the policy dismisses their section" not in summary

    # Editing an option re-evaluates: person 1 (56) is no longer old enough at 57.
    check, spin = panel.number_boxes["subjectAgeThreshold"]
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "57")
    assert panel.is_modified()
    wait_idle(window)
    assert window.dataset.session.results.policy.options.subjectAgeThreshold == 57
    assert _determination(window, "1") == ("Hand Review", "No applicable eligibility criteria")

    # Back to a standard policy: the section choices and six options return, the routing goes.
    panel.revert()
    wait_idle(window)
    assert window.policy.load_policy_file(window.dataset.session.results.policy.path.parent / "county-common.toml")
    wait_idle(window)
    assert panel.sections_box.isVisible()
    assert all(check.isVisible() for check, _spin in panel.number_boxes.values())
    assert all(check.isVisible() for check in panel.bool_boxes.values())
    assert ROUTED not in bar.det_buttons


def test_person_view_shows_the_exclusion_step_and_the_facts_it_used(window, qtbot, wait_idle, tmp_path):
    from desktop_app.paths import policies_dir

    assert window.policy.load_policy_file(policies_dir() / "los-angeles-2019.toml")
    assert window.dataset.open_files([str(write_csv(tmp_path / "la.csv", _rows()))])
    qtbot.waitUntil(lambda: window.dataset.session is not None and not window.runner.busy(), timeout=WAIT_MS)
    wait_idle(window)
    ev = window.dataset.session.results.evaluated
    row = int(ev.loc[ev["subject_id"] == "3", "row"].iloc[0])
    window.table.select_view_row(window.results_view.view_row_of_frame_row(row))
    text = window.person_view.browser.toPlainText()
    assert "Decided by step 2: Convicted on or after 11/09/2016 (H&S 11361.8(a), (e)" in text
    assert "Conviction date: 01/01/2017 — used by this step" in text
    assert "Earlier Prop 64 convictions, same section: 0" in text
    assert "Some sentence still running: no" in text


def test_routing_button_sits_among_the_determination_buttons_in_tab_order(window, qtbot, wait_idle, tmp_path):
    from desktop_app.paths import policies_dir

    assert window.policy.load_policy_file(policies_dir() / "los-angeles-2019.toml")
    assert window.dataset.open_files([str(write_csv(tmp_path / "la.csv", _rows()))])
    qtbot.waitUntil(lambda: window.dataset.session is not None and not window.runner.busy(), timeout=WAIT_MS)
    wait_idle(window)
    buttons = window.filter_bar.det_buttons
    assert list(buttons)[-2:] == [ROUTED, "Not evaluated"]
    assert buttons["Hand Review"].nextInFocusChain() is buttons[ROUTED]


def _luminance(hex_colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_routing_look_is_its_own_and_readable(qapp):
    from desktop_app.gui import style

    look = style.look(ROUTED)
    assert look is style.ROUTED and style.look("Not evaluated") is None
    assert look.shape not in {other.shape for other in style.LOOKS.values()}
    assert look.symbol not in {other.symbol for other in style.LOOKS.values()}
    assert look.colour not in {other.colour for other in style.LOOKS.values()}
    low, high = sorted((_luminance(look.colour), _luminance("#000000" if look.ink == "black" else "#FFFFFF")))
    assert (high + 0.05) / (low + 0.05) >= 4.5
    assert not style.icon(ROUTED).isNull()
    assert style.short(ROUTED) == ROUTED and style.short("Hand Review") == "Hand Review"


def test_a_changed_los_angeles_policy_saves_as_a_procedure_of_its_own(tmp_path):
    from desktop_app.core.ruleset import Options, load_policy
    from desktop_app.gui.policy_io import save_policy
    from desktop_app.paths import policies_dir

    base = load_policy(policies_dir() / "los-angeles-2019.toml")
    changed = base.with_options(Options(**{**base.options.__dict__, "subjectAgeThreshold": 55}))
    saved = save_policy(changed, tmp_path / "ours.toml", "Our LA tree")
    assert saved.own_procedure and saved.steps == base.steps and saved.otherwise == base.otherwise
    assert saved.options.subjectAgeThreshold == 55 and saved.route_determination == ROUTED
    text = (tmp_path / "ours.toml").read_text(encoding="utf-8")
    assert "value = 2016-11-09" in text and 'value = ["11357(A)", "11357(B)"]' in text
