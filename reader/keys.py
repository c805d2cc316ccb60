"""Every action a key can do, described once: its id, default keys, footer label, help line and
palette title.

Plain data, so the config file (reader.settings) can name the ids without importing Textual;
reader.tui.actions turns each row into the Binding, the help line and the palette command, so a
key remapped in `[keys]` shows the same everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

from msgspec import Struct

# Where a key works: anywhere in the app, on the main screen, or in a scrolling list or pane.
Target = Literal["app", "screen", "list"]
# Which command-palette provider lists the action ("" = not in the palette).
PaletteGroup = Literal["", "triage", "filter", "pane", "tree"]
# Ids other modules name (the detail pane shows the claim key).
NEEDS_A_LOOK = "needs-a-look"
GO_TO_CLAIM = "go-to-claim"


class KeyAction(Struct, frozen=True):
    """One row of the table; `id` is the name in the config's `[keys]` table."""

    id: str
    keys: str  # default keys: comma-separated Textual key names
    target: Target
    action: str  # the Textual action string run on the target
    label: str  # short footer label
    description: str  # the help screen's line (and the palette's help)
    show: bool = False  # shown in the footer
    palette_group: PaletteGroup = ""
    palette_title: str = ""


# Order matters: it is the footer's order within a target and the help screen's order.
KEY_ACTIONS: tuple[KeyAction, ...] = (
    KeyAction("cursor-down", "j,down", "list", "cursor_down", "Down", "move down"),
    KeyAction("cursor-up", "k,up", "list", "cursor_up", "Up", "move up"),
    KeyAction("cursor-top", "g,home", "list", "cursor_top", "First", "go to the first comment"),
    KeyAction("cursor-bottom", "G,end", "list", "cursor_bottom", "Last",
              "go to the last comment"),
    KeyAction("half-page-down", "ctrl+d,pagedown", "list", "half_page_down", "Half page down",
              "move down half a page"),
    KeyAction("half-page-up", "ctrl+u,pageup", "list", "half_page_up", "Half page up",
              "move up half a page"),
    KeyAction("help", "question_mark", "screen", "help", "Keys", "show every key", True,
              "pane", "Help: show every key"),
    KeyAction("keep", "a", "screen", "keep", "Keep", "keep the comment", True,
              "triage", "Triage: keep comment"),
    KeyAction("flag", "f", "screen", "flag", "Flag", "flag the comment for follow-up", True,
              "triage", "Triage: flag comment"),
    KeyAction("hide", "x", "screen", "hide", "Hide", "hide the comment (abuse, spam)", True,
              "triage", "Triage: hide comment"),
    KeyAction("clear", "c", "screen", "clear", "Clear", "clear the decision (the note stays)",
              True, "triage", "Triage: clear decision"),
    KeyAction("undo", "u", "screen", "undo", "Undo", "undo the last decision or note", True,
              "triage", "Triage: undo"),
    KeyAction("note", "m", "screen", "note", "Note", "edit the note", True,
              "triage", "Triage: edit note"),
    KeyAction("next-undecided", "right_square_bracket", "screen", "next_undecided",
              "Next undecided", "go to the next comment without a decision",
              palette_group="triage", palette_title="Triage: next undecided comment"),
    KeyAction("previous-undecided", "left_square_bracket", "screen", "previous_undecided",
              "Previous undecided", "go to the previous comment without a decision",
              palette_group="triage", palette_title="Triage: previous undecided comment"),
    KeyAction("bulk", "B", "screen", "bulk", "Bulk",
              "decide on every comment shown, or by this author (one undo)",
              palette_group="triage", palette_title="Triage: bulk decision…"),
    KeyAction("history", "H", "screen", "history", "History",
              "the history of decisions on this article",
              palette_group="triage", palette_title="Triage: history of decisions"),
    KeyAction("open-link", "o", "screen", "open_link", "Open link",
              "open the comment's web link (an image's, from the captions) in the browser",
              palette_group="triage", palette_title="Comment: open link in the browser"),
    KeyAction("copy-text", "y", "screen", "copy_text", "Copy",
              "copy the comment's text to the clipboard",
              palette_group="triage", palette_title="Comment: copy text"),
    KeyAction("search", "slash", "screen", "search", "Search",
              "search comment text and authors", True, "filter", "Search comments…"),
    KeyAction("search-next", "n", "screen", "search_next", "Next match", "next search match"),
    KeyAction("search-previous", "N", "screen", "search_previous", "Previous match",
              "previous search match"),
    KeyAction("clear-search", "escape", "screen", "clear_search", "Clear search",
              "clear the search (an empty search clears it too); with no search, leave the "
              "needs-a-look view, then show every claim's comments again",
              palette_group="filter", palette_title="Search: clear"),
    KeyAction("filter", "F", "screen", "filter", "Filter",
              "filter by stance, sentiment, language, decision", True,
              "filter", "Filter: choose…"),
    KeyAction("sort", "s", "screen", "sort", "Sort", "cycle the sort order", True),
    # The article's claims (SPEC 5).
    KeyAction(NEEDS_A_LOOK, "L", "screen", "needs_a_look", "Look",
              "needs a look: the comments by attention, highest first, each with its reason; "
              "a decision moves on to the next undecided; again (or Esc) goes back", True,
              "triage", "Triage: needs a look first (and back)"),
    KeyAction(GO_TO_CLAIM, "A", "screen", "go_to_claim", "Claim",
              "show the claim the comment is about in the article (again: its next claim)",
              palette_group="triage", palette_title="Comment: show its claim in the article"),
    # The reply tree (a Reddit or Hacker News thread, an export with replies).
    KeyAction("toggle-replies", "space", "screen", "toggle_replies", "Fold",
              "collapse or expand the replies under the comment",
              palette_group="tree", palette_title="Thread: collapse or expand the replies"),
    KeyAction("collapse-all", "C", "screen", "collapse_all", "Collapse all",
              "collapse every thread to its top-level comment",
              palette_group="tree", palette_title="Thread: collapse all to the top level"),
    KeyAction("expand-all", "E", "screen", "expand_all", "Expand all",
              "expand every collapsed reply",
              palette_group="tree", palette_title="Thread: expand all"),
    KeyAction("parent", "p", "screen", "go_to_parent", "Parent",
              "go to the comment this one replies to",
              palette_group="tree", palette_title="Thread: go to the parent comment"),
    KeyAction("next-sibling", "right_parenthesis", "screen", "next_sibling",
              "Next sibling", "go to the next reply to the same comment",
              palette_group="tree", palette_title="Thread: next reply at this level"),
    KeyAction("previous-sibling", "left_parenthesis", "screen", "previous_sibling",
              "Previous sibling", "go to the previous reply to the same comment",
              palette_group="tree", palette_title="Thread: previous reply at this level"),
    KeyAction("next-top-level", "right_curly_bracket", "screen", "next_top_level",
              "Next thread", "go to the next top-level comment",
              palette_group="tree", palette_title="Thread: next top-level comment"),
    KeyAction("previous-top-level", "left_curly_bracket", "screen", "previous_top_level",
              "Previous thread",
              "go to this thread's top-level comment, then the one before",
              palette_group="tree", palette_title="Thread: previous top-level comment"),
    KeyAction("articles", "b", "screen", "back_to_articles", "Articles",
              "back to the list of articles (a file that holds several)",
              palette_group="pane", palette_title="Show: the file's list of articles"),
    KeyAction("export", "e", "screen", "export", "Export",
              "export the analysis with decisions to a file (JSON or CSV)", True,
              "triage", "Triage: export analysis with decisions (JSON or CSV)"),
    KeyAction("next-pane", "tab", "screen", "next_pane", "Next pane", "focus the next pane",
              palette_group="pane", palette_title="Focus: next pane"),
    KeyAction("previous-pane", "shift+tab", "screen", "previous_pane", "Previous pane",
              "focus the previous pane"),
    KeyAction("show-article", "1", "screen", "show_tab('article')", "Article",
              "show the article, quotes highlighted by speaker",
              palette_group="pane", palette_title="Show: article"),
    KeyAction("show-captions", "2", "screen", "show_tab('captions')", "Captions",
              "show the images and captions",
              palette_group="pane", palette_title="Show: captions"),
    KeyAction("show-claims", "3", "screen", "show_tab('claims')", "Claims",
              "show the claims by speaker, with the comments that support, deny, question "
              "each; Enter shows a claim's comments",
              palette_group="pane", palette_title="Show: claims"),
    KeyAction("show-summary", "4", "screen", "show_tab('summary')", "Summary",
              "show the thread summary (counts)",
              palette_group="pane", palette_title="Show: thread summary"),
    KeyAction("maximize", "z", "screen", "toggle_maximize", "Maximize",
              "maximize or restore the focused pane",
              palette_group="pane", palette_title="Maximize or restore the focused pane"),
    KeyAction("quit", "q", "app", "quit", "Quit", "quit (decisions are already saved)", True),
)

KEY_ACTIONS_BY_ID: Mapping[str, KeyAction] = MappingProxyType(
    {action.id: action for action in KEY_ACTIONS}
)

# Every remappable binding id -> what it does (the names the config's [keys] table accepts).
BINDING_IDS: Mapping[str, str] = MappingProxyType(
    {action.id: action.description for action in KEY_ACTIONS}
)
