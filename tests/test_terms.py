"""Words as the engine compares them: the question's word and the papers' word meet on one stem."""
from panelbot.text.terms import stem, terms


def test_inflections_share_a_stem():
    assert stem("effective") == stem("effect")
    assert stem("agreed") == stem("agree") == stem("agrees")
    assert stem("policies") == stem("policy")


def test_month_abbreviations_and_possessives_read_as_the_word():
    assert stem("sept") == stem("september")
    assert stem("commissioner's") == stem("commissioner")


def test_terms_leave_out_stop_words_and_single_letters():
    assert terms("When did the Plan come into effect in Band D?") == [stem("plan"), stem("come"), stem("effect"),
                                                                       stem("band")]


def test_a_committee_role_is_one_word_however_written():
    assert terms("chaired") == terms("Chairperson") == terms("Chairman") == terms("chair") == ["chair"]


def test_words_a_question_leans_on_are_not_its_topic():
    assert terms("what are members actually being asked to do, if anything?") == ["member", "ask"]


def test_words_shortened_in_a_chat_message_read_as_the_word():
    assert terms("when did the govt announce it?") == terms("when did the government announce it?")
    assert stem("yrs") == stem("years")
