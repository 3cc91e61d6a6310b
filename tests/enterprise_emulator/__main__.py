"""The WeCom/DingTalk emulator as a stand-alone server for the demo (``scorebridge seed-demo
--with-sso-emulator``): ``PYTHONPATH=tests .venv/bin/python -m enterprise_emulator [--port 8090]``.

Its WeCom and DingTalk have one member, the demo employee 张伟 (userid E1001), who is "signed
in" on the emulated clients: a sign-in through it comes straight back as 张伟. ``GET /inbox``
lists the app messages it accepted."""

from __future__ import annotations

import argparse
from typing import Any

import uvicorn

from enterprise_emulator import AGENT_ID, CORP_ID, CORP_SECRET, Emulator
from scorebridge.identity import demo


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m enterprise_emulator")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8090)
    args = parser.parse_args()
    assert (CORP_ID, str(AGENT_ID), CORP_SECRET) == (
        demo.EMULATED_WECOM["corp_id"],
        demo.EMULATED_WECOM["agent_id"],
        demo.EMULATED_WECOM_SECRET,
    ), "scorebridge/identity/demo.py seeds other WeCom credentials than the emulator accepts"
    emulator = Emulator()
    emulator.add_member("E1001", "张伟", mobile="13800138001", email=demo.DEMO_EMPLOYEE)
    emulator.signed_in = "E1001"
    app = emulator.app()

    @app.get("/inbox")
    async def inbox() -> list[dict[str, Any]]:
        return [
            {"provider": m.provider, "to": m.userids, "msgtype": m.msgtype, "body": m.body}
            for m in emulator.inbox
        ]

    print(f"WeCom/DingTalk emulator on http://{args.host}:{args.port} (messages: /inbox)")
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
