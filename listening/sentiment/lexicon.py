"""Our own small sentiment lexicon, written for how customers talk about a company's service,
products, events and staff (not news, not film reviews). Korean entries are Kiwi morpheme forms (a
verb or adjective stem, a noun), English entries are lower-case words. Weights run from 0.5 (mild) to
2 (strong)."""

KO = {
    # positive
    "좋": 1.0, "훌륭하": 1.5, "최고": 1.5, "만족": 1.2, "감사": 1.0, "고맙": 1.0, "친절": 1.0, "빠르": 0.7,
    "편하": 0.8, "편리": 0.8, "추천": 1.0, "유익": 1.0, "재밌": 1.0, "재미있": 1.0, "즐겁": 1.0, "기쁘": 1.0,
    "행복": 1.0, "멋지": 1.0, "예쁘": 0.8, "깔끔": 0.8, "깨끗": 0.8, "신속": 0.8, "정확": 0.7, "든든": 0.8,
    "감동": 1.5, "최상": 1.5, "완벽": 1.5, "대박": 1.2, "짱": 1.2, "도움": 0.8, "유용": 1.0, "알차": 1.0,
    "저렴": 0.7, "착하": 0.5, "맛있": 1.0, "기대되": 0.8, "반갑": 0.8, "사랑": 1.0, "칭찬": 1.0, "꼼꼼": 0.8,
    "훈훈": 1.0, "뛰어나": 1.2, "탁월": 1.2, "괜찮": 0.6, "성공": 0.8, "해결": 0.6, "안심": 0.8,
    # negative
    "나쁘": -1.0, "싫": -1.0, "최악": -2.0, "실망": -1.5, "불만": -1.5, "불편": -1.0, "느리": -0.8, "늦": -0.6,
    "고장": -1.2, "불량": -1.5, "환불": -0.8, "화나": -1.5, "짜증": -1.5, "답답": -1.0, "별로": -1.0,
    "비싸": -0.7, "엉망": -1.5, "문제": -0.8, "오류": -1.0, "버그": -1.0, "불친절": -1.5, "무례": -1.5,
    "파손": -1.5, "누락": -1.0, "지연": -1.0, "취소": -0.5, "아쉽": -0.7, "황당": -1.2, "어이없": -1.5,
    "속상": -1.2, "후회": -1.2, "위험": -1.2, "사기": -2.0, "형편없": -2.0, "불쾌": -1.5, "괴롭": -1.2,
    "힘들": -0.8, "어렵": -0.5, "복잡": -0.6, "부족": -0.7, "실패": -1.0, "피해": -1.2, "항의": -1.2,
    "거짓": -1.5, "더럽": -1.2, "지저분": -1.0, "시끄럽": -0.8, "무시": -1.2, "귀찮": -0.8, "망하": -1.5,
    "튕기": -1.2, "먹통": -1.5, "분실": -1.2, "잘못": -0.8, "기다리": -0.3, "최저": -1.2,
}

KO_NEGATORS_BEFORE = {"안", "못"}  # adverbs: 안 좋아요, 못 받았어요
KO_NEGATORS_AFTER = {"않", "못하", "없"}  # auxiliaries: 좋지 않다, 좋지 못하다
KO_INTENSIFIERS = {"너무": 1.5, "정말": 1.5, "진짜": 1.5, "매우": 1.5, "완전": 1.5, "엄청": 1.5, "아주": 1.4,
                   "제일": 1.3, "가장": 1.3, "꽤": 1.2, "되게": 1.4, "무척": 1.5}
KO_CONTRAST_ENDINGS = {"지만", "는데", "ㄴ데", "은데"}  # 비싸지만 좋다: what follows counts more
KO_CONTRAST_WORDS = {"하지만", "그러나", "그런데", "근데", "그래도"}
KO_NEGATIVE_PREFIXES = {"불", "무", "비", "미"}  # 불친절, 무성의, 비효율, 미흡: a prefix turns a good word
KO_EMOTICONS = {"ㅠㅠ": -0.8, "ㅜㅜ": -0.8, "ㅠ": -0.5, "ㅜ": -0.5, "ㅎㅎ": 0.5, "ㅋㅋ": 0.3, "^^": 0.6}

EN = {
    "good": 1.0, "great": 1.5, "excellent": 1.5, "amazing": 1.5, "awesome": 1.5, "love": 1.2, "loved": 1.2,
    "like": 0.6, "liked": 0.6, "thanks": 1.0, "thank": 1.0, "helpful": 1.0, "useful": 1.0, "happy": 1.0,
    "fast": 0.7, "quick": 0.7, "friendly": 1.0, "recommend": 1.0, "perfect": 1.5, "best": 1.5, "nice": 0.8,
    "clean": 0.6, "easy": 0.8, "fun": 1.0, "enjoyed": 1.0, "glad": 1.0, "wonderful": 1.5, "fantastic": 1.5,
    "solved": 0.8, "fixed": 0.6, "reliable": 1.0, "impressed": 1.2, "kind": 0.8, "fine": 0.4, "cheap": 0.4,
    "bad": -1.0, "terrible": -2.0, "awful": -2.0, "worst": -2.0, "hate": -1.5, "hated": -1.5, "poor": -1.0,
    "slow": -0.8, "late": -0.6, "broken": -1.2, "broke": -1.0, "refund": -0.8, "disappointed": -1.5,
    "disappointing": -1.5, "angry": -1.5, "annoying": -1.2, "annoyed": -1.2, "rude": -1.5, "expensive": -0.7,
    "problem": -0.8, "problems": -0.8, "issue": -0.6, "issues": -0.6, "bug": -1.0, "bugs": -1.0, "error": -1.0,
    "fail": -1.0, "failed": -1.0, "useless": -1.5, "scam": -2.0, "never": 0.0, "complaint": -1.2, "damaged": -1.5,
    "missing": -1.0, "delayed": -1.0, "cancelled": -0.5, "confusing": -0.8, "hard": -0.4, "unhappy": -1.5,
    "unfortunately": -0.6, "waste": -1.5, "dirty": -1.0, "noisy": -0.8, "dangerous": -1.2, "unsafe": -1.5,
    "crash": -1.2, "crashes": -1.2, "crashing": -1.2, "crashed": -1.2, "freezes": -1.0, "stuck": -0.8,
    "wrong": -0.8, "lost": -0.8, "overcharged": -1.5, "wait": -0.3, "waiting": -0.5, "worse": -1.2,
}

EN_NEGATORS = {"not", "no", "never", "isn't", "wasn't", "don't", "doesn't", "didn't", "won't", "can't",
               "cannot", "aren't", "weren't", "hardly", "nothing"}
EN_INTENSIFIERS = {"very": 1.5, "really": 1.5, "so": 1.4, "extremely": 1.7, "super": 1.5, "totally": 1.4,
                   "absolutely": 1.6, "quite": 1.2, "too": 1.3}
EN_CONTRAST = {"but", "however", "although", "though", "yet"}
EN_EMOTICONS = {":)": 0.6, ":-)": 0.6, ":(": -0.8, ":-(": -0.8}
