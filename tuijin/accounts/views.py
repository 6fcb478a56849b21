"""Pages of one's own account (change password) and the coordinators' list of login lockouts."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.password_validation import password_validators_help_texts
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from . import access, actions, lockout


class ChangePasswordForm(PasswordChangeForm):
    """Django's form (old password, new one twice, the validators), with every message in Chinese."""

    error_messages = {
        "password_incorrect": "原密码不正确，请重新输入。",
        "password_mismatch": "两次输入的新密码不一致。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "原密码"
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password2"].label = "再次输入新密码"
        for field in self.fields.values():
            field.error_messages["required"] = f"请填写{field.label}。"
            field.widget.attrs["class"] = "form-control"


class PasswordChangeView(auth_views.PasswordChangeView):
    """Every signed-in user, whatever their role; the session stays (Django updates its auth hash)."""

    form_class = ChangePasswordForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, password_rules=password_validators_help_texts())

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "密码已修改，下次登录请使用新密码。")
        return response

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


@login_required
def lockout_list(request):
    if not access.can_release_lockouts(request.user):
        raise PermissionDenied("只有统筹协调人员可以查看和解除登录锁定。")
    return render(request, "accounts/lockouts.html", {
        "lockouts": lockout.current_lockouts(),
        "minutes": int(lockout.cool_off().total_seconds() // 60),
    })


@login_required
@require_POST
def lockout_release(request):
    kind, value = request.POST.get("kind", ""), request.POST.get("value", "").strip()
    try:
        removed = actions.release_lockout(request.user, kind, value)
    except actions.UnlockRefused as refusal:
        messages.error(request, str(refusal))
    else:
        label = actions.KINDS[kind]
        if removed:
            messages.success(request, f"已解除{label}“{value}”的登录锁定，可以立即重新登录。")
        else:
            messages.info(request, f"{label}“{value}”当前没有被锁定。")
    return redirect("lockouts")
