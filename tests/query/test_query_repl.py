"""`tongguan repl` driven in a pseudo-terminal (pexpect): completion, a query, an error, :explain."""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

ROOT = Path(__file__).resolve().parents[2]
TONGGUAN = Path(sys.executable).with_name("tongguan")
_ESC = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r")


class Terminal:
    """A REPL in a pty; `wait_for` matches the screen's text with the terminal's escapes removed."""

    def __init__(self, *args: str, data: Path):
        env = dict(os.environ, TONGGUAN_DATA_DIR=str(data), PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm", COLUMNS="200")
        self.child = pexpect.spawn(
            str(TONGGUAN), ["repl", *args], cwd=str(ROOT), env=env, encoding="utf-8", timeout=5, dimensions=(50, 200)
        )
        self.seen = ""

    def wait_for(self, pattern: str, timeout: float = 60) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            m = re.search(pattern, _ESC.sub("", self.seen))
            if m:
                text = _ESC.sub("", self.seen)
                self.seen = ""
                return text
            try:
                self.seen += self.child.read_nonblocking(4096, timeout=0.5)
            except pexpect.TIMEOUT:
                continue
            except pexpect.EOF:
                break
        raise AssertionError(f"{pattern!r} not seen in {_ESC.sub('', self.seen)[-2000:]!r}")

    def send(self, text: str) -> None:
        self.child.send(text)


@pytest.mark.skipif(not TONGGUAN.exists(), reason="the tongguan script is not installed beside this Python")
def test_repl_completion_query_error_explain(tmp_path: Path) -> None:
    t = Terminal("--profile", "queries/profiles/welder-senior-technician.yaml", data=tmp_path)
    t.wait_for(r"tongguan\[张师傅\]>")
    t.send("award_ope\t")  # Tab completes the predicate name
    t.wait_for(r"award_opens")
    t.send("(Kind, 正高级)\r")
    out = t.wait_for(r"个答案）[\s\S]*tongguan\[张师傅\]>")
    assert "中华技能大奖" in out and "国务院政府特殊津贴" in out
    t.send("skil(X)\r")  # an error: the nearest predicate is suggested, the session goes on
    out = t.wait_for(r"是不是 skill[\s\S]*tongguan\[张师傅\]>")
    assert "第 1 行第 1 列" in out and "^" in out
    t.send("open('/etc/passwd')\r")
    t.wait_for(r"不能有字符 '[\s\S]*tongguan\[张师傅\]>")
    t.send("status(title, Level, Route, eligible)\r")
    out = t.wait_for(r"4 个答案）[\s\S]*tongguan\[张师傅\]>")
    t.send(":explain 3\r")  # 副高级 normal: the explainer's proof tree
    out = t.wait_for(r"title-deputy-senior-normal[\s\S]*tongguan\[张师傅\]>")
    assert "A1-5.3.4" in out
    t.send(":explain 99\r")
    t.wait_for(r"没有第 99 个答案[\s\S]*tongguan\[张师傅\]>")
    t.send(":predicates\r")
    t.wait_for(r"award_opens\(Kind, Level\)[\s\S]*tongguan\[张师傅\]>")
    t.send(":quit\r")
    t.child.expect(pexpect.EOF, timeout=30)
    t.child.close()
    assert t.child.exitstatus == 0
    history = (tmp_path / "repl_history").read_text(encoding="utf-8")
    assert "award_opens(Kind, 正高级)" in history
