"""Sending a text message."""

import uuid
from abc import ABC, abstractmethod
from dataclasses import dataclass

from sqlalchemy.dialects.postgresql import insert

from leadmachine.db import tenant_session
from leadmachine.models import OutboxMessage
from leadmachine.models.base import utcnow


@dataclass(frozen=True)
class SmsRequest:
    business_id: uuid.UUID
    to: str
    body: str
    idempotency_key: str


@dataclass(frozen=True)
class SmsResult:
    provider_id: str


class SmsProvider(ABC):
    name: str

    @abstractmethod
    def send(self, request: SmsRequest) -> SmsResult: ...


class LocalSms(SmsProvider):
    """Records the text in the dev outbox instead of handing it to a carrier.

    The provider id derives from the idempotency key, so a retried send lands on the
    same outbox row instead of a second one, as a carrier's idempotency would.
    """

    name = "local"

    def send(self, request: SmsRequest) -> SmsResult:
        provider_id = "local-" + uuid.uuid5(uuid.NAMESPACE_URL, request.idempotency_key).hex
        with tenant_session(request.business_id) as session:
            session.execute(
                insert(OutboxMessage)
                .values(
                    id=uuid.uuid4(),
                    business_id=request.business_id,
                    channel="sms",
                    to=request.to,
                    subject="",
                    body=request.body,
                    provider_id=provider_id,
                    created_at=utcnow(),
                )
                .on_conflict_do_nothing(index_elements=["provider_id"])
            )
            session.commit()
        return SmsResult(provider_id=provider_id)
