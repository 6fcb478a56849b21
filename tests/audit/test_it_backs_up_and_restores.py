"""``backup`` writes the database and the uploads to one archive; ``restore`` brings them back, counted and hashed."""

import hashlib
import json
import tarfile

import pytest
from django.contrib.auth import authenticate
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from tuijin.alerts.models import DashboardCellChange
from tuijin.audit import triggers
from tuijin.audit.models import AuditEntry
from tuijin.ops.backup import backed_up_models, business_rows
from tuijin.projects.models import EventKind, Project, ProjectEvent


def _counts():
    return {model._meta.label_lower: model._base_manager.count() for model in backed_up_models()}


def _hashes(root):
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file()}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = settings.MEDIA_ROOT / "reports" / "2026" / "工地照片.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"\xff\xd8\xff" + bytes(range(256)) * 40)
    (settings.MEDIA_ROOT / "coordination" / "说明.pdf").parent.mkdir(parents=True)
    (settings.MEDIA_ROOT / "coordination" / "说明.pdf").write_bytes(b"%PDF-1.4 test")
    return settings.MEDIA_ROOT


def test_a_freshly_migrated_database_has_no_business_rows(db):
    # Given the test database as migrate left it, Then only the reference lists migrate fills have rows
    assert business_rows() == {}


def test_it_round_trips_every_record_and_file_into_an_empty_database(transactional_db, users, project, media,
                                                                     tmp_path, capsys):
    # Given a district with users, a project with its history, audit entries, cell logs and uploaded files
    coordinator = users["coordinator"]
    coordinator.set_password("backup-secret-9")
    coordinator.save()
    ProjectEvent.objects.create(project=project, kind=EventKind.CREATED, to_stage=project.stage, version=1)
    project.name = "备份前改过的名称"
    project.save()
    assert DashboardCellChange.objects.exists() and AuditEntry.objects.exists()
    before, files = _counts(), _hashes(media)
    archive = tmp_path / "backup" / "tuijin.tar.gz"

    # When it is backed up, the database emptied (flush, past the audit triggers) and the files lost
    call_command("backup", out=str(archive))
    printed = capsys.readouterr().out
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    for path in media.rglob("*"):
        if path.is_file():
            path.unlink()
    assert business_rows() == {}

    # And restored
    call_command("restore", str(archive))
    restored = capsys.readouterr().out

    # Then every model has its records back, and every file its bytes
    assert "项目（projects.project）" in printed and "备份完成" in printed
    assert "恢复完成" in restored and "校验值均与备份一致" in restored
    after = _counts()
    assert {label: count for label, count in after.items() if count} == {k: v for k, v in before.items() if v}
    assert _hashes(media) == files
    assert Project.objects.get(pk=project.pk).name == "备份前改过的名称"
    assert authenticate(username="coordinator", password="backup-secret-9") is not None
    # And the battle map's cell log starts afresh, while the audit log is as it was and still append-only
    assert not DashboardCellChange.objects.exists()
    assert triggers.installed(connection)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")
    # And the manifest lists the counts and the files' hashes
    with tarfile.open(archive) as opened:
        manifest = json.loads(opened.extractfile("manifest.json").read())
    assert manifest["models"]["projects.project"] == 1 and manifest["files"] == files


def test_it_refuses_to_restore_over_a_database_with_business_rows(db, project, media, tmp_path):
    # Given a backup, and a database that already holds a project
    archive = tmp_path / "b.tar.gz"
    call_command("backup", out=str(archive))
    project.name = "备份之后的修改"
    project.save()

    # When it is restored without --replace, Then it is refused in Chinese and nothing is touched
    with pytest.raises(CommandError, match="目标数据库不是空的.*--replace"):
        call_command("restore", str(archive))
    assert Project.objects.get(pk=project.pk).name == "备份之后的修改"


def test_it_replaces_a_database_when_told_to(db, project, media, tmp_path):
    # Given a backup, then a later change
    archive = tmp_path / "b.tar.gz"
    call_command("backup", out=str(archive))
    project.name = "备份之后的修改"
    project.save()
    # When restored with --replace, Then the database is as it was at the backup
    call_command("restore", str(archive), replace=True)
    ContentType.objects.clear_cache()
    assert Project.objects.get(pk=project.pk).name == "年产5万吨锂电池正极材料项目"


def test_it_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    not_a_backup = tmp_path / "photo.tar.gz"
    not_a_backup.write_bytes(b"not a tarball")
    with pytest.raises(CommandError, match="无法打开备份文件"):
        call_command("restore", str(not_a_backup))
