"""One error type: a service's refusal becomes a form error or a message with the right status,
never a server error."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from efficiency_center.errors import (
    DomainError,
    Forbidden,
    Invalid,
    NotFound,
    StaleVersionError,
    as_domain_error,
)
from efficiency_center.middleware import DomainErrorMiddleware
from efficiency_center.scoring import AssessmentClosedError, LedgerError
from efficiency_center.shortcuts import cleaned, form_status, refusals_onto


class NoteForm(forms.Form):
    text = forms.CharField()
    version = forms.IntegerField()


def request(method="post", path="/pledges/work/1/act/", user=None, **headers):
    req = getattr(RequestFactory(), method)(path, **headers)
    SessionMiddleware(lambda r: None).process_request(req)
    req._messages = FallbackStorage(req)
    from django.contrib.auth.models import AnonymousUser

    req.user = user or AnonymousUser()
    return req


def middleware(req, exc):
    return DomainErrorMiddleware(lambda r: None).process_exception(req, exc)


class TestTheFamily:
    def test_statuses(self):
        assert DomainError("x").status == 400 and Invalid("x").status == 400
        assert Forbidden("x").status == 403 and NotFound("x").status == 404
        assert StaleVersionError().status == 409

    def test_the_ledgers_refusals_are_domain_errors(self, campaign):
        assert issubclass(LedgerError, DomainError)
        assert AssessmentClosedError(campaign).status == 400
        assert "2026" in str(AssessmentClosedError(campaign))

    def test_field_errors(self):
        error = Invalid({"reason": "请说明理由。"})
        assert error.errors == {"reason": ["请说明理由。"]} and str(error) == "请说明理由。"
        assert Invalid("整体问题", field="text").errors == {"text": ["整体问题"]}

    def test_a_validation_error_from_a_service_is_a_refusal_with_its_fields(self):
        error = as_domain_error(ValidationError({"file": "文件类型不符。"}))
        assert error.status == 400 and error.errors == {"file": ["文件类型不符。"]}
        assert as_domain_error(KeyError("x")) is None


class TestOnAForm:
    def test_field_refusal_goes_next_to_its_field_and_the_status_follows(self):
        form = NoteForm({"text": "x", "version": "1"})
        assert form.is_valid()
        with refusals_onto(form):
            raise Invalid({"text": "不能提及投诉人。"})
        assert form.errors["text"] == ["不能提及投诉人。"] and form_status(form) == 400

    def test_stale_version_is_409_above_the_form(self):
        form = NoteForm({"text": "x", "version": "1"})
        form.is_valid()
        with refusals_onto(form):
            raise StaleVersionError()
        assert form.non_field_errors() and form_status(form) == 409

    def test_other_exceptions_are_not_swallowed(self):
        form = NoteForm({"text": "x", "version": "1"})
        with pytest.raises(KeyError), refusals_onto(form):
            raise KeyError("bug")

    def test_bad_input_is_400_and_an_untouched_form_200(self):
        assert form_status(NoteForm({"text": ""})) == 400
        assert form_status(NoteForm()) == 200

    def test_cleaned_refuses_a_bad_button_post(self):
        with pytest.raises(Invalid) as refused:
            cleaned(NoteForm({"text": "x"}))
        assert "必填" in str(refused.value) or str(refused.value)


@pytest.mark.django_db
class TestTheMiddleware:
    def test_a_refused_post_goes_back_with_the_message(self):
        req = request(HTTP_REFERER="http://testserver/pledges/work/1/")
        response = middleware(req, DomainError("该承诺已公开，不能修改。"))
        assert response.status_code == 303 and response.url == "http://testserver/pledges/work/1/"
        assert [str(m) for m in get_messages(req)] == ["该承诺已公开，不能修改。"]

    def test_a_foreign_referer_is_not_followed(self):
        req = request(HTTP_REFERER="https://evil.example/")
        response = middleware(req, DomainError("x"))
        assert response.url == "/"

    def test_a_refused_get_answers_its_status_with_the_message(self):
        response = middleware(request("get", "/x/"), StaleVersionError())
        assert response.status_code == 409 and "重新" in response.content.decode()

    def test_forbidden_and_not_found_have_their_pages(self, users):
        req = request("get", "/x/", user=users["staff_a"])
        assert middleware(req, Forbidden("x")).status_code == 403
        assert middleware(request("get", "/x/"), NotFound("x")).status_code == 404

    def test_other_exceptions_are_left_alone(self):
        assert middleware(request(), KeyError("bug")) is None
