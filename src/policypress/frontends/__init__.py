"""Front ends beside the command and the plugin: the review report of a pull request and the docs folder for other generators; both run a session."""
