"""The reflection guard on its own: every form of the token is found and masked in a body that
arrives in pieces, wherever the pieces are cut, and a body without the token passes unchanged.

The proxy reads a body in pieces of whatever size the upstream and the event loop make
(test_attacks.py checks a few cuts end to end); here every cut through every form is tried.
"""

from __future__ import annotations

import random

import pytest

from jupyterlab_rsp_api.reflection import TokenGuard, token_forms, utf16_form

# Every character an escape could change (JSON, HTML, percent-encoding, base64's '+' and '/'),
# and one shaped like the platform's (Gafaelfawr) tokens.
TOKENS = {
    "escapes": 'gt-Batt3ry/Tok+en="x"&<y>\\z~0123456789',
    "gafaelfawr": "gt-egFzTAfGekT_DjIrrk2QZw.3fLyeRRscvk54GGnLi4_wQ",
}
FORMS = [
    (name, index, utf16, form)
    for name, token in TOKENS.items()
    for utf16, forms in ((False, token_forms(token)), (True, [utf16_form(token)]))
    for index, form in enumerate(forms)
]
FORM_IDS = [f"{name}-{'utf16' if utf16 else index}" for name, index, utf16, _ in FORMS]
BEFORE = b"<TR><TD>62.04431</TD><TD>" * 3
AFTER = b"</TD></TR>\n" * 3


def scan(guard: TokenGuard, pieces: list[bytes], utf16: bool) -> tuple[bytes, int]:
    """What the browser would receive, and how many forms were masked."""
    scanner = guard.body(utf16)
    out = b"".join(scanner.feed(piece) for piece in pieces) + scanner.finish()
    return out, scanner.found


def assert_masked(guard: TokenGuard, out: bytes, body: bytes, found: int) -> None:
    assert len(out) == len(body), "the mask must keep the length (Content-Length stays right)"
    assert found >= 1
    for form in guard.forms:
        assert form not in out
    assert out.startswith(BEFORE) and out.endswith(AFTER), "bytes around the token changed"


def guard_for(name: str, utf16: bool) -> TokenGuard:
    guard = TokenGuard(TOKENS[name])
    return TokenGuard(guard.token, [*guard.forms, utf16_form(guard.token)]) if utf16 else guard


@pytest.mark.parametrize(("name", "index", "utf16", "form"), FORMS, ids=FORM_IDS)
def test_a_form_cut_in_two_at_every_offset_is_masked(
    name: str, index: int, utf16: bool, form: bytes
) -> None:
    guard = guard_for(name, utf16)
    body = BEFORE + form + AFTER
    # Cuts from before the form's first byte to after its last.
    for cut in range(len(BEFORE) - 1, len(BEFORE) + len(form) + 2):
        out, found = scan(guard, [body[:cut], body[cut:]], utf16)
        assert_masked(guard, out, body, found)


@pytest.mark.parametrize(("name", "index", "utf16", "form"), FORMS, ids=FORM_IDS)
def test_a_form_cut_in_three_anywhere_is_masked(
    name: str, index: int, utf16: bool, form: bytes
) -> None:
    guard = guard_for(name, utf16)
    body = BEFORE + form + AFTER
    start = len(BEFORE)
    for first in range(start, start + len(form)):
        for second in range(first + 1, start + len(form) + 1):
            pieces = [body[:first], body[first:second], body[second:]]
            out, found = scan(guard, pieces, utf16)
            assert_masked(guard, out, body, found)


@pytest.mark.parametrize(("name", "index", "utf16", "form"), FORMS, ids=FORM_IDS)
def test_a_form_fed_byte_by_byte_is_masked(name: str, index: int, utf16: bool, form: bytes) -> None:
    guard = guard_for(name, utf16)
    body = BEFORE + form + AFTER
    out, found = scan(guard, [body[i : i + 1] for i in range(len(body))], utf16)
    assert_masked(guard, out, body, found)


@pytest.mark.parametrize("name", TOKENS)
def test_every_form_in_one_large_body_cut_at_random_is_masked(name: str) -> None:
    guard = TokenGuard(TOKENS[name])
    rng = random.Random(7)
    parts = []
    for form in guard.forms:
        parts += [rng.randbytes(rng.randrange(1, 300_000)), form]
    body = BEFORE + b"".join(parts) + AFTER
    cuts = sorted(rng.sample(range(1, len(body)), 200))
    pieces = [body[a:b] for a, b in zip([0, *cuts], [*cuts, len(body)])]
    out, found = scan(guard, pieces, False)
    assert_masked(guard, out, body, found)
    assert found >= len(guard.forms)


@pytest.mark.parametrize("name", TOKENS)
def test_a_body_without_the_token_passes_unchanged_and_in_order(name: str) -> None:
    guard = TokenGuard(TOKENS[name])
    rng = random.Random(11)
    # Each piece ends with the beginning of a form, completed by something else: the guard
    # holds those bytes back, then must release them unchanged.
    pieces = []
    for form in guard.forms:
        for length in (1, len(form) // 2, len(form) - 1):
            pieces.append(rng.randbytes(1000) + form[:length])
            pieces.append(b"\x00" + rng.randbytes(10))
    out, found = scan(guard, pieces, False)
    assert found == 0
    assert out == b"".join(pieces)


def test_a_held_beginning_at_the_very_end_is_released() -> None:
    guard = TokenGuard(TOKENS["gafaelfawr"])
    scanner = guard.body()
    assert scanner.feed(b"data " + guard.forms[0][:10]) == b"data "
    assert scanner.pending
    assert scanner.finish() == guard.forms[0][:10]
    assert scanner.found == 0


def test_a_form_repeated_across_every_cut_is_masked_each_time() -> None:
    guard = TokenGuard(TOKENS["gafaelfawr"])
    form = guard.forms[-1]
    body = BEFORE + form * 5 + AFTER
    for cut in range(len(BEFORE), len(BEFORE) + 2 * len(form)):
        out, found = scan(guard, [body[:cut], body[cut:]], False)
        assert_masked(guard, out, body, found)
        assert found == 5
