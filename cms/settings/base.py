"""Settings shared by every environment.

Everything that differs between a laptop and production is read from environment variables, so the
same code runs on SQLite with an embedded broker (``make run``) and on PostgreSQL + Redis (CI, prod).
"""

import ipaddress
import json
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # SQLite, broker folders, outbox and media live here


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


INSTALLED_APPS = [
    "cms",
    "search",
    "nurture",
    "shop_wizard",
    "security",
    "community",
    "rewards",
    "listening",
    "insights",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.table_block",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v3",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.kakao",
    "allauth.socialaccount.providers.naver",
    "allauth.headless",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "insights.middleware.BeaconMiddleware",  # every page's visit beacon, answered before the page stack
    # Outside the page cache, so cached pages carry the headers too.
    "security.headers.ContentSecurityPolicyMiddleware",
    "security.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cms.cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "cms.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "insights.middleware.CurrentRequestMiddleware",  # conversions read the browser's arrival from it
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "cms.routing.RememberedRouteMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked sign-in into security.lockout's answer
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"
# Around Django's WSGI handler, outermost last: what answers a few requests before the whole stack.
WSGI_MIDDLEWARE = ["insights.beacon.BeaconApp"]  # every page's visit beacon

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.context_processors.site_context",
                "community.context_processors.notifications",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite is shared by the web server, the worker and the scheduler under `make run`: WAL mode and
# IMMEDIATE transactions keep concurrent writers from failing with "database is locked".
# Reads map the file (mmap_size, 256 MB) rather than copy each page into every new connection's cache,
# and the page cache is 32 MB, not 2: a search on a large index reads hundreds of pages (bench/search).
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=268435456; "
    "PRAGMA cache_size=-32000;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# --- Languages ------------------------------------------------------------------------------
LANGUAGE_CODE = "ko"
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True
LANGUAGES = [("ko", "한국어"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [PROJECT_DIR / "locale"]
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = True

# --- Static and media -----------------------------------------------------------------------
STATICFILES_DIRS = [BASE_DIR / "site" / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# Single-machine setups (and `make audit`) may let Django serve uploads; behind a proxy, don't.
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads: bounded in size and type; anything larger is rejected before it touches the disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "md", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "소통마케팅")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILAPI_DOCS_ENABLED = True
WAGTAILAPI_LIMIT_MAX = 100
TAGGIT_CASE_INSENSITIVE = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILADMIN_COMMENTS_ENABLED = True

# --- Celery ---------------------------------------------------------------------------------
# The default broker is kombu's filesystem transport: no service to install for `make run`.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(VAR_DIR / "broker" / "queue"),
        "data_folder_out": str(VAR_DIR / "broker" / "queue"),
        "processed_folder": str(VAR_DIR / "broker" / "processed"),
        "control_folder": str(VAR_DIR / "broker" / "control"),  # fanout (worker control), else ./control
        "store_processed": False,
        "polling_interval": 0.2,  # seconds an idle worker waits before looking at the folder again
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {}
)
if CELERY_BROKER_URL.startswith("filesystem"):
    for _folder in ("queue", "processed", "control"):
        (VAR_DIR / "broker" / _folder).mkdir(parents=True, exist_ok=True)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "event-reminders": {
        "task": "cms.tasks.send_event_reminders",
        "schedule": 15 * 60,
    },
    "close-past-event-registrations": {
        "task": "cms.tasks.close_past_events",
        "schedule": 15 * 60,
    },
    "propose-search-synonyms": {
        "task": "search.tasks.propose_synonyms_task",
        "schedule": 6 * 3600,
    },
    "expire-page-files": {
        "task": "cms.tasks.expire_page_files",
        "schedule": 60,
    },
    "listening-collect": {  # the community's new comments and the site forms' messages into the listening inbox
        "task": "listening.tasks.collect",
        "schedule": 60,
    },
    "listening-judge": {  # a safety net: a large import's own judging task runs as soon as it commits
        "task": "listening.tasks.judge_pending",
        "schedule": 60,
    },
    "listening-overdue": {  # a case past its due time alerts the team lead, once
        "task": "listening.tasks.overdue",
        "schedule": 300,
    },
    "listening-retrain": {  # the sentiment model from the day's labels
        "task": "listening.tasks.retrain",
        "schedule": 24 * 3600,
    },
    "insights-rollup": {  # today's and yesterday's visits by channel (a day rebuilt again gives the same rows)
        "task": "insights.tasks.roll_up_recent",
        "schedule": 900,
    },
    "insights-prune": {  # raw page views past INSIGHTS_KEEP_DAYS (their days' rollups stay)
        "task": "insights.tasks.prune_views",
        "schedule": 24 * 3600,
    },
    "listening-advocacy": {  # advocacy among the last thirty days' mentions (the minutely pull reads hours)
        "task": "listening.tasks.sweep_advocacy",
        "schedule": 24 * 3600,
    },
    "listening-nps": {  # NPS emails after events and wizard click-outs (each person asked once in the quiet days)
        "task": "listening.tasks.invite_nps",
        "schedule": 3600,
    },
    "listening-feeds": {  # watched blogs and news (a conditional GET: an unchanged feed costs a 304)
        "task": "listening.tasks.pull",
        "schedule": 900,
    },
    "rewards-expire-points": {  # once an hour: an award due today expires within the hour it is due
        "task": "rewards.tasks.expire_points",
        "schedule": 3600,
    },
    "rewards-drain-pending": {  # a safety net: a burst's own drain normally runs three seconds after it
        "task": "rewards.tasks.drain_pending",
        "schedule": 60,
    },
    "nurture-tick": {  # a coarse ticker only: exactly-once lives in the Send rows, not in the schedule
        "task": "nurture.tasks.tick",
        "schedule": 60,
    },
    "nurture-decay-scores": {
        "task": "nurture.tasks.decay_scores",
        "schedule": 24 * 3600,
    },
    "nurture-renewal-notices": {
        "task": "nurture.tasks.renewal_notices",
        "schedule": 6 * 3600,
    },
}
REDIS_URL = os.environ.get("REDIS_URL", "")

# --- Sign-in protection (django-axes) ----------------------------------------------------------
# Every login that goes through Django's authenticate() (the Wagtail admin, /django-admin/, and the
# member logins to come) is counted per username *and* address: LOGIN_FAILURE_LIMIT failures in a
# row lock that pair for LOGIN_LOCKOUT_MINUTES. Keyed by the pair, one person's typos do not lock a
# whole office behind one address, and a guesser cannot lock the real owner out from elsewhere.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",  # staff sign in to the admin by username
    "allauth.account.auth_backends.AuthenticationBackend",  # members sign in by email
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "cms.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "security.lockout.locked_out"
AXES_USERNAME_CALLABLE = "security.lockout.username_of"  # the admin's username or a member's email
AXES_DISABLE_ACCESS_LOG = True  # failures are what protection needs; successful sign-ins are not kept
AXES_VERBOSE = False

# --- Content Security Policy (django-csp) and other browser headers ------------------------------
# Everything a page loads comes from this site: no inline scripts (structured data is JSON, which
# browsers do not run), no inline styles, no third parties. Pages cached whole (and the files nginx
# sends) need no per-request nonce. Third-party embeds need their origins added (README: CSP):
# CSP_FRAME_SRC for video players, CSP_IMG_SRC / CSP_SCRIPT_SRC / CSP_CONNECT_SRC for anything else.
_CSP_SELF = "'self'"
CSP_DIRECTIVES = {
    "default-src": [_CSP_SELF],
    "script-src": [_CSP_SELF, *env_list("CSP_SCRIPT_SRC")],
    "style-src": [_CSP_SELF, *env_list("CSP_STYLE_SRC")],
    "img-src": [_CSP_SELF, "data:", "blob:", *env_list("CSP_IMG_SRC")],
    "font-src": [_CSP_SELF, "data:"],
    "connect-src": [_CSP_SELF, *env_list("CSP_CONNECT_SRC")],
    "media-src": [_CSP_SELF, *env_list("CSP_MEDIA_SRC")],
    "frame-src": [_CSP_SELF, *env_list("CSP_FRAME_SRC")],
    "frame-ancestors": [_CSP_SELF],  # the admin's live preview frames our own pages
    "form-action": [_CSP_SELF],
    "base-uri": [_CSP_SELF],
    "object-src": ["'none'"],
}
if os.environ.get("CSP_REPORT_URI"):
    CSP_DIRECTIVES["report-uri"] = [os.environ["CSP_REPORT_URI"]]
# CSP_REPORT_ONLY=1 sends the same policy as Content-Security-Policy-Report-Only (nothing blocked,
# violations reported): for trying new embeds on a live site before enforcing them.
if env_bool("CSP_REPORT_ONLY"):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": CSP_DIRECTIVES}
    CONTENT_SECURITY_POLICY = None
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": CSP_DIRECTIVES}
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # staff avatars are not fetched from a third party (nor their email hashes sent)
PERMISSIONS_POLICY = {feature: [] for feature in (
    "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone", "payment", "usb")}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# --- Client addresses -------------------------------------------------------------------------
# The proxies whose X-Forwarded-For is believed (networks, comma-separated). The default is loopback,
# where the shipped deploy/nginx.conf runs beside gunicorn; add a load balancer's network here. A
# request from anywhere else is taken at its connection's address whatever its headers say.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1/32,::1/128")
for _network in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_network!r} is not a network such as 10.0.0.0/8") from _error

# --- Email ----------------------------------------------------------------------------------
EMAIL_OUTBOX_DIR = VAR_DIR / "outbox"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "소통마케팅 <hello@example.com>")
# Inbound email into the listening inbox through anymail's webhooks (/anymail/<provider>/inbound/),
# mounted only when one is set: Mailgun's signing key (each request signed), and/or a basic-auth
# "user:password" every provider's webhook must present.
ANYMAIL = {key: value for key, value in {
    "MAILGUN_WEBHOOK_SIGNING_KEY": os.environ.get("ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY", ""),
    "WEBHOOK_SECRET": os.environ.get("ANYMAIL_WEBHOOK_SECRET", ""),
}.items() if value}

# --- Search (the search app reads these) ----------------------------------------------------
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "elasticsearch" if ELASTICSEARCH_URL else "embedded")
SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", "cms")
# Brand and product names Kiwi (and nori's user dictionary) must keep whole.
SEARCH_USER_WORDS = [w for w in os.environ.get("SEARCH_USER_WORDS", "").split(",") if w]
SEARCH_SYNONYM_MIN_SESSIONS = int(os.environ.get("SEARCH_SYNONYM_MIN_SESSIONS", 3))
SEARCH_SUGGESTIONS_TTL = int(os.environ.get("SEARCH_SUGGESTIONS_TTL", 300))  # seconds "people also searched" is kept

# --- Nurture ----------------------------------------------------------------------------------------
# Marketing mail has its own sender, apart from transactional mail (confirmations, notifications).
NURTURE_FROM_EMAIL = os.environ.get("NURTURE_FROM_EMAIL", "소통마케팅 소식 <news@example.com>")
NURTURE_CONFIRM_DAYS = int(os.environ.get("NURTURE_CONFIRM_DAYS", 7))  # the double opt-in link expires
NURTURE_SEND_WINDOW = tuple(int(h) for h in os.environ.get("NURTURE_SEND_WINDOW", "8-21").split("-"))  # local hours
NURTURE_MIN_HOURS_BETWEEN = int(os.environ.get("NURTURE_MIN_HOURS_BETWEEN", 20))  # per-lead frequency cap
NURTURE_MAX_ATTEMPTS = int(os.environ.get("NURTURE_MAX_ATTEMPTS", 5))  # transient SMTP errors, with backoff
NURTURE_SCORE_HALF_LIFE_DAYS = int(os.environ.get("NURTURE_SCORE_HALF_LIFE_DAYS", 30))  # engagement fades
NURTURE_CLOCK_ADJUSTABLE = True  # `manage.py nurture_tick --advance 2d` in development; off in production

# --- Site identity (footer, structured data) ------------------------------------------------
COMPANY = {
    "name": os.environ.get("COMPANY_NAME", "소통마케팅 주식회사"),
    "name_en": os.environ.get("COMPANY_NAME_EN", "Sotong Marketing Inc."),
    "address": os.environ.get("COMPANY_ADDRESS", "서울특별시 성동구 성수이로 00"),
    "email": os.environ.get("COMPANY_EMAIL", "hello@example.com"),
}

LOGIN_URL = "wagtailadmin_login"

# --- Cache ----------------------------------------------------------------------------------
# Shared by the web server and the worker: Redis when there is one, files under var/ otherwise,
# so a publish in one process retires cached pages in the other.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(VAR_DIR / "cache")}
    )
}
# Signed-in requests read their session from the cache (written through to the database, so a
# flushed cache signs nobody out): one query fewer on every member's and editor's request.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 600))
# Where cached pages are also written as files for a front server (deploy/nginx.conf); off when empty.
PAGE_CACHE_DIR = os.environ.get("PAGE_CACHE_DIR", "")
CSRF_FAILURE_VIEW = "django.views.csrf.csrf_failure"


# --- Member accounts (django-allauth, community app) ---------------------------------------------
# Members sign in by email, verified before the first sign-in; mail goes through the project's mail
# path (var/outbox/ under make run). allauth's own rate limits stay on (its defaults), beside axes.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = os.environ.get("ACCOUNT_DEFAULT_HTTP_PROTOCOL", "http")
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# The headless API (/api/auth/browser/v1/…, /api/auth/app/v1/…) for front ends that are not this
# site; their own pages for the links in emails, when they have them.
HEADLESS_FRONTEND_URLS = {
    name: url for name, url in (
        ("account_confirm_email", os.environ.get("HEADLESS_VERIFY_EMAIL_URL", "")),
        ("account_reset_password_from_key", os.environ.get("HEADLESS_RESET_PASSWORD_URL", "")),
        ("account_signup", os.environ.get("HEADLESS_SIGNUP_URL", "")),
    ) if url
}
# Kakao and Naver sign-in: on only when their keys are set (developers.kakao.com, developers.naver.com).
SOCIALACCOUNT_PROVIDERS = {
    provider: {"APPS": [{"client_id": os.environ[f"{prefix}_CLIENT_ID"],
                         "secret": os.environ.get(f"{prefix}_SECRET", ""), "key": ""}]}
    for provider, prefix in (("kakao", "KAKAO"), ("naver", "NAVER"))
    if os.environ.get(f"{prefix}_CLIENT_ID")
}
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # a provider's email never signs in to an existing account by itself

# --- Community -----------------------------------------------------------------------------------
# Writing limits per member and per address: {"comment_member": [[count, seconds], ...], ...}
# (community/actions/limits.py has the defaults); JSON in the environment overrides any of them.
COMMUNITY_RATE_LIMITS = {
    name: [tuple(window) for window in windows]
    for name, windows in json.loads(os.environ.get("COMMUNITY_RATE_LIMITS", "{}")).items()
}
COMMUNITY_TRUSTED_AFTER = int(os.environ.get("COMMUNITY_TRUSTED_AFTER", 3))  # approved comments
COMMUNITY_NEW_MEMBER_LINKS = int(os.environ.get("COMMUNITY_NEW_MEMBER_LINKS", 1))
COMMUNITY_REPORTS_TO_HOLD = int(os.environ.get("COMMUNITY_REPORTS_TO_HOLD", 3))

# --- Listening -----------------------------------------------------------------------------------
# The sentiment model learns from the seed labels shipped with the project plus staff labels; with
# fewer than LISTENING_MIN_LABELS labels in all, the lexicon judges.
LISTENING_SEED_LABELS = env_bool("LISTENING_SEED_LABELS", True)
LISTENING_MIN_LABELS = int(os.environ.get("LISTENING_MIN_LABELS", 40))
# An import of up to this many new mentions is judged in its request; a larger one in the background.
LISTENING_JUDGE_INLINE = int(os.environ.get("LISTENING_JUDGE_INLINE", 2000))
# Raw page views are kept this many days (the daily rollups for good).
INSIGHTS_KEEP_DAYS = int(os.environ.get("INSIGHTS_KEEP_DAYS", 400))
# Page views wait in Redis and are written in batches (one RPUSH per beacon instead of a committed
# INSERT): on by default when Redis is the cache; the worker's beat flushes every 5 seconds.
INSIGHTS_BUFFER_VIEWS = os.environ.get("INSIGHTS_BUFFER_VIEWS", "1" if REDIS_URL else "0") == "1"
if INSIGHTS_BUFFER_VIEWS:  # without the buffer a view is written by its beacon: nothing to flush every 5 s
    CELERY_BEAT_SCHEDULE["insights-flush"] = {"task": "insights.tasks.flush_views", "schedule": 5}
# How far back a conversion's touches are credited (first touch, last touch, linear).
INSIGHTS_ATTRIBUTION_DAYS = int(os.environ.get("INSIGHTS_ATTRIBUTION_DAYS", 30))
# An NPS survey asks a person again only after this many days (and never after "don't ask me again").
LISTENING_NPS_QUIET_DAYS = int(os.environ.get("LISTENING_NPS_QUIET_DAYS", 90))
