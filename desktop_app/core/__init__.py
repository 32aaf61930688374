"""The program's logic, free of Qt so that the CLI, the tests and the GUI share it."""
