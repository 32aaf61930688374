"""Qt enum values the start-up windows need, as plain numbers.

The first touch of ``PySide6.QtCore.Qt`` makes PySide6 build every enum class of the Qt
namespace (about 95 of them, 10 ms on the reference machine), and the first ``viewport()`` call
builds the enums of dozens of widget classes. Modules that run at start-up use these values and
ask for the rest inside the functions that need them.
"""

USER_ROLE = 0x0100  # Qt.ItemDataRole.UserRole
SIZE_HINT_ROLE = 13  # Qt.ItemDataRole.SizeHintRole
TEXT_WORD_WRAP = 0x1000  # Qt.TextFlag.TextWordWrap
