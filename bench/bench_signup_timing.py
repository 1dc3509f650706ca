"""make bench: does the sign-up's answer time tell whether an address is registered?

On a fresh SQLite database (migrated in a temporary directory), posts the sign-up form
BENCH_SIGNUP_ROUNDS times (15 by default) for a new address and for a registered one,
alternating, with the project's real password hasher and e-mail rendering (sent to
memory). Prints the median of each path and their difference, next to the baseline of the
same run: the registered path without the equalising hash (as before the fix).
Target: the two paths within 20 ms of each other. CPU time is printed too: on a shared
machine, wall time includes waiting for other processes.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = int(os.environ.get("BENCH_SIGNUP_ROUNDS", "15"))
TARGET_MS = 20
PASSWORD = "a-long-bench-password-2021"


def main() -> None:
    sys.path.insert(0, str(ROOT))
    tmp = tempfile.mkdtemp(prefix="bench-signup-")
    os.environ.update(DEBUG="1", DATABASE_URL=f"sqlite:///{tmp}/db.sqlite3",
                      LOG_LEVEL="WARNING", DJANGO_SETTINGS_MODULE="aimf_innovation.settings")
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import get_hasher
    from django.core.management import call_command
    from django.test import Client

    from accounts.forms import SignupForm

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_user("known", "known@example.org", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    counter = iter(range(1, 10**6))

    def post(email: str) -> tuple[float, float]:
        number = next(counter)
        # A fresh client address each time: the sign-up limit is per address.
        client = Client(REMOTE_ADDR=f"10.{number // 65536 % 256}.{number // 256 % 256}."
                                    f"{number % 256}")
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.post("/accounts/signup/", {
            "email": email, "password1": PASSWORD, "password2": PASSWORD})
        elapsed = (time.perf_counter() - start) * 1000
        cpu = (time.process_time() - start_cpu) * 1000
        assert response.status_code == 302, response.status_code
        return elapsed, cpu

    def no_equalising_hash(form, request):
        return super(SignupForm, form).try_save(request)

    post("warm-up@example.org")
    times = {"new": [], "known": [], "known_before": []}
    for round_ in range(ROUNDS):
        times["new"].append(post(f"new{round_}@example.org"))
        times["known"].append(post("known@example.org"))
        with mock.patch.object(SignupForm, "try_save", no_equalising_hash):
            times["known_before"].append(post("known@example.org"))

    median = {path: statistics.median(wall for wall, _cpu in values)
              for path, values in times.items()}
    cpu = {path: statistics.median(c for _wall, c in values) for path, values in times.items()}
    gap = median["new"] - median["known"]
    gap_before = median["new"] - median["known_before"]
    hasher = type(get_hasher()).__name__
    print(f"Sign-up answer time, median of {ROUNDS} rounds (SQLite, {hasher})")
    print(f"  {'path':<42} {'median ms':>10} {'CPU ms':>8}")
    print(f"  {'new address':<42} {median['new']:>10.1f} {cpu['new']:>8.1f}")
    print(f"  {'registered address':<42} {median['known']:>10.1f} {cpu['known']:>8.1f}")
    print(f"  {'registered address, no equalising hash':<42} {median['known_before']:>10.1f}"
          f" {cpu['known_before']:>8.1f}   (baseline: before the fix)")
    print(f"  difference new - registered: {gap:+.1f} ms (target within ±{TARGET_MS} ms; "
          f"baseline {gap_before:+.1f} ms, ratio {median['known'] / median['known_before']:.1f}×"
          " the baseline's registered path)")
    print(f"  CPU difference: {cpu['new'] - cpu['known']:+.1f} ms (wall time includes waiting "
          "for other processes and, on SQLite, the disk sync of the new account)")
    print("  " + ("OK" if abs(gap) <= TARGET_MS else "ABOVE TARGET"))


if __name__ == "__main__":
    main()
