"""擂台赛 pages: the ranking for a period, a unit's records behind one figure, the exports and the settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from tuijin.accounts.access import is_coordinator
from tuijin.lib.params import BadParam
from tuijin.lib.web import form_errors
from tuijin.lib import xlsx

from . import access, actions, calculations, exports
from .forms import BoardForm
from .models import Board, Measure


def _span(request):
    if not request.GET.get("from") and not request.GET.get("to"):
        return calculations.default_span(timezone.localdate())
    try:
        return calculations.Span.parse(request.GET.get("from", ""), request.GET.get("to", ""))
    except calculations.SpanError as error:
        raise BadParam(str(error)) from error


@login_required
def home(request):
    if not access.may_see_boards(request.user):
        raise PermissionDenied("擂台赛排名仅供政府工作人员查看。")
    board = Board.objects.first()
    if board is not None:
        return redirect("leaderboards_board", pk=board.pk)
    return render(request, "leaderboards/empty.html", {"may_edit": is_coordinator(request.user)})


@login_required
def board(request, pk):
    board = access.visible_board_or_404(request.user, pk)
    span = _span(request)
    rows = calculations.leaderboard(board, span)
    context = {"board": board, "boards": Board.objects.all(), "span": span, "rows": rows,
               "weights": list(board.measures.all()), "chart": calculations.chart(rows),
               "red": [row for row in rows if row.red], "black": [row for row in rows if row.black],
               "may_edit": is_coordinator(request.user),
               "drillable": {row.unit.pk for row in rows if access.may_drill(request.user, row.unit)}}
    return render(request, "leaderboards/board.html", context)


@login_required
def drill(request, pk, unit_pk, measure):
    board = access.visible_board_or_404(request.user, pk)
    unit = access.drillable_unit_or_404(request.user, board, unit_pk)
    if measure not in Measure.values:
        raise BadParam(f"未知的指标“{measure}”")
    span = _span(request)
    score = calculations.measure_of(measure, unit, span)
    records = score.records() if score.records else []
    return render(request, "leaderboards/drill.html", {"board": board, "unit": unit, "span": span, "score": score,
                                                       "records": records, "measure": Measure(measure)})


@login_required
def export(request, pk, fmt):
    board = access.visible_board_or_404(request.user, pk)
    if fmt not in ("xlsx", "docx"):
        raise Http404
    span = _span(request)
    rows = calculations.leaderboard(board, span)
    name = f"{board.name}排名（{span.label}）"
    if fmt == "docx":
        return exports.docx_download(exports.document(board, span, rows), f"{name}.docx")
    return xlsx.download(exports.workbook(board, span, rows), f"{name}.xlsx")


def _edit(request, board):
    form = BoardForm(request.POST or None, instance=board)
    if request.method == "POST":
        if form.is_valid():
            try:
                data = {name: form.cleaned_data[name] for name in actions.BOARD_FIELDS}
                saved = actions.save_board(actor=request.user, data=data, weights=form.weights(), board=board)
            except actions.ActionRefused as refused:
                messages.error(request, str(refused))
            else:
                messages.success(request, f"已保存“{saved.name}”的设置。")
                return redirect("leaderboards_board", pk=saved.pk)
        else:
            messages.error(request, form_errors(form))
    status = 400 if request.method == "POST" else 200
    return render(request, "leaderboards/edit.html", {"form": form, "board": board}, status=status)


@login_required
def create(request):
    if not is_coordinator(request.user):
        raise PermissionDenied("擂台赛由统筹协调人员设置。")
    return _edit(request, None)


@login_required
def edit(request, pk):
    return _edit(request, access.editable_board_or_404(request.user, pk))
