"""Access: partners and users, roles and permissions, and the audited door to the store."""

from corridor.access._node import Node, parse_principal_text
from corridor.access._partners_file import PartnersFile, load_partners_file
from corridor.access._passwords import MIN_PASSWORD_LENGTH, hash_password, verify_password
from corridor.access._permissions import PERMISSIONS, can, ensure

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "PERMISSIONS",
    "Node",
    "PartnersFile",
    "can",
    "ensure",
    "hash_password",
    "load_partners_file",
    "parse_principal_text",
    "verify_password",
]
