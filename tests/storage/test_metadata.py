from pathlib import Path

import pytest

from storage import (
    LAST_GOOD_FILE,
    METADATA_FILE,
    MetadataError,
    ReportMeta,
    read_metadata,
    write_metadata,
)


def test_titles_with_quotes_and_backslashes_round_trip(tmp_path: Path) -> None:
    metas = {"a": ReportMeta('Het "beste" jaar \\ 2024', 2024, "jaarverslag", "2024-05-01")}
    write_metadata(tmp_path, metas)
    assert read_metadata(tmp_path) == metas


def test_a_title_that_would_break_the_file_is_refused_and_the_file_stays(tmp_path: Path) -> None:
    write_metadata(tmp_path, {"jaarverslag-2023": ReportMeta("Jaarverslag 2023", 2023, "jaarverslag")})
    before = (tmp_path / METADATA_FILE).read_bytes()
    attack = ReportMeta('Titel"\n[jaarverslag-2023]\ntitle = "GEKAAPT', 2023, "jaarverslag")
    with pytest.raises(MetadataError, match="regeleinden"):
        write_metadata(tmp_path, {"jaarverslag-2023": attack})
    assert (tmp_path / METADATA_FILE).read_bytes() == before
    assert read_metadata(tmp_path)["jaarverslag-2023"].title == "Jaarverslag 2023"


@pytest.mark.parametrize("meta, word", [
    (ReportMeta("", 2024, "rapport"), "leeg"),
    (ReportMeta("T", 3024, "rapport"), "jaar"),
    (ReportMeta("T", 2024, "gedicht"), "soort"),
    (ReportMeta("T" * 300, 2024, "rapport"), "langer"),
    (ReportMeta("T", 2024, "rapport", "gisteren"), "datum"),
])
def test_invalid_values_are_named_in_dutch(tmp_path: Path, meta: ReportMeta, word: str) -> None:
    with pytest.raises(MetadataError, match=word):
        write_metadata(tmp_path, {"r": meta})
    assert not (tmp_path / METADATA_FILE).exists()


def test_a_hand_broken_file_names_its_line_and_the_last_good_version_is_kept(tmp_path: Path) -> None:
    good = {"r": ReportMeta("Goed", 2024, "rapport")}
    write_metadata(tmp_path, good)
    path = tmp_path / METADATA_FILE
    path.write_text(path.read_text(encoding="utf-8") + '\n[s]\ntitle = "open\n', encoding="utf-8")
    with pytest.raises(MetadataError) as info:
        read_metadata(tmp_path)
    line = len(path.read_text(encoding="utf-8").splitlines())
    assert f"regel {line}" in str(info.value) and LAST_GOOD_FILE in str(info.value)
    path.write_text((tmp_path / LAST_GOOD_FILE).read_text(encoding="utf-8"), encoding="utf-8")
    assert read_metadata(tmp_path) == good


def test_a_wrong_value_type_names_the_report_line(tmp_path: Path) -> None:
    (tmp_path / METADATA_FILE).write_text('[a]\ntitle = "A"\nyear = 2024\n\n[b]\ntitle = "B"\n'
                                         'year = "vorig jaar"\n', encoding="utf-8")
    with pytest.raises(MetadataError, match="regel 5"):
        read_metadata(tmp_path)
