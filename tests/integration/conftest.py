import pytest
from starlette.testclient import TestClient

from leadmachine.api import build_api


@pytest.fixture
def client():
    with TestClient(build_api(), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def business(make_business):
    return make_business("Acme Plumbing", hours="Mon-Fri 8am-6pm")


@pytest.fixture
def post_lead(client, business):
    def post(body=None, key=None, **kwargs):
        payload = body if body is not None else {
            "name": "Jane Doe",
            "phone": "(415) 555-2671",
            "message": "My sink is leaking",
            "consent": True,
        }
        return client.post(f"/api/v1/widget/{key or business.widget_key}/leads", json=payload, **kwargs)

    return post
