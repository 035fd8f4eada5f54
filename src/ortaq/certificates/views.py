"""Public verification of certificates, and each holder's list of her own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ortaq.accounts.queries import current_user
from ortaq.certificates import queries, services
from ortaq.certificates.forms import LookupForm, RevokeForm
from ortaq.core.errors import DomainError, show_refusal
from ortaq.core.files import file_response


@require_safe
def lookup(request: HttpRequest) -> HttpResponse:
    """Type a certificate's code to check it."""
    form = LookupForm(request.GET or None)
    if form.is_valid():
        certificate = queries.certificate_by_code(code=form.cleaned_data["code"])
        if certificate is not None:
            return redirect("certificates:verify", code=certificate.code)
        return _not_found(request, form)
    return render(request, "certificates/lookup.html", {"form": form})


def _not_found(request: HttpRequest, form: LookupForm) -> HttpResponse:
    """The look-up form again, with the code she typed and what to do about it, answered 404."""
    form.add_error("code", _("No certificate has this code. Check it and try again."))
    return render(request, "certificates/lookup.html", {"form": form}, status=404)


@require_safe
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Say, to anyone and without signing in, whether a certificate is valid or revoked (and
    when); why, only to its holder and to those who may revoke it."""
    certificate = queries.certificate_by_code(code=code)
    if certificate is None:
        # A link mistyped or cut short: offer the look-up form rather than a bare 404 page.
        form = LookupForm({"code": code[:20]})
        form.is_valid()
        return _not_found(request, form)
    if certificate.code != code:
        return redirect("certificates:verify", code=certificate.code)
    can_revoke = request.user.has_perm("certificates.revoke_certificate", certificate)
    return render(
        request,
        "certificates/verify.html",
        {
            "certificate": certificate,
            "revoke_form": RevokeForm() if can_revoke and certificate.is_valid else None,
            "show_reason": not certificate.is_valid
            and request.user.has_perm("certificates.read_revoke_reason", certificate),
        },
    )


@login_required
@require_POST
def revoke(request: HttpRequest, code: str) -> HttpResponse:
    certificate = queries.certificate_by_code(code=code)
    if certificate is None:
        raise Http404
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.certificate_revoke(
                actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            show_refusal(request, exc)
        else:
            messages.success(request, _("The certificate is revoked."))
    else:
        messages.error(request, _("Say why the certificate is revoked."))
    return redirect("certificates:verify", code=certificate.code)


@login_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "certificates/mine.html",
        {"certificates": queries.certificates_of(user=current_user(request))},
    )


@login_required
@require_safe
def download(request: HttpRequest, code: str) -> HttpResponseBase:
    """The PDF, for its holder (and administrators)."""
    certificate = queries.certificate_to_download(code=code, user=request.user)
    if not certificate.pdf:
        messages.info(request, _("The PDF is still being prepared. Try again in a minute."))
        return redirect("certificates:mine")
    return file_response(
        request,
        certificate.pdf.name or "",
        storage=certificate.pdf.storage,
        download_name=f"ortaq-{certificate.code}.pdf",
    )
