import json

from typer.testing import CliRunner

from config import Settings
from g40.cli import app
from index import Retriever, analyze_query, build_index


def test_hybrid_retrieval_finds_the_passage(settings: Settings) -> None:
    build_index(settings)
    hits = Retriever(settings).retrieve("Wie sprak er over innovatie in het MKB?", k=3)
    assert hits[0].source == "jaarverslag-2030" and "Anna de Vries" in hits[0].text
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))


def test_year_and_report_hints_and_filters(settings: Settings) -> None:
    build_index(settings)
    r = Retriever(settings)
    reports = r.reports()
    hints = analyze_query("Wat staat er in het position paper over wonen in 2031?", reports)
    assert hints.years == {2031} and hints.sources == {"positionpaper-2031"}
    assert analyze_query("Wat gebeurde er in 1999?", reports).years == set()
    only = r.retrieve("ruimte voor werken", k=5, sources={"positionpaper-2031"})
    assert only and {h.source for h in only} == {"positionpaper-2031"}
    assert {h.year for h in r.retrieve("ruimte", k=5, years={2030})} == {2030}


def test_retrieve_json_contract(settings: Settings) -> None:
    build_index(settings)
    result = CliRunner().invoke(app, ["retrieve", "Hoeveel pilots?", "-k", "2", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["question"] == "Hoeveel pilots?" and len(data["passages"]) == 2
    p = data["passages"][0]
    assert set(p) == {"rank", "source", "title", "year", "section", "text", "start", "end", "score"}
    assert isinstance(p["year"], int) and isinstance(p["score"], float)


def test_retrieve_without_index_gives_a_clear_message(settings: Settings) -> None:
    result = CliRunner().invoke(app, ["retrieve", "vraag"])
    assert result.exit_code == 1
    assert "g40 index" in result.output


def test_a_period_names_the_years_between_its_ends() -> None:
    from index import named_years

    assert named_years("Hoe ontwikkelde het zich van 2023 tot en met 2025?") == {2023, 2024, 2025}
    assert named_years("in 2023-2025") == named_years("tussen 2023 en 2025") == {2023, 2024, 2025}
    assert named_years("from 2023 to 2025") == {2023, 2024, 2025}
    assert named_years("in 2023 en in 2025") == {2023, 2025}  # two years, not a period
