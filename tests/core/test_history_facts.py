"""The facts added for exclusion trees (rules/README.md), each pinned by a small example through the
values the engine computes (explain.facts_of, as the person view shows them). AS_OF is 2020-07-01."""

from __future__ import annotations

from factory import conviction, decide, row
from desktop_app.core.explain import facts_of


def fact(tmp_path, rows, name: str):
    """The fact's value for the one evaluated conviction (None when the engine could not know it)."""
    results = decide(tmp_path, rows)
    assert len(results.evaluated) == 1
    [shown] = facts_of(results, [0])
    return next(f.value for f in shown if f.name == name)


def other(offense: str, date: str, **fields: str) -> list[str]:
    return conviction(offense=offense, date=date, county="YOLO", **fields)


def test_conviction_date(tmp_path):
    assert fact(tmp_path, [conviction(date="20161108")], "conviction_date") == 20161108
    assert fact(tmp_path, [conviction(date="2016118")], "conviction_date") is None


def test_code_section_is_trimmed_upper_case_text(tmp_path):
    assert fact(tmp_path, [conviction(offense=" 11357(b) hs-possess")], "code_section") == "11357(B) HS"


def test_prop64_section_is_the_first_one_named(tmp_path):
    assert fact(tmp_path, [conviction(offense="664/11359 HS-ATTEMPT")], "prop64_section") == "11359"


def test_superstrike_or_pair_before_conviction_dated(tmp_path):
    rows = [other("187 PC-MURDER", "19990101"), conviction(date="20050101")]
    assert fact(tmp_path, rows, "superstrike_or_pair_before_conviction") is True


def test_superstrike_or_pair_before_conviction_only_pairs_count_before(tmp_path):
    rows = [other("246 PC/186.22(B)(4) PC-SHOOT", "20150101"), conviction(date="20050101")]
    assert fact(tmp_path, rows, "superstrike_or_pair_before_conviction") is True
    assert fact(tmp_path, rows, "superstrike_before_conviction") is False  # dated by its row


def test_superstrike_or_pair_before_conviction_unknown_date(tmp_path):
    rows = [other("187 PC-MURDER", ""), conviction(date="20050101")]
    assert fact(tmp_path, rows, "superstrike_or_pair_before_conviction") is None


def test_pc290_or_registration_before_conviction_registration_alone(tmp_path):
    rows = [row("1001", STP_TYPE_DESCR="REGISTRATION", OFFENSE_DESCR="290 PC-REGISTRATION", STP_EVENT_DATE="20190101"),
            conviction(date="20050101")]
    assert fact(tmp_path, rows, "pc290_or_registration_before_conviction") is True


def test_pc290_or_registration_before_conviction_offence_after(tmp_path):
    rows = [row("1001", STP_TYPE_DESCR="REGISTRATION", OFFENSE_DESCR="290 PC-REGISTRATION", STP_EVENT_DATE="19990101"),
            other("288(A) PC-LEWD ACT", "20060101"), conviction(date="20050101")]
    assert fact(tmp_path, rows, "pc290_or_registration_before_conviction") is False


def test_earlier_prop64_convictions_same_section(tmp_path):
    rows = [other("11359(B) HS-SELL", "20100101"), other("11359 HS-SELL", "20170101"),
            other("11360 HS-SELL", "20100101"), other("459 PC-BURGLARY", "20100101"),
            conviction(offense="11359 HS-SELL", date="20150101")]
    assert fact(tmp_path, rows, "earlier_prop64_convictions_same_section") == 1


def test_earlier_prop64_convictions_same_section_with_unknown_date_is_at_least(tmp_path):
    rows = [other("11359 HS-SELL", ""), conviction(offense="11359 HS-SELL", date="20150101")]
    results = decide(tmp_path, rows)
    shown = next(f for f in facts_of(results, [0])[0] if f.name == "earlier_prop64_convictions_same_section")
    assert (shown.value, shown.note) == (0, "at least: dates of convictions of the same section not all known")


def test_some_sentence_running(tmp_path):
    running = [conviction(date="20190101"), other("459 PC-BURGLARY", "20190101", SENT_LENGTH="2", SENT_TIME_CODE="Y")]
    done = [conviction(date="20190101"), other("459 PC-BURGLARY", "20190101", SENT_LENGTH="6", SENT_TIME_CODE="M")]
    assert fact(tmp_path, running, "some_sentence_running") is True
    assert fact(tmp_path, done, "some_sentence_running") is False


def test_some_sentence_running_unknown_length(tmp_path):
    rows = [conviction(date="20190101"), other("459 PC-BURGLARY", "20190101", SENT_LENGTH="LIFE", SENT_TIME_CODE="Y")]
    assert fact(tmp_path, rows, "some_sentence_running") is None
