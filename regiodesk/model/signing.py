"""What every device must know to verify a signed decision list: the region's signing roots."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field

from regiodesk.model.base import Entity, moment, ref


class SigningAuthority(Entity, table=True):
    """A root certificate of the region's own signing authority.

    The secretariat creates it in RegioDesk; its private key never enters the store.  Sync carries
    the certificate to every device, so that each can check that a signature chains to it.
    """

    __tablename__ = "signing_authority"

    region_id: str = ref("region")
    name: str
    certificate_pem: str
    #: SHA-256 of the certificate (DER), hex: what people compare when they check a root by hand.
    sha256: str = Field(max_length=64, unique=True)
    created_at: datetime = moment(optional=False)
    created_by: str | None = ref("person", optional=True, index=False)
    #: A withdrawn root is no longer trusted for new signatures nor for verification.
    withdrawn_at: datetime | None = moment()
