"""``bankcomplaints classify``: JSON lines in, exactly the agreed keys out, bad lines reported and skipped."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bankcomplaints.cli import main
from bankcomplaints.commands.classify import OUTPUT_KEYS


def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], lines: list[str],
        *args: str) -> tuple[int, list[dict[str, object]], list[dict[str, object]]]:
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    status = main(["classify", *args])
    out, err = capsys.readouterr()
    return status, [json.loads(x) for x in out.splitlines()], [json.loads(x) for x in err.splitlines()]


def test_each_line_gets_exactly_the_agreed_keys(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(monkeypatch, capsys, [
        json.dumps({"id": "A1", "text": "我的信用卡被盗刷了两万元，再不处理我就打12378"}, ensure_ascii=False),
        json.dumps({"id": "A2", "text": "请问周六营业吗", "customer": {"vulnerabilities": ["elderly"]}},
                   ensure_ascii=False),
        json.dumps({"id": "A3", "text": "账户被冻结", "source": "regulator_forwarded", "amount": "30000 CNY",
                    "co_complainants": 20, "in_person": True, "hours_left": 3}, ensure_ascii=False),
    ])
    assert status == 0 and err == []
    assert [tuple(o) for o in out] == [OUTPUT_KEYS] * 3
    first, second, third = out
    assert (first["kind"], first["business"], first["cause"]) == ("complaint", "bank_card", "funds_safety")
    assert first["flags"] == ["large_amount", "regulator"] and first["priority"] == "P2"
    assert second["kind"] == "consultation" and second["flags"] == ["vulnerable"]
    assert third["major"] is True and third["priority"] == "P1"
    assert set(third["flags"]) == {"large_amount", "regulator", "group"}
    assert any("MAJOR" in line for line in third["explanation"])  # type: ignore[union-attr]


def test_bad_lines_are_reported_by_id_and_the_rest_still_classified(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(monkeypatch, capsys, [
        "{not json",
        json.dumps({"id": "B1", "text": 5}),
        json.dumps({"id": "B2", "text": "柜员态度差"}, ensure_ascii=False),
        json.dumps({"id": "B3", "text": "x", "channel": "pigeon"}),
        json.dumps({"id": "B4", "text": "x", "amount": "lots"}),
        json.dumps({"id": "B5", "text": "x", "customer": {"vulnerabilities": ["tired"]}}),
    ])
    assert status == 1
    assert [o["id"] for o in out] == ["B2"]
    assert [e["id"] for e in err] == ["line 1", "B1", "B3", "B4", "B5"]


def test_a_custom_rule_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("rule:\n  - id: kiosk\n    dimension: channel\n    label: self_service\n"
                     "    patterns: [kiosk]\n", encoding="utf-8")
    status, out, _ = run(monkeypatch, capsys, [json.dumps({"id": 1, "text": "the kiosk ate my card"})],
                         "--rules", str(rules))
    assert status == 0 and out[0]["channel"] == "self_service"
    bad = tmp_path / "bad.toml"
    bad.write_text("[[rule]]\nid = 'x'\ndimension = 'cause'\nlabel = 'nope'\npatterns = ['a']\n", encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["classify", "--rules", str(bad)]) == 2
    assert "rule 'x', field 'label'" in capsys.readouterr().err


@settings(max_examples=25)
@given(st.lists(st.text(max_size=60), max_size=5))
def test_any_input_lines_give_one_output_or_error_line_each(lines: list[str]) -> None:
    lines = [line.replace("\n", " ").replace("\r", " ") for line in lines]
    import sys
    stdin, stdout, stderr = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = io.StringIO("\n".join(lines) + "\n"), io.StringIO(), io.StringIO()
    try:
        status = main(["classify"])
        out, err = sys.stdout.getvalue(), sys.stderr.getvalue()
    finally:
        sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
    expected = sum(1 for line in lines if line.strip())
    assert len(out.splitlines()) + len(err.splitlines()) == expected
    assert status == (1 if err else 0)


def test_the_command_uses_the_model_like_classify_and_no_model_gives_the_rules_alone(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from bankcomplaints.classification import Classifier, classify

    text = "保函申请了二十天还没开下来"  # no cause rule fires: the model decides the cause
    line = json.dumps({"id": "M1", "text": text}, ensure_ascii=False)
    _, (with_model,), _ = run(monkeypatch, capsys, [line])
    _, (rules_only,), _ = run(monkeypatch, capsys, [line], "--no-model")
    assert with_model["cause"] == classify(text).cause.label
    assert rules_only["cause"] == Classifier(model=None).classify(text).cause.label
    assert any("model" in part for part in with_model["explanation"])
    assert not any("model" in part for part in rules_only["explanation"])
