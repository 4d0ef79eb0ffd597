"""Error type for problems caused by user input (reported as one line, exit 1)."""


class UserError(Exception):
    """A problem with the user's input: printed as a single line, exit status 1."""

    def __init__(self, message, exit_code=1):
        super().__init__(message)
        self.exit_code = exit_code
