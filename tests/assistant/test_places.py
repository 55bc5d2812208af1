"""Towns named in a text, read from GeoNames (the real data of the installed package)."""

from assistant.places import towns_in


def test_towns_are_found_in_their_spellings_and_parts() -> None:
    assert towns_in("De werkconferentie was in Rotterdam.") == {"rotterdam"}
    assert towns_in("De netwerkdag in Sittard-Geleen") == {"sittard", "geleen"}
    assert "den haag" in towns_in("De steden behartigden belangen in Den Haag.")


def test_people_and_organisations_are_no_towns() -> None:
    assert towns_in("Het programma werd aangeboden aan minister Adriaansens en koningin Maxima.") == set()
    assert towns_in("Platform31 en UWV organiseerden een Community of Practise.") == set()
