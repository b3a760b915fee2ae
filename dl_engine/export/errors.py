"""The one error an export or an import raises: its message is in the user's words."""


class ExportError(ValueError):
    """A file that cannot be restored, or an experiment that cannot be exported, said plainly."""
