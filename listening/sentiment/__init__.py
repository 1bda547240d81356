"""Sentiment: positive, neutral or negative with a score, in Korean and English."""

from .analyzer import Judgement, judge

__all__ = ["Judgement", "judge"]
