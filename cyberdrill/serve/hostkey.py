"""The SSH host key of this installation: generated once, kept in the user's data folder (mode 0600),
so trainees' SSH clients can pin it across drills."""

from __future__ import annotations

import os
from pathlib import Path

import asyncssh

from cyberdrill.paths import data_dir

KEY_FILE = "serve_ssh_host_key"


def host_key_path() -> Path:
    """Where the host key lives (created on first use by `host_key`)."""
    return data_dir() / KEY_FILE


def host_key() -> asyncssh.SSHKey:
    """This installation's Ed25519 host key, generated on first use."""
    path = host_key_path()
    if not path.exists():
        key = asyncssh.generate_private_key("ssh-ed25519", comment="cyberdrill serve")
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # never readable by others
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(key.export_private_key())
        return key
    return asyncssh.read_private_key(str(path))


def fingerprint() -> str:
    """The host key's SHA256 fingerprint, as `ssh` shows it on first connection."""
    return str(host_key().get_fingerprint())
