"""Protection every login and every page shares: brute-force lockout (django-axes) with an unlock
path for administrators, and the browser security headers (Content Security Policy and friends)."""
