"""The minutes PDF (biên bản họp bình xét): Vietnamese text intact, every part present."""

import shutil
import subprocess

import pytest

from awards import minutes, voting

from .vote_setup import all_yes, conference

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")


def _text(pdf, tmp_path):
    path = tmp_path / "minutes.pdf"
    path.write_bytes(pdf)
    command = ["pdftotext", "-enc", "UTF-8", str(path), "-"]
    # A fixed command from poppler-utils (a declared system dependency) on a file the test built.
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603


def test_minutes_show_motto_attendance_quorum_tally_rule_recusal_signatures(unit_a, unit_b, officer_a, tmp_path):
    conf = conference(chair=unit_a, others=[unit_b], present=9, chair_user=officer_a)
    for i, org in enumerate(conf.members[:9]):
        voting.cast_ballot(
            conf.vote, by=None, organization=org, choices=all_yes(conf.vote, org, "yes" if i < 7 else "no")
        )
    vote = voting.close_vote(conf.vote, by=officer_a)
    text = _text(minutes.render(vote), tmp_path)
    flat = " ".join(text.split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat.upper()
    assert "Độc lập - Tự do - Hạnh phúc" in flat
    assert "BIÊN BẢN HỌP BÌNH XÉT" in flat.upper()
    assert "Sở Thông tin và Truyền thông tỉnh Gia Lai" in flat
    assert "Đại diện 1" in flat
    assert "Vắng mặt" in flat
    assert "có mặt: 9; túc số: 7" in flat
    assert "Đủ túc số" in flat
    assert "trên 50 % tổng số thành viên" in flat
    assert "Đạt" in flat
    assert "phiếu đồng ý trên 10" in flat
    assert "Không tham gia bỏ phiếu: Sở TTTT Phú Yên" in flat
    assert "THƯ KÝ" in flat.upper()
    assert "CỤM TRƯỞNG" in flat.upper()
