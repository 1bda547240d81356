"""The shipped model: trained from the project's seed labels before staff have labelled anything, it
goes into use and judges the evaluation set (written apart from the seed and the lexicon) better
than the lexicon alone and better than always answering the commonest sentiment."""

from __future__ import annotations

from collections import Counter

import pytest
from sklearn.metrics import accuracy_score, f1_score

from listening.actions import classify, learning
from listening.sentiment import judge

pytestmark = pytest.mark.django_db


def test_the_seed_model_goes_into_use_and_beats_both_baselines_on_the_evaluation_set(settings):
    settings.LISTENING_SEED_LABELS = True
    seed = learning.read_labelled(learning.DATA / "seed.tsv")
    evaluation = learning.read_labelled(learning.DATA / "eval.tsv")
    assert not {t for t, _y in seed} & {t for t, _y in evaluation}  # kept apart
    made = learning.train()
    assert made is not None and made.active and made.labels == len(seed)
    texts, truth = [t for t, _y in evaluation], [y for _t, y in evaluation]
    model = [j.label for j in (classify(t)[0] for t in texts)]
    lexicon = [judge(t).label for t in texts]
    majority = [Counter(y for _t, y in seed).most_common(1)[0][0]] * len(texts)
    scores = {name: (accuracy_score(truth, guess), f1_score(truth, guess, average="macro", zero_division=0))
              for name, guess in (("model", model), ("lexicon", lexicon), ("majority", majority))}
    assert classify(texts[0])[1] == "model"
    assert scores["model"][0] > scores["lexicon"][0] > scores["majority"][0]
    assert scores["model"][1] > scores["lexicon"][1] > scores["majority"][1]


def test_a_bad_line_in_a_labels_file_is_named(tmp_path):
    bad = tmp_path / "labels.tsv"
    bad.write_text("# comment\npositive\t좋아요\nhappy\t최고\n", encoding="utf-8")
    with pytest.raises(ValueError, match="happy"):
        learning.read_labelled(bad)
