"""Scenario files: the shipped examples pass, wrong expectations fail clearly, bad documents are refused."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bankcomplaints as bc
from bankcomplaints.cli import main
from bankcomplaints.testing.scenario import MAX_SCENARIO_BYTES, MAX_STEPS, load_scenario, read_scenario, run_scenario

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "scenarios"
FILES = sorted(EXAMPLES.glob("*.yaml"))
COUNTER = (EXAMPLES / "01_counter_to_close.yaml").read_text(encoding="utf-8")

MINIMAL = """
name: minimal
regime: CN-CBIRC-2020
start: 2026-09-30T09:00:00+08:00
actors: {clerk: {id: S-1, role: front_line}}
steps:
  - {action: receive, actor: clerk, inputs: {complainant: {id: K-1, name: 王芳}}}
"""


def scenario(extra_steps: str = "", header: str = MINIMAL) -> bc.ComplaintError | object:
    return load_scenario(header + extra_steps)


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_every_example_passes(path: Path) -> None:
    """Each shipped example scenario runs with every expectation met."""
    result = run_scenario(read_scenario(path))
    assert result.passed, "\n".join(result.failures)
    assert result.complaint is not None
    assert bc.verify_chain(result.complaint.collect_events()).ok


def test_examples_cover_every_shipped_regime_and_refusal_kind() -> None:
    """The examples use all seven shipped regimes and expect each kind of refusal."""
    text = "\n".join(path.read_text(encoding="utf-8") for path in FILES)
    for regime in ("CN-CBIRC-2020", "CN-PBOC-2020", "UK-FCA-DISP", "US-CFPB", "US-REG-E", "US-REG-Z", "EU-JC-2018"):
        assert f"regime: {regime}" in text
    for error in ("InvalidTransitionError", "PermissionDeniedError", "GuardRejectedError", "InvalidOperationError",
                  "DeadlineError", "ExtensionRefusedError", "LiabilityError", "FourEyesError",
                  "ApprovalRequiredError", "LedgerEditError", "RegimeError"):
        assert f"expect_error: {error}" in text
    assert len(FILES) >= 10


def test_a_wrong_status_expectation_fails_with_expected_and_actual() -> None:
    """Changing one expected status makes that step fail, saying what was expected and what happened."""
    wrong = COUNTER.replace("    expect_status: registered", "    expect_status: accepted", 1)
    result = run_scenario(load_scenario(wrong, source="wrong.yaml"))
    assert not result.passed
    assert result.failures == ("step 1 (register): expect_status: expected 'accepted', got 'registered'",)


def test_a_wrong_due_date_fails_with_both_dates() -> None:
    """A wrong expected due date shows the expected and the computed date."""
    wrong = COUNTER.replace('handling_decision: "2026-10-15"', 'handling_decision: "2026-10-14"')
    result = run_scenario(load_scenario(wrong))
    assert result.failures == ("step 3 (triage): expect_due.handling_decision: expected 2026-10-14, got 2026-10-15",)


def test_an_expected_error_that_does_not_happen_fails() -> None:
    """expect_error on a step that succeeds is a failure naming the error."""
    result = run_scenario(scenario("""
  - {actor: clerk, action: set_priority, inputs: {priority: P2, reason: elderly}, expect_error: InvalidOperationError}
"""))
    assert result.failures == ("step 1 (set_priority): expect_error: expected InvalidOperationError, "
                               "but the step succeeded",)


def test_an_unexpected_error_fails_and_a_base_class_name_matches() -> None:
    """An unexpected refusal is reported; expecting a base class (ComplaintError) accepts any subclass."""
    result = run_scenario(scenario("""
  - {actor: clerk, action: investigate}
  - {actor: clerk, action: investigate, expect_error: ComplaintError}
"""))
    assert [step.passed for step in result.steps] == [True, False, True]
    assert result.failures[0].startswith("step 1 (investigate): unexpected InvalidTransitionError: can't")


def test_flags_and_priority_expectations() -> None:
    """expect_flags checks flags that must and must not hold; expect_priority compares the band."""
    result = run_scenario(scenario("""
  - {actor: clerk, action: set_priority, inputs: {priority: P1, reason: elderly}, expect_priority: P2,
     expect_flags: [assigned, "!received"]}
"""))
    assert result.failures == (
        "step 1 (set_priority): expect_priority: expected 'P2', got 'P1'",
        "step 1 (set_priority): expect_flags: expected 'assigned' to hold; flags are received",
        "step 1 (set_priority): expect_flags: expected '!received' to not hold; flags are received",
    )


def test_a_refusal_that_changes_the_complaint_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    """If an operation changed the complaint and then refused, the runner says so."""

    def leaky(self: bc.Complaint, priority: bc.Priority, *, actor: bc.Actor, now: object, reason: str) -> None:
        self.priority = priority
        raise bc.InvalidOperationError("reason", "refused after changing the complaint")

    monkeypatch.setattr(bc.Complaint, "set_priority", leaky)
    result = run_scenario(scenario("""
  - {actor: clerk, action: set_priority, inputs: {priority: P1, reason: x}, expect_error: InvalidOperationError}
"""))
    assert result.failures == ("step 1 (set_priority): the refused step changed the complaint or its pending "
                               "events (InvalidOperationError)",)


@pytest.mark.parametrize(
    ("document", "where", "message"),
    [
        ("[1, 2]", "document", "must be a mapping"),
        (MINIMAL + "colour: red\n", "colour", "unknown field"),
        (MINIMAL.replace("regime: CN-CBIRC-2020", "regime: XX-NONE"), "regimes[0]", "XX-NONE"),
        (MINIMAL.replace("start: 2026-09-30T09:00:00+08:00\n", ""), "start", "required"),
        (MINIMAL.replace("2026-09-30T09:00:00+08:00", "soon"), "start", "not a date and time"),
        (MINIMAL + "  - {actor: clerk, action: register, expect_stauts: registered}\n", "steps[1].expect_stauts",
         "unknown field"),
        (MINIMAL + "  - {actor: clerk, action: teleport}\n", "steps[1].action", "unknown action 'teleport'"),
        (MINIMAL + "  - {actor: nobody, action: accept}\n", "steps[1].actor", "unknown actor 'nobody'"),
        (MINIMAL + "  - {action: accept}\n", "steps[1].actor", "required"),
        (MINIMAL + "  - {at: 2026-09-29T09:00:00+08:00, actor: clerk, action: accept}\n", "steps[1].at",
         "earlier than the step before"),
        (MINIMAL + "  - {at: +2x, actor: clerk, action: accept}\n", "steps[1].at", "not a duration"),
        (MINIMAL + "  - {actor: clerk, action: receive}\n", "steps[1].action", "only be the first step"),
        (MINIMAL + "  - {actor: clerk, action: accept, expect_flags: major}\n", "steps[1].expect_flags", "list"),
        (MINIMAL.replace("action: receive", "action: accept"), "steps[0].action", "must be receive"),
        (MINIMAL + "x: &a [1]\ny: *a\n", "line", "aliases are not allowed"),
        ("steps: [", "<scenario>", "not valid YAML"),
    ],
    ids=["not-a-mapping", "unknown-top", "unknown-regime", "no-start", "bad-start", "typo", "unknown-action",
         "unknown-actor", "no-actor", "backwards", "bad-duration", "second-receive", "flags-not-list",
         "first-not-receive", "alias", "broken-yaml"],
)
def test_invalid_documents_name_the_step_and_field(document: str, where: str, message: str) -> None:
    """Every malformed document is a ScenarioError whose ``where`` names the field and step index."""
    with pytest.raises(bc.ScenarioError) as refused:
        load_scenario(document)
    assert refused.value.where.startswith(where)
    assert message in refused.value.message


def test_inputs_that_do_not_fit_the_action_are_scenario_errors() -> None:
    """An unknown input name or a wrongly typed input is a ScenarioError naming the input."""
    with pytest.raises(bc.ScenarioError) as unknown:
        run_scenario(scenario("  - {actor: clerk, action: set_priority, inputs: {colour: red}}\n"))
    assert unknown.value.where == "steps[1].inputs.colour"
    with pytest.raises(bc.ScenarioError) as typed:
        run_scenario(scenario("  - {actor: clerk, action: set_priority, inputs: {priority: P9, reason: x}}\n"))
    assert typed.value.where == "steps[1].inputs.priority"


def test_size_limits() -> None:
    """More than MAX_STEPS steps, or more than MAX_SCENARIO_BYTES, is refused before anything runs."""
    steps = "".join("  - {actor: clerk, action: accept}\n" for _ in range(MAX_STEPS))
    with pytest.raises(bc.ScenarioError, match="limit is"):
        load_scenario(MINIMAL + steps)
    with pytest.raises(bc.ScenarioError, match="limit is"):
        load_scenario(MINIMAL + "#" * MAX_SCENARIO_BYTES)


def test_json_scenarios(tmp_path: Path) -> None:
    """A .json file is read as JSON with the same format."""
    import yaml

    path = tmp_path / "minimal.json"
    document = yaml.safe_load(MINIMAL)
    document["start"] = "2026-09-30T09:00:00+08:00"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert run_scenario(read_scenario(path)).passed


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)


@given(st.dictionaries(st.sampled_from(["name", "regime", "start", "steps", "actors", "workflow", "timezone",
                                         "junk"]), json_values, max_size=6))
def test_hostile_documents_raise_only_scenario_errors(document: dict) -> None:
    """Whatever the document holds, loading it either succeeds or raises ScenarioError."""
    with contextlib.suppress(bc.ScenarioError):
        load_scenario(json.dumps(document), format="json")


class TestCommand:
    """``bankcomplaints scenario run``."""

    def test_all_examples_pass(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Every example passes: exit 0, one PASS row per file."""
        assert main(["scenario", "run", *map(str, FILES)]) == 0
        out = capsys.readouterr().out
        assert out.count("PASS") == len(FILES)
        assert f"{len(FILES)} of {len(FILES)} scenarios passed" in out

    def test_failure_shows_expected_and_actual(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A failing scenario gives exit 1, a FAIL row, and the expectation that failed."""
        wrong = tmp_path / "wrong.yaml"
        wrong.write_text(COUNTER.replace("    expect_status: registered", "    expect_status: accepted", 1),
                         encoding="utf-8")
        assert main(["scenario", "run", str(FILES[0]), str(wrong)]) == 1
        out = capsys.readouterr().out
        assert "FAIL" in out
        assert "step 1 (register): expect_status: expected 'accepted', got 'registered'" in out

    def test_invalid_file_exits_2_and_names_the_field(self, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
        """An invalid file is listed as INVALID with the step and field; exit 2."""
        bad = tmp_path / "bad.yaml"
        bad.write_text(MINIMAL + "  - {actor: clerk, action: teleport}\n", encoding="utf-8")
        assert main(["scenario", "run", str(bad)]) == 2
        out = capsys.readouterr().out
        assert "INVALID" in out and "steps[1].action: unknown action 'teleport'" in out

    def test_labels_in_chinese(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--lang zh prints the table in Chinese."""
        assert main(["--lang", "zh", "scenario", "run", str(FILES[0])]) == 0
        assert "通过" in capsys.readouterr().out


def test_a_bank_workflow_document_drives_the_scenario() -> None:
    """``workflow`` may be a whole workflow document: the standard flow renamed, register for managers only."""
    import yaml

    from bankcomplaints.workflow.definition import workflow_to_dict
    from bankcomplaints.workflow.standard import STANDARD_WORKFLOW

    document = workflow_to_dict(STANDARD_WORKFLOW)
    document["name"] = "bank-x-flow"
    document["roles"] = {**document["roles"], "register": ["manager"]}
    header = MINIMAL.replace("steps:", "workflow: " + json.dumps(document, ensure_ascii=False) + "\nsteps:")
    result = run_scenario(load_scenario(header + """
  - {actor: clerk, action: register, inputs: {handler: {id: H-1}, no_conflict_declared: true},
     expect_error: PermissionDeniedError}
  - {actor: {id: M-1, role: manager}, action: register, inputs: {handler: {id: H-1}, no_conflict_declared: true},
     expect_status: registered}
"""))
    assert result.passed, result.failures
    assert result.complaint is not None and result.complaint.workflow == "bank-x-flow"
    assert yaml.safe_load(header)["workflow"]["name"] == "bank-x-flow"


def test_a_broken_workflow_document_is_a_scenario_error() -> None:
    """A workflow document that does not validate is refused as the scenario's workflow field."""
    with pytest.raises(bc.ScenarioError) as refused:
        load_scenario(MINIMAL.replace("steps:", "workflow: {name: broken}\nsteps:"))
    assert refused.value.where == "workflow"


@given(st.text(max_size=300) | st.builds(lambda head, tail: MINIMAL + head + tail, st.text(max_size=60),
                                         st.text(max_size=60)))
def test_hostile_yaml_text_raises_only_scenario_errors(text: str) -> None:
    """Any text, alone or appended to a valid scenario, loads or raises ScenarioError, nothing else."""
    with contextlib.suppress(bc.ScenarioError):
        load_scenario(text)
