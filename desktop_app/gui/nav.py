"""The navigation pane: course → modules → sections, plus the other pages, with progress."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize, Signal
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from desktop_app.core.content.records import Course
from desktop_app.core.learning.mastery import MASTERED, NOT_STARTED, ModuleMastery
from desktop_app.gui.qtconst import SIZE_HINT_ROLE, TEXT_WORD_WRAP, USER_ROLE
from desktop_app.gui.text import tooltip

if TYPE_CHECKING:
    from collections.abc import Iterator

LEVEL_MARK = {NOT_STARTED: "○", "learning": "◔", "familiar": "◑", MASTERED: "●"}


class NavTree(QTreeWidget):
    """Items carry ("section", module, section), ("page", id) or ("view", name) in their data.

    The module rows' progress and tooltips come from ``update_progress``, which the window calls
    as soon as it has made the tree.
    """

    section_chosen = Signal(str, str)
    page_chosen = Signal(str)
    view_chosen = Signal(str)

    def __init__(self, course: Course, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.course = course
        self.setHeaderHidden(True)
        self.setColumnCount(2)  # title, reading progress ("3/8")
        self.setMinimumWidth(220)
        # Titles wrap rather than end in "…" (200% text, small windows); rows then differ in height,
        # and Qt's own row heights do not know the column's width: see fit_rows.
        self.setWordWrap(True)
        self.setIndentation(14)  # three levels deep, a wide indent leaves little room for the words
        self._fitted: dict[QTreeWidgetItem, tuple[str, int]] = {}  # the title and room each row was measured for
        self._widths: dict[str, int] = {}  # each title's width on one line, in _fitted_font
        self._fitted_font = ""
        self._shown = False
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # The progress column is as wide as its widest possible label: ResizeToContents would
        # measure every row again at each layout (most of the navigation's start-up cost for a
        # 90-module course).
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.setAccessibleName("Course contents")
        self.module_items: dict[str, QTreeWidgetItem] = {}
        self.section_items: dict[tuple[str, str], QTreeWidgetItem] = {}
        self.page_items: dict[str, QTreeWidgetItem] = {}
        self.view_items: dict[str, QTreeWidgetItem] = {}
        self._completed: dict[str, set[str]] = {}
        self.track = "student"  # module titles in plain words on the family track (set_track)
        self.itemActivated.connect(self.on_item_activated)
        self.itemExpanded.connect(lambda item: self._sections(item.data(0, USER_ROLE)[1]) if _is_module(item) else None)
        self.itemClicked.connect(self.on_item_activated)
        self._build()
        self.fit_to_font()

    def fit_to_font(self) -> None:
        """The progress column and the wrapped titles' heights, for the tree's font (at start and
        after the text size changes)."""
        most = max((len(m.sections) for m in self.course.modules), default=0)
        widest = max(self.fontMetrics().horizontalAdvance(f"{most}/{most}"), self.fontMetrics().horizontalAdvance("✓"))
        # The style sheet pads an item by 2 px a side, and the style keeps 3 px a side round its text.
        self.header().resizeSection(1, widest + 12)
        self.fit_rows()

    def fit_rows(self) -> None:
        """Give each title that wraps at the column's width the height of its lines.

        Qt measures rows as one line. A Python delegate's size hint did this instead, but the
        tree asks it for every row at every layout (250 calls at start-up); a size hint stored
        on the few rows that wrap is read by Qt's own delegate at no cost, and is measured again
        only when the title, the room or the font changes.
        """
        width = self.columnWidth(0)
        # Until the tree has been shown, its widths are not yet the ones it will be drawn at
        # (while it is being shown they settle in a few steps: measure only the last).
        if width <= 0 or not self._shown:
            return
        self.scheduleDelayedItemsLayout()  # one layout after the new heights, not one per row
        metrics = self.fontMetrics()
        font = self.font().key()
        if font != self._fitted_font:  # every width measured so far is for another font
            self._fitted_font, self._widths, self._fitted = font, {}, {}
        for item, depth in self._titled_items():
            text = item.text(0)
            room = width - self.indentation() * (depth + 1) - 12
            if self._fitted.get(item) == (text, room):
                continue
            self._fitted[item] = (text, room)
            one_line = self._widths.get(text)
            if one_line is None:
                one_line = self._widths[text] = metrics.horizontalAdvance(text)
            height = 0
            if room > 40 and one_line > room:  # (measuring the wrapped lines costs more: only for these)
                height = metrics.boundingRect(QRect(0, 0, room, 10_000), TEXT_WORD_WRAP, text).height() + 10
            if height:
                item.setData(0, SIZE_HINT_ROLE, QSize(room, height))
            elif item.data(0, SIZE_HINT_ROLE) is not None:
                item.setData(0, SIZE_HINT_ROLE, None)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._shown = True
        self.fit_rows()

    def resizeEvent(self, event) -> None:
        # Also when only the viewport changed (a scroll bar came or went): the title column's
        # width follows it, and wrapped titles may take more or fewer lines.
        super().resizeEvent(event)
        self.fit_rows()

    def _titled_items(self) -> Iterator[tuple[QTreeWidgetItem, int]]:
        for item in self.view_items.values():
            yield item, 0
        for item in self.page_items.values():
            yield item, 0
        for item in self.module_items.values():
            yield item, 1
        for item in self.section_items.values():
            yield item, 2

    def _build(self) -> None:
        self.clear()
        for name, label in (("quiz", "Quizzes and review"), ("dashboard", "My progress"), ("browser", "My questions")):
            item = QTreeWidgetItem(self, [label])
            item.setData(0, USER_ROLE, ("view", name))
            self.view_items[name] = item
        course_item = QTreeWidgetItem(self, [self.course.title.split(":")[0]])
        course_item.setData(0, USER_ROLE, ("view", "home"))
        course_item.setExpanded(True)
        self.view_items["home"] = course_item
        for n, module in enumerate(self.course.modules, start=1):
            m_item = QTreeWidgetItem(course_item, [f"{n}. {module.title}"])
            m_item.setData(0, USER_ROLE, ("module", module.id))
            self.module_items[module.id] = m_item  # its tooltip and progress: update_progress
            # Sections are added when a module is opened: a 90-module course has 800 of them,
            # and building them all would cost start-up 30 ms. A placeholder keeps the arrow.
            QTreeWidgetItem(m_item, ["…"])
        for page in self.course.pages:
            item = QTreeWidgetItem(self, [page.title])
            item.setData(0, USER_ROLE, ("page", page.id))
            self.page_items[page.id] = item
        for name, label in (("glossary", "Glossary"), ("sources", "Sources"), ("courses", "Courses")):
            item = QTreeWidgetItem(self, [label])
            item.setData(0, USER_ROLE, ("view", name))
            self.view_items[name] = item

    def set_track(self, track: str) -> None:
        self.track = track
        self.scheduleDelayedItemsLayout()  # one layout after the new titles, not one per title
        for n, module in enumerate(self.course.modules, start=1):
            item = self.module_items[module.id]
            mark = item.text(0).split(" ", 1)[0] if item.text(0)[:1] in LEVEL_MARK.values() else ""
            item.setText(0, f"{mark} {n}. {module.title_for(track)}".strip())
        self.fit_rows()

    def update_progress(
        self, progress: dict[str, tuple[int, int]], completed: dict[str, set[str]], mastery: dict[str, ModuleMastery] | None = None
    ) -> None:
        # A layout already due makes each title's change cheap: otherwise the tree measures that
        # row again on every setText and setToolTip (130 ms for a 90-module course).
        self.scheduleDelayedItemsLayout()
        for n, module in enumerate(self.course.modules, start=1):
            item = self.module_items[module.id]
            done, total = progress.get(module.id, (0, len(module.sections)))
            title = module.title_for(self.track)
            label = f"{n}. {title}"
            tip = f"{title}\n{module.summary}\n{done} of {total} sections read"
            if mastery and module.id in mastery:
                mm = mastery[module.id]
                label = f"{LEVEL_MARK[mm.level]} {label}"
                tip += f"\nMastery: {mm.level} ({mm.mastered} of {mm.objectives} objectives mastered)"
            item.setText(0, label)
            item.setText(1, f"{done}/{total}")
            item.setToolTip(0, tooltip(tip, bold_first_line=True))
            item.setToolTip(1, tooltip(f"{done} of {total} sections read"))
        self._completed = completed
        for (module_id, _section_id), s_item in self.section_items.items():
            self._mark(s_item, module_id)
        self.fit_rows()

    def _mark(self, s_item: QTreeWidgetItem, module_id: str) -> None:
        _kind, _module, section_id = s_item.data(0, USER_ROLE)
        module = self.course.module(module_id)
        section = module.section(section_id) if module else None
        if section is None:
            return
        read = section_id in self._completed.get(module_id, set())
        s_item.setText(0, section.title)
        s_item.setText(1, "✓" if read else "")  # beside the title: a prefix would break how it wraps
        s_item.setToolTip(0, tooltip(f"{section.title} ({'read' if read else 'not read yet'})"))

    def _sections(self, module_id: str) -> None:
        """The module's section items, made the first time they are needed."""
        m_item = self.module_items.get(module_id)
        module = self.course.module(module_id)
        if m_item is None or module is None or (module_id, module.sections[0].id if module.sections else "") in self.section_items:
            return
        m_item.takeChildren()
        for section in module.sections:
            s_item = QTreeWidgetItem(m_item, [section.title])
            s_item.setData(0, USER_ROLE, ("section", module.id, section.id))
            self.section_items[(module.id, section.id)] = s_item
            self._mark(s_item, module.id)
        self.fit_rows()

    def select_section(self, module_id: str, section_id: str) -> None:
        self._sections(module_id)
        item = self.section_items.get((module_id, section_id))
        if item is not None:
            self.blockSignals(True)
            self.setCurrentItem(item)
            item.parent().setExpanded(True)
            self.blockSignals(False)

    def select_view(self, name: str) -> None:
        item = self.view_items.get(name) or self.page_items.get(name)
        self.blockSignals(True)
        if item is not None:
            self.setCurrentItem(item)
        else:  # a view with no row (search, the class report): no row may look current
            self.clearSelection()
            self.setCurrentItem(None)
        self.blockSignals(False)

    def on_item_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        data = item.data(0, USER_ROLE)
        if not data:
            return
        if data[0] == "section":
            self.section_chosen.emit(data[1], data[2])
        elif data[0] == "module":
            module = self.course.module(data[1])
            if module and module.sections:
                self.section_chosen.emit(module.id, module.sections[0].id)
        elif data[0] == "page":
            self.page_chosen.emit(data[1])
        elif data[0] == "view":
            self.view_chosen.emit(data[1])


def _is_module(item: QTreeWidgetItem) -> bool:
    data = item.data(0, USER_ROLE)
    return bool(data) and data[0] == "module"
