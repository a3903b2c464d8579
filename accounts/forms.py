from axes.handlers.proxy import AxesProxyHandler
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import User


class LoginForm(AuthenticationForm):
    """Log in with a username or an e-mail address."""

    error_messages = {
        "invalid_login": _("The username/e-mail or password is not correct. Note that the password is case-sensitive."),
        "inactive": _("This account is inactive."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Username or e-mail")
        self.fields["username"].widget.attrs.update({"autofocus": True, "autocomplete": "username"})
        self.helper = FormHelper()
        self.helper.form_tag = False


def verify_current_password(request, user, password):
    """Refuse unless `password` is `user`'s, counting wrong ones as failed log-ins.

    A session left open must not let someone guess the password at leisure: each wrong
    password counts towards the same lock-out as the log-in page (django-axes, keyed on the
    account and address), and while locked no password is even checked.
    """
    credentials = {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}
    if AxesProxyHandler.is_allowed(request, credentials):
        checked = authenticate(request, username=user.get_username(), password=password or "")
        if checked is not None and checked.pk == user.pk:
            return
        if AxesProxyHandler.is_allowed(request, credentials):
            raise forms.ValidationError(
                _("Your current password was entered incorrectly. Please enter it again."), code="password_incorrect"
            )
    # The form says why; the log-in lock-out page is for the log-in form.
    request.axes_locked_out = False
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    raise forms.ValidationError(
        ngettext(
            "Too many wrong passwords: the check is paused for %(minutes)s minute. Try again later.",
            "Too many wrong passwords: the check is paused for %(minutes)s minutes. Try again later.",
            minutes,
        )
        % {"minutes": minutes},
        code="locked",
    )


class PortalPasswordChangeForm(PasswordChangeForm):
    """Change the password; wrong current passwords are throttled like failed log-ins."""

    def __init__(self, user, *args, request=None, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Change password")))

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        try:
            verify_current_password(self.request, self.user, old_password)
        except forms.ValidationError as error:
            if error.code == "password_incorrect":
                raise forms.ValidationError(
                    self.error_messages["password_incorrect"], code="password_incorrect"
                ) from error
            raise
        return old_password


class ProfileForm(forms.ModelForm):
    """Personal details. The e-mail address is also a log-in name: changing it needs the password."""

    current_password = forms.CharField(
        label=_("Current password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Needed only to change the e-mail address, which you can also log in with."),
    )

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "position", "phone"]
        labels = {"first_name": _("Given name"), "last_name": _("Family and middle name")}

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.original_email = self.instance.email
        self.fields["email"].required = True
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another account already uses this e-mail address."))
        return email

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        if email is not None and email.casefold() != (self.original_email or "").casefold():
            password = cleaned.get("current_password")
            if not password:
                self.add_error("current_password", _("Enter your current password to change the e-mail address."))
            else:
                try:
                    verify_current_password(self.request, self.instance, password)
                except forms.ValidationError as error:
                    self.add_error("current_password", error)
        return cleaned


class OrganizationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("active", _("Active")), ("ended", _("Ended"))],
    )

    def __init__(self, *args, **kwargs):
        from .models import Organization

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *Organization.Kind.choices]
