"""The navigation pane: course → modules → sections, plus the other pages, with progress."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize, Signal
from PySide6.QtWidgets import QHeaderView, QStyledItemDelegate, QStyleOptionViewItem, QTreeWidget, QTreeWidgetItem, QWidget

from desktop_app.core.content.records import Course
from desktop_app.core.learning.mastery import MASTERED, NOT_STARTED, ModuleMastery
from desktop_app.gui.qtconst import USER_ROLE
from desktop_app.gui.text import tooltip

LEVEL_MARK = {NOT_STARTED: "○", "learning": "◔", "familiar": "◑", MASTERED: "●"}


class NavTree(QTreeWidget):
    """Items carry ("section", module, section), ("page", id) or ("view", name) in their data."""

    section_chosen = Signal(str, str)
    page_chosen = Signal(str)
    view_chosen = Signal(str)

    def __init__(self, course: Course, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.course = course
        self.setHeaderHidden(True)
        self.setColumnCount(2)  # title, reading progress ("3/8")
        self.setMinimumWidth(220)
        # Titles wrap rather than end in "…" (200% text, small windows); rows then differ in height.
        self.setWordWrap(True)
        self.setIndentation(14)  # three levels deep, a wide indent leaves little room for the words
        self.setItemDelegate(_WrappingDelegate(self))
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
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
            m_item.setToolTip(0, tooltip(module.summary))
            self.module_items[module.id] = m_item
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
        for n, module in enumerate(self.course.modules, start=1):
            item = self.module_items[module.id]
            mark = item.text(0).split(" ", 1)[0] if item.text(0)[:1] in LEVEL_MARK.values() else ""
            item.setText(0, f"{mark} {n}. {module.title_for(track)}".strip())

    def update_progress(
        self, progress: dict[str, tuple[int, int]], completed: dict[str, set[str]], mastery: dict[str, ModuleMastery] | None = None
    ) -> None:
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

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()  # wrapped titles take more or fewer lines now

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
        if item is not None:
            self.blockSignals(True)
            self.setCurrentItem(item)
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


TEXT_WORD_WRAP = 0x1000  # Qt.TextFlag.TextWordWrap (see gui.qtconst)


class _WrappingDelegate(QStyledItemDelegate):
    """Row heights for wrapped titles: Qt's own size hint does not know the column's width."""

    def __init__(self, tree: NavTree) -> None:
        super().__init__(tree)
        self.tree = tree
        # The tree asks for every row's size each time it lays out (hundreds of calls at start-up):
        # the answer depends only on the text, the room and the font.
        self._sizes: dict[tuple[int, str, int, str], QSize] = {}

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width = self.tree.columnWidth(0) - self.tree.indentation() * (depth + 1) - 12
        text = str(index.data() or "")
        key = (index.column(), text, width, option.font.key())
        size = self._sizes.get(key)
        if size is None:
            size = self._sizes[key] = self._size(option, index, text, width)
            if len(self._sizes) > 4000:  # many widths after dragging the splitter
                self._sizes.clear()
        return size

    def _size(self, option: QStyleOptionViewItem, index: QModelIndex, text: str, width: int) -> QSize:
        base = super().sizeHint(option, index)
        if index.column() != 0 or width <= 40 or not text:
            return base
        rect = option.fontMetrics.boundingRect(QRect(0, 0, width, 10_000), TEXT_WORD_WRAP, text)
        return QSize(base.width(), max(base.height(), rect.height() + 10))


def _is_module(item: QTreeWidgetItem) -> bool:
    data = item.data(0, USER_ROLE)
    return bool(data) and data[0] == "module"
