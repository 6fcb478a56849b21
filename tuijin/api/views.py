"""The "API 令牌" page: a logged-in user creates and revokes their own API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from . import actions
from .forms import TokenForm
from .models import ApiToken


def _own_token(request, pk) -> ApiToken:
    """One of the user's own tokens; anybody else's is a 404, as if it did not exist."""
    return get_object_or_404(ApiToken.objects.filter(user=request.user), pk=pk)


@login_required
def token_list(request):
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = actions.create_token(request.user, name=form.cleaned_data["name"], actor=request.user)
        except actions.TokenRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            form = TokenForm()
    context = {
        "form": form,
        "created": created and {"token": created[0], "plain": created[1]},
        "tokens": request.user.api_tokens.all(),
    }
    response = render(request, "api/tokens.html", context, status=400 if form.errors else 200)
    add_never_cache_headers(response)  # the page may carry a plain token: no browser or proxy may keep it
    return response


@login_required
@require_POST
def token_revoke(request, pk):
    token = _own_token(request, pk)
    if actions.revoke_token(token, actor=request.user):
        messages.success(request, f"已吊销令牌“{token.name}”（{token.prefix}…），使用它的应用将无法再调用 API。")
    else:
        messages.info(request, f"令牌“{token.name}”（{token.prefix}…）此前已吊销。")
    return redirect("api_tokens")
