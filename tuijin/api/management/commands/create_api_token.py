from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from tuijin.api import actions


class Command(BaseCommand):
    help = "为用户创建 API 令牌并打印令牌原文（只显示这一次）。"

    def add_arguments(self, parser):
        parser.add_argument("username", help="登录名")
        parser.add_argument("--name", default="手机App", help="令牌名称（用途），默认“手机App”")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有登录名为“{username}”的用户。")
        try:
            token, plain = actions.create_token(user, name=name)
        except actions.TokenRefused as refusal:
            raise CommandError(str(refusal)) from None
        self.stderr.write(
            f"已为 {user.username}（{user.display_name}）创建 API 令牌“{token.name}”，前缀 {token.prefix}。"
            "令牌原文只显示这一次，系统只保存其摘要："
        )
        self.stdout.write(plain)
