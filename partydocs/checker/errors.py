"""The one error the checker reports instead of a finding: the file could not be read."""
from __future__ import annotations

from partydocs.reuse.errors import PipelineError


class CheckError(PipelineError):
    """A file could not be opened, rendered or measured; the message says why, in Chinese."""

    exit_code = 2

    def __init__(self, message: str, file: str = ""):
        super().__init__(message)
        self.file = file
