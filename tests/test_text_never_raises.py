"""No text-level function raises on any string, and offsets always point into the text given."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mou_extract import extract_text, find_organizations
from mou_extract.text import normalise, plain_reading_text, split_sentences

# Japanese-heavy strings find the interesting paths faster than uniform unicode
JAPANESE = st.text(
    alphabet=st.sampled_from(list("株式会社大学市と締結覚書協定本日同日年月日（）「」、。 　\n0123456789ABCabc・&以下当社は")),
    max_size=200,
)
ANY = st.text(max_size=200)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.one_of(JAPANESE, ANY))
def test_normalise_keeps_an_origin_for_every_character(text: str) -> None:
    out, origin = normalise(text)
    assert len(out) == len(origin)
    assert all(0 <= o < len(text) for o in origin)
    assert origin == sorted(origin)


@SETTINGS
@given(st.one_of(JAPANESE, ANY))
def test_reading_text_spans_map_back_to_pages(text: str) -> None:
    reading = plain_reading_text(text)
    for sentence in split_sentences(reading.text):
        for span in reading.page_spans(sentence.start, sentence.end):
            page = reading.page_text(span.page)
            assert 0 <= span.start <= span.end <= len(page)


@SETTINGS
@given(st.one_of(JAPANESE, ANY))
def test_find_organizations_offsets_slice_the_text(text: str) -> None:
    for m in find_organizations(text):
        assert text[m.start : m.end] == m.text


@SETTINGS
@given(st.one_of(JAPANESE, ANY))
def test_extract_text_never_raises_and_evidence_is_page_text(text: str) -> None:
    record = extract_text(text)
    pages = text.split("\f")
    for p in record.partnerships:
        for ev in p.evidence:
            assert pages[ev.page - 1][ev.start : ev.end] == ev.text
