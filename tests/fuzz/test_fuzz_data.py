"""Fuzz: the other documents a bank or a host hands in (regimes, holiday tables, saved aggregates) and hostile text
given to triage refuse with a ComplaintError subclass or work, never anything else."""

from __future__ import annotations

import datetime
import json

import pendulum
from hypothesis import given
from hypothesis import strategies as st

import bankcomplaints as bc
from bankcomplaints.adapters.sqlite import SQLiteStore
from bankcomplaints.calendars import YearTable
from bankcomplaints.classification import Classifier, default_rules
from bankcomplaints.classification.triage import triage
from bankcomplaints.errors import ComplaintError, InvalidComplaintDataError
from bankcomplaints.stats.aggregate import STANDARD_SPEC, Aggregate, aggregate
from bankcomplaints.stats.records import ComplaintRecord
from bankcomplaints.workflow import regimes
from bankcomplaints.workflow.regimes.model import Regime, regime_from_dict
from tests.fuzz.hostile import json_values, mutated, refuses_cleanly

_REGIME = bc.unstructure(regimes.get("CN-CBIRC-2020"))
_TABLE = {"year": 2027, "holidays": ["2027-01-01", "2027-02-05..2027-02-11"], "make_up_workdays": ["2027-02-14"],
          "source": "State Council notice"}


@given(mutated(st.just(_REGIME)))
def test_regime_documents(data: object) -> None:
    result = refuses_cleanly(regime_from_dict, data)  # type: ignore[arg-type]
    assert isinstance(result, Regime | ComplaintError), type(result)


@given(mutated(st.just(_TABLE)))
def test_holiday_tables(data: object) -> None:
    result = refuses_cleanly(YearTable.from_dict, data)  # type: ignore[arg-type]
    assert isinstance(result, YearTable | InvalidComplaintDataError), type(result)


def _aggregate() -> dict[str, object]:
    records = [ComplaintRecord(id=f"C-{n}", received_on=datetime.date(2026, 1, 1 + n), channel="counter",
                               business="bank_card", cause="funds_safety") for n in range(3)]
    return aggregate(records, STANDARD_SPEC).to_dict()


@given(mutated(st.builds(_aggregate)) | json_values)
def test_saved_aggregates(data: object) -> None:
    result = refuses_cleanly(Aggregate.from_dict, data)  # type: ignore[arg-type]
    assert isinstance(result, Aggregate | InvalidComplaintDataError), type(result)


_CLASSIFIER = Classifier(default_rules())
_NOW = pendulum.datetime(2026, 10, 12, 9, tz="Asia/Shanghai")

hostile_text = (
    st.text(max_size=300)
    | st.text(st.characters(min_codepoint=0x3000, max_codepoint=0x9FFF), max_size=300)
    | st.sampled_from(["1" * 49_000, "退款" * 24_000, "x" * 60_000, "\u0000" * 1000, "我们" + "1" * 40_000,
                       "盗刷" * 10 + "\ufeff\u200b" * 100, "ＡＴＭ吞卡" * 500])
)


@given(hostile_text, st.sampled_from([None, *bc.Channel, "no_such_channel", 7]))
def test_classifying_hostile_text(text: str, channel: object) -> None:
    result = refuses_cleanly(_CLASSIFIER.classify, text, channel=channel)  # type: ignore[arg-type]
    assert not isinstance(result, Exception) or isinstance(result, ComplaintError)


@given(hostile_text.filter(lambda text: len(text) <= 20_000))
def test_triage_of_a_complaint_with_a_hostile_narrative(text: str) -> None:
    complaint = bc.Complaint.receive(id="C-1", actor=bc.Actor(id="S-1", role="front_line"), now=_NOW, salt="s",
                                     complainant=bc.CustomerRef(id="K-1", name="王芳"), narrative=text)
    before = bc.unstructure(complaint), complaint.pending_events
    result = refuses_cleanly(triage, complaint, actor=bc.Actor(id="system", role="system"), now=_NOW.add(hours=1))
    if isinstance(result, ComplaintError):
        assert (bc.unstructure(complaint), complaint.pending_events) == before


_STORED = [bc.unstructure(event) for event in bc.Complaint.receive(
    id="C-1", actor=bc.Actor(id="S-1", role="front_line"), now=_NOW, salt="s",
    complainant=bc.CustomerRef(id="K-1", name="王芳")).collect_events()]
tampered_bodies = (
    mutated(st.just(_STORED[0])).map(lambda data: json.dumps(data, ensure_ascii=False, default=str))
    | st.text(max_size=80) | st.integers(-(2**63), 2**63 - 1) | st.binary(max_size=40) | st.just("[" * 5000)
)


@given(tampered_bodies, st.sampled_from(["events", "snapshot"]))
def test_a_tampered_store_row_is_a_store_error(body: object, column: str) -> None:
    with SQLiteStore(":memory:") as store:
        complaint = bc.Complaint.receive(id="C-1", actor=bc.Actor(id="S-1", role="front_line"), now=_NOW,
                                         salt="s", complainant=bc.CustomerRef(id="K-1", name="王芳"))
        store.save(complaint)
        if column == "events":
            store._db.execute("UPDATE events SET body = ? WHERE complaint_id = 'C-1'", (body,))
        else:
            store._db.execute("UPDATE complaints SET snapshot = ? WHERE id = 'C-1'", (body,))
        for load in (store.load_events, store.load_complaint):
            result = refuses_cleanly(load, "C-1")
            assert not isinstance(result, Exception) or isinstance(result, ComplaintError)
