class CaseActionError(Exception):
    """A write was refused; the message is meant for the person who tried it.

    `field` names the form field the message belongs beside, when there is one.
    """

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
