"""Korean and English analysis, the same at index and query time."""

from search.analysis import analyze, analyze_query, query_words, surface_stem


def test_particles_and_endings_are_dropped():
    assert analyze_query("마케팅을") == analyze_query("마케팅은") == analyze_query("마케팅") == ["마케팅"]
    assert analyze_query("커뮤니티를") == ["커뮤니티"]


def test_compounds_are_indexed_whole_and_in_parts():
    terms = analyze("소통마케팅 회의록")
    assert {"소통", "마케팅", "소통마케팅", "회의록"} <= set(terms)
    assert analyze_query("소통마케팅") == ["소통", "마케팅"]


def test_english_is_stemmed_and_full_width_folded():
    assert analyze_query("Campaigns") == ["campaign"]
    assert analyze_query("ＳＥＯ") == ["seo"]
    assert analyze_query("the and of") == []


def test_surface_stem_catches_words_kiwi_misreads():
    assert surface_stem("도나로") == "도나"
    assert surface_stem("이토의") == "이토"
    assert surface_stem("사이") == "사이"  # would leave one syllable: kept whole
    assert surface_stem("seo") is None
    assert "도나" in analyze("편대미의 리언휘로 도나로 발표했다.")
    assert "도나" in query_words("도나로")[0]


def test_query_words_keep_one_group_per_word():
    groups = query_words("마케팅을 잘 하는 법 !!!")
    assert groups[0] == ["마케팅"] and groups[-1] == []


def test_batch_analysis_gives_the_terms_of_one_by_one_analysis():
    from search.analysis import analyze, analyze_many

    texts = ["마케팅을 위한 커뮤니티는", "", "Campaigns and communities", "   ", "도나로 검색엔진최적화를 했다", "!!!"]
    assert analyze_many(texts) == [analyze(t) for t in texts]
