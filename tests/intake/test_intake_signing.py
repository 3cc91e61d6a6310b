from __future__ import annotations

import pytest

from scorebridge.intake import signing

VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
VECTOR_TS = 1614265330
VECTOR_BODY = b'{"test": 2432232314}'
VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def _headers(signature: str, ts: int = VECTOR_TS, msg_id: str = VECTOR_ID) -> dict[str, str]:
    return {"webhook-id": msg_id, "webhook-timestamp": str(ts), "webhook-signature": signature}


def test_standard_webhooks_reference_vector() -> None:
    assert signing.sign_standard(VECTOR_SECRET, VECTOR_ID, VECTOR_TS, VECTOR_BODY) == (
        VECTOR_SIGNATURE
    )
    verified = signing.verify_standard(
        [VECTOR_SECRET], _headers(VECTOR_SIGNATURE), VECTOR_BODY, now=VECTOR_TS + 10
    )
    assert verified.webhook_id == VECTOR_ID


def test_several_signatures_one_valid() -> None:
    header = f"v1,Zm9v v2,abc {VECTOR_SIGNATURE}"
    signing.verify_standard([VECTOR_SECRET], _headers(header), VECTOR_BODY, now=VECTOR_TS)


def test_previous_secret_still_accepted() -> None:
    other = signing.generate_secret("standard-webhooks")
    signing.verify_standard(
        [other, VECTOR_SECRET], _headers(VECTOR_SIGNATURE), VECTOR_BODY, now=VECTOR_TS
    )


@pytest.mark.parametrize(
    "signature",
    ["garbage", "v1,", "v1,@@not-base64@@", "v1,Zm9v", "", "v1 ,x", VECTOR_SIGNATURE[:-4] + "AAA="],
)
def test_bad_signatures_refused(signature: str) -> None:
    with pytest.raises(signing.SignatureError):
        signing.verify_standard([VECTOR_SECRET], _headers(signature), VECTOR_BODY, now=VECTOR_TS)


def test_tampered_body_and_stale_timestamp_refused() -> None:
    with pytest.raises(signing.SignatureError):
        signing.verify_standard(
            [VECTOR_SECRET], _headers(VECTOR_SIGNATURE), b'{"test": 1}', now=VECTOR_TS
        )
    with pytest.raises(signing.SignatureError, match="5 minutes"):
        signing.verify_standard(
            [VECTOR_SECRET], _headers(VECTOR_SIGNATURE), VECTOR_BODY, now=VECTOR_TS + 301
        )
    with pytest.raises(signing.SignatureError):
        signing.verify_standard(
            [VECTOR_SECRET], _headers(VECTOR_SIGNATURE, ts=-1), VECTOR_BODY, now=VECTOR_TS
        )


def test_hmac_scheme() -> None:
    secret = "0123456789abcdef0123"
    good = signing.sign_hmac(secret, b"{}")
    assert good.startswith("sha256=")
    signing.verify_hmac(
        [secret], {"x-signature": good}, b"{}", header="X-Signature", prefix="sha256="
    )
    for bad in ("garbage", "sha256=zz", "sha256=" + "0" * 64, good[7:]):
        with pytest.raises(signing.SignatureError):
            signing.verify_hmac(
                [secret], {"x-signature": bad}, b"{}", header="X-Signature", prefix="sha256="
            )
