"""Structured demo data (topics, teams, people, events, landing pages) in Korean and English.

Articles and posts are Markdown files under content/, loaded through the importer.
"""

TOPICS = {
    # slug: (Korean, English)
    "communication": ("소통", "Communication"),
    "community": ("커뮤니티", "Community"),
    "gardening": ("가드닝", "Gardening"),
    "content": ("콘텐츠", "Content"),
    "search": ("검색", "Search"),
    "seo": ("검색엔진최적화", "SEO"),
    "permission-marketing": ("퍼미션 마케팅", "Permission marketing"),
    "nurture": ("리드 육성", "Lead nurture"),
    "events": ("이벤트", "Events"),
    "work-system": ("업무시스템", "Work system"),
    "filing": ("파일링", "Filing"),
    "partners": ("제휴", "Partners"),
    "measurement": ("측정", "Measurement"),
    "shop": ("쇼핑", "Shop"),
}

TEAMS = [
    # slug, Korean, English, lead username
    ("marketing", "마케팅팀", "Marketing", "jiwoo"),
    ("community", "커뮤니티팀", "Community", "minjun"),
    ("product", "제품팀", "Product", "seoyeon"),
]

PEOPLE = [
    # username, first, last, team slug, is lead
    ("jiwoo", "지우", "김", "marketing", True),
    ("minjun", "민준", "박", "community", True),
    ("seoyeon", "서연", "이", "product", True),
    ("haneul", "하늘", "최", "marketing", False),
    ("doyoon", "도윤", "정", "community", False),
]

SECTIONS = {
    # key: (slug ko, title ko, slug en, title en, intro ko, intro en)
    "articles": ("guides", "기반콘텐츠", "guides", "Guides",
                 "소통 마케팅을 처음부터 끝까지 다루는 기본 글입니다.",
                 "The base content: evergreen guides on marketing by conversation."),
    "posts": ("posts", "포스트", "posts", "Posts",
              "직원들이 일하면서 남긴 회의록, 결과물, 행사 후기, 노하우입니다.",
              "Meeting notes, project outputs, event reports and how-tos that staff file as they work."),
    "events": ("events", "이벤트", "events", "Events",
               "첫 만남부터 스터디, 봉사, 프로젝트까지 함께 만드는 모임입니다.",
               "From a first meetup to studies, volunteering and projects we build together."),
    "topics": ("topics", "토픽", "topics", "Topics",
               "주제별로 모든 글과 포스트, 이벤트를 모아 봅니다.",
               "Every article, post and event, gathered by topic."),
}

HOME = {
    "ko": {
        "title": "소통마케팅",
        "hero_title": "광고 대신 대화로 성장하는 회사",
        "hero_text": "고객과 나눈 이야기, 일하며 남긴 기록, 함께 만든 모임이 곧 우리의 마케팅입니다. "
                     "필요한 글을 찾아 읽고, 모임에 참여하고, 원하실 때만 소식을 받아 보세요.",
        "cta_title": "소통 마케팅 시작 가이드 받기",
        "cta_text": "커뮤니티를 씨앗부터 키우는 12주 계획을 이메일로 보내 드립니다.",
        "cta_label": "가이드 받기",
    },
    "en": {
        "title": "Sotong Marketing",
        "hero_title": "A company that grows by talking, not advertising",
        "hero_text": "The conversations we have with customers, the notes we keep as we work and the meetups "
                     "we run together are our marketing. Read what helps, join a meetup, and hear from us "
                     "only when you ask to.",
        "cta_title": "Get the starter guide to conversational marketing",
        "cta_text": "A 12-week plan for growing a community from its first seeds, sent by email.",
        "cta_label": "Get the guide",
    },
}

# Dates are days from the first demo load; later loads never move them.
EVENTS = [
    {
        "slug": "first-meetup-spring", "kind": "first_meetup", "days": -40, "hours": 2, "capacity": 30,
        "venue": ("성수 커뮤니티 라운지", "Seongsu Community Lounge"),
        "address": "서울특별시 성동구 성수이로 00",
        "topics": ["community", "gardening", "events"],
        "outputs": ["event-report-first-meetup"],
        "ko": ("첫 만남: 소통으로 일하는 사람들", "처음 만나는 자리입니다. 각자 일하며 겪은 소통의 어려움을 나누고, 다음 모임의 주제를 함께 정했습니다.",
               "<p>가볍게 차를 마시며 서로를 소개하고, 회사와 고객이 어떻게 대화할 수 있을지 이야기했습니다. 다음 스터디 주제는 참가자 투표로 정했습니다.</p>"),
        "en": ("First meetup: people who work by conversation", "Our first get-together. We shared where communication gets hard at work and chose the next meetup's theme together.",
               "<p>Over tea we introduced ourselves and talked about how a company and its customers can hold a real conversation. Participants voted on the next study theme.</p>"),
    },
    {
        "slug": "search-study-1", "kind": "study", "days": -12, "hours": 3, "capacity": 20,
        "venue": ("온라인", "Online"), "online_url": "https://meet.example.com/search-study",
        "address": "",
        "topics": ["search", "seo", "content"],
        "outputs": ["how-to-query-log", "project-output-glossary"],
        "ko": ("검색 스터디 1회: 사람들은 무엇을 찾는가", "사이트 검색 기록을 함께 읽으며 결과가 없던 검색어에서 새 글감을 찾았습니다.",
               "<p>지난 한 달의 검색어를 모아 결과가 없던 검색어를 분류하고, 동의어와 새 글 후보를 정리했습니다.</p>"),
        "en": ("Search study #1: what are people looking for?", "We read the site's search log together and found new topics in the queries that returned nothing.",
               "<p>We grouped last month's zero-result queries, listed synonyms, and picked candidates for new articles.</p>"),
    },
    {
        "slug": "volunteer-library-day", "kind": "volunteer", "days": 21, "hours": 4, "capacity": 12,
        "venue": ("성동구립도서관", "Seongdong District Library"), "address": "서울특별시 성동구 고산자로 00",
        "topics": ["community", "gardening"],
        "outputs": [],
        "ko": ("봉사 모임: 도서관 디지털 안내 돕기", "어르신들이 도서관 전자책과 검색대를 쓰실 수 있도록 함께 안내합니다.",
               "<p>두 시간 안내 후 소감을 나누고, 배운 점을 포스트로 남길 예정입니다. 처음 오시는 분도 환영합니다.</p>"),
        "en": ("Volunteer day: helping at the library's digital desk", "We help older visitors use the library's e-books and search kiosks.",
               "<p>Two hours at the desk, then a short talk about what we learned, which we will write up as a post. First-timers welcome.</p>"),
    },
    {
        "slug": "community-guide-project", "kind": "project", "days": 45, "hours": 3, "capacity": 2,
        "venue": ("성수 커뮤니티 라운지", "Seongsu Community Lounge"), "address": "서울특별시 성동구 성수이로 00",
        "online_url": "https://meet.example.com/guide-project",
        "topics": ["community", "content", "work-system"],
        "outputs": [],
        "ko": ("프로젝트: 우리 동네 커뮤니티 안내서 만들기", "모임에서 나온 이야기를 모아 누구나 쓸 수 있는 커뮤니티 안내서를 함께 씁니다.",
               "<p>소규모로 진행하는 집필 프로젝트입니다. 자리가 차면 대기자로 등록되고, 취소가 생기면 순서대로 안내해 드립니다.</p>"),
        "en": ("Project: writing a neighbourhood community guide", "We turn what came up at our meetups into a community guide anyone can use.",
               "<p>A small writing project. When it is full you join the waitlist, and seats that free up go to the waitlist in order.</p>"),
    },
]

LANDINGS = [
    {
        "slug": "starter-guide",
        "topics": ["communication", "community", "permission-marketing"],
        "ko": {
            "title": "소통 마케팅 시작 가이드", "intro": "커뮤니티를 씨앗부터 키우는 12주 계획을 무료로 받아 보세요.",
            "submit": "가이드 받기", "thanks": "<p>신청해 주셔서 고맙습니다. 확인 메일을 보내 드렸습니다.</p>",
            "consent": "소통마케팅의 소식과 관심 주제에 맞춘 콘텐츠를 이메일로 받는 데 동의합니다. 언제든 수신을 거부할 수 있습니다.",
            "fields": [("이름", "singleline", True), ("이메일", "email", True), ("회사", "singleline", False)],
        },
        "en": {
            "title": "Starter guide to conversational marketing", "intro": "Get our free 12-week plan for growing a community from its first seeds.",
            "submit": "Get the guide", "thanks": "<p>Thank you. We have sent you a confirmation email.</p>",
            "consent": "I agree to receive news and content matched to my interests from Sotong Marketing by email. I can unsubscribe at any time.",
            "fields": [("Name", "singleline", True), ("Email", "email", True), ("Company", "singleline", False)],
        },
    },
    {
        "slug": "search-checkup",
        "topics": ["search", "seo", "measurement"],
        "ko": {
            "title": "사이트 검색 무료 진단", "intro": "검색 기록을 보내 주시면 결과가 없는 검색어와 개선점을 정리해 드립니다.",
            "submit": "진단 신청", "thanks": "<p>신청이 접수되었습니다. 영업일 기준 3일 안에 연락드리겠습니다.</p>",
            "consent": "진단 결과와 함께 검색·콘텐츠 관련 소식을 이메일로 받는 데 동의합니다. 언제든 수신을 거부할 수 있습니다.",
            "fields": [("이름", "singleline", True), ("이메일", "email", True), ("사이트 주소", "url", True),
                       ("가장 궁금한 점", "multiline", False)],
        },
        "en": {
            "title": "Free site search check-up", "intro": "Send us your search log and we will list the queries that find nothing and what to fix.",
            "submit": "Request a check-up", "thanks": "<p>Request received. We will be in touch within three working days.</p>",
            "consent": "I agree to receive news about search and content by email along with my results. I can unsubscribe at any time.",
            "fields": [("Name", "singleline", True), ("Email", "email", True), ("Site address", "url", True),
                       ("What would you most like to know?", "multiline", False)],
        },
    },
]
