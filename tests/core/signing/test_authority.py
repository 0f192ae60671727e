from __future__ import annotations

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes

from regiodesk.errors import InvalidInput, WrongPassphrase
from regiodesk.signing.authority import create_authority, load_authority_key


def test_the_root_may_only_issue_end_entity_certificates() -> None:
    made = create_authority("Root", "Regio Twente", "long enough")
    root = x509.load_pem_x509_certificate(made.certificate_pem.encode())
    constraints = root.extensions.get_extension_for_class(x509.BasicConstraints).value
    assert constraints.ca
    assert constraints.path_length == 0
    usage = root.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.key_cert_sign
    assert not usage.digital_signature
    assert b"ENCRYPTED PRIVATE KEY" in made.encrypted_key_pem
    assert made.sha256 == root.fingerprint(hashes.SHA256()).hex()


def test_the_key_opens_only_with_its_passphrase() -> None:
    made = create_authority("Root", "Regio Twente", "long enough")
    load_authority_key(made.encrypted_key_pem, "long enough")
    with pytest.raises(WrongPassphrase):
        load_authority_key(made.encrypted_key_pem, "something else")


def test_a_short_passphrase_is_refused_with_its_rule() -> None:
    with pytest.raises(InvalidInput, match="at least 8 characters"):
        create_authority("Root", "Regio Twente", "short")


def test_names_longer_than_x509_allows_are_refused_in_words() -> None:
    with pytest.raises(InvalidInput, match="at most 64 characters"):
        create_authority("x" * 65, "Regio Twente", "long enough")
    with pytest.raises(InvalidInput, match="required"):
        create_authority("Root", " ", "long enough")
