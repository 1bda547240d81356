"""import_content: every supported format, idempotent by slug, broken files reported."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cms.models import ArticlePage, PostPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    (tmp_path / "front.md").write_text(
        "---\ntitle: 검색을 마케팅으로\ntopics: [검색, 콘텐츠]\nsummary: 요약 문장\n---\n"
        "## 왜 검색인가\n\n사람들은 **찾습니다**.\n\n| 열 | 값 |\n|---|---|\n| 가 | 1 |\n",
        encoding="utf-8",
    )
    (tmp_path / "heading.html").write_text(
        "<html><body><h1>HTML 제목</h1><p>문단 <script>alert(1)</script>하나</p>"
        "<h2>소제목</h2><p>둘</p></body></html>", encoding="utf-8",
    )
    (tmp_path / "plain.txt").write_text("첫 줄이 제목입니다\n\n본문 첫 문단.\n\n두 번째 문단.", encoding="utf-8")
    (tmp_path / "broken.md").write_bytes(b"---\ntitle: \xff\xfe broken\n---\nbody")
    (tmp_path / "ignored.pdf").write_bytes(b"%PDF-1.4")
    return tmp_path


def run(directory, *args) -> str:
    out = StringIO()
    try:
        call_command("import_content", str(directory), *args, stdout=out, stderr=StringIO())
    except CommandError:
        pass
    return out.getvalue()


def test_imports_every_format_and_reports_the_broken_file(tree, content_dir):
    output = run(content_dir)
    assert "created  front.md" in output
    assert "created  heading.html" in output
    assert "created  plain.txt" in output
    assert "error    broken.md (not valid UTF-8" in output
    assert "ignored.pdf" not in output

    front = ArticlePage.objects.get(slug="front")
    assert front.title == "검색을 마케팅으로" and front.live
    assert front.summary == "요약 문장"
    assert [b.block_type for b in front.body] == ["heading", "paragraph", "table"]
    assert front.body[0].value["text"] == "왜 검색인가"
    assert "<b>찾습니다</b>" in front.body[1].value.source or "<strong>" in front.body[1].value.source
    assert sorted(t.name for t in front.topics.all()) == ["검색", "콘텐츠"]

    html_page = ArticlePage.objects.get(slug="heading")
    assert html_page.title == "HTML 제목"  # first heading
    assert "alert" not in str(html_page.body.raw_data)  # sanitised

    plain = ArticlePage.objects.get(slug="plain")
    assert plain.title == "첫 줄이 제목입니다"  # first line
    assert plain.summary == "본문 첫 문단."
    assert "첫 줄이 제목입니다" not in str(plain.body.raw_data)


def test_reimport_is_idempotent_and_updates_changed_files(tree, content_dir):
    run(content_dir)
    count, revisions = ArticlePage.objects.count(), sum(p.revisions.count() for p in ArticlePage.objects.all())
    second = run(content_dir)
    assert "skipped  front.md (unchanged" in second
    assert ArticlePage.objects.count() == count == 3
    assert sum(p.revisions.count() for p in ArticlePage.objects.all()) == revisions

    (content_dir / "front.md").write_text("---\ntitle: 고친 제목\n---\n새 본문", encoding="utf-8")
    third = run(content_dir)
    assert "updated  front.md" in third
    assert ArticlePage.objects.count() == 3
    assert ArticlePage.objects.get(slug="front").title == "고친 제목"


def test_import_posts_under_a_parent_by_slug(tree, tmp_path):
    (tmp_path / "note.md").write_text(
        "---\ntitle: 주간 회의\npost_kind: meeting_note\nvisibility: internal\n---\n논의 내용", encoding="utf-8"
    )
    (tmp_path / "bad-kind.md").write_text("---\npost_kind: rumour\n---\n# 제목\n본문", encoding="utf-8")
    output = run(tmp_path, "--kind", "post", "--parent", "posts")
    assert "created  note.md" in output
    assert "error    bad-kind.md (post_kind must be one of" in output
    post = PostPage.objects.get()
    assert post.kind == "meeting_note" and post.visibility == "internal"
    assert post.get_parent().pk == tree.posts.pk


def test_unknown_parent_is_reported_per_file(tree, tmp_path):
    (tmp_path / "a.md").write_text("# 제목\n본문", encoding="utf-8")
    output = run(tmp_path, "--parent", "no-such-page")
    assert "error    a.md (no parent page with slug 'no-such-page')" in output
    assert not ArticlePage.objects.exists()


def test_command_exits_nonzero_when_a_file_fails(tree, content_dir):
    with pytest.raises(CommandError, match="1 file"):
        call_command("import_content", str(content_dir), stdout=StringIO())
    assert ArticlePage.objects.count() == 3


def test_an_html_page_keeps_its_article_and_drops_its_chrome(tree, tmp_path):
    """A blog page as saved from a browser: skip link, site-name heading, category list, ad slot,
    comment counter, related posts and footer around one article."""
    from cms.models import ImportedSource

    page_file = Path(__file__).parent / "files" / "tistory-post.html"
    (tmp_path / "tistory-post.html").write_bytes(page_file.read_bytes())
    output = run(tmp_path)
    assert output.splitlines()[0] == "created  tistory-post.html"  # nothing left that looks like chrome
    page = ArticlePage.objects.get(slug="tistory-post")
    assert page.title == "커뮤니티를 키우는 다섯 가지 방법"  # not the site name the navigation opens with
    text = " ".join(str(block.value.source if hasattr(block.value, "source") else block.value)
                    for block in page.body)
    for chrome in ("본문 바로가기", "마케팅 노트", "분류 전체보기", "728x90", "댓글 3", "이전 글", "Powered by"):
        assert chrome not in text, chrome
    for kept in ("핵심 멤버가 먼저 모이고", "정기 모임을 연다", "다섯째, 연대는"):
        assert kept in text, kept
    assert "커뮤니티를 키우는 다섯 가지 방법" not in text  # the article's heading is the title, not repeated
    assert ImportedSource.objects.get(page=page).original == page_file.read_text(encoding="utf-8")


def test_plain_text_honours_front_matter_and_reports_chrome_lines(tree, tmp_path):
    (tmp_path / "copied.txt").write_text(
        "---\ntitle: 행사 후기를 남기는 법\n---\n본문 바로가기\n마케팅 노트\n\n728x90\n\n"
        "행사가 끝나면 결과물을 남깁니다.\n\n댓글 4\n", encoding="utf-8")
    output = run(tmp_path)
    page = ArticlePage.objects.get(slug="copied")
    assert page.title == "행사 후기를 남기는 법"
    assert "created  copied.txt (check these lines, they look like page chrome:" in output
    assert "line 1: 본문 바로가기" in output and "line 4: 728x90" in output and "line 8: 댓글 4" in output
    assert "결과물을 남깁니다" not in output.split("chrome:")[1]


def test_real_articles_are_not_taken_for_chrome(tree):
    """The demo's own articles, in both languages: no line of them is reported."""
    from cms.importer import import_directory

    demo = Path(__file__).resolve().parents[2] / "cms" / "demo" / "content"
    for language in ("ko", "en"):
        report = import_directory(demo / language / "articles", kind="article", default_language=language)
        assert [r.detail for r in report.results if r.detail] == []
        assert len(report.results) >= 5 and report.count("error") == 0
