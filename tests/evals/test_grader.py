"""The independent grader: cases it must pass and cases it must fail."""

from evals.grader import Claim, Grader

COMMISSIONS = ("Voer de aanbevelingen uit van de commissie Borstlap (2020) voor aanpassing van het "
               "arbeidsmarktstelsel. Zet de aanbevelingen van de commissie-Roemer (2020) om in daden.")
ROEMER_ONLY = "Arbeidsmigratie. Zet de aanbevelingen van de commissie-Roemer (2020) om in daden."
GROUPS = ("De themagroep Sterke Keten vergaderde maandelijks met het ministerie. "
          "De themagroep Binnensteden kwam 6 keer bijeen.")


def grader() -> Grader:
    return Grader()  # lexical meaning test only: no model needed


def test_a_right_looking_sentence_citing_a_passage_with_another_commission_fails() -> None:
    claim = "De G40 wil dat de aanbevelingen van de commissie Borstlap om in daden worden omgezet [1]."
    verdicts = grader().grade(claim, {1: ROEMER_ONLY}, "Van welke commissie ...?")
    assert [v.supported for v in verdicts] == [False]
    assert "borstlap" in verdicts[0].reason


def test_a_number_taken_from_the_wrong_group_fails() -> None:
    claim = "De themagroep Sterke Keten kwam 6 keer bijeen [1]."
    verdict = grader().grade(claim, {1: GROUPS}, "Hoe vaak kwam Sterke Keten bijeen?")[0]
    assert not verdict.supported and "bij iets anders" in verdict.reason


def test_the_right_claims_pass() -> None:
    g = grader()
    assert g.grade("De commissie-Roemer: zet haar aanbevelingen om in daden [1].", {1: COMMISSIONS})[0].supported
    assert g.grade("De themagroep Binnensteden kwam 6 keer bijeen [1].", {1: GROUPS})[0].supported
    assert g.grade("Binnensteden kwam zes keer bijeen [1].", {1: GROUPS})[0].supported


def test_a_claim_citing_nothing_or_a_missing_number_is_unsupported() -> None:
    g = grader()
    answer = "De themagroep Binnensteden kwam 6 keer bijeen. Daarnaast 12 pilots [2]."
    verdicts = g.grade(answer, {1: GROUPS})
    assert [v.supported for v in verdicts] == [False, False]
    assert verdicts[0].reason == "geen bron" and verdicts[1].reason == "bron bestaat niet"


def test_framing_sentences_are_not_claims_and_bullets_are() -> None:
    answer = ("De verslagen noemen:\n- De themagroep Binnensteden kwam 6 keer bijeen [1].\n"
              "- Sterke Keten vergaderde maandelijks [1].\n"
              "Op de vraag \"hoeveel geld\" geven de verslagen geen antwoord.")
    claims = grader().claims(answer, "Wat deden de themagroepen?")
    assert [c.cited for c in claims] == [[1], [1]]
    assert all(v.supported for v in grader().grade(answer, {1: GROUPS}))


def test_a_lead_in_and_a_quoted_ask_are_framing_whatever_they_name() -> None:
    answer = ("The reports say (in Dutch):\n- De themagroep Binnensteden kwam 6 keer bijeen [1].\n"
              "Op de vraag \"Hoeveel geld kreeg Binnensteden?\" geven de verslagen geen antwoord.")
    claims = grader().claims(answer, "Wat deden de themagroepen, en hoeveel geld kreeg Binnensteden?")
    assert [c.cited for c in claims] == [[1]]
    # An uncited sentence that states a name is still a claim, also when a quote opens it.
    claims = grader().claims('Volgens de verslagen: "Binnensteden kreeg geld van Groningen."', "Wie betaalde?")
    assert [c.text for c in claims] == ['Volgens de verslagen: "Binnensteden kreeg geld van Groningen."']


def test_the_question_s_own_names_and_numbers_may_be_restated() -> None:
    passage = "De themagroep vergaderde drie keer via ms teams."
    verdict = grader().check(Claim("De drie themagroepen vergaderden via ms teams", [1]),
                             {1: passage}, "Welke drie themagroepen heeft de pijler?")
    assert verdict.supported  # supported as a claim; whether it answers is fact_correct's job


def test_similarity_and_judge_decide_meaning_after_the_exact_checks() -> None:
    calls: list[tuple[str, str]] = []

    def judge(claim: str, unit: str) -> bool:
        calls.append((claim, unit))
        return "Binnensteden" in unit

    g = Grader(judge=judge)
    assert g.grade("Binnensteden had zes bijeenkomsten [1].", {1: GROUPS})[0].supported
    assert calls and all("6" in unit for _, unit in calls)  # only units with the number asked
    paraphrase = Grader(similarity=lambda a, b: 0.9 if "6 keer" in b else 0.1)
    assert paraphrase.grade("Binnensteden had zes bijeenkomsten [1].", {1: GROUPS})[0].supported
    assert not Grader(similarity=lambda a, b: 0.1).grade(
        "Binnensteden had zes bijeenkomsten [1].", {1: GROUPS})[0].supported


def test_a_number_in_a_sentence_that_names_nothing_else_counts_for_the_claim() -> None:
    passage = "Sterke Keten. De themagroep actualiseerde haar agenda en kwam 6 keer bestuurlijk bijeen."
    verdict = grader().grade("De themagroep Sterke Keten kwam 6 keer bestuurlijk bijeen [1].",
                             {1: passage}, "Hoe vaak kwam Sterke Keten bijeen?")[0]
    assert verdict.supported


def test_a_list_may_gather_its_names_from_the_passages_it_cites() -> None:
    cites = {1: "In mei organiseerden we met UWV in Rotterdam een werkconferentie.",
             2: "Met UWV waren er bijeenkomsten in Gouda en Apeldoorn over de arbeidsmarkt."}
    assert grader().grade("Met UWV in Rotterdam, Gouda en Apeldoorn [1, 2].", cites)[0].supported
    assert not grader().grade("Met UWV in Rotterdam, Gouda en Zwolle [1, 2].", cites)[0].supported


def test_a_citation_after_the_full_stop_belongs_to_its_sentence() -> None:
    claims = grader().claims("Lead:\n- De themagroep Binnensteden kwam 6 keer bijeen. [1]\n- Tweede. [2]")
    assert [(c.text, c.cited) for c in claims] == [
        ("De themagroep Binnensteden kwam 6 keer bijeen.", [1]), ("Tweede.", [2])]
