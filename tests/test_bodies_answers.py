"""Answers when the papers are of several bodies, and questions about a whole meeting."""
import shutil

import pytest

from indexer.build import build_index
from panelbot.answer.bodies import bodies_named, naming_terms, other_area, places, unknown_place
from panelbot.answer.meetings import asks_about_a_meeting
from panelbot.answer.question import parse_question
from panelbot.engine import Engine
from panelbot.models import NOT_FOUND

from conftest import SHARED

KENT = "Kent and Medway Police and Crime Panel"
DURHAM = "Durham Police and Crime Panel"
KENT_MINUTES = "2025-02-04-kent-medway-pcp-minutes.pdf"
DURHAM_PACK = "2025-02-03-durham-pcp-agenda-pack.pdf"
BODIES = SHARED / "eval" / "bodies" / "corpus"


@pytest.fixture(scope="module")
def two_bodies(tmp_path_factory, embedder):
    """An index of two other panels' papers (../shared/eval/bodies)."""
    if not BODIES.exists():
        pytest.skip("needs ../shared/eval/bodies")
    root = tmp_path_factory.mktemp("bodies")
    corpus = root / "corpus"
    corpus.mkdir()
    for name in (KENT_MINUTES, DURHAM_PACK):
        shutil.copy(BODIES / name, corpus / name)
    assert not build_index(corpus, root / "data", embedder, 200).failed
    return Engine(root / "data", embedder)


def test_a_body_is_known_by_its_place():
    assert places(KENT) == {"kent", "medway"}
    both = {KENT: places(KENT), DURHAM: places(DURHAM)}
    assert bodies_named("kent's precept", {"kent", "precept"}, both) == {KENT}
    assert bodies_named("the precept", {"precept"}, {KENT: places(KENT)}) == frozenset()
    assert bodies_named("the k&m precept", {"precept"}, both) == {KENT}   # Kent and Medway by its initials
    assert bodies_named("the k & s precept", {"precept"}, both) == frozenset()


def test_a_shire_county_is_known_by_its_short_form():
    lincs, hants = "Lincolnshire Police and Crime Panel", "Hampshire and Isle of Wight Police and Crime Panel"
    both = {lincs: places(lincs), hants: places(hants)}
    assert bodies_named("what did lincs panel agree?", {"linc", "panel", "agre"}, both) == {lincs}
    assert bodies_named("the hants precept", {"hant", "precept"}, both) == {hants}
    staffs = "Staffordshire Police, Fire and Crime Panel"
    assert bodies_named("how many police staff are going?", {"polic", "staff", "go"}, {staffs: places(staffs)}) == set()
    assert bodies_named("the staffs precept", {"staff", "precept"}, {staffs: places(staffs)}) == {staffs}
    assert naming_terms("the lincs precept", places(lincs)) == {"linc"}
    assert unknown_place("what did lincs panel agree?", set(places(lincs)), lambda term: False) is None


@pytest.mark.parametrize("question, unknown", [
    ("what did essex's panel decide on its 2022 precept?", "essex"),
    ("who chairs the lancashire police and crime panel", "lancashire"),
    ("what did kent's panel decide?", None),          # a body of the index
    ("what did the panel decide?", None),             # no place at all
    ("how many police officers are there?", None),    # "how many" names no body
    ("did the panel block the council tax rise?", None),   # "the council" names no place
    ("has the pcc been shutting police stations?", None),  # nor does a verb
    ("who is the chief constable of cumbria", "cumbria"),          # a specific place no paper mentions
    ("what's planned for the spare space at the centre?", None),  # "spare" is common English: phrasing
])
def test_a_body_named_by_a_place_no_paper_mentions_is_unknown(question, unknown):
    mentioned = {"kent", "medway", "panel", "polic", "offic"}
    assert unknown_place(question, {"kent", "medway"}, lambda term: term in mentioned) == unknown


@pytest.mark.parametrize("question, other", [
    ("what did the north wales panel say about pcso funding?", "north wales"),   # "north" and "wales" are in papers
    ("is surrey's police precept higher than kent's?", "surrey"),
    ("who is the pcc for cleveland", "cleveland"),
    ("when does the thames valley pcp next meet?", "thames valley"),
    ("what did the kent and medway panel decide?", None),    # a body of the index
    ("how many kent police officers are there?", None),
    ("what did the report say about norfolk?", None),         # a place, not named as a body
])
def test_a_force_area_named_as_a_body_the_index_lacks_is_another_body(question, other):
    assert other_area(question, {KENT: places(KENT)}) == other


def test_a_force_area_a_paper_of_no_known_body_mentions_may_be_that_papers():
    question = "what did the lancashire panel decide?"
    assert other_area(question, {KENT: places(KENT)}, lambda words: words == ["lancashir"]) is None
    assert other_area(question, {KENT: places(KENT)}, lambda words: False) == "lancashire"


def test_a_question_naming_a_body_is_answered_from_its_papers_alone(two_bodies):
    for question, body, paper in (("what did kent's panel decide on the precept?", KENT, KENT_MINUTES),
                                  ("what is durham's proposed band d increase?", DURHAM, DURHAM_PACK)):
        answer = two_bodies.ask(question)
        assert answer.found and {c.file for c in answer.citations} == {paper}
        assert {c.body for c in answer.citations} == {body}   # the citations say whose papers they are


def test_a_body_whose_papers_are_not_here_is_not_answered_from_another(two_bodies):
    assert two_bodies.ask("what did essex's panel decide on the precept?").text == NOT_FOUND


@pytest.mark.parametrize("question, about_a_meeting", [
    ("what was decided at the last meeting?", True),
    ("what happened at the 4 February 2025 meeting?", True),
    ("what did kent's panel decide at its 4 feb meeting?", True),
    ("what did the kent panel decide on 4 february 2025?", True),     # a day names its meeting
    ("what was decided about the precept at the last meeting?", False),   # a topic: answered from the passages
    ("what did the panel decide on the precept?", False),                 # no meeting named
])
def test_questions_about_a_whole_meeting_are_told_apart(question, about_a_meeting):
    assert asks_about_a_meeting(parse_question(question), {"kent", "medway"}) is about_a_meeting


def test_a_meeting_question_is_answered_with_its_recorded_decisions(two_bodies):
    answer = two_bodies.ask("what did kent's panel decide at its 4 february 2025 meeting?")
    assert answer.found and "£270.15" in answer.text
    assert {c.file for c in answer.citations} == {KENT_MINUTES}
    assert all(c.meeting_date.isoformat() == "2025-02-04" for c in answer.citations)


def test_a_meeting_the_register_does_not_hold_is_not_found(two_bodies):
    assert two_bodies.ask("what did kent's panel decide at its 18 december 2024 meeting?").text == NOT_FOUND
    assert two_bodies.ask("what did durham's panel decide on 3 february 2025?").text == NOT_FOUND   # not yet held


def test_a_word_only_another_bodys_papers_use_is_one_this_bodys_never_use(two_bodies):
    store = two_bodies.current_store()
    kent = frozenset({KENT_MINUTES})
    assert store.document_frequencies(["darlington"])["darlington"] > 0   # Durham's pack names it
    assert "darlington" not in store.document_frequencies(["darlington"], kent)
    assert "kent" in store.document_frequencies(["kent"], kent)
