"""The lexicon's judgement on sentences customers write: negation, intensifiers and contrast in
Korean and English, and plain information left neutral."""

from __future__ import annotations

import pytest

from listening.sentiment import judge


@pytest.mark.parametrize(("text", "label"), [
    ("배송이 너무 느려서 실망했어요", "negative"),
    ("직원분이 정말 친절하셨어요. 감사합니다!", "positive"),
    ("좋지 않아요", "negative"),
    ("안 좋아요", "negative"),
    ("가격은 비싸지만 품질은 정말 좋아요", "positive"),  # what follows the contrast counts more
    ("품질은 좋지만 너무 비싸고 배송이 늦었어요", "negative"),
    ("불친절하고 별로였어요", "negative"),  # a prefix turns a good word
    ("제품이 고장났어요 ㅠㅠ", "negative"),
    ("다음 모임은 토요일 7시에 시작합니다", "neutral"),
    ("The staff were really friendly", "positive"),
    ("not good at all", "negative"),
    ("It was expensive but the quality is great", "positive"),
    ("Great talks, but the venue was terrible", "negative"),
    ("The meetup starts at 7 pm on Saturday", "neutral"),
])
def test_the_lexicon_reads_negation_intensity_and_contrast(text, label):
    assert judge(text).label == label


def test_stronger_words_score_further_from_zero():
    assert judge("좋아요").score < judge("정말 너무 좋아요 최고예요").score
    assert -1 <= judge("최악 최악 최악 최악 최악").score < judge("별로예요").score < 0
