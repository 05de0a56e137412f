"""The admin pages' refusals are in Chinese: a form or upload over its cap says which cap."""
from __future__ import annotations

import io

from websec_helpers import TOKEN, message

from search_web import create_app


def test_a_form_or_upload_over_its_cap_is_refused_in_chinese(tmp_path) -> None:
    app = create_app({"index": str(tmp_path / "index"), "admin_token": TOKEN,
                      "upload_cap_mb": 1, "TESTING": True})
    client = app.test_client()
    form = client.post("/admin/login", data={"token": "x" * 70_000})
    assert (form.status_code, message(form.text)) == (413, "提交的表单超过了 64 KB 的上限。")
    upload = client.post("/admin/upload", headers={"Authorization": f"Bearer {TOKEN}"},
                         data={"issue": (io.BytesIO(b"x" * (2**20 + 1)), "big.zip")})
    assert (upload.status_code, message(upload.text)) == (
        413, "上传的文件超过了 1 MB 的上限：请分开上传，或请管理员调高 BAOKU_UPLOAD_CAP_MB。")
