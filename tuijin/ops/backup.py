"""One archive with the database and the uploaded files, written while the app runs, and restored from it.

Why not ``dumpdata``/``loaddata`` as they are: they read table after table outside one
transaction (a backup taken while people work mixes moments), they dump content types and
permissions by id (which clash with those ``migrate`` made in the new database), and a load
fails on the battle map's cell log — the database triggers write a ``DashboardCellChange``
for every project loaded, and the dumped rows then collide with them. So:

- every model is serialized inside **one read transaction** (REPEATABLE READ, READ ONLY on
  PostgreSQL; a deferred read transaction on SQLite, which in WAL mode is a snapshot and
  blocks no writer), content types and permissions by natural key (``serializer.py``);
- **derived data** (the battle map's cells, their change log and years) is left out and is
  recomputed on first view; sessions are left out (people sign in again);
- the **archive** is a .tar.gz: ``manifest.json`` (format, time, schema migrations, record
  counts per model, SHA-256 of every file), ``db/NNN-app.model.json`` in load order, and
  ``media/…`` — the uploads under MEDIA_ROOT;
- **restore** loads into a migrated database with no business rows (or replaces one with
  ``--replace``) in one transaction, with the audit capture paused (the log is restored as it
  was), then checks the counts and the files' hashes against the manifest.
"""

import datetime as dt
import hashlib
import json
import os
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from tuijin.audit import registry as audit

from .serializer import Serializer

FORMAT = 1
# Kept figures beside the battle map's cells (progress.kept, alerts.warningcells): recomputed on first view.
DERIVED = ("progress.kpicellchange", "progress.kpicell", "progress.kpiday",
           "alerts.warningcellchange", "alerts.warningcell", "alerts.warningcellstate")
# Never in a backup: made by ``migrate`` (content types, permissions), per login (sessions), or derived.
SKIPPED = {"contenttypes.contenttype", "auth.permission", "sessions.session",
           "alerts.dashboardcell", "alerts.dashboardcellchange", "alerts.dashboardyear", *DERIVED}
# Reference lists the migrations themselves fill (a fresh database has these rows): not "business rows",
# and replaced by the backup's own rows on restore. tests/audit/test_it_backs_up_and_restores.py keeps this true.
SEEDED = ("enterprises.industry", "coordination.problemcategory",  # children before the tables they point to
          "nodeplans.templatelink", "nodeplans.templatenode", "nodeplans.nodetemplate")  # the shipped flows


class RestoreRefused(Exception):
    """The archive or the database is not fit for a restore; the message says why, in Chinese."""


def backed_up_models():
    """Every model whose rows go into a backup, in an order where each comes after those it points to."""
    chosen = [model for model in apps.get_models() if model._meta.label_lower not in SKIPPED
              and model._meta.managed and not model._meta.proxy]
    return serializers.sort_dependencies([(None, chosen)], allow_cycles=True)


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _applied_migrations() -> dict:
    latest = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        latest.setdefault(app_label, []).append(name)
    return latest


class _Counted:
    def __init__(self, rows):
        self.rows, self.count = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


def _read_snapshot():
    """A context in which every query sees the same moment of the database."""
    if connection.in_atomic_block:  # already inside a transaction (tests): that is the snapshot
        return transaction.atomic()
    if connection.vendor == "postgresql":
        return _PostgresSnapshot()
    return _SqliteSnapshot()


class _PostgresSnapshot:
    def __enter__(self):
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")

    def __exit__(self, *exc):
        return self.atomic.__exit__(*exc)


class _SqliteSnapshot:
    """BEGIN DEFERRED by hand: Django's atomic() would BEGIN IMMEDIATE here and hold off every writer."""

    def __enter__(self):
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")

    def __exit__(self, *exc):
        with connection.cursor() as cursor:
            cursor.execute("ROLLBACK")


def write_backup(out, *, progress=print) -> dict:
    """Write the archive to ``out`` (atomically: a temporary file renamed at the end); return the manifest."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    manifest = {"format": FORMAT, "app": "tuijin", "created_at": dt.datetime.now(dt.timezone.utc).isoformat(),
                "database": connection.vendor, "models": {}, "files": {}}
    handle, partial = tempfile.mkstemp(prefix=".backup-", suffix=".tar.gz", dir=out.parent)
    os.close(handle)
    try:
        with tarfile.open(partial, "w:gz") as archive:
            with _read_snapshot():
                manifest["migrations"] = _applied_migrations()
                for index, model in enumerate(backed_up_models()):
                    label = model._meta.label_lower
                    rows = _Counted(model._base_manager.order_by("pk").iterator(chunk_size=2000))
                    with tempfile.TemporaryFile() as data:
                        text = _TextSink(data)
                        Serializer().serialize(rows, stream=text, indent=None)
                        _add(archive, f"db/{index:03d}-{label}.json", data)
                    manifest["models"][label] = rows.count
                    progress(f"{model._meta.verbose_name}（{label}）：{rows.count} 条")
            root = _media_root()
            for path in sorted(root.rglob("*")) if root.is_dir() else []:
                if path.is_file() and not path.is_symlink():
                    relative = path.relative_to(root).as_posix()
                    manifest["files"][relative] = _sha256(path)
                    archive.add(path, arcname=f"media/{relative}", recursive=False)
            progress(f"上传文件：{len(manifest['files'])} 个")
            encoded = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            with tempfile.TemporaryFile() as data:
                data.write(encoded)
                _add(archive, "manifest.json", data)
        os.replace(partial, out)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return manifest


class _TextSink:
    """The serializer writes text; the archive wants bytes."""

    def __init__(self, binary):
        self.binary = binary

    def write(self, text):
        self.binary.write(text.encode())

    def flush(self):
        pass


def _add(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = data.tell()
    info.mtime = int(dt.datetime.now().timestamp())
    data.seek(0)
    archive.addfile(info, data)


def business_rows() -> dict:
    """Rows in tables a fresh, migrated database leaves empty: label → count, only those with rows."""
    found = {}
    for model in backed_up_models():
        label = model._meta.label_lower
        if label not in SEEDED:
            count = model._base_manager.count()
            if count:
                found[label] = count
    return found


def _read_manifest(archive) -> dict:
    try:
        member = archive.getmember("manifest.json")
        manifest = json.loads(archive.extractfile(member).read())
    except (KeyError, ValueError) as error:
        raise RestoreRefused(f"这不是推进的备份文件（缺少或无法读取 manifest.json：{error}）。") from None
    if manifest.get("app") != "tuijin" or manifest.get("format") != FORMAT:
        raise RestoreRefused(f"备份文件格式不受支持（format={manifest.get('format')!r}，本版本只能恢复 format={FORMAT}）。")
    return manifest


def _check_database(manifest, replace):
    if MigrationExecutor(connection).migration_plan(MigrationExecutor(connection).loader.graph.leaf_nodes()):
        raise RestoreRefused("数据库还有未执行的迁移：请先运行 python manage.py migrate，再恢复。")
    applied = _applied_migrations()
    newer = sorted(f"{app}.{name}" for app, names in manifest.get("migrations", {}).items()
                   for name in names if name not in applied.get(app, []))
    if newer:
        raise RestoreRefused(f"备份来自更新版本的推进（本数据库没有这些迁移：{'、'.join(newer[:5])}）：请先升级程序。")
    unknown = sorted(set(manifest["models"]) - {model._meta.label_lower for model in backed_up_models()})
    if unknown:
        raise RestoreRefused(f"备份中有本版本不认识的数据类型：{'、'.join(unknown)}。")
    if not replace:
        rows = business_rows()
        if rows:
            listed = "、".join(f"{label} {count} 条" for label, count in list(rows.items())[:5])
            raise RestoreRefused(f"目标数据库不是空的（已有 {listed} 等）：恢复只能写入空数据库；"
                                 "确认要用备份整体替换现有数据时，请加 --replace。")


def _safe_members(archive, prefix):
    for member in archive.getmembers():
        if member.name.startswith(prefix) and member.isfile():
            relative = Path(member.name[len(prefix):])
            if relative.is_absolute() or ".." in relative.parts:
                raise RestoreRefused(f"备份文件中有不安全的路径：{member.name}")
            yield member, relative.as_posix()


def restore_backup(path, *, replace=False, progress=print) -> dict:
    """Restore the archive at ``path``; refuse (``RestoreRefused``) a database with business rows unless ``replace``."""
    try:
        archive = tarfile.open(path, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise RestoreRefused(f"无法打开备份文件 {path}：{error}") from None
    with archive, tempfile.TemporaryDirectory(prefix="tuijin-restore-") as work:
        work = Path(work)
        manifest = _read_manifest(archive)
        _check_database(manifest, replace)
        fixtures = []
        for member, relative in _safe_members(archive, "db/"):
            target = work / "db" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source, open(target, "wb") as sink:
                shutil.copyfileobj(source, sink)
            label = relative.split("-", 1)[-1].removesuffix(".json")
            if manifest["models"].get(label):  # loaddata warns about a file with no rows
                fixtures.append(target)
        staged = work / "media"
        for member, relative in _safe_members(archive, "media/"):
            target = staged / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source, open(target, "wb") as sink:
                shutil.copyfileobj(source, sink)
            if manifest["files"].get(relative) != _sha256(target):
                raise RestoreRefused(f"备份中的文件 {relative} 已损坏（校验值不符）。")
        missing = sorted(set(manifest["files"]) - {p.relative_to(staged).as_posix()
                                                   for p in staged.rglob("*") if p.is_file()})
        if missing:
            raise RestoreRefused(f"备份中缺少文件：{'、'.join(missing[:5])}")
        _load(sorted(fixtures), manifest, replace, progress)
        root = _media_root()
        for source in sorted(p for p in staged.rglob("*") if p.is_file()):
            relative = source.relative_to(staged).as_posix()
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(source, target)
            if _sha256(target) != manifest["files"][relative]:
                raise RestoreRefused(f"文件 {relative} 恢复后校验值不符。")
        progress(f"上传文件：{len(manifest['files'])} 个，校验一致")
    return manifest


def _empty(model):
    """One DELETE for the whole table (the ORM's delete would refuse a self-reference such as Industry.parent)."""
    rows = model._base_manager.all()
    rows._raw_delete(rows.db)


def _load(fixtures, manifest, replace, progress):
    with audit.paused(), transaction.atomic():
        if replace:
            if connection.vendor == "postgresql":
                # TRUNCATE refuses tables with foreign-key checks still pending in this transaction: run them now.
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            call_command("flush", interactive=False, verbosity=0)
            ContentType.objects.clear_cache()  # migrate's content types were made anew, with new ids
        else:
            for label in [label for label in SEEDED if label in manifest["models"]]:
                _empty(apps.get_model(label))
        if fixtures:
            call_command("loaddata", *[str(path) for path in fixtures], verbosity=0)
        # The cell triggers logged every project loaded; the cells are computed afresh on first view.
        for label in ("alerts.dashboardcellchange", "alerts.dashboardcell", "alerts.dashboardyear", *DERIVED):
            _empty(apps.get_model(label))
        wrong = []
        for model in backed_up_models():
            label = model._meta.label_lower
            expected, found = manifest["models"].get(label, 0), model._base_manager.count()
            if expected != found:
                wrong.append(f"{label} 备份 {expected} 条、恢复后 {found} 条")
            elif expected:
                progress(f"{model._meta.verbose_name}（{label}）：{found} 条")
        if wrong:
            raise RestoreRefused("恢复后记录数与备份不一致，已撤销：" + "；".join(wrong))
