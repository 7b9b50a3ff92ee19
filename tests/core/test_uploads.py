import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from efficiency_center.uploads import Attachment, EvidenceFileField, attach
from tests.workflow_app.models import Memo


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.django_db
class TestEvidence:
    def test_real_png_is_stored_with_detected_type_and_hash(self, media, users, dept_a):
        memo = Memo.objects.create(department=dept_a, title="证据")
        attachment = attach(
            memo, SimpleUploadedFile("现场照片.png", png_bytes()), user=users["staff_a"]
        )
        assert attachment.kind == "png" and attachment.size > 0 and len(attachment.sha256) == 64
        assert attachment.original_name == "现场照片.png"
        assert "现场照片" not in attachment.file.name  # stored under a random name

    @pytest.mark.parametrize(
        "name,content",
        [
            ("报告.pdf", b"MZ\x90\x00 this is a windows program"),
            ("照片.jpg", b"just text pretending to be a photo"),
            ("表格.xlsx", b"PK\x03\x04 not really a zip"),
        ],
    )
    def test_content_not_name_decides(self, users, name, content):
        field = EvidenceFileField()
        with pytest.raises(ValidationError) as refused:
            field.clean(SimpleUploadedFile(name, content))
        assert "不是允许的类型" in str(refused.value.messages[0])

    def test_too_big_and_empty_are_refused(self):
        field = EvidenceFileField(max_bytes=1024)
        big = SimpleUploadedFile("a.png", png_bytes() + b"\0" * 2048)
        with pytest.raises(ValidationError) as refused:
            field.clean(big)
        assert "最多允许 1.0\xa0KB" in refused.value.messages[0]
        with pytest.raises(ValidationError):
            EvidenceFileField().clean(SimpleUploadedFile("a.png", b""))


@pytest.mark.django_db
class TestDownload:
    @pytest.fixture
    def attachment(self, media, users, dept_a):
        memo = Memo.objects.create(department=dept_a, title="证据")
        return attach(memo, SimpleUploadedFile("照片.png", png_bytes()), user=users["staff_a"])

    @pytest.mark.parametrize(
        "username,status",
        [
            ("staff_a", 200),
            ("head_a", 200),
            ("clerk", 200),
            ("leader", 200),
            ("staff_b", 404),
            ("head_b", 404),
            ("staff_sub", 404),
            ("reviewer", 404),
        ],
    )
    def test_only_who_may_see_the_record_gets_the_file(
        self, client, users, attachment, username, status
    ):
        client.force_login(users[username])
        response = client.get(reverse("attachment_download", args=[attachment.pk]))
        assert response.status_code == status
        if status == 200:
            assert response["Content-Type"] == "image/png"
            assert response["X-Content-Type-Options"] == "nosniff"

    def test_anonymous_gets_404_for_unpublished(self, client, attachment):
        assert client.get(reverse("attachment_download", args=[attachment.pk])).status_code == 404

    def test_public_once_published(self, client, attachment):
        Memo.objects.filter(pk=attachment.owner_id).update(state="published")
        assert client.get(reverse("attachment_download", args=[attachment.pk])).status_code == 200

    def test_supervising_head_reads_sub_unit_file(self, client, media, users, sub_of_a):
        memo = Memo.objects.create(department=sub_of_a, title="所证据")
        attachment = attach(memo, SimpleUploadedFile("p.png", png_bytes()), user=users["staff_sub"])
        client.force_login(users["head_a"])
        assert client.get(reverse("attachment_download", args=[attachment.pk])).status_code == 200
        client.force_login(users["staff_a"])  # staff of the supervisor: not a reader
        assert client.get(reverse("attachment_download", args=[attachment.pk])).status_code == 404
        assert Attachment.objects.count() == 1


@pytest.mark.django_db
class TestSealedFiles:
    @pytest.fixture
    def sealed(self, media, users, dept_a):
        from efficiency_center.uploads import attach as attach_file

        memo = Memo.objects.create(department=dept_a, title="投诉证据", state="published")
        return attach_file(
            memo, SimpleUploadedFile("身份证.png", png_bytes()), user=users["clerk"], sealed=True
        )

    @pytest.mark.parametrize(
        "username,status",
        [("clerk", 200), ("leader", 200), ("admin", 200), ("staff_a", 404), ("head_a", 404)],
    )
    def test_only_center_users_get_a_sealed_file(self, client, users, sealed, username, status):
        client.force_login(users[username])
        response = client.get(reverse("attachment_download", args=[sealed.pk]))
        assert response.status_code == status

    def test_not_even_a_published_owner_opens_it_to_the_public(self, client, sealed):
        assert client.get(reverse("attachment_download", args=[sealed.pk])).status_code == 404

    def test_listing_leaves_sealed_files_out_for_unit_users(self, users, sealed):
        from efficiency_center.uploads import attachments_visible_to

        owner = sealed.owner
        assert list(attachments_visible_to(owner, users["clerk"])) == [sealed]
        assert list(attachments_visible_to(owner, users["staff_a"])) == []
